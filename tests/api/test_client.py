"""The request path against the Nomad double: headers, typed errors, retries, timeouts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.api.connection import Connection
from nomadqemu.api.errors import (
    CheckIndexError,
    ConnectionFailure,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
)
from tests.api.helpers import api_job
from tests.api.nomad_double.scenarios import MANAGEMENT, READ_ONLY, SECURED, Fault, Scenario
from tests.api.nomad_double.server import Double, running

EMPTY = Scenario("empty cluster")


@contextmanager
def talking_to(scenario: Scenario, **client: Any) -> Iterator[tuple[Double, NomadClient]]:
    """The double running `scenario` and a client pointed at it."""
    with running(scenario) as double, NomadClient(Connection(double.address), **client) as nomad:
        yield double, nomad


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_register_then_read_with_the_index_header() -> None:
    with talking_to(EMPTY) as (double, client):
        registered = endpoints.register(client, api_job())
        job = endpoints.job_info(client, "vm")
    assert registered.data["EvalID"]
    assert job.data["JobModifyIndex"] == registered.data["JobModifyIndex"]
    assert job.index >= registered.index > 0
    assert [r.method for r in double.transcript] == ["PUT", "GET"]


def test_not_found_is_typed_and_keeps_nomads_text() -> None:
    with talking_to(EMPTY) as (_, client), pytest.raises(NotFoundError) as caught:
        endpoints.job_info(client, "missing job")
    error = caught.value
    assert (error.status, error.method, error.text) == (404, "GET", "job not found")
    assert error.path == "/v1/job/missing%20job"
    assert str(error) == "Unexpected response code: 404 (job not found)"


def test_check_index_conflicts_are_recognised_in_a_500() -> None:
    with talking_to(EMPTY) as (_, client):
        index = endpoints.register(client, api_job()).data["JobModifyIndex"]
        with pytest.raises(CheckIndexError) as caught:
            endpoints.register(client, api_job(), check_index=0)
        with pytest.raises(CheckIndexError) as stale:
            endpoints.register(client, api_job(), check_index=index - 1)
        endpoints.register(client, api_job(), check_index=index)
    assert caught.value.status == 500
    assert caught.value.conflict == "Enforcing job modify index 0: job already exists"
    assert stale.value.conflict == (
        f"Enforcing job modify index {index - 1}: job exists with conflicting job modify "
        f"index: {index}"
    )


def test_validation_failure_is_a_server_error_with_the_multierror_text() -> None:
    with talking_to(EMPTY) as (_, client), pytest.raises(ServerError) as caught:
        endpoints.register(client, api_job(Priority=300, TaskGroups=[]))
    assert caught.value.text.startswith("2 errors occurred:\n\t* Job priority must be between")
    assert not isinstance(caught.value, CheckIndexError)


def _error_with_token(address: str, token: str, write: bool) -> PermissionDeniedError:
    with (
        NomadClient(Connection(address, token=token)) as client,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        if write:
            endpoints.register(client, api_job())
        else:
            endpoints.job_info(client, "vm")
    return caught.value


def test_token_is_sent_as_a_header_and_never_echoed() -> None:
    with running(SECURED) as double:
        denied = _error_with_token(double.address, READ_ONLY.secret, write=True)
        unknown = _error_with_token(double.address, "wrong", write=False)
        anonymous = _error_with_token(double.address, "", write=False)
        with NomadClient(Connection(double.address, token=MANAGEMENT.secret)) as client:
            assert endpoints.register(client, api_job()).data["EvalID"]
    assert denied.text == "Permission denied"
    assert unknown.text == "ACL token not found"
    assert anonymous.text == "Permission denied"
    assert READ_ONLY.secret not in str(denied) + denied.describe()
    assert [r.had_token for r in double.transcript] == [True, True, False, True]


def test_namespace_and_region_travel_as_query_parameters() -> None:
    with running(SECURED) as double:
        conn = Connection(double.address, token=MANAGEMENT.secret, namespace="dev", region="global")
        with NomadClient(conn) as client:
            endpoints.register(client, api_job())
            assert endpoints.job_info(client, "vm").data["Namespace"] == "dev"
        mars = Connection(double.address, token=MANAGEMENT.secret, region="mars")
        with NomadClient(mars) as client, pytest.raises(ServerError) as caught:
            endpoints.job_info(client, "vm")
    assert caught.value.text == "No path to region"
    assert double.transcript[0].query == {"region": "global", "namespace": "dev"}


def test_reads_are_retried_after_a_server_error_but_writes_are_not() -> None:
    faults = (
        Fault("GET", "/v1/job/", 500, "rpc error: No cluster leader", times=1),
        Fault("PUT", "/v1/jobs", 500, "rpc error: No cluster leader", times=1),
    )
    with talking_to(Scenario("flaky", faults=faults), backoff=0.01) as (double, client):
        with pytest.raises(ServerError):
            endpoints.register(client, api_job())
        endpoints.register(client, api_job())
        assert endpoints.job_info(client, "vm").data["ID"] == "vm"
    methods = [(r.method, r.path) for r in double.transcript]
    assert methods == [
        ("PUT", "/v1/jobs"),
        ("PUT", "/v1/jobs"),
        ("GET", "/v1/job/vm"),
        ("GET", "/v1/job/vm"),
    ]


def test_connection_refused_is_retried_with_backoff_then_reported() -> None:
    pauses: list[float] = []
    attempts: list[str] = []
    conn = Connection(f"http://127.0.0.1:{_free_port()}", token="secret-never-shown")
    client = NomadClient(
        conn,
        retries=3,
        backoff=0.1,
        sleep=pauses.append,
        on_request=lambda m, p: attempts.append(m),
    )
    with client, pytest.raises(ConnectionFailure) as caught:
        endpoints.register(client, api_job())
    assert attempts == ["PUT"] * 4  # never connected, so a write may be repeated
    assert pauses == [0.1, 0.2, 0.4]
    assert "cannot connect" in str(caught.value)
    assert "secret-never-shown" not in str(caught.value)


def test_a_blocking_query_outlasting_its_wait_still_succeeds() -> None:
    # The server answers after the wait plus jitter; the read timeout must allow it.
    slow = (Fault("GET", "/v1/job/", status=0, delay=0.8, times=1),)
    with talking_to(Scenario("slow", faults=slow), timeout=0.5, retries=0) as (double, client):
        endpoints.register(client, api_job())
        answer = client.get("/v1/job/vm", index=1, wait=0.5)
    assert answer.data["ID"] == "vm"
    assert double.transcript[-1].query == {"index": "1", "wait": "500ms"}


def test_a_stalled_plain_read_times_out() -> None:
    stalled = (Fault("GET", "/v1/job/", status=0, delay=1.0, times=1),)
    with (
        talking_to(Scenario("stalled", faults=stalled), timeout=0.3, retries=0) as (_, client),
        pytest.raises(ConnectionFailure) as caught,
    ):
        endpoints.job_info(client, "vm")
    assert "timed out" in str(caught.value)


def test_http_basic_auth_for_a_proxy_is_sent_and_its_password_never_shown() -> None:
    with running(SECURED) as double:
        conn = Connection(double.address, http_auth=("alice", "pa55-word"))
        with NomadClient(conn) as client, pytest.raises(PermissionDeniedError) as caught:
            endpoints.job_info(client, "vm")
    assert double.transcript[0].basic_auth_user == "alice"
    assert "pa55-word" not in str(caught.value) + caught.value.describe()
