"""Typed errors for everything that can go wrong talking to Nomad.

Nomad answers errors with a text/plain body and a status code that alone does not say
what failed (a check-index conflict and a validation failure are both 500), so each
error keeps the status, method, path and Nomad's text, and the subclass is chosen
from the status and the text together.
"""

from __future__ import annotations

from collections.abc import Iterable

ENFORCE_INDEX_PREFIX = "Enforcing job modify index"


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced; a token must never reach output or logs."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<redacted>")
    return text


class NomadError(Exception):
    """The root of every error the API client raises."""


class ConnectionFailure(NomadError):
    """No HTTP response at all: refused, unreachable, TLS handshake, timeout."""

    def __init__(self, address: str, reason: str, *, method: str = "", path: str = "") -> None:
        self.address = address
        self.reason = reason
        self.method = method
        self.path = path
        super().__init__(f"{method} {address}{path}: {reason}" if method else reason)


class APIError(NomadError):
    """Nomad answered with a status other than 200.

    `str()` is the Go client's `UnexpectedResponseError` text, which the `nomad` CLI
    prints after its own prefix ("Error submitting job: …").
    """

    def __init__(self, status: int, method: str, path: str, text: str) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.text = text.strip()
        super().__init__(
            f"Unexpected response code: {status} ({self.text})"
            if self.text
            else f"Unexpected response code: {status}"
        )

    def describe(self) -> str:
        """The message plus the request it answered, for logs and `--debug`."""
        return f"{self} [{self.method} {self.path}]"


class BadRequestError(APIError):
    """400: malformed JSON, a missing job, a parse failure, a bad blocking-query value."""


class PermissionDeniedError(APIError):
    """403: the token lacks a capability, is unknown, or registration is disabled."""


class NotFoundError(APIError):
    """404: no such job, evaluation (possibly garbage-collected), deployment or node."""


class CheckIndexError(APIError):
    """500 whose text is an `EnforceIndex` conflict: the job changed since the plan."""

    @property
    def conflict(self) -> str:
        """`Enforcing job modify index N: …` without Nomad's RPC wrapping."""
        start = self.text.find(ENFORCE_INDEX_PREFIX)
        found = self.text[start:] if start >= 0 else self.text
        return found.rstrip(")").strip()


class ServerError(APIError):
    """Any other 5xx: validation multierrors, no leader, RPC failures."""


def error_for(status: int, method: str, path: str, text: str) -> APIError:
    if status == 400:
        return BadRequestError(status, method, path, text)
    if status == 403:
        return PermissionDeniedError(status, method, path, text)
    if status == 404:
        return NotFoundError(status, method, path, text)
    if status >= 500 and ENFORCE_INDEX_PREFIX in text:
        return CheckIndexError(status, method, path, text)
    if status >= 500:
        return ServerError(status, method, path, text)
    return APIError(status, method, path, text)
