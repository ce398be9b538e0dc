"""Runs every check on one job and reports what could not be checked."""

from __future__ import annotations

from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.records import frozen_record
from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.jobview import get_str, groups, tasks
from nomadqemu.validate.placement import (
    check_node,
    check_qemu_driver,
    check_static_traps,
    uses_qemu,
)
from nomadqemu.validate.plugin_policy import check_policy
from nomadqemu.validate.qemu_config import check_config
from nomadqemu.validate.qemu_task import SOCKET_LIMITS, check_task, truthy
from nomadqemu.validate.reporter import Reporter, SpanLookup


@frozen_record
class JobResult:
    diagnostics: tuple[Diagnostic, ...]
    not_verified: tuple[str, ...]


def task_env(job: dict[str, Any], group: dict[str, Any], task: dict[str, Any]) -> dict[str, str]:
    """Task environment variables whose values are known before placement."""
    env = {
        "NOMAD_TASK_NAME": get_str(task, "Name"),
        "NOMAD_GROUP_NAME": get_str(group, "Name"),
        "NOMAD_JOB_NAME": get_str(job, "Name") or get_str(job, "ID"),
        "NOMAD_JOB_ID": get_str(job, "ID"),
        "NOMAD_REGION": get_str(job, "Region", "global"),
        "NOMAD_NAMESPACE": get_str(job, "Namespace", "default"),
    }
    raw_env = task.get("Env")
    if isinstance(raw_env, dict):
        for key, value in raw_env.items():
            if isinstance(value, str) and "${" not in value:
                env[str(key)] = value
    return env


def validate_job(
    job: dict[str, Any], span_for: SpanLookup, filename: str, ctx: ValidationContext
) -> JobResult:
    report = Reporter(span_for, filename)
    not_verified: list[str] = []

    from nomadqemu.validate.jobrules import check_job_rules

    check_job_rules(job, ctx, report)
    check_static_traps(job, ctx.nomad_version.rejects_driver_targets, report)

    needs_data_dir = False
    for group, gpath in groups(job):
        for task, tpath in tasks(group, gpath):
            if get_str(task, "Driver") != "qemu":
                continue
            config = check_config(task.get("Config"), f"{tpath}.Config", ctx.nomad_version, report)
            if config is None:
                continue
            check_task(task, tpath, group, config, ctx, report=report)
            if ctx.client is not None:
                env = task_env(job, group, task)
                check_policy(config, f"{tpath}.Config", env, ctx, client=ctx.client, report=report)
            if (
                truthy(config.get("graceful_shutdown")) or truthy(config.get("guest_agent"))
            ) and ctx.platform in SOCKET_LIMITS:
                needs_data_dir = True

    qemu = uses_qemu(job)
    if ctx.client is None:
        if qemu:
            not_verified.append(
                "client plugin policy (image_paths, args_allowlist, emulators_allowlist): "
                "no client config"
            )
    elif needs_data_dir and ctx.client.alloc_root is None:
        not_verified.append("socket path length: the client config sets no data_dir")
    if needs_data_dir and ctx.client is None:
        not_verified.append("socket path length: no client config (data_dir)")

    if ctx.node is not None:
        label = f'"{ctx.node.name}"' if ctx.node.name else "(fingerprint)"
        check_node(job, ctx.node, label, report)
        if qemu:
            check_qemu_driver(job, ctx.node, label, report)
    else:
        not_verified.append("constraints and affinities: no node fingerprint")

    return JobResult(tuple(report.diagnostics), tuple(not_verified))
