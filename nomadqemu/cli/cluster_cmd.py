"""`nomadqemu plan`, `push`, `status` and `stop`: drive a Nomad cluster over its HTTP API.

Exit codes follow the `nomad` commands they mirror: plan 0 no changes, 1 changes,
255 error; push 0 success, 2 placement failure, 1 anything else; status and stop 0 or 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from nomadqemu.cli.cluster_options import command, connection_options, pop_connection_flags
from nomadqemu.cli.errors import click_echo_err
from nomadqemu.cli.options import var_options


def _guard(error_code: int, flags: dict[str, Any], action: Callable[[], int]) -> None:
    """Runs a command body; API and setting errors become a message and `error_code`.

    Anything unexpected is reported in one line (a bug), with every secret redacted:
    a traceback could carry the token.
    """
    from nomadqemu.api.errors import NomadError, redact
    from nomadqemu.api.transport import TLSSettingsError
    from nomadqemu.cli.cluster_job import JobRejected, connection
    from nomadqemu.settings import SettingsError
    from nomadqemu.validate.driver_version import NomadVersionError

    try:
        code = action()
    except JobRejected:
        code = error_code
    except (TLSSettingsError, SettingsError, NomadVersionError) as exc:
        click_echo_err(f"Error initializing client: {exc}")
        code = error_code
    except NomadError as exc:
        click_echo_err(f"Error: {exc}")
        code = error_code
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # the last line of defence, as in the other commands
        secrets = connection(flags).secrets()
        click_echo_err(
            f"nomadqemu: internal error: {type(exc).__name__}: {redact(str(exc), secrets)}"
        )
        code = error_code
    sys.exit(code)


def _client(flags: dict[str, Any], job: dict[str, Any] | None = None) -> Any:
    from nomadqemu.api.client import NomadClient
    from nomadqemu.cli.cluster_job import connection

    return NomadClient(connection(flags, job))


@command(usage_exit_code=255)
@var_options
@connection_options
@click.option("--json", "json_output", is_flag=True, help="Print Nomad's plan response as JSON.")
@click.option("--out", "out_file", metavar="PATH", help="Save the index and job hash for push.")
@click.option("-verbose", "--verbose", is_flag=True, help="Expand added and deleted objects.")
@click.option("-diff/-no-diff", "--diff/--no-diff", default=True, help="Show the diff.")
@click.option("-policy-override", "--policy-override", is_flag=True)
@click.argument("jobfile")
def plan(**kwargs: Any) -> None:
    """Dry-run JOBFILE on the cluster (exit 0 no changes, 1 changes, 255 error)."""
    flags = pop_connection_flags(kwargs)
    from nomadqemu.cli.cluster_plan import run_plan

    _guard(255, flags, lambda: run_plan(flags, **kwargs))


@command(usage_exit_code=1)
@var_options
@connection_options
@click.option(
    "--check-index",
    type=int,
    default=None,
    help="Register only if the job's modify index is still N (0: only if the job does not exist).",
)
@click.option("--plan", "plan_file", metavar="PATH", help="A file saved by `plan --out`.")
@click.option("-detach", "--detach", is_flag=True, help="Return after registering.")
@click.option("--json", "json_lines", is_flag=True, help="Progress as JSON lines.")
@click.option("-verbose", "--verbose", is_flag=True, help="Full identifiers.")
@click.option("-policy-override", "--policy-override", is_flag=True)
@click.option("-preserve-counts", "--preserve-counts", is_flag=True)
@click.option("-eval-priority", "--eval-priority", type=click.IntRange(0, 100), default=0)
@click.option("--wait", type=float, default=60.0, hidden=True, help="Blocking query wait (s).")
@click.argument("jobfile")
def push(**kwargs: Any) -> None:
    """Register JOBFILE and watch it deploy (exit 0 ok, 2 placement failure, 1 other)."""
    flags = pop_connection_flags(kwargs)
    _guard(1, flags, lambda: _push(flags, **kwargs))


def _push(
    flags: dict[str, Any],
    *,
    jobfile: str,
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    check_index: int | None,
    plan_file: str | None,
    detach: bool,
    json_lines: bool,
    verbose: bool,
    policy_override: bool,
    preserve_counts: bool,
    eval_priority: int,
    wait: float,
) -> int:
    from nomadqemu.api import endpoints
    from nomadqemu.api.errors import CheckIndexError, NomadError
    from nomadqemu.api.watch import Watcher
    from nomadqemu.cli.cluster_job import prepare
    from nomadqemu.cli.cluster_render import EventPrinter

    if check_index is not None and plan_file:
        click_echo_err("Error: --check-index and --plan cannot be combined")
        return 1
    prepared = prepare(jobfile, arg_vars, var_files)
    job = prepared.api_job
    with _client(flags, job) as client:
        if plan_file:
            check_index = _planned_index(plan_file, prepared.job_hash, client.conn)
            if check_index is None:
                return 1
        try:
            answer = endpoints.register(
                client,
                job,
                submission=prepared.submission,
                check_index=check_index,
                policy_override=policy_override,
                preserve_counts=preserve_counts,
                eval_priority=eval_priority,
            )
        except CheckIndexError as exc:
            click_echo_err(exc.conflict)
            click_echo_err("Job not updated")
            return 1
        except NomadError as exc:
            click_echo_err(f"Error submitting job: {exc}")
            return 1
        result = answer.data if isinstance(answer.data, dict) else {}
        eval_id = str(result.get("EvalID") or "")
        if result.get("Warnings"):
            sys.stdout.write(f"Job Warnings:\n{result['Warnings']}\n\n")
        # api.Job's IsPeriodic, IsParameterized and IsMultiregion.
        periodic = job.get("Periodic") is not None
        parameterized = job.get("ParameterizedJob") is not None
        multiregion = bool((job.get("Multiregion") or {}).get("Regions"))
        if detach or periodic or parameterized or multiregion or not eval_id:
            if json_lines:
                record = {
                    "event": "registered",
                    "job_id": job.get("ID"),
                    "eval_id": eval_id,
                    "job_modify_index": result.get("JobModifyIndex"),
                }
                sys.stdout.write(json.dumps(record) + "\n")
            else:
                sys.stdout.write("Job registration successful\n")
                if not parameterized and not periodic and eval_id:
                    sys.stdout.write(f"Evaluation ID: {eval_id}\n")
            return 0
        id_length = 0 if verbose else 8
        printer = EventPrinter(json_lines=json_lines, id_length=id_length)
        service = (job.get("Type") or "service") == "service"
        watcher = Watcher(
            client, printer, wait=wait, id_length=id_length, expects_deployment=service
        )
        return watcher.run(eval_id, str(job.get("ID")), int(result.get("JobModifyIndex") or 0))


def _planned_index(plan_file: str, current_hash: str, conn: Any) -> int | None:
    """The plan's index, or None (after saying why) when this push is not that plan's."""
    try:
        saved = json.loads(Path(plan_file).read_text(encoding="utf-8"))
        index, planned_hash = int(saved["JobModifyIndex"]), str(saved["JobHash"])
        where = (str(saved.get("Namespace") or ""), str(saved.get("Region") or ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        click_echo_err(f"Error reading plan file {plan_file}: {exc}")
        return None
    if where != (conn.namespace, conn.region):
        click_echo_err(
            f"The plan in {plan_file} was made for namespace {where[0] or '(default)'!r}, "
            f"region {where[1] or '(default)'!r}, not {conn.namespace or '(default)'!r}, "
            f"{conn.region or '(default)'!r}. Job not updated"
        )
        return None
    if planned_hash != current_hash:
        click_echo_err(
            f"The job differs from the one planned in {plan_file}; "
            "run `nomadqemu plan` again. Job not updated"
        )
        return None
    return index


@command(usage_exit_code=1)
@connection_options
@click.option("--json", "json_output", is_flag=True, help="Print the job as Nomad returns it.")
@click.option("-verbose", "--verbose", is_flag=True, help="Full identifiers.")
@click.argument("job_id")
def status(**kwargs: Any) -> None:
    """Show JOB_ID's status, summary, latest deployment and allocations."""
    flags = pop_connection_flags(kwargs)
    _guard(1, flags, lambda: _status(flags, **kwargs))


def _status(flags: dict[str, Any], *, job_id: str, json_output: bool, verbose: bool) -> int:
    from nomadqemu.api import endpoints
    from nomadqemu.cli.cluster_status import resolve_job_id, status_text

    with _client(flags) as client:
        found = resolve_job_id(client, job_id)
        if found is None:
            return 1
        job_id = found
        job = endpoints.job_info(client, job_id).data
        if json_output:
            sys.stdout.write(json.dumps(job, indent=4) + "\n")
            return 0
        summary = endpoints.job_summary(client, job_id).data
        deployment = endpoints.latest_deployment(client, job_id).data
        allocs = endpoints.job_allocations(client, job_id).data
    sys.stdout.write(status_text(job, summary, deployment, allocs, 0 if verbose else 8) + "\n")
    return 0


@command(usage_exit_code=1)
@connection_options
@click.option("-purge", "--purge", is_flag=True, help="Remove the job from Nomad's state.")
@click.option(
    "-global", "--global", "global_", is_flag=True, help="Stop a multiregion job in every region."
)
@click.option("-detach", "--detach", is_flag=True, help="Return without watching.")
@click.option("--json", "json_lines", is_flag=True, help="Progress as JSON lines.")
@click.option("-verbose", "--verbose", is_flag=True, help="Full identifiers.")
@click.option("-yes", "--yes", is_flag=True, help="Accepted for compatibility; never asks.")
@click.argument("job_id")
def stop(**kwargs: Any) -> None:
    """Stop JOB_ID (and with --purge remove it)."""
    flags = pop_connection_flags(kwargs)
    _guard(1, flags, lambda: _stop(flags, **kwargs))


def _stop(
    flags: dict[str, Any],
    *,
    job_id: str,
    purge: bool,
    global_: bool,
    detach: bool,
    json_lines: bool,
    verbose: bool,
    yes: bool,
) -> int:
    from nomadqemu.api import endpoints
    from nomadqemu.api.watch import Watcher
    from nomadqemu.cli.cluster_render import EventPrinter
    from nomadqemu.cli.cluster_status import resolve_job_id

    with _client(flags) as client:
        found = resolve_job_id(client, job_id)
        if found is None:
            return 1
        job_id = found
        result = endpoints.stop(client, job_id, purge=purge, global_=global_).data
        eval_id = str((result or {}).get("EvalID") or "")
        if detach or not eval_id:
            sys.stdout.write(f"{eval_id}\n")
            return 0
        id_length = 0 if verbose else 8
        printer = EventPrinter(json_lines=json_lines, id_length=id_length)
        watcher = Watcher(client, printer, id_length=id_length, expects_deployment=False)
        return watcher.run(eval_id, job_id)
