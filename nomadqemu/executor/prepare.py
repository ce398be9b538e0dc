"""Everything StartTask decides before qemu runs: ports, environment, interpolated and
decoded config, the driver's checks in their order, the binary, the argv.

No process is started and no directory is created here, so `run --dry-run` shows
exactly what `run` would start.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from nomadqemu.clientconfig import ClientConfig
from nomadqemu.executor import driver_checks as checks
from nomadqemu.executor.allocdir import AllocDir
from nomadqemu.executor.argv import (
    ArgvRequest,
    NetworkForwarding,
    agent_path,
    build_argv,
    monitor_path,
)
from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.executor.plan import ArtifactSpec, NetworkSpec, TaskInstance
from nomadqemu.executor.ports import AllocatedPort, PortError, allocate, port_is_free
from nomadqemu.executor.task_config import ConfigError, QemuConfig, decode_config
from nomadqemu.executor.taskenv import (
    InterpolationError,
    NodeInfo,
    TaskDirs,
    build_task_env,
    interpolate_config,
    process_env,
    replace_env_text,
)

GROUP_PORTS_ISSUE = "hashicorp/nomad#10033"


@dataclass(frozen=True)
class RunSettings:
    nomad_version: str
    generation: DriverGeneration
    client: ClientConfig
    alloc_base: Path
    accelerator: str | None = None  # --accelerator: a local override
    forward_group_ports: bool = False
    host_env: Mapping[str, str] | None = None
    goos: str = "linux"


@dataclass(frozen=True)
class Forward:
    label: str
    host_port: int
    guest_port: int


@dataclass(frozen=True)
class PreparedTask:
    instance: TaskInstance
    alloc_dir: AllocDir
    config: QemuConfig
    argv: tuple[str, ...]
    env: Mapping[str, str]  # what the client sets for the task
    process_env: Mapping[str, str]  # what qemu gets: host env (v1.11.2+), task env, guest ports
    ports: tuple[AllocatedPort, ...]
    forwards: tuple[Forward, ...]
    monitor_socket: Path | None
    sockets: tuple[Path, ...]
    warnings: tuple[str, ...]
    artifacts: tuple[ArtifactSpec, ...] = ()  # interpolated with the task env

    @property
    def task_dir(self) -> Path:
        return self.alloc_dir.task_dir(self.instance.spec.task)

    @property
    def label(self) -> str:
        spec = self.instance.spec
        return f"{spec.group}[{self.instance.alloc_index}].{spec.task}"


class TaskSetupError(RuntimeError):
    def __init__(self, label: str, message: str) -> None:
        self.label = label
        self.message = message
        super().__init__(f"{label}: {message}")


def resolve_binary(name: str, search_path: str | None) -> str:
    """Go's exec.LookPath, then EvalSymlinks; raises with the driver's message."""
    found = shutil.which(name, path=search_path)
    if found is None:
        raise LookupError(
            f'failed to resolve path to "{name}" executable: '
            f'exec: "{name}": executable file not found in $PATH'
        )
    return os.path.realpath(found)


def _forwarding(
    config: QemuConfig,
    *,
    task_network: NetworkSpec | None,
    task_ports: Sequence[AllocatedPort],
    group_network: NetworkSpec | None,
    group_ports: Sequence[AllocatedPort],
    forward_group: bool,
) -> tuple[QemuConfig, NetworkForwarding | None]:
    dns = group_network or task_network
    servers = dns.dns_servers if dns else ()
    searches = dns.dns_searches if dns else ()
    if task_network is not None:
        ports = {p.label: p.value for p in task_ports}
        return config, NetworkForwarding(ports, servers, searches)
    if forward_group and group_ports:
        # The opt-in: group ports are forwarded like task ports; a port's `to` is its
        # guest port unless port_map names another one.
        port_map = {p.label: p.to for p in group_ports if p.to > 0}
        port_map.update(config.port_map)
        ports = {p.label: p.value for p in group_ports}
        return replace(config, port_map=port_map), NetworkForwarding(ports, servers, searches)
    return config, None


def _check(problem: str | None, label: str) -> None:
    if problem is not None:
        raise TaskSetupError(label, problem)


def prepare_task(
    instance: TaskInstance,
    alloc: AllocDir,
    group_ports: Sequence[AllocatedPort],
    *,
    settings: RunSettings,
    node: NodeInfo,
    is_free: Callable[[int], bool],
    taken: set[int],
) -> PreparedTask:
    spec = instance.spec
    label = f"{spec.group}[{instance.alloc_index}].{spec.task}"
    if spec.driver != "qemu":
        raise TaskSetupError(
            label, f'driver "{spec.driver}" is not supported: nomadqemu run starts qemu tasks only'
        )
    task_dir = alloc.task_dir(spec.task)
    try:
        task_ports = allocate(spec.task_network.ports, taken, is_free) if spec.task_network else []
    except PortError as exc:
        raise TaskSetupError(label, str(exc)) from exc
    taken.update(p.value for p in task_ports)
    generation = settings.generation
    dirs = TaskDirs(str(alloc.path), str(task_dir))
    env = build_task_env(
        instance, dirs, generation=generation, node=node,
        group_ports=group_ports, task_ports=task_ports,
    )  # fmt: skip
    try:
        raw = interpolate_config(spec.config, env, node)
        config = decode_config(raw, generation)
    except (InterpolationError, ConfigError) as exc:
        message = str(exc)
        if isinstance(exc, InterpolationError):
            message = f"failed to parse config: {message}"
        raise TaskSetupError(label, message) from exc
    warnings: list[str] = []
    if settings.accelerator and settings.accelerator != config.accelerator:
        warnings.append(
            f"--accelerator {settings.accelerator} overrides accelerator "
            f'"{config.accelerator}": this command line differs from the cluster\'s'
        )
        config = replace(config, accelerator=settings.accelerator)
    client = settings.client
    if generation >= DriverGeneration.V1_11_2:
        _check(checks.check_emulator(config.raw_emulator, client.emulators_allowlist), label)
    _check(checks.check_args(config.args, client.args_allowlist), label)
    _check(checks.check_image_path(config.image_path, client.image_paths, str(alloc.path)), label)
    _check(checks.check_memory(spec.allocated_memory_mb, generation), label)
    try:
        binary = resolve_binary(config.binary_name, (settings.host_env or os.environ).get("PATH"))
    except LookupError as exc:
        raise TaskSetupError(label, str(exc)) from exc
    _check(checks.check_drive_interface(config.drive_interface), label)
    sockets: list[Path] = []
    if config.graceful_shutdown:
        sockets.append(Path(monitor_path(str(task_dir))))
    if config.guest_agent:
        sockets.append(Path(agent_path(str(task_dir))))
    for socket_path in sockets:
        _check(checks.check_socket_path(str(socket_path), settings.goos), label)
    if spec.task_network is None and config.port_map and group_ports:
        if settings.forward_group_ports:
            warnings.append(
                f"--forward-group-ports: forwarding group network ports, which Nomad "
                f"ignores ({GROUP_PORTS_ISSUE}): this command line differs from the cluster's"
            )
        else:
            warnings.append(
                f"port_map is ignored for group network ports, as Nomad does "
                f"({GROUP_PORTS_ISSUE}); pass --forward-group-ports to forward them"
            )
    config, network = _forwarding(
        config,
        task_network=spec.task_network,
        task_ports=task_ports,
        group_network=spec.group_network,
        group_ports=group_ports,
        forward_group=settings.forward_group_ports,
    )
    _check(checks.check_kvm_platform(config.accelerator, generation, settings.goos), label)
    if spec.kill_signal and spec.kill_signal.upper() not in signal.Signals.__members__:
        raise TaskSetupError(label, f'unknown kill_signal "{spec.kill_signal}"')
    request = ArgvRequest(
        config=config,
        generation=generation,
        binary_path=binary,
        task_dir=str(task_dir),
        memory_mb=spec.allocated_memory_mb,
        cpuset_cpus=tuple(range(spec.cores)),
        network=network,
    )
    try:
        argv = build_argv(request)
    except ValueError as exc:  # an unknown port label
        raise TaskSetupError(label, str(exc)) from exc
    forwards: list[Forward] = []
    if network is not None:
        forwards = [
            Forward(name, network.host_ports[name], guest)
            for name, guest in sorted(config.port_map.items())
        ]
    qemu_env = process_env(env, settings.host_env or {}, config.port_map, generation)

    def expand(text: str) -> str:
        return replace_env_text(text, env, node)

    artifacts = tuple(
        replace(
            artifact,
            source=expand(artifact.source),
            destination=expand(artifact.destination),
            options={k: expand(v) for k, v in artifact.options.items()},
            headers={k: expand(v) for k, v in artifact.headers.items()},
        )
        for artifact in spec.artifacts
    )
    return PreparedTask(
        instance=instance,
        alloc_dir=alloc,
        config=config,
        argv=tuple(argv),
        env=env,
        process_env=qemu_env,
        ports=tuple(group_ports) + tuple(task_ports),
        forwards=tuple(forwards),
        monitor_socket=sockets[0] if config.graceful_shutdown else None,
        sockets=tuple(sockets),
        warnings=tuple(warnings),
        artifacts=artifacts,
    )


def prepare_all(
    instances: Sequence[TaskInstance],
    settings: RunSettings,
    node: NodeInfo,
    is_free: Callable[[int], bool] = port_is_free,
) -> list[PreparedTask]:
    """Prepare every task instance; group ports are allocated once per allocation."""
    taken: set[int] = set()
    group_ports: dict[str, list[AllocatedPort]] = {}
    prepared: list[PreparedTask] = []
    for instance in instances:
        spec = instance.spec
        alloc = AllocDir(settings.alloc_base / instance.alloc_id)
        if instance.alloc_id not in group_ports:
            try:
                ports = (
                    allocate(spec.group_network.ports, taken, is_free) if spec.group_network else []
                )
            except PortError as exc:
                raise TaskSetupError(f"{spec.group}[{instance.alloc_index}]", str(exc)) from exc
            taken.update(p.value for p in ports)
            group_ports[instance.alloc_id] = ports
        prepared.append(
            prepare_task(
                instance,
                alloc,
                group_ports[instance.alloc_id],
                settings=settings,
                node=node,
                is_free=is_free,
                taken=taken,
            )
        )
    return prepared
