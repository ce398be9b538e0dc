"""`nomadqemu inspect`: print the API job exactly as `nomad job run -output` does."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from nomadqemu.cli.cluster_options import connection_options, pop_connection_flags
from nomadqemu.cli.errors import EXIT_FINDINGS, fail, guarded, print_diagnostics
from nomadqemu.cli.options import var_options


@click.command()
@var_options
@click.option("--canonical", is_flag=True, help="Print the job after api.Job.Canonicalize.")
@click.option("--json", "json_input", is_flag=True, help="JOBFILE is API JSON, not HCL.")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
@click.option(
    "-hcl2-strict",
    "--hcl2-strict",
    "strict",
    type=click.BOOL,
    default=True,
    metavar="BOOL",
    help="Undeclared variables given by -var or -var-file are errors (default true).",
)
@click.option("--server", is_flag=True, help="Compare with the cluster's own parse.")
@connection_options
@click.argument("jobfile")
def inspect(  # noqa: PLR0917  # click passes every option by keyword and position
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    canonical: bool,
    json_input: bool,
    debug: bool,
    strict: bool,
    server: bool,
    jobfile: str,
    **connection: Any,
) -> None:
    """Parse JOBFILE ("-": standard input) and print the job as `nomad job run -output` does."""
    flags = pop_connection_flags(connection)
    if server:
        text = guarded(debug, lambda: _render(jobfile, arg_vars, var_files, False, json_input))
        from nomadqemu.cli.inspect_server import compare_with_server

        code = guarded(
            debug, lambda: compare_with_server(flags, jobfile, arg_vars, var_files, text)
        )
        sys.exit(code)
    text = guarded(
        debug,
        lambda: _render(jobfile, arg_vars, var_files, canonical, json_input, strict=strict),
    )
    sys.stdout.write(text)


def _render(
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
