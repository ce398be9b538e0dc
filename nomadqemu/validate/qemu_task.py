"""The qemu driver's StartTask checks that can be decided before a client runs the task.

Each check mirrors one step of `drivers/qemu/driver.go` StartTask, with its message;
Nomad stops at the first failure, this reports every one.
"""

from __future__ import annotations

from typing import Any

from nomadqemu.clientconfig import PLACEHOLDER_ALLOC_ID
from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.jobview import get_dict, get_int, get_list, port_labels
from nomadqemu.validate.reporter import Reporter

DRIVE_INTERFACES = ("ide", "scsi", "sd", "mtd", "floppy", "pflash", "virtio", "none")
MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 4_000_000
DEFAULT_MEMORY_MB = 300  # api Resources.Canonicalize
# Unix socket path limits by GOOS (driver_linux.go, driver_bsd.go); others: unlimited.
SOCKET_LIMITS = {
    "linux": 108,
    "darwin": 104,
    "freebsd": 104,
    "netbsd": 104,
    "openbsd": 104,
}
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
    if not MIN_MEMORY_MB <= memory <= MAX_MEMORY_MB:
        resources = get_dict(task, "Resources") or {}
        where = (
            f"{task_path}.Resources.MemoryMB"
            if "MemoryMB" in resources
            else f"{task_path}.Resources"
        )
        report.add(
            "NQ206",
            version.memory_message,
            where,
            hint=f"the driver receives memory + secrets = {memory} MB; "
            f"it accepts {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB",
        )

    interface = config.get("drive_interface")
    if interface is not None and str(interface) != "" and str(interface) not in DRIVE_INTERFACES:
        report.add(
            "NQ205",
            "Unsupported drive_interface",
            f"{cfg_path}.drive_interface",
            hint="one of " + ", ".join(DRIVE_INTERFACES),
        )

    _check_sockets(task, cfg_path, config, ctx, report)
    _check_ports(task, task_path, group, cfg_path, config, report=report)

    accelerator = config.get("accelerator")
    if accelerator == "kvm":
        message = version.kvm_unsupported_on(ctx.platform)
        if message is not None:
            report.add("NQ208", message, f"{cfg_path}.accelerator")


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
        if len(path.encode()) > limit:
            report.add(
                "NQ207",
                f"socket path {path} is longer than the maximum length allowed ({limit}), "
                "try to reduce the task name or Nomad's data_dir if possible.",
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
    if isinstance(port_map, list):
        for entry in port_map:
            if isinstance(entry, dict):
                labels.extend(str(k) for k in entry)
    if not labels:
        return
    resources = get_dict(task, "Resources") or {}
    task_networks = get_list(resources, "Networks")
    if task_networks:
        known = {label for label, _, _ in port_labels(task_networks[0])}
        for label in dict.fromkeys(labels):
            if label not in known:
                report.add("NQ209", f'Unknown port label "{label}"', f"{cfg_path}.port_map")
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
            f"{cfg_path}.port_map",
            hint="forward the ports with qemu `args` (-netdev user,hostfwd=…) using "
            "${NOMAD_PORT_<label>}, or declare the ports in the task's resources { network }",
        )
