"""GitHub Actions workflow commands (`::error file=…,line=…::message`)."""

from __future__ import annotations

from nomadqemu.diagnostics.render import Report, position

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    lines = []
    for diag in report.diagnostics:
        filename, line, column, end_line, end_column = position(diag)
        props = []
        if filename:
            props.append(f"file={_property(filename)}")
            props += [f"line={line}", f"endLine={end_line}", f"col={column}"]
            props.append(f"endColumn={end_column}")
        props.append(f"title={_property(diag.code or 'nomadqemu')}")
        message = diag.message + (f" (hint: {diag.hint})" if diag.hint else "")
        lines.append(f"::{_COMMANDS[diag.severity.value]} {','.join(props)}::{_data(message)}")
    for item in report.unlisted_not_verified():
        kind = "error" if report.strict else "notice"
        lines.append(f"::{kind} title=not verified::{_data(item)}")
    return "\n".join(lines) + ("\n" if lines else "")
