"""Every job file of the shared conformance suite parses without a syntax error."""

from __future__ import annotations

from pathlib import Path

import pytest

from nomadqemu.hcl import parse_file

CONFORMANCE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"


def _job_files() -> list[Path]:
    if not CONFORMANCE.is_dir():
        return []
    return sorted(
        p
        for p in [*CONFORMANCE.glob("*.nomad"), *CONFORMANCE.glob("fmt/*.nomad")]
        if not p.name.startswith("err_")
    )


@pytest.mark.conformance
def test_conformance_job_files_parse() -> None:
    files = _job_files()
    if not files:
        pytest.skip("no ../shared/conformance here")
    failures = {}
    for path in files:
        _, diagnostics = parse_file(path.read_bytes(), path.name)
        errors = [d.message for d in diagnostics if d.is_error]
        if errors:
            failures[path.name] = errors[0]
    assert failures == {}
