"""A job file turned into the sparse API job plus a way to find each field's span."""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic, DiagnosticError, Severity
from nomadqemu.span import Pos, Span

_LAST_STEP = re.compile(r"(\.[^.\[]+|\[\d+\])$")


def parent_path(path: str) -> str | None:
    """`$.A.B[0]` → `$.A.B` → `$.A` → `$` → None."""
    if path == "$":
        return None
    trimmed = _LAST_STEP.sub("", path)
    return trimmed if trimmed != path else None


@dataclass(frozen=True)
class JobSource:
    filename: str
    job: dict[str, Any] | None
    diagnostics: tuple[Diagnostic, ...] = ()
    spans: Mapping[str, Span] = field(default_factory=dict)
    source_map: Any = None  # a jobspec SourceMap, when the job came from HCL

    def span_for(self, path: str) -> Span | None:
        if self.source_map is not None:
            span: Span | None = self.source_map.span_for(path)
            return span
        current: str | None = path
        while current is not None:
            if current in self.spans:
                return self.spans[current]
            current = parent_path(current)
        return None


def _file_span(filename: str) -> Span:
    return Span(filename, Pos(1, 1, 0), Pos(1, 1, 0))


def load_json_job(text: str, filename: str) -> JobSource:
    """API JSON, as `nomad job run -json` decodes it, then checked against the job schema."""
    from nomadqemu.jobspec.api_json import decode_api_json
    from nomadqemu.jobspec.sourcemap import SourceMap
    from nomadqemu.validate.json_input import decoder_findings, schema_findings

    result = decode_api_json(text, filename)
    decoded = decoder_findings(result.diagnostics)
    if any(d.code == "NQ004" for d in decoded):
        return JobSource(filename, None, tuple(decoded))
    known = {d.json_path for d in decoded if d.json_path}
    diagnostics = sorted(
        (*decoded, *schema_findings(text, filename, known)),
        key=lambda d: d.span.start.byte if d.span else 0,
    )
    # A job that does not decode fails `nomad job run -json` before any job rule runs.
    job = None if any(d.is_error for d in decoded) else result.job
    return JobSource(filename, job, tuple(diagnostics), source_map=SourceMap(dict(result.spans)))


def load_hcl_job(
    path: str,
    filename: str,
    arg_vars: Sequence[str],
    var_files: Sequence[str],
    environ: Mapping[str, str] | None,
) -> JobSource:
    try:
        # Imported by name: the jobspec package is another area of the project.
        load_job = importlib.import_module("nomadqemu.jobspec").load_job
    except (ImportError, AttributeError):
        diag = Diagnostic(
            Severity.ERROR,
            "HCL job files cannot be read by this build",
            "the jobspec package is missing; pass the job as API JSON",
            _file_span(filename),
            "NQ001",
        )
        return JobSource(filename, None, (diag,))
    try:
        parsed = load_job(path, arg_vars=arg_vars, var_files=var_files, environ=environ)
    except DiagnosticError as exc:
        return JobSource(filename, None, tuple(_coded(d) for d in exc.diagnostics))
    return JobSource(
        filename,
        parsed.job,
        tuple(_coded(d) for d in parsed.diagnostics),
        source_map=parsed.source_map,
    )


def _coded(diag: Diagnostic) -> Diagnostic:
    """Parser diagnostics carry their own code when they have one, else NQ001."""
    if diag.code:
        return diag
    from dataclasses import replace

    return replace(diag, code="NQ001")


def load_job_source(
    path: str,
    data: bytes,
    *,
    arg_vars: Sequence[str] = (),
    var_files: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    json_input: bool = False,
) -> JobSource:
    """API JSON with `json_input` (`--json`) or when the first non-space byte is `{`,
    otherwise HCL."""
    if json_input or data.lstrip()[:1] == b"{":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            diag = Diagnostic(
                Severity.ERROR,
                "Invalid JSON",
                f"the file is not UTF-8: {exc.reason}",
                _file_span(path),
                "NQ004",
            )
            return JobSource(path, None, (diag,))
        return load_json_job(text, path)
    return load_hcl_job(path, path, arg_vars, var_files, environ)
