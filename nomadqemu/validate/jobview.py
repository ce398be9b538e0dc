"""Typed-ish reads of the sparse API job (Go field names, missing keys = Go zero values)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def get_list(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def get_dict(data: Any, key: str) -> dict[str, Any] | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else None


def get_str(data: Any, key: str, default: str = "") -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else default


def get_int(data: Any, key: str, default: int = 0) -> int:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value)


def get_bool(data: Any, key: str, default: bool = False) -> bool:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, bool) else default


def has(data: Any, key: str) -> bool:
    return isinstance(data, dict) and data.get(key) is not None


def groups(job: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    for i, group in enumerate(get_list(job, "TaskGroups")):
        if isinstance(group, dict):
            yield group, f"$.TaskGroups[{i}]"


def tasks(group: dict[str, Any], group_path: str) -> Iterator[tuple[dict[str, Any], str]]:
    for i, task in enumerate(get_list(group, "Tasks")):
        if isinstance(task, dict):
            yield task, f"{group_path}.Tasks[{i}]"


def port_labels(network: Any) -> list[tuple[str, int, str]]:
    """(label, value, "ReservedPorts"/"DynamicPorts") for every port of a network."""
    result = []
    for kind in ("ReservedPorts", "DynamicPorts"):
        for port in get_list(network, kind):
            if isinstance(port, dict):
                result.append((get_str(port, "Label"), get_int(port, "Value"), kind))
    return result


def go_duration(ns: int) -> str:
    """Go's `time.Duration.String()` for whole nanoseconds."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1000:
        return f"{sign}{ns}ns"
    if ns < 1_000_000:
        return f"{sign}{_trim(ns / 1000)}µs"
    if ns < 1_000_000_000:
        return f"{sign}{_trim(ns / 1_000_000)}ms"
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = _seconds(rest)
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}s"
    if minutes:
        return f"{sign}{minutes}m{seconds}s"
    return f"{sign}{seconds}s"


def _seconds(ns: int) -> str:
    whole, frac = divmod(ns, 10**9)
    if not frac:
        return str(whole)
    return f"{whole}.{str(frac).rjust(9, '0').rstrip('0')}"


def _trim(value: float) -> str:
    return f"{value:.9f}".rstrip("0").rstrip(".")
