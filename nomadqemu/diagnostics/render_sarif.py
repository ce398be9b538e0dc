"""SARIF 2.1.0 for GitHub code scanning (columns counted in Unicode code points)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from nomadqemu.diagnostics.render import Report, position

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/nomadqemu/nomadqemu"


def _inside(filename: str, root: str | None) -> str | None:
    """The file's path relative to `root` (the repository), if it lies inside it."""
    if root is None:
        return None
    try:
        return Path(filename).absolute().relative_to(Path(root)).as_posix()
    except ValueError:
        return None


def _uri(filename: str, root: str | None = None) -> str:
    """Repository-relative with forward slashes, as code scanning expects: relative to
    `root` when the file is inside it, else to the working directory."""
    inside = _inside(filename, root)
    if inside is not None:
        return inside
    if Path(filename).is_absolute():
        with contextlib.suppress(ValueError):
            filename = os.path.relpath(filename)
    return filename.replace(os.sep, "/")


def _artifact(filename: str, root: str | None) -> dict[str, str]:
    inside = _inside(filename, root)
    if inside is None:
        return {"uri": _uri(filename)}
    return {"uri": inside, "uriBaseId": "%SRCROOT%"}


def render_sarif(report: Report) -> str:
    from nomadqemu.validate.codes import RULES

    used = sorted({d.code for d in report.diagnostics if d.code})
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code in used:
        rule = RULES.get(code)
        index[code] = len(rules)
        rules.append(
            {
                "id": code,
                "name": rule.name if rule else code,
                "shortDescription": {"text": rule.title if rule else code},
                "helpUri": f"{INFO_URI}/blob/main/docs/diagnostics.md#{code.lower()}",
                "defaultConfiguration": {"level": rule.severity.value if rule else "error"},
            }
        )
    results = []
    # Code scanning needs a location on every result; the rest (an unreadable file, a
    # check that could not run) are reported as notifications of the run.
    notifications: list[dict[str, Any]] = []
    for diag in report.diagnostics:
        filename, line, column, end_line, end_column = position(diag)
        if not filename:
            notifications.append(
                {
                    "level": diag.severity.value,
                    "message": {"text": diag.message},
                    "descriptor": {"id": diag.code or "NQ000"},
                }
            )
            continue
        result: dict[str, Any] = {
            "ruleId": diag.code or "NQ000",
            "level": diag.severity.value,
            "message": {"text": diag.message + (f" (hint: {diag.hint})" if diag.hint else "")},
        }
        if diag.code in index:
            result["ruleIndex"] = index[diag.code]
        if filename:
            region = {
                "startLine": max(line, 1),
                "startColumn": max(column, 1),
                "endLine": max(end_line, line, 1),
                "endColumn": max(end_column, 1),
            }
            if (
                region["endLine"] == region["startLine"]
                and region["endColumn"] < region["startColumn"]
            ):
                region["endColumn"] = region["startColumn"]
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(filename, report.source_root),
                        "region": region,
                    }
                }
            ]
        key = f"{diag.code}|{_uri(filename, report.source_root)}|{diag.json_path}|{diag.message}"
        result["partialFingerprints"] = {
            "nomadqemu/v1": hashlib.sha256(key.encode()).hexdigest()[:32]
        }
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "nomadqemu",
                "version": report.tool_version,
                "informationUri": INFO_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.source_root is not None:
        root_uri = Path(report.source_root).resolve().as_uri().rstrip("/") + "/"
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root_uri}}
    if report.strict and report.not_verified and not notifications:
        notifications = [
            {"level": "error", "message": {"text": f"not verified: {item}"}}
            for item in report.not_verified
        ]
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ]
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
