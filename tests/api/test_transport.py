"""TLS (test CA, client certificates, server name, CA directory) and unix sockets."""

from __future__ import annotations

import shutil
import ssl
from pathlib import Path

import pytest

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.api.connection import Connection
from nomadqemu.api.errors import ConnectionFailure
from nomadqemu.api.transport import TLSSettingsError
from tests.api.helpers import api_job
from tests.api.nomad_double.certs import LoopbackPKI
from tests.api.nomad_double.scenarios import Scenario
from tests.api.nomad_double.server import running

EMPTY = Scenario("empty cluster")


def _client_conn(address: str, pki: LoopbackPKI, **extra: object) -> Connection:
    settings: dict[str, object] = {
        "ca_cert": str(pki.ca_cert),
        "client_cert": str(pki.client_cert),
        "client_key": str(pki.client_key),
    }
    settings.update(extra)
    return Connection(address, **settings)  # type: ignore[arg-type]  # test-only kwargs


def test_mutual_tls_with_the_test_ca(pki: LoopbackPKI, server_tls: ssl.SSLContext) -> None:
    with running(EMPTY, tls=server_tls) as double:
        assert double.address.startswith("https://127.0.0.1:")
        with NomadClient(_client_conn(double.address, pki)) as client:
            assert endpoints.register(client, api_job()).data["EvalID"]


def test_unknown_ca_is_refused_by_default(pki: LoopbackPKI, server_tls: ssl.SSLContext) -> None:
    with running(EMPTY, tls=server_tls) as double:
        conn = _client_conn(double.address, pki, ca_cert=str(pki.other_ca_cert))
        with NomadClient(conn, retries=0) as client, pytest.raises(ConnectionFailure) as caught:
            endpoints.job_info(client, "vm")
    assert "TLS error" in str(caught.value)
    assert "certificate verify failed" in str(caught.value)


def test_skip_verify_accepts_any_server(pki: LoopbackPKI, server_tls: ssl.SSLContext) -> None:
    with running(EMPTY, tls=server_tls) as double:
        conn = _client_conn(double.address, pki, ca_cert="", skip_verify=True)
        with NomadClient(conn) as client:
            assert endpoints.register(client, api_job()).data["EvalID"]


def test_missing_client_certificate_fails_the_handshake(
    pki: LoopbackPKI, server_tls: ssl.SSLContext
) -> None:
    with running(EMPTY, tls=server_tls) as double:
        conn = _client_conn(double.address, pki, client_cert="", client_key="")
        with NomadClient(conn, retries=0) as client, pytest.raises(ConnectionFailure):
            endpoints.job_info(client, "vm")


def test_server_name_is_what_the_certificate_is_checked_against(
    pki: LoopbackPKI, server_tls: ssl.SSLContext
) -> None:
    with running(EMPTY, tls=server_tls) as double:
        right = _client_conn(double.address, pki, tls_server_name="server.global.nomad")
        with NomadClient(right) as client:
            endpoints.register(client, api_job())
        wrong = _client_conn(double.address, pki, tls_server_name="client.global.nomad")
        with NomadClient(wrong, retries=0) as client, pytest.raises(ConnectionFailure) as caught:
            endpoints.job_info(client, "vm")
    assert "client.global.nomad" in str(caught.value)


def test_ca_directory_of_plain_pem_files(
    pki: LoopbackPKI, server_tls: ssl.SSLContext, tmp_path: Path
) -> None:
    cas = tmp_path / "cas"
    cas.mkdir()
    shutil.copy(pki.other_ca_cert, cas / "a-other.pem")
    shutil.copy(pki.ca_cert, cas / "b-test.pem")
    with running(EMPTY, tls=server_tls) as double:
        conn = _client_conn(double.address, pki, ca_cert="", ca_path=str(cas))
        with NomadClient(conn) as client:
            endpoints.register(client, api_job())


def test_unreadable_tls_files_are_a_settings_error(tmp_path: Path) -> None:
    conn = Connection("https://127.0.0.1:1", ca_cert=str(tmp_path / "absent.pem"))
    with pytest.raises(TLSSettingsError):
        NomadClient(conn)


def test_unix_socket_address(short_socket_dir: Path) -> None:
    path = str(short_socket_dir / "nomad.sock")
    with running(EMPTY, unix_path=path) as double:
        assert double.address == f"unix://{path}"
        with NomadClient(Connection(double.address)) as client:
            registered = endpoints.register(client, api_job())
            assert (
                endpoints.job_info(client, "vm").data["JobModifyIndex"]
                == registered.data["JobModifyIndex"]
            )


def test_unix_socket_that_does_not_exist(short_socket_dir: Path) -> None:
    conn = Connection(f"unix://{short_socket_dir / 'none.sock'}")
    with (
        NomadClient(conn, retries=1, backoff=0) as client,
        pytest.raises(ConnectionFailure) as caught,
    ):
        endpoints.job_info(client, "vm")
    assert "cannot connect" in str(caught.value)
