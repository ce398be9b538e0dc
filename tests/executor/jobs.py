"""API job dicts for the executor's tests (Go field names, as the jobspec decoder makes)."""

from __future__ import annotations

from typing import Any

SECOND = 1_000_000_000


def qemu_task(
    name: str = "vm",
    *,
    config: dict[str, Any] | None = None,
    memory: int = 256,
    networks: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    resources: dict[str, Any] = {"CPU": 500, "MemoryMB": memory}
    if networks is not None:
        resources["Networks"] = networks
    task: dict[str, Any] = {
        "Name": name,
        "Driver": "qemu",
        "Config": config or {"image_path": "local/disk.img"},
        "Resources": resources,
    }
    task.update(extra)
    return task


def job(*groups: dict[str, Any], **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"ID": "demo", "Name": "demo", "TaskGroups": list(groups)}
    result.update(extra)
    return result


def group(name: str, *tasks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"Name": name, "Tasks": list(tasks)}
    result.update(extra)
    return result
