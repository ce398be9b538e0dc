"""The four output formats, on a real validation run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.clirun import run_nomadqemu

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "validate"


def _run(fmt: str, *files: str) -> str:
    done = run_nomadqemu("validate", "--fingerprint=none", f"--format={fmt}", *files, cwd=FIXTURES)
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_sarif_is_code_scanning_shaped() -> None:
    doc = json.loads(_run("sarif", "invalid/hcl_qemu_several.nomad"))
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    first = run["results"][0]
    assert first["ruleId"] in rules
    assert first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 41}
    artifact = first["locations"][0]["physicalLocation"]["artifactLocation"]
    # Relative to the repository holding the file (this checkout), not the working directory.
    if (ROOT / ".git").exists():
        assert artifact == {
            "uri": "fixtures/validate/invalid/hcl_qemu_several.nomad",
            "uriBaseId": "%SRCROOT%",
        }
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    else:
        assert artifact == {"uri": "invalid/hcl_qemu_several.nomad"}
    assert all(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"] >= 1 for r in run["results"]
    )


def test_sarif_paths_are_relative_to_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    jobs = tmp_path / "deploy" / "jobs"
    jobs.mkdir(parents=True)
    (jobs / "vm.nomad").write_bytes((FIXTURES / "invalid" / "job_id_space.nomad").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "nomadqemu", "validate", "--fingerprint=none"),
            *("--format=sarif", "--strict", "jobs/vm.nomad", "jobs/missing.nomad"),
        ],
        capture_output=True,
        text=True,
        cwd=jobs.parent,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    (run,) = json.loads(done.stdout)["runs"]
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]
    assert uris == ["deploy/jobs/vm.nomad", "deploy/jobs/missing.nomad"]
    # GitHub code scanning refuses results without a location: unlocated findings
    # (checks that could not run) are notifications of the run instead.
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes and all(n["message"]["text"].startswith("not verified: ") for n in notes)
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert all(r["ruleId"] in rules for r in run["results"])


def test_github_annotations() -> None:
    lines = _run("github", "invalid/hcl_qemu_several.nomad").splitlines()
    assert lines[0].startswith(
        "::error file=invalid/hcl_qemu_several.nomad,line=5,endLine=5,col=5,endColumn=41,"
        "title=NQ108::unsupported attribute"
    )
    assert any(line.startswith("::warning ") for line in lines)
    assert lines[-1].startswith("::notice title=not verified::")


def test_json_fields() -> None:
    data = json.loads(_run("json", "invalid/qemu_drive_interface.nomad"))
    (diag,) = data["diagnostics"]
    assert set(diag) == {
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "json_path",
        "hint",
    }
    assert diag["json_path"] == "$.TaskGroups[0].Tasks[0].Config.drive_interface"
    assert "not_verified" not in data


def test_text_keeps_hcl_summary_and_detail() -> None:
    out = _run("text", "invalid/qemu_unknown_key_suggestion.nomad")
    assert 'error[NQ202]: Invalid label; No argument or block type is named "image_pth".' in out
