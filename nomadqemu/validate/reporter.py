"""Collects findings for one job file and gives each the span of the field it is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.span import Span
from nomadqemu.validate.codes import rule

SpanLookup = Callable[[str], Span | None]


@dataclass
class Reporter:
    """`span_for` maps a JSON path (`$.TaskGroups[0].Name`) to its HCL span."""

    span_for: SpanLookup
    filename: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        path: str | None,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        span = self.span_for(path) if path else None
        if span is None:
            # Without a source map entry the finding still names its file (line 1).
            span = None
        self.diagnostics.append(
            Diagnostic(
                severity=severity or rule(code).severity,
                summary=message,
                span=span,
                code=code,
                json_path=path,
                hint=hint,
            )
        )

    def error(self, code: str, message: str, path: str | None, hint: str | None = None) -> None:
        self.add(code, message, path, hint=hint, severity=Severity.ERROR)

    def warning(self, code: str, message: str, path: str | None, hint: str | None = None) -> None:
        self.add(code, message, path, hint=hint, severity=Severity.WARNING)

    def note(self, code: str, message: str, path: str | None, hint: str | None = None) -> None:
        self.add(code, message, path, hint=hint, severity=Severity.NOTE)
