"""The body of `nomadqemu plan`: one plan per region of a multiregion job, else one."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from nomadqemu.cli.errors import click_echo_err

EXIT_ERROR = 255


def planned_job_text(
    response: dict[str, Any], job: dict[str, Any], diff: bool, verbose: bool
) -> list[str]:
    """`outputPlannedJob`: the diff, the dry-run, warnings (with colour marks)."""
    from nomadqemu.api.markup import mark
    from nomadqemu.api.plandiff import render_job_diff
    from nomadqemu.api.planview import format_dry_run

    out: list[str] = []
    if diff and isinstance(response.get("Diff"), dict):
        out.append(render_job_diff(response["Diff"], verbose).strip() + "\n")
    out.append(f"{mark('bold')}Scheduler dry-run:{mark('reset')}")
    out.append(format_dry_run(response, job))
    out.append("")
    if response.get("Warnings"):
        out.append(
            f"{mark('bold')}{mark('yellow')}Job Warnings:\n{response['Warnings']}{mark('reset')}\n"
        )
    return out


def run_plan(
    flags: dict[str, Any],
    *,
    jobfile: str,
    arg_vars: Sequence[str],
    var_files: Sequence[str],
    json_output: bool,
    out_file: str | None,
    verbose: bool,
    diff: bool,
    policy_override: bool,
) -> int:
    from nomadqemu.api import endpoints
    from nomadqemu.api.client import NomadClient
    from nomadqemu.api.errors import NomadError
    from nomadqemu.api.markup import mark, paint
    from nomadqemu.api.planview import plan_exit_code, run_command_hint
    from nomadqemu.cli.cluster_job import connection, prepare

    prepared = prepare(jobfile, arg_vars, var_files)
    job = prepared.api_job
    conn = connection(flags, job)
    regions = [
        str(r.get("Name") or "")
        for r in (job.get("Multiregion") or {}).get("Regions") or []
        if isinstance(r, dict)
    ]
    responses: dict[str, dict[str, Any]] = {}
    failed = False
    # A multiregion job is planned once per region, as `nomad job plan` does.
    for region in regions or [conn.region]:
        target = replace(conn, region=region) if regions else conn
        with NomadClient(target) as client:
            try:
                answer = endpoints.plan(client, job, policy_override=policy_override)
            except NomadError as exc:
                where = f" for region {json.dumps(region)}" if regions else ""
                click_echo_err(f"Error during plan{where}: {exc}")
                failed = True
                continue
        responses[region] = answer.data if isinstance(answer.data, dict) else {}
    if failed:
        return EXIT_ERROR
    code = max(plan_exit_code(r) for r in responses.values())
    if json_output:
        shown: Any = responses if regions else responses[conn.region]
        sys.stdout.write(json.dumps(shown, indent=4) + "\n")
    from nomadqemu.cli import color as colors

    color = colors.enabled(sys.stdout)
    out: list[str] = []
    for region in sorted(responses):
        if regions:
            out.append(f"{mark('bold')}Region: {json.dumps(region)}{mark('reset')}")
        out += planned_job_text(responses[region], job, diff, verbose)
    if not regions:
        response = responses[conn.region]
        index = int(response.get("JobModifyIndex") or 0)
        out.append(run_command_hint(index, jobfile, arg_vars, var_files))
        if out_file:
            saved = {
                "JobID": job.get("ID"),
                "Namespace": conn.namespace,
                "Region": conn.region,
                "JobModifyIndex": index,
                "JobHash": prepared.job_hash,
            }
            Path(out_file).write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    elif out_file:
        click_echo_err("Multiregion jobs return no job modify index; no plan file written")
    if not json_output:
        sys.stdout.write("\n".join(paint(line, color) for line in out) + "\n")
    return code
