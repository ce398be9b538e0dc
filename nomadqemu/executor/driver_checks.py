"""The checks the qemu driver's StartTask makes, with Nomad's exact messages.

Pure functions: each returns the driver's error text, or None when the value passes.
The validate command reuses them so that "validate passes, task fails" cannot happen.
Order of the checks in StartTask: emulator, args, image_path, memory, binary lookup,
drive_interface, socket paths, port labels, KVM platform (see `first_start_error`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence

from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.goquote import go_quote

DRIVE_INTERFACES = ("ide", "scsi", "sd", "mtd", "floppy", "pflash", "virtio", "none")

# Bounds the driver puts on the allocated memory, in MB.
MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 4_000_000

# sun_path limits per GOOS (driver_linux.go, driver_bsd.go); other platforms: none.
SOCKET_PATH_LIMITS = {
    "linux": 108,
    "darwin": 104,
    "freebsd": 104,
    "netbsd": 104,
    "openbsd": 104,
}


def check_emulator(raw_emulator: str, allowlist: Sequence[str]) -> str | None:
    """The raw job value is compared, so `qemu-system-x86_64` and `""` fail a non-empty list."""
    if allowlist and raw_emulator not in allowlist:
        return f"'{raw_emulator}' is not an allowed emulator"
    return None


def check_args(args: Sequence[str], allowlist: Sequence[str]) -> str | None:
    """Only flags (after trimming) are checked, and against the untrimmed allowlist entries."""
    if not allowlist:
        return None
    allowed = set(allowlist)
    for arg in args:
        if arg.strip().startswith("-") and arg not in allowed:
            return f"{go_quote(arg)} is not in args_allowlist"
    return None


def _go_clean(path: str) -> str:
    # Go's filepath.Clean: like normpath, but "//x" becomes "/x" and "" becomes ".".
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _go_rel(base: str, target: str) -> str | None:
    """Go's filepath.Rel, lexically; None where Go returns an error."""
    base, target = _go_clean(base), _go_clean(target)
    if posixpath.isabs(base) != posixpath.isabs(target):
        return None
    base_parts = [p for p in base.split("/") if p and p != "."]
    target_parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    while (
        common < min(len(base_parts), len(target_parts))
        and base_parts[common] == target_parts[common]
    ):
        common += 1
    rest_of_base = base_parts[common:]
    if ".." in rest_of_base:
        # Go cannot express a path relative to a base that climbs out of itself.
        return None
    parts = [".."] * len(rest_of_base) + target_parts[common:]
    return "/".join(parts) or "."


def is_parent(parent: str, path: str) -> bool:
    """The driver's `isParent`: `Rel` succeeds and does not start with `..` (so `..img` fails)."""
    rel = _go_rel(parent, path)
    return rel is not None and not rel.startswith("..")


def is_allowed_image_path(image_paths: Sequence[str], alloc_dir: str, image_path: str) -> bool:
    """Lexical only: no symlink resolution, no existence check; relative → the alloc dir."""
    if not posixpath.isabs(image_path):
        image_path = posixpath.join(alloc_dir, image_path)
    if is_parent(alloc_dir, image_path):
        return True
    return any(is_parent(allowed, image_path) for allowed in image_paths)


def check_image_path(image_path: str, image_paths: Sequence[str], alloc_dir: str) -> str | None:
    if not image_path:
        return "image_path must be set"
    if not is_allowed_image_path(image_paths, alloc_dir, image_path):
        return "image_path is not in the allowed paths"
    return None


def check_memory(memory_mb: int, generation: DriverGeneration) -> str | None:
    """`memory_mb` is the allocated memory: `memory` plus `secrets`."""
    if MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
        return None
    product = "Qemu" if generation is DriverGeneration.V1_6 else "QEMU"
    return f"{product} memory assignment out of bounds"


def check_drive_interface(interface: str) -> str | None:
    return None if interface in DRIVE_INTERFACES else "Unsupported drive_interface"


def check_socket_path(path: str, goos: str = "linux") -> str | None:
    limit = SOCKET_PATH_LIMITS.get(goos)
    if limit is None or len(path) <= limit:
        return None
    return (
        f"socket path {path} is longer than the maximum length allowed ({limit}), "
        "try to reduce the task name or Nomad's data_dir if possible."
    )


def check_port_labels(port_map: Mapping[str, int], labels: Iterable[str]) -> str | None:
    """Only called when the task has a task-level network; labels in Go map order (sorted here)."""
    known = set(labels)
    for label in sorted(port_map):
        if label not in known:
            return f"Unknown port label {go_quote(label)}"
    return None


def check_kvm_platform(
    accelerator: str, generation: DriverGeneration, goos: str = "linux"
) -> str | None:
    if accelerator != "kvm":
        return None
    if generation >= DriverGeneration.V1_11_2 and goos in ("windows", "darwin"):
        return "KVM accelerator is unsupported on the current platform"
    if generation < DriverGeneration.V1_11_2 and goos == "windows":
        return "KVM accelerator is unsupported on the Windows platform"
    return None
