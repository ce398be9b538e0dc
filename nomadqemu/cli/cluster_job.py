"""The shared first half of `plan` and `push`: parse, validate, build what is sent."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nomadqemu.api.connection import Connection, resolve_connection
from nomadqemu.api.endpoints import Submission
from nomadqemu.cli.errors import click_echo_err, print_diagnostics


class JobRejected(Exception):  # control flow: the messages are already printed
    """The job file cannot be parsed or fails validation."""


@dataclass(frozen=True)
class PreparedJob:
    api_job: dict[str, Any]  # the full job, as `nomad job run -output` prints it
    submission: Submission
    job_hash: str
    path: str


def job_hash(encoded: str) -> str:
    """Identifies the exact job a plan was made for."""
    return "sha256:" + hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def prepare(path: str, arg_vars: Sequence[str], var_files: Sequence[str]) -> PreparedJob:
    """Parses and validates offline; prints findings and raises JobRejected on errors."""
    from nomadqemu.diagnostics.record import DiagnosticError
    from nomadqemu.gojson import encode_job
    from nomadqemu.jobspec import load_job
    from nomadqemu.jobspec.load import is_json

    try:
        parsed = load_job(path, arg_vars=arg_vars, var_files=var_files, environ=os.environ)
    except DiagnosticError as exc:
        print_diagnostics(exc.diagnostics, Path(path).name)
        click_echo_err(f"Error getting job struct: {path}: the job file cannot be parsed")
        raise JobRejected from None
    findings = list(parsed.diagnostics) + _validate(parsed.job, parsed.source_map.span_for, path)
    print_diagnostics([d for d in findings if not d.is_error], Path(path).name)
    errors = [d for d in findings if d.is_error]
    if errors:
        print_diagnostics(errors, Path(path).name)
        click_echo_err(f"Job validation failed: {len(errors)} error(s); nothing was sent")
        raise JobRejected
    encoded = encode_job(parsed.job)
    variables = ""
    for var_file in var_files:
        variables += Path(var_file).read_text(encoding="utf-8") + "\n"
    from nomadqemu.jobspec.config import arg_var_pairs

    submission = Submission(
        source=parsed.source.decode("utf-8", "replace"),
        format="json" if is_json(parsed.source) else "hcl2",
        variable_flags=arg_var_pairs(arg_vars),
        variables=variables,
    )
    return PreparedJob(json.loads(encoded)["Job"], submission, job_hash(encoded), path)


def _validate(job: dict[str, Any], span_for: Any, path: str) -> list[Any]:
    """Nomad's job rules and the qemu rules; constraints are the cluster's business."""
    from nomadqemu.settings import load_settings
    from nomadqemu.validate.context import ValidationContext
    from nomadqemu.validate.driver_version import newest, parse_nomad_version
    from nomadqemu.validate.engine import validate_job

    settings = load_settings(Path.cwd(), {})
    version = parse_nomad_version(settings.nomad_version) if settings.nomad_version else newest()
    result = validate_job(job, span_for, path, ValidationContext(nomad_version=version))
    return [d for d in result.diagnostics if d.code not in settings.disable]


def connection(flags: dict[str, Any], job: dict[str, Any] | None = None) -> Connection:
    conn = resolve_connection(flags, os.environ)
    return conn.for_job(job) if job is not None else conn
