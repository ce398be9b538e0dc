"""The command as a real process: exit codes, strict mode, usage errors, several files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.clirun import run_nomadqemu

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "validate"


def nomadqemu(*args: str, cwd: Path = FIXTURES) -> subprocess.CompletedProcess[str]:
    return run_nomadqemu(*args, cwd=cwd, drop=("NOMADQEMU_STRICT",))


def test_clean_job_exits_zero() -> None:
    done = nomadqemu(
        "validate",
        "--fingerprint=nodes/linux.json",
        "--client-config=clients/policy.hcl",
        "valid/qemu_kvm_full.nomad",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_clean_api_json_job_exits_zero() -> None:
    done = nomadqemu(
        "validate",
        "--json",
        "--fingerprint=nodes/linux.json",
        "--client-config=clients/policy.hcl",
        "valid/json_qemu_kvm_full.json",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_findings_in_all_files_are_collected() -> None:
    done = nomadqemu(
        "validate",
        "--fingerprint=none",
        "invalid/job_invalid_type.nomad",
        "invalid/qemu_drive_interface.nomad",
        "invalid/json_job_invalid_type.json",
    )
    assert done.returncode == 1
    assert "invalid/job_invalid_type.nomad:2:3: error[NQ101]: Invalid job type" in done.stdout
    assert "invalid/qemu_drive_interface.nomad:11:9: error[NQ205]" in done.stdout
    assert "invalid/json_job_invalid_type.json:5:13: error[NQ101]" in done.stdout
    # the HCL source line and a caret under the whole attribute
    assert '\n    type = "daemon"\n    ^~~~~~~~~~~~~~~\n' in done.stdout
    assert "3 error(s), 0 warning(s)" in done.stdout


def test_json_flag_reads_api_json_whatever_the_first_byte() -> None:
    done = nomadqemu("validate", "--json", "--fingerprint=none", "invalid/job_invalid_type.nomad")
    assert done.returncode == 1
    assert "invalid/job_invalid_type.nomad:1:1: error[NQ004]: Invalid JSON" in done.stdout


def test_strict_lists_what_was_not_verified() -> None:
    done = nomadqemu(
        "validate",
        "--strict",
        "--fingerprint=none",
        "--format=json",
        "valid/qemu_task_network.nomad",
    )
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert any("no client config" in item for item in data["not_verified"])
    assert any(d["code"] == "NQ501" and d["severity"] == "error" for d in data["diagnostics"])


def test_without_strict_unverified_checks_are_notes() -> None:
    done = nomadqemu("validate", "--fingerprint=none", "valid/qemu_task_network.nomad")
    assert done.returncode == 0
    assert "note: not verified: client plugin policy" in done.stdout


def test_usage_errors_exit_two() -> None:
    assert nomadqemu("validate").returncode == 2
    bad = nomadqemu("validate", "--nomad-version=1.2.0", "valid/qemu_task_network.nomad")
    assert bad.returncode == 2
    assert "not supported" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_unreadable_file_is_a_finding() -> None:
    done = nomadqemu("validate", "--fingerprint=none", "missing.nomad")
    assert done.returncode == 1
    assert "error[NQ002]: cannot read missing.nomad" in done.stdout


def test_project_config_then_env_then_flags(tmp_path: Path) -> None:
    job = tmp_path / "job.nomad"
    job.write_text((FIXTURES / "invalid" / "qemu_memory_low_1_6.nomad").read_text())
    (tmp_path / ".nomadqemu.toml").write_text('nomad_version = "1.6.0"\nfingerprint = "none"\n')
    from_file = nomadqemu("validate", "job.nomad", cwd=tmp_path)
    assert "Qemu memory assignment out of bounds" in from_file.stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOMADQEMU_NOMAD_VERSION": "1.8.0"}
    from_env = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "validate", "job.nomad"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert "QEMU memory assignment out of bounds" in from_env.stdout
    disabled = nomadqemu("validate", "--disable", "NQ206", "job.nomad", cwd=tmp_path)
    assert disabled.returncode == 0
    assert "NQ206" not in disabled.stdout


def test_strict_text_and_annotations_name_each_unverified_check_once() -> None:
    for fmt in ("text", "github"):
        done = nomadqemu(
            "validate",
            "--strict",
            "--fingerprint=none",
            f"--format={fmt}",
            "valid/qemu_task_network.nomad",
        )
        assert done.returncode == 1
        assert done.stdout.count("constraints and affinities: no node fingerprint") == 1, fmt
        assert "NQ501" in done.stdout


def test_unusable_fingerprint_file_is_a_usage_error(tmp_path: Path) -> None:
    """A node description the user named is never silently skipped (hashicorp/nomad#13063)."""
    (tmp_path / "list.json").write_text("[1, 2]\n")
    (tmp_path / "broken.json").write_text("{\n")
    for node, message in (
        (tmp_path / "missing.json", "cannot read node description"),
        (tmp_path / "list.json", "a node description must be a JSON object"),
        (tmp_path / "broken.json", "invalid node description"),
    ):
        done = nomadqemu("validate", f"--fingerprint={node}", "valid/qemu_kvm_full.nomad")
        assert done.returncode == 2, done.stdout
        assert message in done.stderr
        assert "Traceback" not in done.stderr
