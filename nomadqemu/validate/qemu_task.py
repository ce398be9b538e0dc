"""The qemu driver's StartTask checks that can be decided before a client runs the task.

Each check mirrors one step of `drivers/qemu/driver.go` StartTask, with its message;
Nomad stops at the first failure, this reports every one.
"""

from __future__ import annotations

from typing import Any

from nomadqemu.clientconfig import PLACEHOLDER_ALLOC_ID
from nomadqemu.executor.driver_checks import (
    DRIVE_INTERFACES,
    MAX_MEMORY_MB,
    MIN_MEMORY_MB,
    SOCKET_PATH_LIMITS,
    check_drive_interface,
    check_kvm_platform,
    check_memory,
    check_socket_path,
)
from nomadqemu.goquote import go_quote
from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.jobview import get_dict, get_int, get_list, port_labels
from nomadqemu.validate.reporter import Reporter

DEFAULT_MEMORY_MB = 300  # api Resources.Canonicalize
SOCKET_LIMITS = SOCKET_PATH_LIMITS
_TRUE_STRINGS = ("true", "1")


def truthy(value: Any) -> bool:
    """A cty bool after conversion (`"true"` and `"1"` convert to true)."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value in _TRUE_STRINGS


def allocated_memory(task: dict[str, Any]) -> int:
    """MemoryMB the driver receives: `memory` plus `secrets` (scheduler/feasible/rank.go)."""
    resources = get_dict(task, "Resources") or {}
    memory = resources.get("MemoryMB")
    base = DEFAULT_MEMORY_MB if memory is None else get_int(resources, "MemoryMB")
    return base + get_int(resources, "SecretsMB")


def check_task(
    task: dict[str, Any],
    task_path: str,
    group: dict[str, Any],
    config: dict[str, Any],
    ctx: ValidationContext,
    *,
    report: Reporter,
) -> None:
    cfg_path = f"{task_path}.Config"
    version = ctx.nomad_version

    if config.get("image_path") == "":
        report.add("NQ204", "image_path must be set", f"{cfg_path}.image_path")

    memory = allocated_memory(task)
    memory_error = check_memory(memory, version.generation)
    if memory_error is not None:
        resources = get_dict(task, "Resources") or {}
        where = (
            f"{task_path}.Resources.MemoryMB"
            if "MemoryMB" in resources
            else f"{task_path}.Resources"
        )
        report.add(
            "NQ206",
            memory_error,
            where,
            hint=f"the driver receives memory + secrets = {memory} MB; "
            f"it accepts {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB",
        )

    interface = config.get("drive_interface")
    interface_error = check_drive_interface(str(interface or "ide"))
    if interface_error is not None:
        report.add(
            "NQ205",
            interface_error,
            f"{cfg_path}.drive_interface",
            hint="one of " + ", ".join(DRIVE_INTERFACES),
        )

    _check_sockets(task, cfg_path, config, ctx, report)
    _check_ports(task, task_path, group, cfg_path, config, report=report)

    kvm_error = check_kvm_platform(
        str(config.get("accelerator") or "tcg"), version.generation, ctx.platform
    )
    if kvm_error is not None:
        report.add("NQ208", kvm_error, f"{cfg_path}.accelerator")


def _check_sockets(
    task: dict[str, Any],
    cfg_path: str,
    config: dict[str, Any],
    ctx: ValidationContext,
    report: Reporter,
) -> None:
    wanted = [
        (key, sock)
        for key, sock in (("graceful_shutdown", "qm.sock"), ("guest_agent", "qa.sock"))
        if truthy(config.get(key))
    ]
    if not wanted:
        return
    if ctx.platform == "windows":
        for key, _ in wanted:
            what = "graceful shutdown" if key == "graceful_shutdown" else "Guest Agent socket"
            report.add("NQ208", f"QEMU {what} is unsupported on the Windows platform", None)
        return
    limit = SOCKET_LIMITS.get(ctx.platform)
    root = ctx.client.alloc_root if ctx.client is not None else None
    if limit is None or root is None:
        return  # unlimited platform, or no data_dir to measure against (see not_verified)
    name = task.get("Name") if isinstance(task.get("Name"), str) else ""
    for key, sock in wanted:
        path = f"{root.rstrip('/')}/{PLACEHOLDER_ALLOC_ID}/{name}/{sock}"
        socket_error = check_socket_path(path, ctx.platform)
        if socket_error is not None:
            report.add(
                "NQ207",
                socket_error,
                f"{cfg_path}.{key}",
                hint=f"{len(path.encode())} bytes with a 36-character allocation ID under {root}",
            )


def _check_ports(
    task: dict[str, Any],
    task_path: str,
    group: dict[str, Any],
    cfg_path: str,
    config: dict[str, Any],
    *,
    report: Reporter,
) -> None:
    port_map = config.get("port_map")
    labels: list[str] = []
    # Where each label is written (its first `port_map` entry), so findings point there.
    written: dict[str, int] = {}
    if isinstance(port_map, list):
        for index, entry in enumerate(port_map):
            if isinstance(entry, dict):
                labels.extend(str(k) for k in entry)
                for key in entry:
                    written.setdefault(str(key), index)
    if not labels:
        return
    resources = get_dict(task, "Resources") or {}
    task_networks = get_list(resources, "Networks")
    if task_networks:
        known = {label for label, _, _ in port_labels(task_networks[0])}
        for label in dict.fromkeys(labels):
            if label not in known:
                where = f"{cfg_path}.port_map[{written[label]}].{label}"
                report.add("NQ209", f"Unknown port label {go_quote(label)}", where)
        return
    group_ports = {
        label for network in get_list(group, "Networks") for label, _, _ in port_labels(network)
    }
    mapped = [label for label in dict.fromkeys(labels) if label in group_ports]
    if mapped:
        report.add(
            "NQ210",
            "port_map is ignored: the qemu driver forwards only ports of a task-level "
            "network, and " + ", ".join(f'"{m}"' for m in mapped) + " belong to the group's "
            "network (hashicorp/nomad#10033)",
            f"{cfg_path}.port_map[{written[mapped[0]]}]",
            hint="forward the ports with qemu `args` (-netdev user,hostfwd=…) using "
            "${NOMAD_PORT_<label>}, or declare the ports in the task's resources { network }",
        )
