"""`nomadqemu run`: run a job's qemu tasks on this machine as a Nomad client would."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from nomadqemu.cli.options import var_options

RUN_HELP = """Run the qemu tasks of JOB here, as a Nomad client would, with no agent.

Exit status: 0 when every task ended successfully or was stopped on request, 1 when a
task failed or could not start (or validation rejected the job), 2 usage, 130 after a
forced stop (a second Ctrl-C)."""


@click.command(help=RUN_HELP)
@click.argument("job", type=click.Path(dir_okay=False))
@var_options
@click.option("--nomad-version", help="Build the command line of this Nomad release (X.Y.Z).")
@click.option("--client-config", help="A Nomad client agent config: plugin policy, data_dir.")
@click.option("--alloc-dir", help="Create allocation dirs here (default: a fresh folder).")
@click.option("--keep", is_flag=True, help="Keep the allocation dirs after the run.")
@click.option("--dry-run", is_flag=True, help="Print each task's argv and env; start nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: print JSON.")
@click.option(
    "--accelerator", help="Override the accelerator locally (e.g. tcg); the argv then differs."
)
@click.option(
    "--forward-group-ports",
    is_flag=True,
    help="Also forward group network ports (Nomad ignores them: hashicorp/nomad#10033).",
)
@click.option("--no-validate", is_flag=True, help="Skip `nomadqemu validate` before running.")
def run(**options: Any) -> None:
    from nomadqemu.cli.run_main import main

    try:
        code = main(**options)
    except KeyboardInterrupt:
        click.echo("nomadqemu: interrupted", err=True)
        code = 130
    except SystemExit:
        raise
    except Exception as exc:  # the CLI's last line of defence: a short report, exit 3
        click.echo(f"nomadqemu: internal error: {type(exc).__name__}: {exc}", err=True)
        code = 3
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    sys.exit(code)
