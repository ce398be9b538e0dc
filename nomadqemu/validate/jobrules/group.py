"""`TaskGroup.Validate`."""

from __future__ import annotations

from typing import Any

from nomadqemu.validate.jobrules.defaults import (
    explicit_update,
    job_type,
    reschedule_policy,
    restart_policy,
    update_strategy,
)
from nomadqemu.validate.jobrules.network import check_networks
from nomadqemu.validate.jobrules.placement_rules import (
    check_affinities,
    check_constraints,
    check_spreads,
)
from nomadqemu.validate.jobrules.policies import (
    check_migrate,
    check_reschedule,
    check_restart,
    check_update,
)
from nomadqemu.validate.jobview import get_bool, get_dict, get_int, get_list, get_str
from nomadqemu.validate.reporter import Reporter


def group_count(group: dict[str, Any]) -> int:
    if group.get("Count") is not None:
        return get_int(group, "Count")
    scaling = get_dict(group, "Scaling")
    if scaling is not None and scaling.get("Min") is not None:
        return get_int(scaling, "Min")
    return 1


def check_group(
    job: dict[str, Any], group: dict[str, Any], gpath: str, check_attr: bool, report: Reporter
) -> None:
    kind = job_type(job)
    name = get_str(group, "Name")
    if name == "":
        report.add("NQ102", "Missing task group name", gpath)
    elif "\x00" in name:
        report.add("NQ102", "Task group name contains null character", f"{gpath}.Name")
    count = group_count(group)
    if count < 0:
        report.add("NQ102", "Task group count can't be negative", f"{gpath}.Count")
    tasks = get_list(group, "Tasks")
    if not tasks:
        report.add("NQ102", "Missing tasks for task group", gpath)
    if group.get("MaxRunDuration") is not None:
        if get_int(group, "MaxRunDuration") <= 0:
            report.add(
                "NQ102", "MaxRunDuration must be greater than zero", f"{gpath}.MaxRunDuration"
            )
        if kind not in ("batch", "sysbatch"):
            report.add(
                "NQ102",
                f'Job type "{kind}" does not allow max_run_duration',
                f"{gpath}.MaxRunDuration",
            )
    check_constraints(group, gpath, check_attr, report, task=False)
    check_affinities(group, gpath, kind == "system", report)
    restart_path = f"{gpath}.RestartPolicy" if "RestartPolicy" in group else gpath
    check_restart(restart_policy(job, group), restart_path, report)
    check_spreads(group, gpath, kind == "system", report)
    if kind in ("system", "sysbatch"):
        if group.get("ReschedulePolicy") is not None or job.get("Reschedule") is not None:
            where = "ReschedulePolicy" if "ReschedulePolicy" in group else ""
            report.add(
                "NQ106",
                "System or sysbatch jobs should not have a reschedule policy",
                f"{gpath}.{where}" if where else "$.Reschedule",
            )
    else:
        policy = reschedule_policy(job, group)
        if policy is not None:
            where = f"{gpath}.ReschedulePolicy" if "ReschedulePolicy" in group else "$.Reschedule"
            check_reschedule(policy, where, report)
    disk = get_dict(group, "EphemeralDisk")
    if disk is not None and disk.get("SizeMB") is not None:
        size = get_int(disk, "SizeMB")
        if size < 10:
            report.add(
                "NQ102", f"minimum DiskMB value is 10; got {size}", f"{gpath}.EphemeralDisk.SizeMB"
            )
    if explicit_update(job, group):
        update = update_strategy(job, group)
        where = f"{gpath}.Update" if "Update" in group else "$.Update"
        if kind not in ("service", "system"):
            report.add("NQ107", f'Job type "{kind}" does not allow update block', where)
        elif update is not None:
            check_update(update, where, report)
    migrate = get_dict(group, "Migrate")
    job_migrate = get_dict(job, "Migrate")
    if kind == "service":
        if migrate is not None or job_migrate is not None:
            merged = {**(job_migrate or {}), **(migrate or {})}
            where = f"{gpath}.Migrate" if migrate is not None else "$.Migrate"
            check_migrate(merged, where, report)
    elif migrate is not None or job_migrate is not None:
        where = f"{gpath}.Migrate" if migrate is not None else "$.Migrate"
        report.add("NQ107", f'Job type "{kind}" does not allow migrate block', where)

    seen: dict[str, int] = {}
    leaders = 0
    mains = 0
    for i, task in enumerate(tasks):
        if not isinstance(task, dict):
            continue
        tname = get_str(task, "Name")
        tpath = f"{gpath}.Tasks[{i}]"
        if tname == "":
            report.add("NQ103", f"Task {i + 1} missing name", tpath)
        elif tname in seen:
            report.add(
                "NQ103",
                f"Task {i + 1} redefines '{tname}' from task {seen[tname] + 1}",
                f"{tpath}.Name",
            )
        else:
            seen[tname] = i
        if get_bool(task, "Leader"):
            leaders += 1
        lifecycle = get_dict(task, "Lifecycle")
        if lifecycle is None or get_str(lifecycle, "Hook") == "":
            mains += 1
    if leaders > 1:
        report.add("NQ102", "Only one task may be marked as leader", gpath)
    if tasks and mains == 0:
        report.add("NQ102", f"Task group {name} must have at least one main task", gpath)
    check_networks(group, gpath, report)
    volumes = get_dict(group, "Volumes") or {}
    for vname, volume in volumes.items():
        vtype = get_str(volume, "Type")
        if vtype not in ("host", "csi"):
            report.add(
                "NQ113",
                f"Task group volume validation for {vname} failed: "
                f"volume has unrecognized type {vtype}",
                f"{gpath}.Volumes.{vname}",
            )
