"""`Constraint.Validate`, `Affinity.Validate`, `Spread.Validate` and the attribute check."""

from __future__ import annotations

from typing import Any

from nomadqemu.constraints.goregexp import RegexpError, compile_go
from nomadqemu.constraints.goversion import (
    VersionError,
    parse_constraints,
    parse_semver_constraints,
)
from nomadqemu.validate.jobview import get_int, get_list, get_str
from nomadqemu.validate.reporter import Reporter

_COMPARE = ("=", "==", "is", "!=", "not", "<", "<=", ">", ">=")
_SET = ("set_contains", "set_contains_all", "set_contains_any")
_EXACT_TARGETS = (
    "${node.unique.id}",
    "${node.datacenter}",
    "${node.unique.name}",
    "${node.class}",
    "${node.pool}",
)
_PREFIX_TARGETS = ("${attr.", "${device.", "${meta.")


def attribute_error(target: str) -> str | None:
    """`validateConstraintAttribute` (Nomad 2.0, nomad/structs/constraint.go)."""
    if not target.startswith("$"):
        return None
    if not target.startswith("${"):
        return f'attribute "{target}" is missing an opening brace'
    if not target.endswith("}"):
        return f'attribute "{target}" is missing a closing brace'
    if target in _EXACT_TARGETS or target.startswith(_PREFIX_TARGETS):
        return None
    return f'unsupported attribute "{target}"'


def _rtarget_errors(operand: str, rtarget: str, kind: str) -> list[str]:
    noun = "constraint" if kind == "Constraint" else "affinity"
    errors: list[str] = []
    if operand == "regexp":
        try:
            compile_go(rtarget)
        except RegexpError as exc:
            errors.append(f"Regular expression failed to compile: {exc}")
    elif operand == "version":
        try:
            parse_constraints(rtarget)
        except VersionError as exc:
            errors.append(f"Version {noun} is invalid: {exc}")
    elif operand == "semver":
        try:
            parse_semver_constraints(rtarget)
        except VersionError as exc:
            errors.append(f"Semver {noun} is invalid: {exc}")
    elif operand in _COMPARE and rtarget == "":
        errors.append(f'Operator "{operand}" requires an RTarget')
    return errors


def constraint_errors(item: dict[str, Any], check_attribute: bool) -> list[tuple[str, str]]:
    """(message, field) pairs for one constraint."""
    operand = get_str(item, "Operand")
    ltarget, rtarget = get_str(item, "LTarget"), get_str(item, "RTarget")
    errors: list[tuple[str, str]] = []
    if operand == "":
        errors.append(("Missing constraint operand", "Operand"))
    require_ltarget = True
    if operand == "distinct_hosts":
        require_ltarget = False
    elif operand in _SET:
        if rtarget == "":
            errors.append(("Set contains constraint requires an RTarget", "RTarget"))
    elif operand == "distinct_property":
        if rtarget != "":
            if not rtarget.isdigit() or not rtarget.isascii():
                errors.append(
                    (
                        f'Failed to convert RTarget "{rtarget}" to uint64: strconv.ParseUint: '
                        f'parsing "{rtarget}": invalid syntax',
                        "RTarget",
                    )
                )
            elif int(rtarget) < 1:
                errors.append(
                    (
                        f"Distinct Property must have an allowed count of 1 or greater: "
                        f"{int(rtarget)} < 1",
                        "RTarget",
                    )
                )
    elif operand in ("is_set", "is_not_set"):
        if rtarget != "":
            errors.append((f'Operator "{operand}" does not support an RTarget', "RTarget"))
    elif operand in ("regexp", "version", "semver") or operand in _COMPARE:
        errors.extend((m, "RTarget") for m in _rtarget_errors(operand, rtarget, "Constraint"))
    else:
        # An empty operand also lands here in Go, after "Missing constraint operand".
        errors.append((f'Unknown constraint type "{operand}"', "Operand"))
    if require_ltarget:
        if ltarget == "":
            errors.append(("no attribute provided but is required by operator", "LTarget"))
        elif check_attribute:
            message = attribute_error(ltarget)
            if message is not None:
                errors.append((message, "LTarget"))
    return errors


def check_constraints(
    owner: dict[str, Any], path: str, check_attribute: bool, report: Reporter, *, task: bool
) -> None:
    for i, item in enumerate(get_list(owner, "Constraints")):
        if not isinstance(item, dict):
            continue
        ipath = f"{path}.Constraints[{i}]"
        for message, fieldname in constraint_errors(item, check_attribute):
            hint = None
            if message.startswith('unsupported attribute "${driver.'):
                hint = 'use "${attr.' + get_str(item, "LTarget")[2:] + '"'
            report.add("NQ108", message, f"{ipath}.{fieldname}", hint=hint)
        operand = get_str(item, "Operand")
        if task and operand in ("distinct_hosts", "distinct_property"):
            report.add(
                "NQ108",
                f"Constraint {i + 1} has disallowed Operand at task level: {operand}",
                f"{ipath}.Operand",
            )


def check_affinities(owner: dict[str, Any], path: str, system: bool, report: Reporter) -> None:
    items = owner.get("Affinities")
    if system:
        if items is not None:
            report.add("NQ109", "System jobs may not have an affinity block", f"{path}.Affinities")
        return
    for i, item in enumerate(get_list(owner, "Affinities")):
        if not isinstance(item, dict):
            continue
        ipath = f"{path}.Affinities[{i}]"
        operand = get_str(item, "Operand")
        rtarget = get_str(item, "RTarget")
        if operand in _SET:
            if rtarget == "":
                report.add("NQ109", "Set contains operators require an RTarget", f"{ipath}.RTarget")
        elif operand in ("regexp", "version", "semver") or operand in _COMPARE:
            for message in _rtarget_errors(operand, rtarget, "Affinity"):
                report.add("NQ109", message, f"{ipath}.RTarget")
        else:
            report.add("NQ109", f'Unknown affinity operator "{operand}"', f"{ipath}.Operand")
        if get_str(item, "LTarget") == "":
            report.add("NQ109", "No LTarget provided but is required", ipath)
        # Canonicalize sets an unset weight to 50.
        weight = get_int(item, "Weight", 50) if item.get("Weight") is not None else 50
        if weight == 0:
            report.add("NQ109", "Affinity weight cannot be zero", f"{ipath}.Weight")
        if weight > 100 or weight < -100:
            report.add(
                "NQ109", "Affinity weight must be within the range [-100,100]", f"{ipath}.Weight"
            )


def check_spreads(owner: dict[str, Any], path: str, system: bool, report: Reporter) -> None:
    items = owner.get("Spreads")
    if system:
        if items is not None:
            report.add("NQ109", "System jobs may not have a spread block", f"{path}.Spreads")
        return
    for i, item in enumerate(get_list(owner, "Spreads")):
        if not isinstance(item, dict):
            continue
        ipath = f"{path}.Spreads[{i}]"
        if get_str(item, "Attribute") == "":
            report.add("NQ109", "Missing spread attribute", ipath)
        weight = get_int(item, "Weight", 50) if item.get("Weight") is not None else 50
        if weight <= 0 or weight > 100:
            report.add(
                "NQ109",
                "Spread block must have a positive weight from 0 to 100",
                f"{ipath}.Weight",
            )
        seen: set[str] = set()
        total = 0
        for j, target in enumerate(get_list(item, "SpreadTarget")):
            value = get_str(target, "Value")
            tpath = f"{ipath}.SpreadTarget[{j}]"
            if value in seen:
                report.add("NQ109", f'Spread target value "{value}" already defined', tpath)
            seen.add(value)
            percent = get_int(target, "Percent")
            if percent > 100:
                report.add(
                    "NQ109",
                    f'Spread target percentage for value "{value}" must be between 0 and 100',
                    f"{tpath}.Percent",
                )
            total += percent
        if total > 100:
            report.add(
                "NQ109",
                f"Sum of spread target percentages must not be greater than 100%; got {total}%",
                ipath,
            )
