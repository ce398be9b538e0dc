"""Fingerprints this machine the way a Nomad client would (the only I/O in the package).

Host attributes follow `client/fingerprint/{arch,cpu,host,memory}.go` (gopsutil on
Linux); the qemu attributes follow the driver's own fingerprint for the chosen Nomad
version.
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
from collections.abc import Mapping
from pathlib import Path

from nomadqemu.constraints.node import Node
from nomadqemu.fingerprint.lazy import LazyAttributes
from nomadqemu.fingerprint.qemu import (
    PREFIX,
    QemuFingerprint,
    emulators_from_names,
    from_version_output,
    undetected,
)

_GOARCH = {"x86_64": "amd64", "aarch64": "arm64", "i686": "386", "armv7l": "arm"}
_GOOS = {"Linux": "linux", "Darwin": "darwin", "Windows": "windows", "FreeBSD": "freebsd"}


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _os_release() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in (_read("/etc/os-release") or "").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip('"')
    return values


def _platform_version(release: dict[str, str], os_id: str) -> str:
    # gopsutil prefers /etc/debian_version on Debian, which carries the point release.
    if os_id == "debian":
        text = _read("/etc/debian_version")
        if text:
            return text.strip()
    return release.get("VERSION_ID", "")


def _cpu_attributes() -> dict[str, str]:
    attrs: dict[str, str] = {}
    info = _read("/proc/cpuinfo") or ""
    model = ""
    mhz = 0.0
    for line in info.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not model:
            model = value.strip()
        elif key == "cpu MHz" and not mhz:
            try:
                mhz = float(value)
            except ValueError:
                mhz = 0.0
    max_freq = _read("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    if max_freq and max_freq.strip().isdigit():
        mhz = int(max_freq.strip()) / 1000
    cores = os.cpu_count() or 1
    if model:
        attrs["cpu.modelname"] = model
    attrs["cpu.numcores"] = str(cores)
    if mhz:
        attrs["cpu.frequency"] = str(int(mhz))
        attrs["cpu.totalcompute"] = str(int(mhz) * cores)
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = cores
    attrs["cpu.reservablecores"] = str(usable)
    return attrs


def _memory_attributes() -> dict[str, str]:
    for line in (_read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                return {"memory.totalbytes": str(int(parts[1]) * 1024)}
    return {}


def host_attributes() -> dict[str, str]:
    uname = platform.uname()
    goos = _GOOS.get(uname.system, uname.system.lower())
    release = _os_release()
    os_id = release.get("ID", goos)
    attrs = {
        "kernel.name": goos,
        "kernel.arch": uname.machine,
        "kernel.version": uname.release,
        "os.name": os_id,
        "os.version": _platform_version(release, os_id),
        "cpu.arch": _GOARCH.get(uname.machine, uname.machine),
        "unique.hostname": socket.gethostname(),
    }
    host_id = _read("/sys/class/dmi/id/product_uuid") or _read("/etc/machine-id")
    if host_id:
        attrs["unique.host_id"] = host_id.strip().lower()
    attrs.update(_cpu_attributes())
    attrs.update(_memory_attributes())
    return attrs


def find_emulators(path_env: str) -> tuple[str, list[str]]:
    """(directory, names) of the first PATH entry holding any `qemu-system-*`."""
    for directory in path_env.split(os.pathsep):
        if not directory:
            continue
        try:
            names = sorted(p.name for p in Path(directory).iterdir() if p.name.startswith(PREFIX))
        except OSError:
            continue
        if names:
            return directory, names
    return "", []


def qemu_fingerprint(
    path_env: str, allowlist: tuple[str, ...], *, scan_path: bool, timeout: float = 5.0
) -> QemuFingerprint:
    """`scan_path` is the v1.11.2+ behaviour; older versions run qemu-system-x86_64."""
    if scan_path:
        directory, names = find_emulators(path_env)
        emulators = emulators_from_names(names, allowlist)
        if not emulators:
            return undetected()
        binary = str(Path(directory) / (PREFIX + emulators[0]))
    else:
        emulators = ["x86_64"]
        directory, names = find_emulators(path_env)
        if PREFIX + "x86_64" not in names:
            return undetected()
        binary = str(Path(directory) / (PREFIX + "x86_64"))
    try:
        done = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=timeout, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return undetected(f"Failed to execute qemu binary: {exc}")
    return from_version_output(done.stdout, emulators, scan_path)


def lazy_node_attributes(
    path_env: str, allowlist: tuple[str, ...], *, scan_path: bool, extra: Mapping[str, str]
) -> LazyAttributes:
    """This machine's attributes and `extra`; qemu is run only when a `driver.qemu*`
    attribute is read."""
    return LazyAttributes(
        {**host_attributes(), **extra},
        "driver.qemu",
        lambda: qemu_fingerprint(path_env, allowlist, scan_path=scan_path).attributes,
    )


def local_node(
    path_env: str, allowlist: tuple[str, ...], *, scan_path: bool
) -> tuple[Node, QemuFingerprint]:
    attrs = host_attributes()
    qemu = qemu_fingerprint(path_env, allowlist, scan_path=scan_path)
    attrs.update(qemu.attributes)
    drivers = {"qemu": (qemu.detected, qemu.healthy)}
    node = Node(
        attributes=attrs,
        name=attrs.get("unique.hostname", ""),
        datacenter="dc1",
        node_class="",
        node_pool="default",
        drivers=drivers,
    )
    return node, qemu
