"""`nomadqemu inspect` as a real process: output, error lines and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "jobs"


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NOMAD_VAR_")}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "nomadqemu", "inspect", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=environ,
        check=False,
    )


def test_prints_the_wrapped_job_with_four_space_indent() -> None:
    proc = run(str(FIXTURES / "qemu-basic.nomad"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('{\n    "Job": {\n        "Region": null,')
    assert proc.stdout.endswith("}\n")
    job = json.loads(proc.stdout)["Job"]
    assert job["TaskGroups"][0]["Tasks"][0]["Config"]["port_map"] == [{"ssh": 22}]


def test_vars_flags_in_both_spellings_and_env(tmp_path: Path) -> None:
    job = FIXTURES / "variables.nomad"
    proc = run("-var", "region=r1", "--var", "count=4", str(job))
    assert proc.returncode == 0, proc.stderr
    parsed = json.loads(proc.stdout)["Job"]
    assert parsed["Region"] == "r1"
    assert parsed["TaskGroups"][0]["Count"] == 4
    proc = run(str(job), env={"NOMAD_VAR_region": "from-env"})
    assert json.loads(proc.stdout)["Job"]["Region"] == "from-env"
    proc = run("-var-file", str(FIXTURES / "vars.hcl"), str(job))
    assert json.loads(proc.stdout)["Job"]["Region"] == "from-file"


def test_errors_print_one_line_each_then_nomads_form(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nomad"
    bad.write_text('job "j" {\n  priorty = 1\n}\n')
    proc = run(str(bad))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == (
        "bad.nomad:2:3: error: Unsupported argument; "
        'An argument named "priorty" is not expected here. Did you mean "priority"?'
    )
    assert lines[1] == f"Error getting job struct: Error parsing job file from {bad}:"
    assert lines[2].startswith("bad.nomad:2,3-10: Unsupported argument;")
    assert proc.stdout == ""


def test_unset_variable_fails() -> None:
    proc = run("-var", "nope=1", str(FIXTURES / "variables.nomad"))
    assert proc.returncode == 1
    assert "Undefined -var variable" in proc.stderr


def test_usage_error_exits_2() -> None:
    proc = run()
    assert proc.returncode == 2


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "absent.nomad"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
