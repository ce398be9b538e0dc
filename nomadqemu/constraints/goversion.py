"""Versions and version constraints with hashicorp/go-version's semantics.

Nomad's `version` constraint operator parses the node attribute leniently (optional
`v`, any number of segments padded to three, prerelease, `+metadata`) and the right
side as a comma-separated AND of `= != > < >= <= ~>` clauses. The `semver` operator
(Nomad's `helper/constraints/semver`) uses the same version type but strict parsing
of its constraint values, no `~>`, and no prerelease filtering. Error texts keep
Go's wording because Nomad embeds them in its validation messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from nomadqemu.records import frozen_record

# go-version's raw pattern, shared by the lenient and the strict parser; the only
# difference is whether a prerelease needs its `-` separator.
_CORE = r"v?([0-9]+(\.[0-9]+)*?)"
_BUILD = r"(\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))?"
_LENIENT_PRE = (
    r"(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)"
    r"|(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?"
)
_STRICT_PRE = (
    r"(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)"
    r"|(-([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?"
)
VERSION_PATTERN = _CORE + _LENIENT_PRE + _BUILD
SEMVER_PATTERN = _CORE + _STRICT_PRE + _BUILD

# `\Z` rather than `$`: Go's `$` never matches before a trailing newline. ASCII makes
# `\s` mean Go's `[\t\n\f\r ]` (plus \v, which Go's RE2 `\s` lacks; see _GO_SPACE).
_VERSION_RE = re.compile(VERSION_PATTERN + r"\Z", re.ASCII)
_SEMVER_RE = re.compile(SEMVER_PATTERN + r"\Z", re.ASCII)
_GO_SPACE = r"[\t\n\f\r ]"
_OPS = r"<=|>=|!=|~>|<|>|=|"
_CONSTRAINT_RE = re.compile(
    rf"{_GO_SPACE}*({_OPS}){_GO_SPACE}*({VERSION_PATTERN}){_GO_SPACE}*\Z", re.ASCII
)
_SEMVER_OPS = r"<=|>=|!=|<|>|=|"
_SEMVER_CONSTRAINT_RE = re.compile(
    rf"{_GO_SPACE}*({_SEMVER_OPS}){_GO_SPACE}*({SEMVER_PATTERN}){_GO_SPACE}*\Z", re.ASCII
)

_INT64_MAX = 2**63 - 1


class VersionError(ValueError):
    """A version or constraint string go-version rejects; `str()` is Go's error text."""


@frozen_record
class Version:
    """A parsed version: `segments` padded to at least three, `specificity` as written."""

    segments: tuple[int, ...]
    specificity: int
    prerelease: str
    metadata: str
    original: str

    def __str__(self) -> str:
        text = ".".join(str(s) for s in self.segments)
        if self.prerelease:
            text += "-" + self.prerelease
        if self.metadata:
            text += "+" + self.metadata
        return text


def _parse(text: str, pattern: re.Pattern[str]) -> Version:
    match = pattern.match(text)
    if match is None:
        raise VersionError(f"malformed version: {text}")
    parts = match.group(1).split(".")
    segments: list[int] = []
    for part in parts:
        value = int(part)
        if value > _INT64_MAX:
            # strconv.ParseInt's overflow error, wrapped as go-version wraps it.
            raise VersionError(
                f'error parsing version: strconv.ParseInt: parsing "{part}": value out of range'
            )
        segments.append(value)
    segments.extend([0] * (3 - len(segments)))
    prerelease = match.group(7) or match.group(4) or ""
    return Version(tuple(segments), len(parts), prerelease, match.group(10) or "", text)


@lru_cache(maxsize=1024)
def parse_version(text: str) -> Version:
    """go-version `NewVersion` (lenient)."""
    return _parse(text, _VERSION_RE)


@lru_cache(maxsize=1024)
def parse_semver(text: str) -> Version:
    """go-version `NewSemver` (a prerelease needs its `-`)."""
    return _parse(text, _SEMVER_RE)


def _parse_int64(text: str) -> int | None:
    """Go `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits only, in range."""
    if not re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII):
        return None
    value = int(text)
    return value if -(2**63) <= value <= _INT64_MAX else None


def _compare_part(left: str, right: str) -> int:
    if left == right:
        return 0
    left_int, right_int = _parse_int64(left), _parse_int64(right)
    if left == "":
        return -1 if right_int is not None else 1
    if right == "":
        return 1 if left_int is not None else -1
    if left_int is not None and right_int is None:
        return -1
    if left_int is None and right_int is not None:
        return 1
    if left_int is None and right_int is None and left > right:
        return 1
    # go-version compares the parsed ints here; for two strings that are not numbers
    # both are 0 in Go, so the result is -1, as below.
    if left_int is not None and right_int is not None and left_int > right_int:
        return 1
    return -1


def _compare_prereleases(left: str, right: str) -> int:
    if left == right:
        return 0
    left_parts, right_parts = left.split("."), right.split(".")
    for i in range(max(len(left_parts), len(right_parts))):
        a = left_parts[i] if i < len(left_parts) else ""
        b = right_parts[i] if i < len(right_parts) else ""
        result = _compare_part(a, b)
        if result:
            return result
    return 0


def compare(left: Version, right: Version) -> int:
    """go-version `Compare`: -1, 0 or 1."""
    if str(left) == str(right):
        return 0
    if left.segments == right.segments:
        if not left.prerelease and not right.prerelease:
            return 0
        if not left.prerelease:
            return 1
        if not right.prerelease:
            return -1
        return _compare_prereleases(left.prerelease, right.prerelease)
    longest = max(len(left.segments), len(right.segments))
    for i in range(longest):
        # A jagged comparison: the shorter side is greater only if the rest is non-zero.
        if i >= len(left.segments):
            return -1 if any(right.segments[i:]) else 0
        if i >= len(right.segments):
            return 1 if any(left.segments[i:]) else 0
        if left.segments[i] != right.segments[i]:
            return -1 if left.segments[i] < right.segments[i] else 1
    return 0


def _prerelease_ok(v: Version, c: Version) -> bool:
    """A prerelease version only satisfies an ordering against its own segments."""
    if v.prerelease and c.prerelease:
        return v.segments == c.segments
    return not (v.prerelease and not c.prerelease)


def _pessimistic(v: Version, c: Version) -> bool:
    if not _prerelease_ok(v, c) or (c.prerelease and not v.prerelease):
        return False
    if compare(v, c) < 0:
        return False
    count = len(c.segments)
    if count > len(v.segments):
        return False
    if any(v.segments[i] != c.segments[i] for i in range(c.specificity - 1)):
        return False
    return c.segments[count - 1] <= v.segments[count - 1]


Check = Callable[[Version, Version], bool]

_VERSION_CHECKS: dict[str, Check] = {
    "": lambda v, c: compare(v, c) == 0,
    "=": lambda v, c: compare(v, c) == 0,
    "!=": lambda v, c: compare(v, c) != 0,
    ">": lambda v, c: _prerelease_ok(v, c) and compare(v, c) == 1,
    "<": lambda v, c: _prerelease_ok(v, c) and compare(v, c) == -1,
    ">=": lambda v, c: _prerelease_ok(v, c) and compare(v, c) >= 0,
    "<=": lambda v, c: _prerelease_ok(v, c) and compare(v, c) <= 0,
    "~>": _pessimistic,
}

# Nomad's semver package orders with plain Compare: no prerelease filtering.
_SEMVER_CHECKS: dict[str, Check] = {
    "": lambda v, c: compare(v, c) == 0,
    "=": lambda v, c: compare(v, c) == 0,
    "!=": lambda v, c: compare(v, c) != 0,
    ">": lambda v, c: compare(v, c) == 1,
    "<": lambda v, c: compare(v, c) == -1,
    ">=": lambda v, c: compare(v, c) >= 0,
    "<=": lambda v, c: compare(v, c) <= 0,
}


@frozen_record
class Clause:
    operator: str
    version: Version
    original: str
    check: Check

    def matches(self, version: Version) -> bool:
        return self.check(version, self.version)


@frozen_record
class Constraints:
    """A comma-separated AND of clauses."""

    clauses: tuple[Clause, ...]

    def matches(self, version: Version) -> bool:
        return all(c.matches(version) for c in self.clauses)

    def failing(self, version: Version) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.matches(version))


@lru_cache(maxsize=512)
def parse_constraints(text: str) -> Constraints:
    """go-version `NewConstraint`; raises `VersionError` with Go's message."""
    clauses = []
    for single in text.split(","):
        match = _CONSTRAINT_RE.match(single)
        if match is None:
            raise VersionError(f"malformed constraint: {single}")
        version = parse_version(match.group(2))
        clauses.append(Clause(match.group(1), version, single, _VERSION_CHECKS[match.group(1)]))
    return Constraints(tuple(clauses))


@lru_cache(maxsize=512)
def parse_semver_constraints(text: str) -> Constraints:
    """Nomad's `semver.NewConstraint`; its message is capitalized, unlike go-version's."""
    clauses = []
    for single in text.split(","):
        match = _SEMVER_CONSTRAINT_RE.match(single)
        if match is None:
            raise VersionError(f"Malformed constraint: {single}")
        version = parse_semver(match.group(2))
        clauses.append(Clause(match.group(1), version, single, _SEMVER_CHECKS[match.group(1)]))
    return Constraints(tuple(clauses))
