"""The qemu driver's fingerprint logic (drivers/qemu/driver.go), minus the I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Go: regexp.MustCompile(`version (\d[\.\d+]+)`) — first match, group 1.
VERSION_RE = re.compile(r"version (\d[\.\d+]+)", re.ASCII)
PREFIX = "qemu-system-"


@dataclass(frozen=True, slots=True)
class QemuFingerprint:
    detected: bool
    healthy: bool
    description: str
    attributes: dict[str, str] = field(default_factory=dict)


def parse_version(output: str) -> str | None:
    match = VERSION_RE.search(output.strip())
    return match.group(1) if match else None


def emulators_from_names(names: list[str], allowlist: tuple[str, ...]) -> list[str]:
    """Suffixes of `qemu-system-*` names (sorted, as the glob returns them), filtered."""
    suffixes = sorted(n[len(PREFIX) :] for n in names if n.startswith(PREFIX))
    if allowlist:
        suffixes = [s for s in suffixes if s in allowlist]
    return suffixes


def undetected(description: str = "") -> QemuFingerprint:
    return QemuFingerprint(False, False, description)


def from_version_output(
    output: str, emulators: list[str], with_emulators_attribute: bool
) -> QemuFingerprint:
    version = parse_version(output)
    if version is None:
        return QemuFingerprint(False, False, f"Failed to parse qemu version from {output.strip()}")
    attributes = {"driver.qemu": "true", "driver.qemu.version": version}
    if with_emulators_attribute:
        attributes["driver.qemu.emulators"] = ",".join(emulators)
    return QemuFingerprint(True, True, "Healthy", attributes)
