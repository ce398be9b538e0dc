"""The Nomad releases whose qemu driver builds different command lines.

The qemu driver changed its argv and its config schema at three points (see
docs/run.md): v1.7.0 (message spelling only), v1.11.1 (`emulator`, `machine_type`,
`id=image0`, no `-cpu host`) and v1.11.2 (emulator allowlist, `server=on,wait=off`,
FS isolation `none`). Everything from v1.11.2 on, including 2.0.x, behaves alike.
"""

from __future__ import annotations

import re
from enum import IntEnum

DEFAULT_NOMAD_VERSION = "2.0.5"


class DriverGeneration(IntEnum):
    """Ordered so that `generation >= V1_11_1` reads as "since v1.11.1"."""

    V1_6 = 0  # 1.6.x: "Qemu …" message spelling
    V1_7 = 1  # 1.7.0 – 1.11.0
    V1_11_1 = 2  # 1.11.1 only
    V1_11_2 = 3  # 1.11.2 and later, 2.0.x


class VersionError(ValueError):
    """The version string is not a Nomad release this tool knows how to emulate."""


_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?")


def parse_version(text: str) -> tuple[int, int, int]:
    """`1.11.2`, `v2.0.0`, `1.10` or `1.8.4+ent` → a numeric triple."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise VersionError(f"invalid Nomad version {text!r}: expected MAJOR.MINOR[.PATCH]")
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def generation_for(text: str) -> DriverGeneration:
    """The driver generation of a Nomad release; releases before 1.6.0 are refused."""
    version = parse_version(text)
    if version < (1, 6, 0):
        raise VersionError(f"Nomad {text} is not supported: the oldest supported release is 1.6.0")
    if version < (1, 7, 0):
        return DriverGeneration.V1_6
    if version < (1, 11, 1):
        return DriverGeneration.V1_7
    if version < (1, 11, 2):
        return DriverGeneration.V1_11_1
    return DriverGeneration.V1_11_2
