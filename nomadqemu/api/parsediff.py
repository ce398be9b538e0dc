"""Differences between two parses of one job: ours and the cluster's `/v1/jobs/parse`.

A cluster running another Nomad version may drop a field it does not know, default
one differently or reject the file; each difference is reported by its JSON path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Difference:
    path: str
    local: Any
    server: Any

    def describe(self) -> str:
        return f"{self.path}: local {_show(self.local)}, server {_show(self.server)}"


def _show(value: Any) -> str:
    if value is _MISSING:
        return "(absent)"
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def differences(local: Any, server: Any, path: str = "$") -> Iterator[Difference]:
    if isinstance(local, dict) and isinstance(server, dict):
        for key in [*local, *(k for k in server if k not in local)]:
            yield from differences(
                local.get(key, _MISSING), server.get(key, _MISSING), f"{path}.{key}"
            )
        return
    if isinstance(local, list) and isinstance(server, list) and len(local) == len(server):
        for number, (left, right) in enumerate(zip(local, server, strict=True)):
            yield from differences(left, right, f"{path}[{number}]")
        return
    if local != server or type(local) is not type(server):
        yield Difference(path, local, server)
