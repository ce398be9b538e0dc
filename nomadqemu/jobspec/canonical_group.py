"""`api.TaskGroup.Canonicalize`: group defaults and the job-to-group merges (`api/tasks.go`)."""

from __future__ import annotations

import copy

from nomadqemu.jobspec.canonical_base import (
    HOUR,
    MINUTE,
    SECOND,
    Struct,
    child,
    default,
    default_blank,
    merge_set,
    structs,
)
from nomadqemu.jobspec.canonical_service import canonicalize_service
from nomadqemu.jobspec.canonical_task import RESTART_KEYS, canonicalize_task

UPDATE_KEYS = (
    "Stagger",
    "MaxParallel",
    "HealthCheck",
    "MinHealthyTime",
    "HealthyDeadline",
    "ProgressDeadline",
    "AutoRevert",
    "Canary",
    "AutoPromote",
)
RESCHEDULE_KEYS = ("Interval", "Attempts", "Delay", "DelayFunction", "MaxDelay", "Unlimited")
MIGRATE_KEYS = ("MaxParallel", "HealthCheck", "MinHealthyTime", "HealthyDeadline")
DEFAULT_MIGRATE = {
    "MaxParallel": 1,
    "HealthCheck": "checks",
    "MinHealthyTime": 10 * SECOND,
    "HealthyDeadline": 5 * MINUTE,
}


def default_update() -> Struct:
    return {
        "Stagger": 30 * SECOND,
        "MaxParallel": 1,
        "HealthCheck": "checks",
        "MinHealthyTime": 10 * SECOND,
        "HealthyDeadline": 5 * MINUTE,
        "ProgressDeadline": 10 * MINUTE,
        "AutoRevert": False,
        "Canary": 0,
        "AutoPromote": False,
    }


def canonicalize_update(update: Struct) -> None:
    for key, value in default_update().items():
        default(update, key, value)


def update_is_empty(update: Struct | None) -> bool:
    """`UpdateStrategy.Empty`: nil, or every field unset or zero."""
    if update is None:
        return True
    return not any(update.get(key) for key in UPDATE_KEYS)


def default_reschedule(job_type: str) -> Struct:
    if job_type == "service":
        return {
            "Attempts": 0,
            "Interval": 0,
            "Delay": 30 * SECOND,
            "DelayFunction": "exponential",
            "MaxDelay": HOUR,
            "Unlimited": True,
        }
    if job_type == "batch":
        return {
            "Attempts": 1,
            "Interval": 24 * HOUR,
            "Delay": 5 * SECOND,
            "DelayFunction": "constant",
            "MaxDelay": 0,
            "Unlimited": False,
        }
    return {
        "Attempts": 0,
        "Interval": 0,
        "Delay": 0,
        "DelayFunction": "",
        "MaxDelay": 0,
        "Unlimited": False,
    }


def default_restart(job_type: str) -> Struct:
    # Service and system tasks retry a little and often; batch tasks fewer times a day.
    long_running = job_type in ("service", "system")
    return {
        "Interval": 30 * MINUTE if long_running else 24 * HOUR,
        "Attempts": 2 if long_running else 3,
        "Delay": 15 * SECOND,
        "Mode": "fail",
        "RenderTemplates": False,
    }


def inherit(
    job_block: Struct | None, group_block: Struct | None, keys: tuple[str, ...]
) -> Struct | None:
    """The job's block with the group's set fields over it, or the group's when the job has none."""
    if job_block is None:
        return group_block
    merged = copy.deepcopy(job_block)
    merge_set(merged, group_block, keys)
    return merged


def canonicalize_group(group: Struct, job: Struct) -> None:
    job_type: str = job["Type"]
    default(group, "Name", "")
    scaling = child(group, "Scaling")
    if group.get("Count") is None:
        minimum = scaling.get("Min") if scaling is not None else None
        group["Count"] = int(minimum) if minimum is not None else 1
    if scaling is not None:
        default(scaling, "Enabled", True)
        default(scaling, "Min", group["Count"])
        default_blank(scaling, "Type", "horizontal")
    disk = child(group, "EphemeralDisk")
    if disk is None:
        disk = group["EphemeralDisk"] = {}
    default(disk, "Sticky", False)
    default(disk, "Migrate", False)
    default(disk, "SizeMB", 300)
    consul = child(group, "Consul")
    if consul is not None:
        # An unset group namespace follows the job's Consul namespace.
        if not consul.get("Namespace") and job.get("ConsulNamespace") is not None:
            consul["Namespace"] = job["ConsulNamespace"]
        default_blank(consul, "Cluster", "default")

    job_update = child(job, "Update")
    group_update = child(group, "Update")
    if job_update is not None and group_update is not None:
        group["Update"] = inherit(job_update, group_update, UPDATE_KEYS)
    elif job_update is not None and not update_is_empty(job_update):
        group["Update"] = copy.deepcopy(job_update)
    if child(group, "Update") is not None:
        canonicalize_update(group["Update"])

    reschedule = inherit(
        child(job, "Reschedule"), child(group, "ReschedulePolicy"), RESCHEDULE_KEYS
    )
    if reschedule is None and job_type not in ("system", "sysbatch"):
        reschedule = default_reschedule(job_type)
    if reschedule is not None:
        for key, value in default_reschedule(job_type).items():
            default(reschedule, key, value)
    group["ReschedulePolicy"] = reschedule

    migrate = inherit(child(job, "Migrate"), child(group, "Migrate"), MIGRATE_KEYS)
    if migrate is None and job_type == "service":
        migrate = {}
    if migrate is not None:
        for key, value in DEFAULT_MIGRATE.items():
            default(migrate, key, value)
    group["Migrate"] = migrate

    restart = default_restart(job_type)
    merge_set(restart, child(group, "RestartPolicy"), RESTART_KEYS)
    group["RestartPolicy"] = restart

    for task in structs(group, "Tasks"):
        canonicalize_task(task, group)
        for service in structs(task, "Services"):
            canonicalize_service(service, task, group, job)
    for spread in structs(group, "Spreads"):
        default(spread, "Weight", 50)
    for affinity in structs(group, "Affinities"):
        default(affinity, "Weight", 50)
    for service in structs(group, "Services"):
        canonicalize_service(service, None, group, job)
    disconnect = child(group, "Disconnect")
    if disconnect is not None:
        default(disconnect, "Replace", True)
        default(disconnect, "Reconcile", "best_score")
