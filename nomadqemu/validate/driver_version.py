"""Nomad versions as far as validation is concerned.

Built on the executor's `driver_version` (one parser and one notion of "driver
generation" for `run` and `validate`): the qemu driver behaves in four ways (1.6.x |
1.7.0–1.11.0 | 1.11.1 | 1.11.2 and later); 2.0.0 also rejects `${driver.…}` targets.
"""

from __future__ import annotations

from nomadqemu.executor.driver_version import (
    DEFAULT_NOMAD_VERSION,
    DriverGeneration,
    VersionError,
    generation_for,
    parse_version,
)
from nomadqemu.records import frozen_record

_SCHEMAS = {
    DriverGeneration.V1_6: "qemu-1.6.0.json",
    DriverGeneration.V1_7: "qemu-1.7.0.json",
    DriverGeneration.V1_11_1: "qemu-1.11.1.json",
    DriverGeneration.V1_11_2: "qemu-1.11.2.json",
}


class NomadVersionError(ValueError):
    pass


@frozen_record
class NomadVersion:
    triple: tuple[int, int, int]
    generation: DriverGeneration

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.triple)

    @property
    def has_emulator_field(self) -> bool:
        return self.generation >= DriverGeneration.V1_11_1

    @property
    def checks_emulator_allowlist(self) -> bool:
        return self.generation >= DriverGeneration.V1_11_2

    @property
    def has_fingerprint_emulator(self) -> bool:
        """`fingerprint_emulator` existed in the plugin config of 1.11.1 only."""
        return self.generation is DriverGeneration.V1_11_1

    @property
    def rejects_driver_targets(self) -> bool:
        return self.triple >= (2, 0, 0)

    @property
    def schema_name(self) -> str:
        return _SCHEMAS[self.generation]


def parse_nomad_version(text: str) -> NomadVersion:
    """`X.Y` or `X.Y.Z` (as `run` reads it); releases before 1.6.0 are refused."""
    try:
        return NomadVersion(parse_version(text), generation_for(text))
    except VersionError as exc:
        raise NomadVersionError(str(exc)) from None


def newest() -> NomadVersion:
    return parse_nomad_version(DEFAULT_NOMAD_VERSION)
