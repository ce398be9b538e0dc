"""What `nomadqemu inspect` prints for a job file, without click.

Kept apart from the click command so that the plain command line (`nomadqemu inspect
FILE`, see `nomadqemu.cli.plain`) can run it without importing click.
"""

from __future__ import annotations

import os
import sys

from nomadqemu.cli.errors import EXIT_FINDINGS, fail, print_diagnostics


def render(
    jobfile: str,
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    canonical: bool,
    json_input: bool,
    *,
    strict: bool = True,
) -> str:
    from nomadqemu.diagnostics.record import DiagnosticError

    try:
        if json_input:
            from pathlib import Path

            from nomadqemu.jobspec.load import read_api_json

            try:
                content = Path(jobfile).read_text(encoding="utf-8")
            except OSError as exc:
                fail(f"Error getting job struct: Error opening file {jobfile!r}: {exc.strerror}")
            parsed = read_api_json(content, jobfile)
        elif jobfile == "-":
            from nomadqemu.jobspec.load import load_source

            # Nomad reads the job from standard input and names it "stdin".
            parsed = load_source(
                sys.stdin.buffer.read(),
                "stdin",
                arg_vars=arg_vars,
                var_files=var_files,
                environ=os.environ,
                strict=strict,
            )
        else:
            from nomadqemu.jobspec.load import load_job

            parsed = load_job(
                jobfile,
                arg_vars=arg_vars,
                var_files=var_files,
                environ=os.environ,
                strict=strict,
            )
    except DiagnosticError as exc:
        # `pathlib` (with `urllib.parse`) is 4 ms of a cold start: imported on errors only.
        from pathlib import Path

        print_diagnostics(exc.diagnostics, Path(jobfile).name)
        nomad_text = getattr(exc, "nomad_text", None) or str(exc)
        if json_input or getattr(exc, "before_parsing", False):
            fail(f"Error getting job struct: {nomad_text}")
        fail(f"Error getting job struct: Error parsing job file from {jobfile}:\n{nomad_text}")
    if canonical:
        from nomadqemu.jobspec.canonical import encode_canonical

        return encode_canonical(parsed.job)
    from nomadqemu.gojson import encode_job

    try:
        return encode_job(parsed.job)
    except ValueError as exc:
        fail(f"Error converting job: {exc}", EXIT_FINDINGS)
