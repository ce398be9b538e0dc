"""The parts of a Nomad client agent configuration the qemu driver depends on.

Nomad parses agent files with HCL 1; for `data_dir`, `client { alloc_dir }` and
`plugin "qemu" { config { … } }` HCL 1 and HCL 2 syntax coincide, so the project's
HCL 2 parser reads them. JSON agent files are accepted too, in both the nested-object
and the HCL-1-JSON list-of-objects shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.span import Span

# A 36-character allocation ID: the socket length check depends on its length only.
PLACEHOLDER_ALLOC_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True, slots=True)
class ClientConfig:
    filename: str
    data_dir: str | None = None
    alloc_dir: str | None = None
    image_paths: tuple[str, ...] = ()
    args_allowlist: tuple[str, ...] = ()
    emulators_allowlist: tuple[str, ...] = ()
    has_plugin_block: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()
    # field name -> where it was set (for findings about the client file itself)
    spans: dict[str, Span] = field(default_factory=dict)

    @property
    def alloc_root(self) -> str | None:
        """The directory holding allocation directories, if the config says."""
        if self.alloc_dir:
            return self.alloc_dir
        if self.data_dir:
            return self.data_dir.rstrip("/") + "/alloc"
        return None

    @property
    def example_alloc_dir(self) -> str | None:
        root = self.alloc_root
        return None if root is None else f"{root.rstrip('/')}/{PLACEHOLDER_ALLOC_ID}"
