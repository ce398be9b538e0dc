"""The qemu command line the Nomad qemu driver builds, as a pure function.

Order and syntax follow `drivers/qemu/driver.go` for each driver generation; the
golden tests in tests/executor/test_argv.py pin every field and version.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from nomadqemu.executor.driver_checks import check_port_labels
from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.executor.task_config import QemuConfig

MONITOR_SOCKET = "qm.sock"
AGENT_SOCKET = "qa.sock"


@dataclass(frozen=True)
class NetworkForwarding:
    """What `-netdev` is built from: the task-level network's port labels and the DNS block."""

    host_ports: Mapping[str, int] = field(default_factory=dict)
    dns_servers: tuple[str, ...] = ()
    dns_searches: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgvRequest:
    config: QemuConfig
    generation: DriverGeneration
    binary_path: str  # the resolved `qemu-system-<emu>` (LookPath, then EvalSymlinks)
    task_dir: str  # <alloc dir>/<task>; qemu's working directory, home of the sockets
    memory_mb: int  # allocated memory: memory + secrets
    cpuset_cpus: tuple[int, ...] = ()  # the reserved cores, from `resources.cores`
    network: NetworkForwarding | None = None  # None: the task has no task-level network


def monitor_path(task_dir: str) -> str:
    return posixpath.join(task_dir, MONITOR_SOCKET)


def agent_path(task_dir: str) -> str:
    return posixpath.join(task_dir, AGENT_SOCKET)


def _socket_options(generation: DriverGeneration) -> str:
    # v1.11.2 moved to the non-deprecated spelling (hashicorp/nomad#27182).
    return "server=on,wait=off" if generation >= DriverGeneration.V1_11_2 else "server,nowait"


def _netdev_args(config: QemuConfig, network: NetworkForwarding) -> list[str]:
    args: list[str] = []
    if network.dns_servers:
        args.append(f"dns={network.dns_servers[0]}")
    args.extend(f"dnssearch={search}" for search in network.dns_searches)
    # Go iterates port_map in random order; sorted labels make the argv reproducible.
    for label in sorted(config.port_map):
        guest = config.port_map[label]
        host = network.host_ports[label]
        args.append(f"hostfwd=udp::{host}-:{guest}")
        args.append(f"hostfwd=tcp::{host}-:{guest}")
    return args


def build_argv(request: ArgvRequest) -> list[str]:
    """The full argv, argv[0] included; raises ValueError on an unknown port label."""
    config, generation = request.config, request.generation
    modern = generation >= DriverGeneration.V1_11_1
    machine = config.machine_type if modern else "pc"
    drive = f"file={config.image_path},if={config.drive_interface}"
    if modern:
        drive += ",id=image0"
    argv = [
        request.binary_path,
        "-machine",
        f"type={machine},accel={config.accelerator}",
        "-name",
        posixpath.basename(config.image_path),
        "-m",
        f"{request.memory_mb}M",
        "-drive",
        drive,
        "-nographic",
    ]
    socket_options = _socket_options(generation)
    if config.graceful_shutdown:
        argv += ["-monitor", f"unix:{monitor_path(request.task_dir)},{socket_options}"]
    if config.guest_agent:
        argv += [
            "-chardev",
            f"socket,path={agent_path(request.task_dir)},{socket_options},id=qga0",
            "-device",
            "virtio-serial",
            "-device",
            "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
        ]
    argv += config.args
    if request.network is not None:
        problem = check_port_labels(config.port_map, request.network.host_ports)
        if problem is not None:
            raise ValueError(problem)
        netdev = _netdev_args(config, request.network)
        if netdev:
            argv += [
                "-netdev",
                "user,id=user.0," + ",".join(netdev),
                "-device",
                "virtio-net,netdev=user.0",
            ]
    if config.accelerator == "kvm":
        argv.append("-enable-kvm")
        cores = len(request.cpuset_cpus)
        if modern:
            if cores and "-smp" not in argv:
                argv += ["-smp", str(cores)]
        else:
            argv += ["-cpu", "host"]
            if cores:
                argv += ["-smp", str(cores)]
    return argv
