"""Finds a Debian kernel and the modules the guest needs, installed or downloaded."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# cloud: boots fastest (LZ4) and has virtio-net but no e1000; amd64 has both.
WANTED_MODULES = {
    "cloud-amd64": ("virtio_pci", "virtio_net", "button", "evdev"),
    "amd64": ("virtio_pci", "virtio_net", "e1000", "button", "evdev"),
}
_DEPENDS = re.compile(rb"depends=([\w,-]*)\0")


class GuestBuildError(RuntimeError):
    """A tool or package the build needs is missing, with what to install."""


@dataclass(frozen=True)
class Kernel:
    release: str  # e.g. 6.1.0-56-cloud-amd64
    vmlinuz: Path
    modules_dir: Path  # …/lib/modules/<release>


def _run(argv: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise GuestBuildError(f"{argv[0]} is not installed") from exc
    if done.returncode != 0:
        raise GuestBuildError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return done.stdout


def _installed(flavour: str, root: Path) -> Kernel | None:
    candidates = sorted((root / "boot").glob(f"vmlinuz-*-{flavour}"))
    for vmlinuz in reversed(candidates):
        release = vmlinuz.name.removeprefix("vmlinuz-")
        modules = root / "lib" / "modules" / release
        # "cloud-amd64" also ends in "amd64": keep the flavour exact.
        if flavour == "amd64" and release.endswith("-cloud-amd64"):
            continue
        if modules.is_dir():
            return Kernel(release, vmlinuz, modules)
    return None


def _release_from_apt(flavour: str) -> str:
    output = _run(["apt-cache", "depends", f"linux-image-{flavour}"])
    for line in output.splitlines():
        match = re.search(r"Depends: linux-image-(\S+)", line)
        if match:
            return match.group(1)
    raise GuestBuildError(f"apt-cache knows no kernel for linux-image-{flavour}")


def find_kernel(flavour: str, download_dir: Path) -> Kernel:
    """The installed kernel of that flavour, else its package unpacked into download_dir."""
    installed = _installed(flavour, Path("/"))
    if installed is not None:
        return installed
    release = _release_from_apt(flavour)
    deb = _download(f"linux-image-{release}", download_dir)
    unpacked = download_dir / "kernel"
    _run(["dpkg-deb", "-x", str(deb), str(unpacked)])
    kernel = _installed(flavour, unpacked)
    if kernel is None:
        raise GuestBuildError(f"linux-image-{release} holds no vmlinuz")
    return kernel


def _download(package: str, directory: Path) -> Path:
    _run(["apt-get", "download", package], cwd=directory)
    debs = sorted(directory.glob(f"{package}_*.deb"))
    if not debs:
        raise GuestBuildError(f"apt-get download {package} produced no .deb")
    return debs[-1]


def find_busybox(download_dir: Path) -> Path:
    """A statically linked busybox: busybox-static's, installed or downloaded."""
    installed = Path("/bin/busybox")
    if installed.is_file() and b"libc.so" not in installed.read_bytes()[:200_000]:
        return installed
    deb = _download("busybox-static", download_dir)
    unpacked = download_dir / "busybox"
    _run(["dpkg-deb", "-x", str(deb), str(unpacked)])
    return unpacked / "bin" / "busybox"


def module_files(kernel: Kernel, wanted: tuple[str, ...]) -> list[Path]:
    """The `.ko` files for `wanted` and their dependencies, dependencies first."""
    by_name: dict[str, Path] = {}
    for path in (kernel.modules_dir / "kernel").rglob("*.ko"):
        by_name[path.stem.replace("-", "_")] = path
    ordered: list[Path] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        name = name.replace("-", "_")
        if name in seen:
            return
        seen.add(name)
        path = by_name.get(name)
        if path is None:
            return  # built into the kernel
        match = _DEPENDS.search(path.read_bytes())
        for dependency in match.group(1).decode().split(",") if match else []:
            if dependency:
                visit(dependency)
        ordered.append(path)

    for name in wanted:
        visit(name)
    return ordered


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="nomadqemu-guest-")
