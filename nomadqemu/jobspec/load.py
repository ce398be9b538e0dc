"""`load_job`: a job file to the sparse API job, as `nomad job run -output` parses it.

Settings are those of the Nomad CLI: diagnostics name the file by its base name, the
filesystem functions are enabled and resolve against the current directory, and
`NOMAD_VAR_*` environment variables, var files and `-var` values are applied.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.gcpause import paused_gc
from nomadqemu.jobspec.config import JobConfig, VarFile, arg_var_pairs
from nomadqemu.jobspec.errors import (
    JobFileError,
    JobspecError,
    go_diagnostic_text,
    go_diagnostics_text,
    go_joined_text,
)
from nomadqemu.jobspec.hclbody import Body, SyntaxBody, error, has_errors
from nomadqemu.jobspec.lazyfuncs import LazyFunctions
from nomadqemu.jobspec.sourcemap import SourceMap
from nomadqemu.records import frozen_record
from nomadqemu.span import Pos, Span


@frozen_record
class ParsedJob:
    job: dict[str, Any]
    source_map: SourceMap
    diagnostics: tuple[Diagnostic, ...]
    filename: str
    source: bytes


def is_json(source: bytes) -> bool:
    """Nomad's test: the first byte that is not a space (only ' ') is `{`."""
    stripped = source.lstrip(b" ")
    return stripped[:1] == b"{"


def parse_body(source: bytes, filename: str) -> tuple[Body | None, list[Diagnostic]]:
    """HCL native syntax or, when the text starts with `{`, HCL's JSON syntax."""
    if is_json(source):
        from nomadqemu.jobspec.jsonbody import parse_json_body

        return parse_json_body(source, filename)
    from nomadqemu.hcl import parse_file

    tree, diags = parse_file(source, filename)
    if tree is None:
        return None, list(diags)
    start = Span(filename, Pos(1, 1, 0), Pos(1, 1, 0))
    return SyntaxBody(tree.body, start), list(diags)


def _read_bytes(path: str) -> bytes:
    # `open` rather than `pathlib.Path`: pathlib (with `urllib.parse`) is 4 ms of a cold
    # `nomadqemu inspect`, and nothing else on that path needs it.
    with open(path, "rb") as file:  # noqa: PTH123  (see above)
        return file.read()


def _read(path: str, display: str) -> bytes:
    try:
        return _read_bytes(path)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        diag = error("Failed to read file", f'failed to read "{path}": {reason}', None)
        # go-getter's wording for a local file it cannot stat.
        detail = f"source path error: stat {os.path.abspath(path)}: {reason}"  # noqa: PTH100  # Go's filepath.Abs
        raise JobFileError([diag], f'Error getting jobfile from "{display}": {detail}') from exc


def _var_files(paths: Sequence[str]) -> list[VarFile]:
    parsed: list[VarFile] = []
    for path in paths:
        try:
            text = _read_bytes(path)
        except OSError as exc:
            reason = f"open {path}: {(exc.strerror or str(exc)).lower()}"
            diag = error("Failed to read file", f'failed to read "{path}": {reason}', None)
            raise JobspecError(
                [diag], "unable to parse var file: " + go_diagnostic_text(diag)
            ) from exc
        body, diags = parse_body(text, path)
        if body is None or has_errors(diags):
            raise JobspecError(diags, "unable to parse var file: " + go_diagnostics_text(diags))
        parsed.append(VarFile(path, body))
    return parsed


def load_source(
    source: bytes,
    filename: str,
    *,
    arg_vars: Sequence[str] = (),
    var_files: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    strict: bool = True,
    base_dir: str = ".",
    allow_fs: bool = True,
) -> ParsedJob:
    """Decode job source named `filename` (the name diagnostics use)."""
    with paused_gc():
        return _load_source(
            source,
            filename,
            arg_vars=arg_vars,
            var_files=var_files,
            environ=environ,
            strict=strict,
            base_dir=base_dir,
            allow_fs=allow_fs,
        )


def _load_source(
    source: bytes,
    filename: str,
    *,
    arg_vars: Sequence[str],
    var_files: Sequence[str],
    environ: Mapping[str, str] | None,
    strict: bool,
    base_dir: str,
    allow_fs: bool,
) -> ParsedJob:
    from nomadqemu.jobspec.freeform import resolve
    from nomadqemu.jobspec.normalize import normalize_job

    body, diags = parse_body(source, filename)
    parsed_vars = _var_files(var_files)
    if body is None or has_errors(diags):
        raise JobspecError(diags, go_diagnostics_text(diags))
    config = JobConfig(LazyFunctions(base_dir, allow_fs), source, strict)
    env = dict(os.environ) if environ is None else environ
    diags += config.decode_body(body, env, parsed_vars, arg_var_pairs(arg_vars))
    if has_errors(diags):
        raise JobspecError(diags, go_joined_text(diags))
    ctx = config.job_context if config.job_context is not None else config.eval_context()
    for root, go_type in (
        (config.job, "api.Job"),
        (config.tasks, "[]*api.Task"),
        (config.vault, "*api.Vault"),
        (config.secrets, "[]*api.Secret"),
    ):
        diags += resolve(root, go_type, ctx, config.recorder)
    if has_errors(diags):
        raise JobspecError(diags, go_diagnostics_text(diags))
    normalize_job(config.job, config.job_id, config.tasks, config.vault, config.secrets or None)
    source_map = config.recorder.lazy_map(config.job)
    return ParsedJob(config.job, source_map, tuple(diags), filename, source)


def load_job(
    path: str,
    *,
    arg_vars: Sequence[str] = (),
    var_files: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    strict: bool = True,
) -> ParsedJob:
    """Parse the job file at `path` as `nomad job run -output` does.

    Raises `JobspecError` (a `DiagnosticError`) with the diagnostics and Nomad's own
    error text. `environ` defaults to the process environment (`NOMAD_VAR_*`).
    """
    source = _read(path, path)
    parsed = load_source(
        source,
        # The file's own name (what `Path(path).name` gives: `path` names a file read above).
        os.path.basename(path),  # noqa: PTH119  (see `_read_bytes`)
        arg_vars=arg_vars,
        var_files=var_files,
        environ=environ,
        strict=strict,
    )
    return ParsedJob(parsed.job, parsed.source_map, parsed.diagnostics, path, source)


def read_api_json(text: str, filename: str) -> ParsedJob:
    """API job JSON (`{"Job": …}` or a bare job), as `nomad job run -json` reads it.

    Raises `JobspecError` when the JSON does not decode into `api.Job`.
    """
    from nomadqemu.jobspec.api_json import decode_api_json

    result = decode_api_json(text, filename)
    errors = [d for d in result.diagnostics if d.is_error]
    if errors:
        first = errors[0]
        raise JobspecError(result.diagnostics, f"Failed to parse JSON job: {first.message}")
    return ParsedJob(
        result.job,
        SourceMap(dict(result.spans)),
        tuple(result.diagnostics),
        filename,
        text.encode("utf-8"),
    )
