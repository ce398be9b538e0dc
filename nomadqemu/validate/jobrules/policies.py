"""Restart, reschedule, update, migrate, ephemeral disk and log config rules."""

from __future__ import annotations

import math
from typing import Any

from nomadqemu.validate.jobview import get_bool, get_int, get_str
from nomadqemu.validate.jobview import go_duration as d
from nomadqemu.validate.reporter import Reporter

SECOND = 10**9


def check_restart(policy: dict[str, Any], path: str, report: Reporter) -> None:
    mode = get_str(policy, "Mode")
    attempts = get_int(policy, "Attempts")
    interval = get_int(policy, "Interval")
    delay = get_int(policy, "Delay")
    if mode not in ("delay", "fail"):
        report.add("NQ106", f'Unsupported restart mode: "{mode}"', f"{path}.Mode")
    if attempts == 0 and mode != "fail":
        report.add(
            "NQ106",
            f'Restart policy "{mode}" with {attempts} attempts is ambiguous',
            f"{path}.Attempts",
        )
    if interval < 5 * SECOND:
        report.add(
            "NQ106", f"Interval can not be less than 5s (got {d(interval)})", f"{path}.Interval"
        )
    if attempts * delay > interval:
        report.add(
            "NQ106",
            f"Nomad can't restart the TaskGroup {attempts} times in an interval of "
            f"{d(interval)} with a delay of {d(delay)}",
            path,
        )


def _viable(policy: dict[str, Any]) -> tuple[bool, int, int]:
    """`ReschedulePolicy.viableAttempts`."""
    attempts = get_int(policy, "Attempts")
    interval = get_int(policy, "Interval")
    delay = get_int(policy, "Delay")
    max_delay = get_int(policy, "MaxDelay")
    function = get_str(policy, "DelayFunction")
    possible, recommended, valid = 0, 0, True
    if function == "constant":
        recommended = attempts * delay
        if interval < recommended:
            possible = interval // delay if delay else 0
            valid = False
    elif function == "exponential":
        for i in range(attempts):
            next_delay = int(math.pow(2, i)) * delay
            if next_delay > max_delay:
                next_delay = max_delay
                recommended += next_delay
            else:
                recommended = next_delay
            if recommended < interval:
                possible += 1
        if possible < attempts:
            valid = False
    elif function == "fibonacci":
        slots: list[int] = [delay, delay]
        for i in range(attempts):
            if i >= 2:
                next_delay = min(slots[i - 1] + slots[i - 2], max_delay)
                slots.append(next_delay)
            recommended += slots[i] if i < len(slots) else 0
            if recommended < interval:
                possible += 1
        if possible < attempts:
            valid = False
    return valid, possible, recommended


def check_reschedule(policy: dict[str, Any], path: str, report: Reporter) -> None:
    attempts = get_int(policy, "Attempts")
    unlimited = get_bool(policy, "Unlimited")
    if not (attempts > 0 or unlimited):
        return
    interval = get_int(policy, "Interval")
    delay = get_int(policy, "Delay")
    max_delay = get_int(policy, "MaxDelay")
    function = get_str(policy, "DelayFunction")
    if attempts > 0:
        if interval <= 0:
            report.add(
                "NQ106", "Interval must be a non zero value if Attempts > 0", f"{path}.Interval"
            )
        if unlimited:
            report.add(
                "NQ106",
                f"Reschedule Policy with Attempts = {attempts}, Interval = {d(interval)}, "
                "and Unlimited = true is ambiguous",
                path,
            )
            report.add("NQ106", "If Attempts >0, Unlimited cannot also be set to true", path)
    pre_check = True
    if delay < 5 * SECOND:
        report.add("NQ106", f"Delay cannot be less than 5s (got {d(delay)})", f"{path}.Delay")
        pre_check = False
    if function not in ("constant", "exponential", "fibonacci"):
        report.add(
            "NQ106",
            f'Invalid delay function "{function}", must be one of '
            '["constant" "exponential" "fibonacci"]',
            f"{path}.DelayFunction",
        )
        pre_check = False
    if function != "constant":
        if max_delay < 5 * SECOND:
            report.add(
                "NQ106", f"Max Delay cannot be less than 5s (got {d(delay)})", f"{path}.MaxDelay"
            )
            pre_check = False
        if max_delay < delay:
            report.add(
                "NQ106",
                f"Max Delay cannot be less than Delay {d(delay)} (got {d(max_delay)})",
                f"{path}.MaxDelay",
            )
            pre_check = False
    if unlimited:
        return
    if interval < 15 * SECOND:
        report.add(
            "NQ106", f"Interval cannot be less than 15s (got {d(interval)})", f"{path}.Interval"
        )
    if not pre_check:
        return
    valid, possible, recommended = _viable(policy)
    if valid:
        return
    if function == "constant":
        report.add(
            "NQ106",
            f"Nomad can only make {possible} attempts in {d(interval)} with initial delay "
            f'{d(delay)} and delay function "{function}"',
            path,
        )
    else:
        report.add(
            "NQ106",
            f"Nomad can only make {possible} attempts in {d(interval)} with initial delay "
            f'{d(delay)}, delay function "{function}", and delay ceiling {d(max_delay)}',
            path,
        )
    rounded = (recommended + SECOND // 2) // SECOND * SECOND
    report.add(
        "NQ106",
        f"Set the interval to at least {d(rounded)} to accommodate {attempts} attempts",
        f"{path}.Interval",
    )


def check_update(update: dict[str, Any], path: str, report: Reporter) -> None:
    health = get_str(update, "HealthCheck")
    if health not in ("checks", "task_states", "manual"):
        report.add("NQ107", f'Invalid health check given: "{health}"', f"{path}.HealthCheck")
    max_parallel = get_int(update, "MaxParallel")
    canary = get_int(update, "Canary")
    min_healthy = get_int(update, "MinHealthyTime")
    deadline = get_int(update, "HealthyDeadline")
    progress = get_int(update, "ProgressDeadline")
    stagger = get_int(update, "Stagger")
    if max_parallel < 0:
        report.add(
            "NQ107",
            f"Max parallel can not be less than zero: {max_parallel} < 0",
            f"{path}.MaxParallel",
        )
    if canary < 0:
        report.add(
            "NQ107", f"Canary count can not be less than zero: {canary} < 0", f"{path}.Canary"
        )
    if canary == 0 and get_bool(update, "AutoPromote"):
        report.add(
            "NQ107",
            "Auto Promote requires a Canary count greater than zero",
            f"{path}.AutoPromote",
        )
    if min_healthy < 0:
        report.add(
            "NQ107",
            f"Minimum healthy time may not be less than zero: {d(min_healthy)}",
            f"{path}.MinHealthyTime",
        )
    if deadline <= 0:
        report.add(
            "NQ107",
            f"Healthy deadline must be greater than zero: {d(deadline)}",
            f"{path}.HealthyDeadline",
        )
    if progress < 0:
        report.add(
            "NQ107",
            f"Progress deadline must be zero or greater: {d(progress)}",
            f"{path}.ProgressDeadline",
        )
    if min_healthy >= deadline:
        report.add(
            "NQ107",
            f"Minimum healthy time must be less than healthy deadline: {d(min_healthy)} > "
            f"{d(deadline)}",
            f"{path}.MinHealthyTime",
        )
    if progress != 0 and deadline >= progress:
        report.add(
            "NQ107",
            f"Healthy deadline must be less than progress deadline: {d(deadline)} > {d(progress)}",
            f"{path}.HealthyDeadline",
        )
    if stagger <= 0:
        report.add("NQ107", f"Stagger must be greater than zero: {d(stagger)}", f"{path}.Stagger")


def check_migrate(migrate: dict[str, Any], path: str, report: Reporter) -> None:
    max_parallel = get_int(migrate, "MaxParallel", 1)
    health = get_str(migrate, "HealthCheck", "checks")
    min_healthy = get_int(migrate, "MinHealthyTime", 10 * SECOND)
    deadline = get_int(migrate, "HealthyDeadline", 300 * SECOND)
    if max_parallel < 0:
        report.add(
            "NQ107", f"MaxParallel must be >= 0 but found {max_parallel}", f"{path}.MaxParallel"
        )
    if health == "" and max_parallel > 0:
        report.add("NQ107", "Missing HealthCheck", f"{path}.HealthCheck")
    elif health not in ("", "checks", "task_states"):
        report.add("NQ107", f'Invalid HealthCheck: "{health}"', f"{path}.HealthCheck")
    if min_healthy < 0:
        report.add(
            "NQ107",
            f"MinHealthyTime is {d(min_healthy)} and must be >= 0",
            f"{path}.MinHealthyTime",
        )
    if deadline < 0:
        report.add(
            "NQ107",
            f"HealthyDeadline is {d(deadline)} and must be >= 0",
            f"{path}.HealthyDeadline",
        )
    if min_healthy > deadline:
        report.add(
            "NQ107", "MinHealthyTime must be less than HealthyDeadline", f"{path}.MinHealthyTime"
        )
