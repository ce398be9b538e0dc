"""Every fixture job is validated through the real CLI; findings are compared exactly.

`fixtures/validate/{invalid,valid}/NAME.nomad|.json` is the job (HCL, or API JSON read
with `--json`), `NAME.flags` the command-line flags (paths relative to
fixtures/validate), `NAME.expected` one `CODE [FILE:]LINE:COL MESSAGE` line per finding,
in output order: FILE only when the finding is in another file than the job (a client
config), `-` for a finding with no position (strict mode's `not verified`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nomadqemu.cli.validate_cmd import validate

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "validate"


def _jobs(kind: str) -> list[Path]:
    return sorted(p for p in (ROOT / kind).iterdir() if p.suffix in (".json", ".nomad", ".hcl"))


def _run(job: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[dict[str, object]]]:
    monkeypatch.chdir(ROOT)
    flags = job.with_suffix(".flags").read_text().split()
    if job.suffix == ".json":
        flags.append("--json")
    result = CliRunner().invoke(validate, [*flags, "--format", "json", str(job.relative_to(ROOT))])
    data = json.loads(result.output)
    return result.exit_code, data["diagnostics"]


def _where(diag: dict[str, object], job: Path) -> str:
    if diag["line"] is None:
        return "-"
    where = f"{diag['line']}:{diag['column']}"
    if diag["file"] != str(job.relative_to(ROOT)):
        where = f"{diag['file']}:{where}"
    return where


def _lines(diagnostics: list[dict[str, object]], job: Path) -> list[str]:
    return [f"{d['code']} {_where(d, job)} {d['message']}" for d in diagnostics]


@pytest.mark.parametrize("job", _jobs("invalid"), ids=lambda p: p.stem)
def test_invalid_job_findings(job: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, diagnostics = _run(job, monkeypatch)
    expected = job.with_suffix(".expected").read_text().splitlines()
    assert expected, "an invalid fixture must expect at least one finding"
    assert _lines(diagnostics, job) == expected
    has_error = any(d["severity"] == "error" for d in diagnostics)
    assert code == (1 if has_error else 0)


@pytest.mark.parametrize("job", _jobs("valid"), ids=lambda p: p.stem)
def test_valid_job_has_no_errors(job: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, diagnostics = _run(job, monkeypatch)
    assert [d for d in diagnostics if d["severity"] == "error"] == []
    assert _lines(diagnostics, job) == job.with_suffix(".expected").read_text().splitlines()
    assert code == 0


def test_fixture_folder_covers_every_check() -> None:
    codes: set[str] = set()
    for expected in (ROOT / "invalid").glob("*.expected"):
        codes.update(line.split()[0] for line in expected.read_text().splitlines())
    invalid = _jobs("invalid")
    assert len(invalid) >= 60
    # The point is positions in HCL files, through the source map: most jobs are HCL.
    assert len([p for p in invalid if p.suffix == ".nomad"]) >= 60
    assert any(p.suffix == ".json" for p in invalid)
    for code in (
        "NQ201",
        "NQ202",
        "NQ203",
        "NQ204",
        "NQ205",
        "NQ206",
        "NQ207",
        "NQ208",
        "NQ209",
        "NQ210",
        "NQ301",
        "NQ303",
        "NQ304",
        "NQ305",
        "NQ401",
        "NQ402",
        "NQ403",
        "NQ404",
        "NQ405",
        "NQ406",
        "NQ501",
    ):
        assert code in codes, code


def test_fixture_folder_covers_every_driver_version_group() -> None:
    """One or more qemu findings under each of the four qemu driver generations."""
    from nomadqemu.validate.driver_version import newest, parse_nomad_version

    generations = set()
    for flags in (ROOT / "invalid").glob("*.flags"):
        expected = flags.with_suffix(".expected").read_text()
        if not any(line.startswith("NQ2") for line in expected.splitlines()):
            continue
        chosen = [f.split("=", 1)[1] for f in flags.read_text().split() if "--nomad-version" in f]
        version = parse_nomad_version(chosen[0]) if chosen else newest()
        generations.add(version.generation)
    assert len(generations) == 4
