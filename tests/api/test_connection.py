"""Connection settings: flags over NOMAD_* variables over defaults, job overrides."""

from __future__ import annotations

from nomadqemu.api.connection import DEFAULT_ADDRESS, go_parse_bool, resolve_connection


def test_defaults_without_flags_or_environment() -> None:
    conn = resolve_connection({}, {})
    assert conn.address == DEFAULT_ADDRESS
    assert (conn.token, conn.namespace, conn.region) == ("", "", "")
    assert conn.skip_verify is False


def test_flag_beats_variable_and_variable_beats_default() -> None:
    env = {"NOMAD_ADDR": "http://env:4646", "NOMAD_TOKEN": "env-secret", "NOMAD_REGION": "eu"}
    conn = resolve_connection({"address": "http://flag:4646", "region": None}, env)
    assert conn.address == "http://flag:4646"
    assert conn.token == "env-secret"
    assert conn.region == "eu"


def test_skip_verify_uses_go_parse_bool_and_ignores_junk() -> None:
    assert resolve_connection({}, {"NOMAD_SKIP_VERIFY": "T"}).skip_verify is True
    assert resolve_connection({}, {"NOMAD_SKIP_VERIFY": "yes"}).skip_verify is False
    assert (
        resolve_connection({"tls_skip_verify": False}, {"NOMAD_SKIP_VERIFY": "1"}).skip_verify
        is False
    )
    assert go_parse_bool("FALSE") is False
    assert go_parse_bool("on") is None


def test_secrets_stay_out_of_repr() -> None:
    conn = resolve_connection({"token": "s3cr3t-token"}, {"NOMAD_HTTP_AUTH": "alice:pw-123"})
    assert conn.http_auth == ("alice", "pw-123")
    assert "s3cr3t-token" not in repr(conn)
    assert "pw-123" not in repr(conn)
    assert set(conn.secrets()) == {"s3cr3t-token", "pw-123"}


def test_job_region_and_namespace_override_even_when_empty() -> None:
    conn = resolve_connection({"namespace": "flag-ns", "region": "flag-region"}, {})
    assert conn.for_job({"Region": "eu", "Namespace": "dev"}).namespace == "dev"
    assert conn.for_job({"Region": "eu"}).region == "eu"
    assert conn.for_job({"Region": None}).region == "flag-region"
    assert conn.for_job({"Namespace": ""}).namespace == ""
