"""Fixtures: the Nomad double (plain, TLS, unix socket) and the test PKI."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.nomad_double.certs import LoopbackPKI, make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> LoopbackPKI:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def server_tls(pki: LoopbackPKI) -> Iterator[ssl.SSLContext]:
    """A server context that demands a client certificate signed by the test CA."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.load_verify_locations(cafile=pki.ca_cert)
    context.verify_mode = ssl.CERT_REQUIRED
    yield context


@pytest.fixture
def short_socket_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory for unix sockets: pytest's tmp paths can exceed the 108-byte limit."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nq") as name:
        yield Path(name)
