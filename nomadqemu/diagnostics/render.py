"""Renderers by name; each turns a finished `Report` into the text to print."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from nomadqemu.diagnostics.record import Diagnostic

FORMATS = ("text", "json", "sarif", "github")


@dataclass(frozen=True)
class Report:
    """Every finding of a run, the sources they point into, and what went unchecked."""

    diagnostics: tuple[Diagnostic, ...]
    sources: Mapping[str, bytes] = field(default_factory=dict)
    not_verified: tuple[str, ...] = ()
    strict: bool = False
    tool_version: str = "0"
    # The repository's top directory, when known: SARIF names files relative to it.
    source_root: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def unlisted_not_verified(self) -> tuple[str, ...]:
        """What went unchecked and is not already a finding (`--strict` makes each one
        an NQ501 error), so line-oriented formats say it once."""
        listed = {d.message for d in self.diagnostics if d.code == "NQ501"}
        return tuple(i for i in self.not_verified if f"not verified: {i}" not in listed)


def renderer(name: str) -> Callable[[Report], str]:
    """Imported by name so a run pays only for the format it prints."""
    if name == "text":
        from nomadqemu.diagnostics.render_text import render_text

        return render_text
    if name == "json":
        from nomadqemu.diagnostics.render_json import render_json

        return render_json
    if name == "sarif":
        from nomadqemu.diagnostics.render_sarif import render_sarif

        return render_sarif
    if name == "github":
        from nomadqemu.diagnostics.render_github import render_github

        return render_github
    raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")


def position(diag: Diagnostic) -> tuple[str, int, int, int, int]:
    """(file, line, column, end line, end column); 1-based, columns in characters."""
    if diag.span is None:
        return "", 0, 0, 0, 0
    span = diag.span
    return (
        span.filename,
        span.start.line,
        span.start.column,
        span.end.line,
        span.end.column,
    )
