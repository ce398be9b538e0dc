"""The one record every stage reports problems with."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from nomadqemu.records import frozen_record
from nomadqemu.span import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@frozen_record
class Diagnostic:
    """One finding.

    HCL-level problems keep Go HCL's `summary` and `detail` apart, because Nomad prints
    them as `Summary; Detail` and users search for that exact wording. `code` is a
    stable identifier documented in docs/diagnostics.md (for example `NQ101`);
    `json_path` names the API job field the finding is about, when there is one.
    """

    severity: Severity
    summary: str
    detail: str = ""
    span: Span | None = None
    code: str = ""
    json_path: str | None = None
    hint: str | None = None

    @property
    def message(self) -> str:
        """`Summary; Detail` as Nomad prints an HCL diagnostic, or the summary alone."""
        return f"{self.summary}; {self.detail}" if self.detail else self.summary

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class DiagnosticError(Exception):
    """Raised by a core stage that cannot go on; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))
