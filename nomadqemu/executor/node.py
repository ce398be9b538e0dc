"""The local node as a Nomad client would fingerprint it: what `${attr.*}`, `${node.*}`
and `${meta.*}` interpolate to in `nomadqemu run`."""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from nomadqemu.executor.taskenv import NodeInfo

_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "i686": "386", "armv7l": "arm"}
_QEMU_VERSION = re.compile(r"version (\d[\.\d+]+)")


def qemu_version(binary: str = "qemu-system-x86_64") -> str | None:
    path = shutil.which(binary)
    if path is None:
        return None
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _QEMU_VERSION.search(out.stdout)
    return match.group(1) if match else None


class _Attributes(Mapping[str, str]):
    """Node attributes whose qemu entries are probed (by running qemu) on first use:
    most task configs never interpolate them, and `run` should not pay for the probe."""

    def __init__(self, static: dict[str, str]) -> None:
        self._values = static
        self._probed = False

    def _probe(self) -> None:
        if not self._probed:
            self._probed = True
            version = qemu_version()
            if version is not None:
                self._values["driver.qemu"] = "true"
                self._values["driver.qemu.version"] = version

    def __getitem__(self, key: str) -> str:
        if key.startswith("driver.qemu"):
            self._probe()
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        self._probe()
        return iter(self._values)

    def __len__(self) -> int:
        self._probe()
        return len(self._values)


def local_node(
    nomad_version: str,
    datacenter: str = "dc1",
    node_class: str = "",
    meta: Mapping[str, str] | None = None,
) -> NodeInfo:
    hostname = socket.gethostname()
    uname = platform.uname()
    attributes = {
        "kernel.name": uname.system.lower(),
        "kernel.version": uname.release.split("-")[0],
        "kernel.arch": uname.machine,
        "os.name": _os_id(),
        "cpu.arch": _ARCH.get(uname.machine, uname.machine),
        "cpu.numcores": str(os.cpu_count() or 1),
        "unique.hostname": hostname,
        "nomad.version": nomad_version,
    }
    node = {
        "unique.id": str(uuid.uuid5(uuid.NAMESPACE_DNS, hostname)),
        "unique.name": hostname,
        "datacenter": datacenter,
        "class": node_class,
        "pool": "default",
        "region": "global",
    }
    return NodeInfo(attributes=_Attributes(attributes), node=node, meta=dict(meta or {}))


def _os_id() -> str:
    try:
        with Path("/etc/os-release").open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("ID="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system().lower()
