"""Nomad job specifications: decoding, the API job model, canonicalization.

`load_job` and `ParsedJob` are imported lazily so that importing the package (for
the model alone) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nomadqemu.jobspec.load import ParsedJob, load_job, read_api_json
    from nomadqemu.jobspec.sourcemap import SourceMap

__all__ = ["ParsedJob", "SourceMap", "load_job", "read_api_json"]

_LAZY = {
    "load_job": "nomadqemu.jobspec.load",
    "ParsedJob": "nomadqemu.jobspec.load",
    "SourceMap": "nomadqemu.jobspec.sourcemap",
    "read_api_json": "nomadqemu.jobspec.load",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
