"""HCL's JSON syntax for job files (a file whose first non-space byte is `{`)."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.jobspec.hclbody import Body, error


def parse_json_body(source: bytes, filename: str) -> tuple[Body | None, list[Diagnostic]]:
    return None, [
        error("JSON syntax not supported", "HCL JSON job files are not supported yet.", None)
    ]
