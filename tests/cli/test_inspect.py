"""`nomadqemu inspect` as a real process: output, error lines and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_equals_forms_of_the_var_flags() -> None:
    proc = run("-var=region=x", "--var=count=3", str(FIXTURES / "variables.nomad"))
    job = json.loads(proc.stdout)["Job"]
    assert (job["Region"], job["TaskGroups"][0]["Count"]) == ("x", 3)


def test_canonical_prints_the_bare_canonicalized_job() -> None:
    proc = run("--canonical", str(FIXTURES / "qemu-basic.nomad"))
    assert proc.returncode == 0, proc.stderr
    job = json.loads(proc.stdout)
    assert "Job" not in job
    assert job["Namespace"] == "default"
    assert job["TaskGroups"][0]["Tasks"][0]["Resources"]["MemoryMB"] == 1024


def test_json_input_reprints_identically(tmp_path: Path) -> None:
    first = run(str(FIXTURES / "qemu-basic.nomad"))
    api_json = tmp_path / "job.json"
    api_json.write_text(first.stdout)
    second = run("--json", str(api_json))
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_json_input_errors_use_nomads_prefix(tmp_path: Path) -> None:
    api_json = tmp_path / "job.json"
    api_json.write_text('{"Job": {"Priority": "high"}}')
    proc = run("--json", str(api_json))
    assert proc.returncode == 1
    assert "Error getting job struct: Failed to parse JSON job:" in proc.stderr


def test_internal_errors_exit_3_with_a_bug_report_request(
    capsys: pytest.CaptureFixture[str],
) -> None:

    from nomadqemu.cli.errors import EXIT_INTERNAL, guarded

    def broken() -> None:
        raise RuntimeError("boom")

    with pytest.raises(SystemExit) as caught:
        guarded(False, broken)
    assert caught.value.code == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_infinite_numbers_cannot_be_printed(tmp_path: Path) -> None:
    job = tmp_path / "inf.nomad"
    config = "      config {\n        v = 1/0\n      }\n"
    job.write_text('job "j" {\n  group "g" {\n    task "t" {\n' + config + "    }\n  }\n}\n")
    proc = run(str(job))
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Error converting job: json: unsupported value: +Inf"


def test_standard_input_is_named_stdin() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NOMAD_VAR_")}
    environ["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "inspect", "-"],
        input='job "x" {\n  bad = 1\n}\n',
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].startswith("stdin:2:3: error: Unsupported argument;")


def test_hcl2_strict_false_turns_undeclared_variables_into_warnings() -> None:
    job = str(FIXTURES / "variables.nomad")
    assert run("-var", "nope=1", job).returncode == 1
    relaxed = run("-hcl2-strict=false", "-var", "nope=1", job)
    assert relaxed.returncode == 0, relaxed.stderr
    assert json.loads(relaxed.stdout)["Job"]["ID"] == "vars"
