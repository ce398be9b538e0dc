"""Nomad versions as far as the qemu driver's behaviour is concerned.

The driver changed in four steps (see docs/diagnostics.md): 1.6.x spells its
messages `Qemu …`; 1.7.0–1.11.0 spell them `QEMU …`; 1.11.1 adds `emulator` and
`machine_type`; 1.11.2 validates `emulator` against `emulators_allowlist` and rejects
`kvm` on darwin too. 2.0.0 also rejects `${driver.…}` constraint targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

NEWEST = (2, 0, 5)
OLDEST = (1, 6, 0)


class DriverGroup(Enum):
    V1_6 = "1.6.0"
    V1_7 = "1.7.0-1.11.0"
    V1_11_1 = "1.11.1"
    V1_11_2 = "1.11.2+"


@dataclass(frozen=True, slots=True)
class NomadVersion:
    major: int
    minor: int
    patch: int

    @property
    def triple(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def group(self) -> DriverGroup:
        if self.triple < (1, 7, 0):
            return DriverGroup.V1_6
        if self.triple < (1, 11, 1):
            return DriverGroup.V1_7
        if self.triple < (1, 11, 2):
            return DriverGroup.V1_11_1
        return DriverGroup.V1_11_2

    @property
    def has_emulator_field(self) -> bool:
        return self.triple >= (1, 11, 1)

    @property
    def checks_emulator_allowlist(self) -> bool:
        return self.triple >= (1, 11, 2)

    @property
    def rejects_driver_targets(self) -> bool:
        return self.triple >= (2, 0, 0)

    @property
    def memory_message(self) -> str:
        prefix = "Qemu" if self.group is DriverGroup.V1_6 else "QEMU"
        return f"{prefix} memory assignment out of bounds"

    def kvm_unsupported_on(self, platform: str) -> str | None:
        """The KVM error for `platform` (a Go GOOS), or None when KVM is accepted."""
        if self.triple >= (1, 11, 2):
            if platform in ("windows", "darwin"):
                return "KVM accelerator is unsupported on the current platform"
            return None
        if platform == "windows":
            return "KVM accelerator is unsupported on the Windows platform"
        return None

    @property
    def schema_name(self) -> str:
        return {
            DriverGroup.V1_6: "qemu-1.6.0.json",
            DriverGroup.V1_7: "qemu-1.7.0.json",
            DriverGroup.V1_11_1: "qemu-1.11.1.json",
            DriverGroup.V1_11_2: "qemu-1.11.2.json",
        }[self.group]


class NomadVersionError(ValueError):
    pass


def parse_nomad_version(text: str) -> NomadVersion:
    """`X.Y` or `X.Y.Z` (a leading `v` is accepted); `X.Y` means its newest patch we know."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.(\d+))?", text.strip())
    if match is None:
        raise NomadVersionError(f"invalid Nomad version {text!r}: expected X.Y or X.Y.Z")
    major, minor = int(match.group(1)), int(match.group(2))
    # X.Y without a patch: the newest behaviour of that line (1.11 -> 1.11.2+ rules).
    patch = int(match.group(3)) if match.group(3) is not None else 99
    version = NomadVersion(major, minor, patch)
    if version.triple < OLDEST:
        raise NomadVersionError(
            f"Nomad {text} is not supported: the qemu rules cover 1.6.0 and later"
        )
    return version


def newest() -> NomadVersion:
    return NomadVersion(*NEWEST)
