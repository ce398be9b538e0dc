"""Constraint and affinity operators exactly as Nomad's scheduler evaluates them.

Mirrors `checkConstraint` in `scheduler/feasible/feasible.go`: targets resolve to
strings (a missing target is the empty string and "not found"), `=` needs both sides
found, `!=` is plain inequality of the resolved strings, the ordering operators try
int64, then float64, then byte-wise string comparison.
"""

from __future__ import annotations

import math
import re

from nomadqemu.constraints.goregexp import RegexpError, search
from nomadqemu.constraints.goversion import (
    VersionError,
    parse_constraints,
    parse_semver_constraints,
    parse_version,
)

DISTINCT_HOSTS = "distinct_hosts"
DISTINCT_PROPERTY = "distinct_property"
ORDERING = ("<", "<=", ">", ">=")
EQUALITY = ("=", "==", "is")
INEQUALITY = ("!=", "not")

_INT_RE = re.compile(r"[+-]?[0-9]+\Z", re.ASCII)
# Go's ParseFloat: decimal or hex floats, optional exponent, `_` only between digits
# (not allowed in base 10 here), "inf"/"infinity"/"nan" in any case.
_FLOAT_RE = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+"
    r"|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])\Z",
    re.ASCII,
)


def go_parse_int(text: str) -> int | None:
    """Go `strconv.ParseInt(text, 10, 64)`, or None."""
    if not _INT_RE.match(text):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


def go_parse_float(text: str) -> float | None:
    """Go `strconv.ParseFloat(text, 64)`, or None (out-of-range is an error in Go too)."""
    if not _FLOAT_RE.match(text):
        return None
    body = text.lstrip("+-")
    try:
        value = float.fromhex(text) if body[:2].lower() == "0x" else float(text)
    except (ValueError, OverflowError):
        return None
    lowered = body.lower()
    if math.isinf(value) and not lowered.startswith("inf"):
        return None  # Go reports "value out of range"
    return value


def _compare(op: str, left: float | str, right: float | str) -> bool:
    if op == "<":
        return left < right  # type: ignore[operator]  # both sides share a type
    if op == "<=":
        return left <= right  # type: ignore[operator]  # both sides share a type
    if op == ">":
        return left > right  # type: ignore[operator]  # both sides share a type
    if op == ">=":
        return left >= right  # type: ignore[operator]  # both sides share a type
    return False


def ordering_kind(left: str, right: str) -> str:
    """How Nomad compares the pair: "int", "float" or "lexical"."""
    if go_parse_int(left) is not None and go_parse_int(right) is not None:
        return "int"
    if go_parse_float(left) is not None and go_parse_float(right) is not None:
        return "float"
    return "lexical"


def check_order(op: str, left: str, right: str) -> bool:
    kind = ordering_kind(left, right)
    if kind == "int":
        return _compare(op, go_parse_int(left) or 0, go_parse_int(right) or 0)
    if kind == "float":
        return _compare(op, go_parse_float(left) or 0.0, go_parse_float(right) or 0.0)
    # Byte-wise: Python compares code points, which orders UTF-8 strings identically.
    return _compare(op, left, right)


def check_version(left: str, right: str, *, semver: bool) -> bool:
    try:
        version = parse_version(left)
        constraints = parse_semver_constraints(right) if semver else parse_constraints(right)
    except VersionError:
        return False
    return constraints.matches(version)


def _items(text: str) -> set[str]:
    return {part.strip() for part in text.split(",")}


def check_set_contains_all(left: str, right: str) -> bool:
    have = _items(left)
    return all(item.strip() in have for item in right.split(","))


def check_set_contains_any(left: str, right: str) -> bool:
    have = _items(left)
    return any(item.strip() in have for item in right.split(","))


def check_regexp(left: str, right: str) -> bool:
    try:
        return search(right, left)
    except RegexpError:
        return False


def check_constraint(
    operand: str, left: str, right: str, left_found: bool, right_found: bool
) -> bool:
    """Nomad's `checkConstraint` for string targets (missing targets resolve to "")."""
    both = left_found and right_found
    if operand in (DISTINCT_HOSTS, DISTINCT_PROPERTY):
        return True  # enforced by other scheduler iterators, not per node
    if operand in EQUALITY:
        return both and left == right
    if operand in INEQUALITY:
        return left != right
    if operand in ORDERING:
        return both and check_order(operand, left, right)
    if operand == "is_set":
        return left_found
    if operand == "is_not_set":
        return not left_found
    if operand == "version":
        return both and check_version(left, right, semver=False)
    if operand == "semver":
        return both and check_version(left, right, semver=True)
    if operand == "regexp":
        return both and check_regexp(left, right)
    if operand in ("set_contains", "set_contains_all"):
        return both and check_set_contains_all(left, right)
    if operand == "set_contains_any":
        return both and check_set_contains_any(left, right)
    return False
