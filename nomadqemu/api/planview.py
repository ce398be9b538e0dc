"""The rest of `nomad job plan`'s output: the scheduler dry-run, the exit code, the
job modify index and the command to run next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nomadqemu.api.markup import mark
from nomadqemu.goquote import go_quote

EXIT_NO_CHANGES = 0
EXIT_CHANGES = 1
EXIT_ERROR = 255


def plan_exit_code(plan: Mapping[str, Any]) -> int:
    """`getExitCode`: a change is a non-"None" diff whose groups stop, place, migrate,
    destructively update or canary something."""
    diff = plan.get("Diff")
    if isinstance(diff, Mapping) and diff.get("Type") == "None":
        return EXIT_NO_CHANGES
    annotations = plan.get("Annotations")
    updates = annotations.get("DesiredTGUpdates") if isinstance(annotations, Mapping) else None
    for counts in (updates or {}).values():
        if not isinstance(counts, Mapping):
            continue
        keys = ("Stop", "Place", "Migrate", "DestructiveUpdate", "Canary")
        if sum(int(counts.get(k) or 0) for k in keys) > 0:
            return EXIT_CHANGES
    return EXIT_NO_CHANGES


def _counts(metrics: Mapping[str, Any], key: str) -> list[tuple[str, int]]:
    value = metrics.get(key)
    if not isinstance(value, Mapping):
        return []
    # Go prints map entries in random order; sorted output is stable for diffs and tests.
    return sorted((str(k), int(v or 0)) for k, v in value.items())


def format_alloc_metrics(metrics: Mapping[str, Any], prefix: str) -> str:
    """`formatAllocMetrics` without scores: why a group could not be placed."""
    lines: list[str] = []
    if not metrics.get("NodesEvaluated"):
        lines.append(f"{prefix}* No nodes were eligible for evaluation")
    for dc, available in _counts(metrics, "NodesAvailable"):
        if available == 0:
            lines.append(f"{prefix}* No nodes are available in datacenter {go_quote(dc)}")
    for name, count in _counts(metrics, "ClassFiltered"):
        lines.append(f"{prefix}* Class {go_quote(name)}: {count} nodes excluded by filter")
    for name, count in _counts(metrics, "ConstraintFiltered"):
        lines.append(f"{prefix}* Constraint {go_quote(name)}: {count} nodes excluded by filter")
    exhausted = int(metrics.get("NodesExhausted") or 0)
    if exhausted > 0:
        lines.append(f"{prefix}* Resources exhausted on {exhausted} nodes")
    for name, count in _counts(metrics, "ClassExhausted"):
        lines.append(f"{prefix}* Class {go_quote(name)} exhausted on {count} nodes")
    for name, count in _counts(metrics, "DimensionExhausted"):
        lines.append(f"{prefix}* Dimension {go_quote(name)} exhausted on {count} nodes")
    quota = metrics.get("QuotaExhausted")
    for dim in quota if isinstance(quota, list) else []:
        lines.append(f"{prefix}* Quota limit hit {go_quote(str(dim))}")
    return "\n".join(lines)


def failed_group_header(group: str, metrics: Mapping[str, Any]) -> str:
    coalesced = int(metrics.get("CoalescedFailures") or 0)
    noun = "allocations" if coalesced > 0 else "allocation"
    return f"Task Group {go_quote(group)} (failed to place {coalesced + 1} {noun}):"


def format_dry_run(plan: Mapping[str, Any], job: Mapping[str, Any]) -> str:
    """`formatDryRun`, without the periodic launch line (it needs the job's time zone)."""
    rolling = None
    evals = plan.get("CreatedEvals")
    for ev in evals if isinstance(evals, list) else []:
        if isinstance(ev, Mapping) and ev.get("TriggeredBy") == "rolling-update":
            rolling = ev
    failed = plan.get("FailedTGAllocs")
    if not isinstance(failed, Mapping) or not failed:
        out = f"{mark('bold')}{mark('green')}- All tasks successfully allocated.{mark('reset')}\n"
    else:
        what = "on all nodes" if job.get("Type") == "system" else "all allocations"
        if job.get("Type") == "system":
            out = f"{mark('bold')}{mark('yellow')}- WARNING: Failed to place allocations {what}."
        else:
            out = f"{mark('bold')}{mark('yellow')}- WARNING: Failed to place {what}."
        out += f"{mark('reset')}\n"
        for group in sorted(failed):
            metrics = failed[group] if isinstance(failed[group], Mapping) else {}
            header = failed_group_header(str(group), metrics)
            out += f"  {mark('yellow')}{header}\n{mark('reset')}"
            out += f"{mark('yellow')}{format_alloc_metrics(metrics, '    ')}{mark('reset')}\n\n"
        if rolling is None:
            out = out.removesuffix("\n")
    if rolling is not None:
        wait = _go_duration(int(rolling.get("Wait") or 0))
        out += f"{mark('green')}- Rolling update, next evaluation will be in {wait}.\n"
    return out.removesuffix("\n")


def _go_duration(nanos: int) -> str:
    """Go's `time.Duration.String` for whole milliseconds and up (enough for waits)."""
    if nanos == 0:
        return "0s"
    seconds, rest = divmod(nanos, 1_000_000_000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    frac = f"{rest / 1e9:.9f}"[1:].rstrip("0").rstrip(".") if rest else ""
    out = f"{seconds}{frac}s"
    if hours:
        return f"{hours}h{minutes}m{out}"
    if minutes:
        return f"{minutes}m{out}"
    return out


def run_command_hint(
    index: int, jobfile: str, arg_vars: Sequence[str], var_files: Sequence[str]
) -> str:
    """The ready-to-paste push with `--check-index`, repeating the variables."""
    args = "".join(f"-var={go_quote(v)} " for v in arg_vars)
    args += "".join(f"-var-file={go_quote(f)} " for f in var_files)
    return (
        f"{mark('reset')}{mark('bold')}Job Modify Index: {index}{mark('reset')}\n"
        "To submit the job with version verification run:\n\n"
        f"nomadqemu push --check-index {index} {args}{jobfile}\n\n"
        "When running the job with the check-index flag, the job will only be run if the\n"
        "job modify index given matches the server-side version. If the index has\n"
        "changed, another user has modified the job and the plan's results are\n"
        "potentially invalid."
    )
