"""`/v1/job/:id/plan` of the double: a diff in Nomad's shape and the placement dry-run.

Nomad diffs every field; the double diffs top-level scalars, group counts and task
`Config` entries, which is enough to exercise every branch of a diff renderer.
"""

from __future__ import annotations

from typing import Any

from tests.api.nomad_double.state import Cluster, canonical

_SCALARS = ("Type", "Priority", "Datacenters", "NodePool")
_CONFIG = "forces create/destroy update"


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(_flat(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _field(name: str, old: Any, new: Any, annotations: list[str] | None = None) -> dict[str, Any]:
    kind = "Added" if old is None else "Deleted" if new is None else "Edited"
    if _flat(old) == _flat(new):
        kind = "None"
    return {
        "Type": kind,
        "Name": name,
        "Old": _flat(old),
        "New": _flat(new),
        "Annotations": annotations,
    }


def _task_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    if old is None:
        return {
            "Type": "Added",
            "Name": new["Name"],
            "Fields": [],
            "Objects": [],
            "Annotations": ["forces create"],
        }
    fields = []
    old_config, new_config = old.get("Config") or {}, new.get("Config") or {}
    for key in sorted(set(old_config) | set(new_config)):
        if _flat(old_config.get(key)) != _flat(new_config.get(key)):
            fields.append(_field(key, old_config.get(key), new_config.get(key), [_CONFIG]))
    objects = (
        [{"Type": "Edited", "Name": "Config", "Fields": fields, "Objects": []}] if fields else []
    )
    return {
        "Type": "Edited" if fields else "None",
        "Name": new["Name"],
        "Fields": [],
        "Objects": objects,
        "Annotations": [_CONFIG] if fields else None,
    }


def plan(cluster: Cluster, sent: dict[str, Any], namespace: str) -> dict[str, Any]:
    job = canonical(sent)
    existing = cluster.jobs.get((namespace, str(job.get("ID"))))
    old_groups = {g["Name"]: g for g in (existing or {}).get("TaskGroups") or []}
    group_diffs, desired = [], {}
    for group in job.get("TaskGroups") or []:
        count = int(group.get("Count") if group.get("Count") is not None else 1)
        old = old_groups.get(group["Name"])
        if old is None:
            tasks = [_task_diff(None, t) for t in group.get("Tasks") or []]
            group_diffs.append(
                {
                    "Type": "Added",
                    "Name": group["Name"],
                    "Fields": [],
                    "Objects": [],
                    "Tasks": tasks,
                    "Updates": {"create": count},
                }
            )
            desired[group["Name"]] = {"Place": count, "Ignore": 0, "DestructiveUpdate": 0}
            continue
        old_tasks = {t["Name"]: t for t in old.get("Tasks") or []}
        tasks = [_task_diff(old_tasks.get(t["Name"]), t) for t in group.get("Tasks") or []]
        changed = any(t["Type"] != "None" for t in tasks)
        fields = []
        old_count = int(old.get("Count") if old.get("Count") is not None else 1)
        if old_count != count:
            fields.append(_field("Count", old_count, count))
        kind = "Edited" if changed or fields else "None"
        updates = {"create/destroy update": count} if changed else {"ignore": count}
        group_diffs.append(
            {
                "Type": kind,
                "Name": group["Name"],
                "Fields": fields,
                "Objects": [],
                "Tasks": tasks,
                "Updates": updates,
            }
        )
        desired[group["Name"]] = {
            "Place": max(count - old_count, 0),
            "Ignore": 0 if changed else count,
            "DestructiveUpdate": count if changed else 0,
        }
    job_fields = []
    if existing is not None:
        job_fields = [
            f
            for f in (_field(k, existing.get(k), job.get(k)) for k in _SCALARS)
            if f["Type"] != "None"
        ]
    if existing is None:
        job_type = "Added"
    elif job_fields or any(g["Type"] != "None" for g in group_diffs):
        job_type = "Edited"
    else:
        job_type = "None"
    failed = cluster.placement_failures(job)
    return {
        "JobModifyIndex": existing["JobModifyIndex"] if existing else 0,
        "CreatedEvals": None,
        "Diff": {
            "Type": job_type,
            "ID": job.get("ID"),
            "Fields": job_fields,
            "Objects": [],
            "TaskGroups": group_diffs,
        },
        "Annotations": {"DesiredTGUpdates": desired, "PreemptedAllocs": None},
        "FailedTGAllocs": failed or None,
        "NextPeriodicLaunch": "0001-01-01T00:00:00Z",
        "Warnings": "",
    }
