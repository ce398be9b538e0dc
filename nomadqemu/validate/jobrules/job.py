"""`Job.Validate`, then every group and task."""

from __future__ import annotations

from typing import Any

from nomadqemu.validate.jobrules.defaults import job_type
from nomadqemu.validate.jobrules.group import check_group, group_count
from nomadqemu.validate.jobrules.placement_rules import (
    check_affinities,
    check_constraints,
    check_spreads,
)
from nomadqemu.validate.jobrules.task import check_task
from nomadqemu.validate.jobview import get_dict, get_list, get_str, groups, tasks
from nomadqemu.validate.reporter import Reporter

_TYPES = ("_core", "service", "batch", "system", "sysbatch")


def check_job(job: dict[str, Any], check_attr: bool, report: Reporter) -> None:
    job_id = get_str(job, "ID")
    if job.get("ID") is not None and job_id == "":
        report.add("NQ101", "Missing job ID", "$.ID")
    elif " " in job_id:
        report.add("NQ101", "Job ID contains a space", "$.ID")
    elif "\x00" in job_id:
        report.add("NQ101", "Job ID contains a null character", "$.ID")
    if job.get("ID") is None:
        report.add("NQ101", "Missing job ID", "$")
    kind = job_type(job)
    if job.get("Type") is not None and kind not in _TYPES:
        report.add("NQ101", f'Invalid job type: "{kind}"', "$.Type")
    for dc in get_list(job, "Datacenters"):
        if dc == "":
            report.add("NQ101", "Job datacenter must be non-empty string", "$.Datacenters")
    if not get_list(job, "TaskGroups"):
        report.add("NQ101", "Missing job task groups", "$")
    check_constraints(job, "$", check_attr, report, task=False)
    check_affinities(job, "$", kind == "system", report)
    check_spreads(job, "$", kind == "system", report)
    ui = get_dict(job, "UI")
    if ui is not None and len(get_str(ui, "Description").encode()) > 1000:
        size = len(get_str(ui, "Description").encode())
        report.add(
            "NQ101",
            f"UI description must be under 1000 characters, currently {size}",
            "$.UI.Description",
        )
    names: dict[str, int] = {}
    for i, group in enumerate(get_list(job, "TaskGroups")):
        if not isinstance(group, dict):
            continue
        gpath = f"$.TaskGroups[{i}]"
        name = get_str(group, "Name")
        if name == "":
            report.add("NQ102", f"Job task group {i + 1} missing name", gpath)
        elif name in names:
            report.add(
                "NQ102",
                f"Job task group {i + 1} redefines '{name}' from group {names[name] + 1}",
                f"{gpath}.Name",
            )
        else:
            names[name] = i
        count = group_count(group)
        if kind == "system" and count > 1:
            report.add(
                "NQ102",
                f"Job task group {name} has count {count}. Count cannot exceed 1 with system "
                "scheduler",
                f"{gpath}.Count",
            )
    for group, gpath in groups(job):
        check_group(job, group, gpath, check_attr, report)
        for task, tpath in tasks(group, gpath):
            check_task(job, group, gpath, task, tpath, check_attr=check_attr, report=report)
    if job.get("Periodic") is not None:
        periodic = get_dict(job, "Periodic") or {}
        enabled = periodic.get("Enabled") is not False
        if enabled and kind not in ("batch", "sysbatch"):
            report.add(
                "NQ114",
                'Periodic can only be used with "batch" or "sysbatch" scheduler',
                "$.Periodic",
            )
    if job.get("ParameterizedJob") is not None:
        if kind not in ("batch", "sysbatch"):
            report.add(
                "NQ114",
                'Parameterized job can only be used with "batch" or "sysbatch" scheduler',
                "$.ParameterizedJob",
            )
        payload = get_str(get_dict(job, "ParameterizedJob"), "Payload")
        if payload not in ("", "optional", "required", "forbidden"):
            report.add(
                "NQ114",
                f'Unknown payload requirement: "{payload}"',
                "$.ParameterizedJob.Payload",
            )
    _task_network_warning(job, report)


def _task_network_warning(job: dict[str, Any], report: Reporter) -> None:
    for group, gpath in groups(job):
        for task, tpath in tasks(group, gpath):
            if get_list(get_dict(task, "Resources"), "Networks"):
                report.add(
                    "NQ115",
                    "task network resources have been deprecated as of Nomad 0.12.0. "
                    "Please configure networking via group network block.",
                    f"{tpath}.Resources.Networks",
                    hint="the qemu driver still reads only task-level ports for port_map",
                )
