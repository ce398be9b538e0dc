"""Failures of `load_job`, carrying both the diagnostics and Nomad's own error text."""

from __future__ import annotations

from collections.abc import Iterable

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError


def go_diagnostic_text(diag: Diagnostic) -> str:
    """Go's `hcl.Diagnostic.Error()`: `range: Summary; Detail` (`<nil>` without a range)."""
    where = diag.span.hcl_range() if diag.span is not None else "<nil>"
    return f"{where}: {diag.summary}; {diag.detail}"


def go_diagnostics_text(diags: list[Diagnostic]) -> str:
    """Go's `hcl.Diagnostics.Error()`: the first one, then how many others."""
    if not diags:
        return "no diagnostics"
    first = go_diagnostic_text(diags[0])
    if len(diags) == 1:
        return first
    return f"{first}, and {len(diags) - 1} other diagnostic(s)"


def go_joined_text(diags: list[Diagnostic]) -> str:
    """How `jobspec2.decode` reports errors while decoding the body: one per line."""
    return "\n".join(go_diagnostic_text(d) for d in diags)


class JobspecError(DiagnosticError):
    """`load_job` failed. `nomad_text` is the error Nomad's parser returns for this input."""

    def __init__(self, diagnostics: Iterable[Diagnostic], nomad_text: str) -> None:
        super().__init__(diagnostics)
        self.nomad_text = nomad_text


class JobFileError(JobspecError):
    """The job file itself could not be read (Nomad reports this before parsing)."""

    before_parsing = True
