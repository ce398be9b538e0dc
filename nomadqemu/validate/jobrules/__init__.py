"""Nomad's server-side job rules (`Job.Validate` and friends) over the sparse API job."""

from __future__ import annotations

from typing import Any

from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.jobrules.job import check_job
from nomadqemu.validate.reporter import Reporter


def check_job_rules(job: dict[str, Any], ctx: ValidationContext, report: Reporter) -> None:
    check_job(job, ctx.nomad_version.rejects_driver_targets, report)


__all__ = ["check_job_rules"]
