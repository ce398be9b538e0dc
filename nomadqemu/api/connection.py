"""Where and how to reach Nomad: `NOMAD_*` variables and the `nomad` CLI's flags.

A flag beats its variable; unset values keep the Go client's defaults
(`api.DefaultConfig` and `command/meta.go`). Resolution is pure: the CLI passes
the environment in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_ADDRESS = "http://127.0.0.1:4646"

# flag name (as the CLI spells it, and the keyword the commands receive) -> variable
FLAG_VARIABLES: dict[str, str] = {
    "address": "NOMAD_ADDR",
    "token": "NOMAD_TOKEN",
    "namespace": "NOMAD_NAMESPACE",
    "region": "NOMAD_REGION",
    "ca_cert": "NOMAD_CACERT",
    "ca_path": "NOMAD_CAPATH",
    "client_cert": "NOMAD_CLIENT_CERT",
    "client_key": "NOMAD_CLIENT_KEY",
    "tls_server_name": "NOMAD_TLS_SERVER_NAME",
    "tls_skip_verify": "NOMAD_SKIP_VERIFY",
}

_GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_GO_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def go_parse_bool(text: str) -> bool | None:
    """Go's `strconv.ParseBool`; None for anything else (Nomad then ignores the value)."""
    if text in _GO_TRUE:
        return True
    if text in _GO_FALSE:
        return False
    return None


@dataclass(frozen=True, slots=True)
class Connection:
    """Everything a request needs besides its path. Secrets stay out of `repr`."""

    address: str = DEFAULT_ADDRESS
    token: str = field(default="", repr=False)
    namespace: str = ""
    region: str = ""
    ca_cert: str = ""
    ca_path: str = ""
    client_cert: str = ""
    client_key: str = ""
    tls_server_name: str = ""
    skip_verify: bool = False
    # (user, password) from NOMAD_HTTP_AUTH, for proxies in front of Nomad.
    http_auth: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def is_unix(self) -> bool:
        return self.address.startswith("unix://")

    @property
    def is_tls(self) -> bool:
        return self.address.startswith("https://")

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be printed or logged."""
        found = [self.token]
        if self.http_auth is not None:
            found.append(self.http_auth[1])
        return tuple(s for s in found if s)

    def for_job(self, job: Mapping[str, Any]) -> Connection:
        """The job's own region and namespace override flags and variables.

        `nomad job plan` and `nomad job run` call `SetRegion`/`SetNamespace` whenever
        the job sets the field, even to an empty string.
        """
        region, namespace = job.get("Region"), job.get("Namespace")
        updated = self
        if isinstance(region, str):
            updated = replace(updated, region=region)
        if isinstance(namespace, str):
            updated = replace(updated, namespace=namespace)
        return updated


def _http_auth(text: str) -> tuple[str, str] | None:
    if not text:
        return None
    user, _, password = text.partition(":")
    return user, password


def resolve_connection(
    flags: Mapping[str, str | bool | None], environ: Mapping[str, str]
) -> Connection:
    """Flags (None when not given) over `NOMAD_*` variables over defaults."""
    values: dict[str, Any] = {}
    for name, variable in FLAG_VARIABLES.items():
        flag = flags.get(name)
        if name == "tls_skip_verify":
            if isinstance(flag, bool):
                values["skip_verify"] = flag
            elif variable in environ:
                parsed = go_parse_bool(environ[variable])
                if parsed is not None:
                    values["skip_verify"] = parsed
            continue
        if isinstance(flag, str) and flag:
            values[name] = flag
        elif environ.get(variable):
            values[name] = environ[variable]
    if not values.get("address"):
        values["address"] = DEFAULT_ADDRESS
    values["http_auth"] = _http_auth(environ.get("NOMAD_HTTP_AUTH", ""))
    return Connection(**values)
