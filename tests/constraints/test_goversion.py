"""go-version and Nomad semver semantics, from vectors written after their test tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nomadqemu.constraints.goversion import (
    VersionError,
    compare,
    parse_constraints,
    parse_semver_constraints,
    parse_version,
)

VECTORS: dict[str, Any] = json.loads((Path(__file__).parent / "vectors.json").read_text())


@pytest.mark.parametrize(("constraint", "version", "expected"), VECTORS["version_constraints"])
def test_version_constraint(constraint: str, version: str, expected: bool) -> None:
    assert parse_constraints(constraint).matches(parse_version(version)) is expected


@pytest.mark.parametrize(("constraint", "version", "expected"), VECTORS["semver_constraints"])
def test_semver_constraint(constraint: str, version: str, expected: bool) -> None:
    try:
        result = parse_semver_constraints(constraint).matches(parse_version(version))
    except VersionError:
        result = False
    assert result is expected


@pytest.mark.parametrize(("left", "right", "expected"), VECTORS["version_compare"])
def test_compare(left: str, right: str, expected: int) -> None:
    assert compare(parse_version(left), parse_version(right)) == expected
    assert compare(parse_version(right), parse_version(left)) == -expected


@pytest.mark.parametrize("text", VECTORS["invalid_versions"])
def test_invalid_version(text: str) -> None:
    with pytest.raises(VersionError, match="malformed version"):
        parse_version(text)


@pytest.mark.parametrize(("text", "message"), VECTORS["invalid_constraints"])
def test_invalid_constraint_message(text: str, message: str) -> None:
    with pytest.raises(VersionError) as info:
        parse_constraints(text)
    assert str(info.value) == message


def test_semver_rejects_pessimistic_and_missing_dash() -> None:
    with pytest.raises(VersionError) as info:
        parse_semver_constraints("~> 1.0")
    assert str(info.value) == "Malformed constraint: ~> 1.0"
    with pytest.raises(VersionError):
        parse_semver_constraints(">= 1.0.0beta")
    assert parse_version("1.0.0beta").prerelease == "beta"


def test_segment_overflow_is_go_error() -> None:
    with pytest.raises(VersionError, match="value out of range"):
        parse_version("99999999999999999999.0")


def test_padding_and_string_form() -> None:
    version = parse_version("v1.2-rc.1+meta")
    assert version.segments == (1, 2, 0)
    assert version.specificity == 2
    assert str(version) == "1.2.0-rc.1+meta"
