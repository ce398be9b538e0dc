"""The parts of a Nomad client agent configuration the qemu driver depends on.

Nomad parses agent files with HCL 1; for `data_dir`, `client { alloc_dir }` and
`plugin "qemu" { config { … } }` HCL 1 and HCL 2 syntax coincide, so the project's
HCL 2 parser reads them. JSON agent files are accepted too, in both the nested-object
and the HCL-1-JSON list-of-objects shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.span import Span

# A 36-character allocation ID: the socket length check depends on its length only.
PLACEHOLDER_ALLOC_ID = "00000000-0000-0000-0000-000000000000"
# Nomad's default client `max_kill_timeout`.
DEFAULT_MAX_KILL_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class ClientConfig:
    filename: str = ""
    data_dir: str | None = None
    alloc_dir: str | None = None
    image_paths: tuple[str, ...] = ()
    args_allowlist: tuple[str, ...] = ()
    emulators_allowlist: tuple[str, ...] = ()
    has_plugin_block: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()
    # field name -> where it was set (for findings about the client file itself)
    spans: dict[str, Span] = field(default_factory=dict)
    # The agent settings `run` honours beyond the plugin policy (validate ignores them).
    datacenter: str = "dc1"
    region: str = "global"
    node_class: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)
    max_kill_timeout_s: float = DEFAULT_MAX_KILL_TIMEOUT_S
    # Problems only `run` rejects: non-literal values (agent files are HCL1, which has no
    # expressions) and unreadable `max_kill_timeout`s. Validate keeps its own findings.
    run_problems: tuple[Diagnostic, ...] = ()

    @property
    def alloc_root(self) -> str | None:
        """The directory holding allocation directories, if the config says."""
        if self.alloc_dir:
            return self.alloc_dir
        if self.data_dir:
            return self.data_dir.rstrip("/") + "/alloc"
        return None

    @property
    def alloc_base(self) -> Path | None:
        """`alloc_root` as a path, for code that creates allocation directories."""
        root = self.alloc_root
        return None if root is None else Path(root)

    @property
    def example_alloc_dir(self) -> str | None:
        root = self.alloc_root
        return None if root is None else f"{root.rstrip('/')}/{PLACEHOLDER_ALLOC_ID}"
