"""Findings as immutable records; rendering lives in `diagnostics.render`."""

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError, Severity

__all__ = ["Diagnostic", "DiagnosticError", "Severity"]
