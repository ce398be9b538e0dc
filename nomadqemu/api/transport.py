"""requests adapters: TLS exactly as configured, and HTTP over a unix socket.

requests builds its own certificate settings from `verify`; Nomad's options need more
(a CA directory of plain PEM files, a TLS server name differing from the host), so the
TLS adapter hands urllib3 one `ssl.SSLContext` built here and skips requests' own
certificate step.
"""

from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import NewConnectionError

from nomadqemu.api.connection import Connection


class TLSSettingsError(ValueError):
    """A CA, certificate or key file that cannot be loaded (a usage error)."""


def ssl_context(conn: Connection) -> ssl.SSLContext:
    """Verification on unless skip_verify; the CA file wins over the CA directory."""
    try:
        if conn.ca_cert:
            context = ssl.create_default_context(cafile=conn.ca_cert)
        elif conn.ca_path:
            # Go reads every PEM file of the directory; OpenSSL's capath would need
            # hashed file names, so load them one by one instead.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            for pem in sorted(Path(conn.ca_path).iterdir()):
                if pem.is_file():
                    context.load_verify_locations(cafile=str(pem))
        else:
            context = ssl.create_default_context()
        if conn.client_cert:
            context.load_cert_chain(conn.client_cert, conn.client_key or None)
    except (OSError, ssl.SSLError) as exc:
        raise TLSSettingsError(f"cannot load TLS files: {exc}") from None
    if conn.skip_verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class TLSAdapter(HTTPAdapter):
    def __init__(self, conn: Connection, **kwargs: Any) -> None:
        self._context = ssl_context(conn)
        self._server_name = conn.tls_server_name
        self._skip_verify = conn.skip_verify
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        # urllib3 applies cert_reqs to the context on every connection; keep them agreed.
        kwargs["cert_reqs"] = "CERT_NONE" if self._skip_verify else "CERT_REQUIRED"
        if self._skip_verify:
            kwargs["assert_hostname"] = False
        elif self._server_name:
            kwargs["server_hostname"] = self._server_name
            kwargs["assert_hostname"] = self._server_name
        super().init_poolmanager(*args, **kwargs)

    def build_connection_pool_key_attributes(
        self, request: Any, verify: Any, cert: Any = None
    ) -> Any:
        # requests would add its own CA bundle and mode per request; only ours count.
        host, pool = super().build_connection_pool_key_attributes(request, False, None)
        pool["cert_reqs"] = "CERT_NONE" if self._skip_verify else "CERT_REQUIRED"
        return host, pool

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """The SSLContext already holds the CA, client certificate and mode."""


class _UnixConnection(HTTPConnection):
    def __init__(self, socket_path: str, *args: Any, **kwargs: Any) -> None:
        self._socket_path = socket_path
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if self.timeout is not None and isinstance(self.timeout, int | float):
            sock.settimeout(self.timeout)
        try:
            sock.connect(self._socket_path)
        except OSError as exc:
            sock.close()
            # The same exception urllib3 raises for TCP, so "never connected" is
            # recognised alike (and a write may then be retried).
            raise NewConnectionError(self, f"cannot connect to {self._socket_path}: {exc}") from exc
        return sock


class _UnixPool(HTTPConnectionPool):
    def __init__(self, socket_path: str, timeout: Any) -> None:
        super().__init__("localhost", timeout=timeout)
        self._socket_path = socket_path

    def _new_conn(self) -> HTTPConnection:
        self.num_connections += 1
        return _UnixConnection(self._socket_path, "localhost", timeout=self.timeout.connect_timeout)


class UnixSocketAdapter(HTTPAdapter):
    """Sends every request to one unix socket, whatever the URL's host."""

    def __init__(self, socket_path: str) -> None:
        self._socket_path = socket_path
        self._pool: _UnixPool | None = None
        super().__init__()

    def get_connection_with_tls_context(
        self, request: Any, verify: Any, proxies: Any = None, cert: Any = None
    ) -> HTTPConnectionPool:
        if self._pool is None:
            self._pool = _UnixPool(self._socket_path, timeout=None)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        super().close()
