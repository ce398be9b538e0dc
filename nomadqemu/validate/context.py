"""Everything a validation run knows about the world beyond the job file."""

from __future__ import annotations

from collections.abc import Callable

from nomadqemu.clientconfig import ClientConfig
from nomadqemu.constraints.node import Node
from nomadqemu.records import field, frozen_record
from nomadqemu.validate.driver_version import NomadVersion, newest


@frozen_record
class ValidationContext:
    nomad_version: NomadVersion = field(default_factory=newest)
    # The client's Go GOOS; from the fingerprint when there is one.
    platform: str = "linux"
    client: ClientConfig | None = None
    node: Node | None = None
    # Path -> its fully resolved form, or None when it does not exist locally. Given by
    # the CLI (the core does no I/O); None disables the symlink check.
    resolve_symlinks: Callable[[str], str | None] | None = None
    strict: bool = False
