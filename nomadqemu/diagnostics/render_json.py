"""`{"diagnostics": [...]}` (plus `not_verified` in strict mode)."""

from __future__ import annotations

import json
from typing import Any

from nomadqemu.diagnostics.render import Report, position


def as_dict(report: Report) -> dict[str, Any]:
    items = []
    for diag in report.diagnostics:
        filename, line, column, end_line, end_column = position(diag)
        items.append(
            {
                "code": diag.code,
                "severity": diag.severity.value,
                "message": diag.message,
                "file": filename or None,
                "line": line or None,
                "column": column or None,
                "end_line": end_line or None,
                "end_column": end_column or None,
                "json_path": diag.json_path,
                "hint": diag.hint,
            }
        )
    data: dict[str, Any] = {"diagnostics": items}
    if report.strict:
        data["not_verified"] = list(report.not_verified)
    return data


def render_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
