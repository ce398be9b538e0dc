"""The one request path to Nomad: headers, query options, timeouts, retries, errors.

Reads (GET) are retried with exponential backoff on connection failures, timeouts and
5xx answers; writes are retried only when the connection was never established, so a
job is never registered twice by accident.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    InsecureRequestWarning,
    MaxRetryError,
    NewConnectionError,
)

from nomadqemu.api.connection import Connection
from nomadqemu.api.errors import ConnectionFailure, NomadError, error_for, redact

DEFAULT_TIMEOUT = 30.0
# Nomad adds up to wait/16 of jitter to a blocking query (`JitterFraction`), and caps
# the wait at 300 s; the read timeout must outlast both.
MAX_WAIT = 300.0
JITTER_FRACTION = 16
_RETRY_STATUSES = (500, 502, 503, 504)


@dataclass(frozen=True, slots=True)
class Response:
    data: Any
    # X-Nomad-Index: the Raft index the answer reflects (0 when absent).
    index: int
    status: int = 200


def escape(segment: str) -> str:
    """Go's `url.PathEscape` for an ID inside a path."""
    return quote(segment, safe="-_.~!$&'()*+,;=:@")


def blocking_read_timeout(wait: float, connect_timeout: float) -> float:
    return wait + wait / JITTER_FRACTION + connect_timeout


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when no byte of the request can have reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason: Any = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


class NomadClient:
    """A connection to one Nomad agent. Use as a context manager."""

    def __init__(
        self,
        conn: Connection,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        on_request: Callable[[str, str], None] | None = None,
    ) -> None:
        self.conn = conn
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        # Told (method, path) before each attempt: counts requests for `bench/`.
        self._on_request = on_request
        self._session = requests.Session()
        self._base = self._mount()

    def _mount(self) -> str:
        from nomadqemu.api.transport import TLSAdapter, UnixSocketAdapter

        if self.conn.is_unix:
            self._session.mount("http://nomad.unix/", UnixSocketAdapter(self.conn.address[7:]))
            return "http://nomad.unix"
        base = self.conn.address.rstrip("/")
        if "://" not in base:
            base = "http://" + base
        if base.startswith("https://"):
            self._session.mount("https://", TLSAdapter(self.conn))
        return base

    def __enter__(self) -> NomadClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    @property
    def display_address(self) -> str:
        """The address without any `user:password@` part."""
        parts = urlsplit(self.conn.address)
        if parts.username is None and parts.password is None:
            return self.conn.address
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path}"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Encoding": "gzip", "User-Agent": "nomadqemu"}
        if self.conn.token:
            headers["X-Nomad-Token"] = self.conn.token
        return headers

    def _params(self, extra: Mapping[str, str | int | bool] | None) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.conn.region:
            params["region"] = self.conn.region
        if self.conn.namespace:
            params["namespace"] = self.conn.namespace
        for key, value in (extra or {}).items():
            params[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return params

    def get(
        self,
        path: str,
        params: Mapping[str, str | int | bool] | None = None,
        *,
        index: int = 0,
        wait: float | None = None,
    ) -> Response:
        """A read; with `index` > 0 a blocking query that returns on change or after `wait`."""
        query = dict(params or {})
        read_timeout = self.timeout
        if index > 0:
            wait = min(wait if wait is not None else MAX_WAIT, MAX_WAIT)
            query["index"] = index
            query["wait"] = f"{int(wait * 1000)}ms"
            read_timeout = blocking_read_timeout(wait, self.timeout)
        return self.request("GET", path, query, read_timeout=read_timeout)

    def put(
        self, path: str, body: Any, params: Mapping[str, str | int | bool] | None = None
    ) -> Response:
        return self.request("PUT", path, params, body=body)

    def delete(self, path: str, params: Mapping[str, str | int | bool] | None = None) -> Response:
        return self.request("DELETE", path, params)

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | int | bool] | None = None,
        *,
        body: Any = None,
        read_timeout: float | None = None,
    ) -> Response:
        read = method == "GET"
        data = None if body is None else json.dumps(body).encode("utf-8")
        attempt = 0
        while True:
            if self._on_request is not None:
                self._on_request(method, path)
            try:
                answer = self._send(method, path, params, data, read_timeout)
            except requests.RequestException as exc:
                retry = read or (
                    isinstance(exc, requests.ConnectionError) and _never_connected(exc)
                )
                if retry and attempt < self.retries:
                    self._pause(attempt)
                    attempt += 1
                    continue
                raise self._connection_failure(method, path, exc) from None
            if answer.status_code in _RETRY_STATUSES and read and attempt < self.retries:
                self._pause(attempt)
                attempt += 1
                continue
            return self._decode(method, path, answer)

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | int | bool] | None,
        data: bytes | None,
        read_timeout: float | None,
    ) -> requests.Response:
        with warnings.catch_warnings():
            if self.conn.skip_verify:
                # The user asked for no verification (-tls-skip-verify); urllib3's
                # warning is silenced for this request only, never process-wide.
                warnings.simplefilter("ignore", InsecureRequestWarning)
            return self._session.request(
                method,
                self._base + path,
                params=self._params(params),
                data=data,
                headers=self._headers(),
                timeout=(self.timeout, read_timeout or self.timeout),
                auth=self.conn.http_auth,
                allow_redirects=False,
            )

    def _pause(self, attempt: int) -> None:
        self._sleep(self.backoff * (2**attempt))

    def _connection_failure(
        self, method: str, path: str, exc: requests.RequestException
    ) -> ConnectionFailure:
        if isinstance(exc, requests.exceptions.SSLError):
            why = f"TLS error: {_innermost(exc)}"
        elif isinstance(exc, requests.Timeout):
            why = "timed out waiting for Nomad"
        elif isinstance(exc, requests.ConnectionError):
            why = f"cannot connect: {_innermost(exc)}"
        else:
            why = str(exc)
        reason = redact(why, self.conn.secrets())
        return ConnectionFailure(self.display_address, reason, method=method, path=path)

    def _decode(self, method: str, path: str, answer: requests.Response) -> Response:
        text = answer.text
        if answer.status_code != 200:
            raise error_for(answer.status_code, method, path, redact(text, self.conn.secrets()))
        try:
            data = json.loads(text) if text.strip() else None
        except ValueError:
            raise NomadError(
                f"{method} {path}: Nomad answered 200 with a body that is not JSON"
            ) from None
        index = answer.headers.get("X-Nomad-Index", "0")
        return Response(data, int(index) if index.isdigit() else 0, answer.status_code)


def _innermost(exc: BaseException) -> str:
    """The deepest cause's message: urllib3 wraps the useful part several times."""
    current: BaseException = exc
    seen = 0
    while seen < 10:
        seen += 1
        nested = current.args[0] if current.args else None
        if isinstance(nested, MaxRetryError) and nested.reason is not None:
            current = nested.reason
        elif isinstance(nested, BaseException):
            current = nested
        elif current.__cause__ is not None:
            current = current.__cause__
        else:
            break
    return str(current)
