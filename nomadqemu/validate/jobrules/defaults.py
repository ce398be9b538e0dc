"""The defaults `api.Job.Canonicalize` and the server fill in before `Job.Validate`.

Rules read the sparse job through these, so a field the user never wrote is judged
at the value Nomad would judge it at.
"""

from __future__ import annotations

from typing import Any

from nomadqemu.validate.jobview import get_dict, get_str

SECOND = 10**9
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


def job_type(job: dict[str, Any]) -> str:
    return get_str(job, "Type", "service") if job.get("Type") is not None else "service"


def restart_policy(job: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    """Group restart merged over the job type's default (api/tasks.go)."""
    if job_type(job) in ("service", "system"):
        base: dict[str, Any] = {
            "Attempts": 2,
            "Interval": 30 * MINUTE,
            "Delay": 15 * SECOND,
            "Mode": "fail",
        }
    else:
        base = {"Attempts": 3, "Interval": 24 * HOUR, "Delay": 15 * SECOND, "Mode": "fail"}
    return _merge(base, get_dict(group, "RestartPolicy"))


def task_restart_policy(
    job: dict[str, Any], group: dict[str, Any], task: dict[str, Any]
) -> dict[str, Any]:
    return _merge(restart_policy(job, group), get_dict(task, "RestartPolicy"))


def reschedule_policy(job: dict[str, Any], group: dict[str, Any]) -> dict[str, Any] | None:
    kind = job_type(job)
    if kind == "service":
        base: dict[str, Any] = {
            "Attempts": 0,
            "Interval": 0,
            "Delay": 30 * SECOND,
            "DelayFunction": "exponential",
            "MaxDelay": HOUR,
            "Unlimited": True,
        }
    elif kind == "batch":
        base = {
            "Attempts": 1,
            "Interval": 24 * HOUR,
            "Delay": 5 * SECOND,
            "DelayFunction": "constant",
            "MaxDelay": 0,
            "Unlimited": False,
        }
    else:
        merged = _merge({}, get_dict(job, "Reschedule"))
        merged = _merge(merged, get_dict(group, "ReschedulePolicy"))
        return merged or None
    merged = _merge(base, get_dict(job, "Reschedule"))
    return _merge(merged, get_dict(group, "ReschedulePolicy"))


DEFAULT_UPDATE: dict[str, Any] = {
    "Stagger": 30 * SECOND,
    "MaxParallel": 1,
    "HealthCheck": "checks",
    "MinHealthyTime": 10 * SECOND,
    "HealthyDeadline": 5 * MINUTE,
    "ProgressDeadline": 10 * MINUTE,
    "Canary": 0,
    "AutoRevert": False,
    "AutoPromote": False,
}


def update_strategy(job: dict[str, Any], group: dict[str, Any]) -> dict[str, Any] | None:
    """The group's effective update block, or None when it has none."""
    job_update = get_dict(job, "Update")
    group_update = get_dict(group, "Update")
    if job_update is None and group_update is None:
        if job_type(job) in ("service", "system"):
            return dict(DEFAULT_UPDATE)
        return None
    merged = _merge(dict(DEFAULT_UPDATE), job_update)
    return _merge(merged, group_update)


def explicit_update(job: dict[str, Any], group: dict[str, Any]) -> bool:
    return get_dict(job, "Update") is not None or get_dict(group, "Update") is not None


def _merge(base: dict[str, Any], over: dict[str, Any] | None) -> dict[str, Any]:
    result = dict(base)
    if over:
        for key, value in over.items():
            if value is not None:
                result[key] = value
    return result


def merge(base: dict[str, Any], over: dict[str, Any] | None) -> dict[str, Any]:
    return _merge(base, over)
