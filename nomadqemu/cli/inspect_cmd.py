"""`nomadqemu inspect`: print the API job exactly as `nomad job run -output` does."""

from __future__ import annotations

import sys
from typing import Any

import click

from nomadqemu.cli.cluster_options import connection_options, pop_connection_flags
from nomadqemu.cli.errors import guarded
from nomadqemu.cli.inspect_render import render as _render
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
