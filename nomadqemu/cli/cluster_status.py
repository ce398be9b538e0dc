"""`nomadqemu status`: the layout of `nomad job status` for one job."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from nomadqemu.api.markup import paint
from nomadqemu.api.watch import short
from nomadqemu.cli.cluster_render import deployment_text, format_kv, format_list

_SUMMARY = ("Queued", "Starting", "Running", "Failed", "Complete", "Lost", "Unknown")


def _submit_date(nanos: Any) -> str:
    if not isinstance(nanos, int) or nanos <= 0:
        return ""
    moment = datetime.datetime.fromtimestamp(nanos / 1e9).astimezone()
    return moment.isoformat(timespec="seconds")


def _bool(value: Any) -> str:
    return "true" if value else "false"


def status_text(
    job: Mapping[str, Any], summary: Any, deployment: Any, allocs: Any, id_length: int
) -> str:
    datacenters = job.get("Datacenters") or []
    parts = [
        format_kv(
            [
                ("ID", str(job.get("ID") or "")),
                ("Name", str(job.get("Name") or "")),
                ("Submit Date", _submit_date(job.get("SubmitTime"))),
                ("Type", str(job.get("Type") or "")),
                ("Priority", str(job.get("Priority") or 0)),
                ("Datacenters", ",".join(str(d) for d in datacenters)),
                ("Namespace", str(job.get("Namespace") or "default")),
                ("Node Pool", str(job.get("NodePool") or "default")),
                ("Status", str(job.get("Status") or "")),
                ("Periodic", _bool(job.get("Periodic"))),
                ("Parameterized", _bool(job.get("ParameterizedJob"))),
            ]
        )
    ]
    groups = summary.get("Summary") if isinstance(summary, Mapping) else None
    if isinstance(groups, Mapping) and groups:
        rows = [["Task Group", *_SUMMARY]]
        for name in sorted(groups):
            counts = groups[name] if isinstance(groups[name], Mapping) else {}
            rows.append([str(name), *(str(counts.get(k) or 0) for k in _SUMMARY)])
        parts.append(f"Summary\n{format_list(rows)}")
    if isinstance(deployment, Mapping):
        parts.append("Latest Deployment\n" + paint(deployment_text(deployment, id_length), False))
    if isinstance(allocs, list) and allocs:
        rows = [["ID", "Node ID", "Task Group", "Version", "Desired", "Status"]]
        for alloc in sorted(allocs, key=lambda a: -int(a.get("CreateIndex") or 0)):
            rows.append(
                [
                    short(str(alloc.get("ID") or ""), id_length),
                    short(str(alloc.get("NodeID") or ""), id_length),
                    str(alloc.get("TaskGroup") or ""),
                    str(alloc.get("JobVersion") or 0),
                    str(alloc.get("DesiredStatus") or ""),
                    str(alloc.get("ClientStatus") or ""),
                ]
            )
        parts.append(f"Allocations\n{format_list(rows)}")
    else:
        parts.append("Allocations\nNo allocations placed")
    return "\n\n".join(parts)


def resolve_job_id(client: Any, given: str) -> str | None:
    """The job `given` names, exactly or as the only match of a prefix (as `nomad job
    status` and `nomad job stop` accept); None after printing why not."""
    from nomadqemu.api import endpoints
    from nomadqemu.cli.errors import click_echo_err

    stubs = endpoints.jobs(client, given).data
    matches = [s for s in stubs if isinstance(s, Mapping)] if isinstance(stubs, list) else []
    exact = [s for s in matches if s.get("ID") == given]
    if exact or len(matches) == 1:
        return str((exact or matches)[0].get("ID"))
    if not matches:
        click_echo_err(f'No job(s) with prefix or ID "{given}" found')
        return None
    rows = [["ID", "Type", "Priority", "Status"]]
    rows += [[str(s.get(k) or "") for k in ("ID", "Type", "Priority", "Status")] for s in matches]
    click_echo_err(f"Prefix matched multiple jobs\n\n{format_list(rows)}")
    return None
