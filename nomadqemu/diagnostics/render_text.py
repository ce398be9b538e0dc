"""`file:line:col: severity[CODE]: message`, then the source line and a caret."""

from __future__ import annotations

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.diagnostics.render import Report


def _source_line(report: Report, diag: Diagnostic) -> str | None:
    if diag.span is None:
        return None
    source = report.sources.get(diag.span.filename)
    if source is None:
        return None
    lines = source.decode("utf-8", "replace").splitlines()
    index = diag.span.start.line - 1
    return lines[index] if 0 <= index < len(lines) else None


def _format(report: Report, diag: Diagnostic) -> str:
    tag = f"{diag.severity.value}[{diag.code}]" if diag.code else diag.severity.value
    if diag.span is None:
        out = [f"{tag}: {diag.message}"]
    else:
        span = diag.span
        out = [f"{span.filename}:{span.start.line}:{span.start.column}: {tag}: {diag.message}"]
        line = _source_line(report, diag)
        if line is not None:
            start = span.start.column - 1
            width = 1
            if span.end.line == span.start.line and span.end.column > span.start.column:
                width = span.end.column - span.start.column
            # Tabs are kept so the caret lines up under the same characters.
            pad = "".join(c if c == "\t" else " " for c in line[:start])
            out.append(f"  {line}")
            out.append(f"  {pad}^{'~' * (width - 1)}")
    if diag.hint:
        out.append(f"  hint: {diag.hint}")
    return "\n".join(out)


def render_text(report: Report) -> str:
    parts = [_format(report, d) for d in report.diagnostics]
    label = "not verified" if report.strict else "note: not verified"
    parts.extend(f"{label}: {item}" for item in report.unlisted_not_verified())
    errors = sum(1 for d in report.diagnostics if d.is_error)
    warnings = sum(1 for d in report.diagnostics if d.severity.value == "warning")
    if report.diagnostics:
        parts.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(parts) + ("\n" if parts else "")
