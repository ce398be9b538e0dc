"""`nomadqemu plan` against the double: output, exit codes 0/1/255, --json, --out."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.cli import JOB, nomadqemu, write_job
from tests.api.nomad_double.scenarios import NO_QEMU_ANYWHERE, Scenario
from tests.api.nomad_double.server import running

EMPTY = Scenario("empty cluster")


def test_new_job_plans_as_changes_with_the_next_command(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(EMPTY) as double:
        proc = nomadqemu("plan", "-address", double.address, "-var", "cpus=2", str(job))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:3] == [
        '+ Job: "vm"',
        '+ Task Group: "vm" (2 create)',
        '  + Task: "vm" (forces create)',
    ]
    assert "Scheduler dry-run:\n- All tasks successfully allocated.\n" in proc.stdout
    assert "Job Modify Index: 0\n" in proc.stdout
    assert f'nomadqemu push --check-index 0 -var="cpus=2" {job}\n' in proc.stdout
    [sent] = double.requests("PUT", "/v1/job/vm/plan")
    assert sent.query == {}


def test_unchanged_job_exits_0_and_edited_config_shows_the_diff(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(EMPTY) as double:
        assert nomadqemu("push", "-detach", "-address", double.address, str(job)).returncode == 0
        same = nomadqemu("plan", "-address", double.address, str(job))
        edited = nomadqemu("plan", "-address", double.address, "-var", "cpus=4", str(job))
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.startswith('Job: "vm"\nTask Group: "vm" (2 ignore)\n  Task: "vm"\n')
    assert edited.returncode == 1
    assert edited.stdout.startswith(
        '+/- Job: "vm"\n'
        '+/- Task Group: "vm" (2 create/destroy update)\n'
        '  +/- Task: "vm" (forces create/destroy update)\n'
        "    +/- Config {\n"
        '      +/- args: "-smp,1" => "-smp,4" (forces create/destroy update)\n'
        "        }\n"
    )


def test_failed_placements_show_constraint_filter_counts(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(NO_QEMU_ANYWHERE) as double:
        proc = nomadqemu("plan", "-address", double.address, str(job))
    assert proc.returncode == 1
    assert (
        "Scheduler dry-run:\n"
        "- WARNING: Failed to place all allocations.\n"
        '  Task Group "vm" (failed to place 2 allocations):\n'
        '    * Constraint "${attr.driver.qemu.version} version >= 8.0": '
        "1 nodes excluded by filter\n"
    ) in proc.stdout


def test_json_prints_nomads_response_and_out_saves_the_index(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    saved = tmp_path / "plan.json"
    with running(EMPTY) as double:
        proc = nomadqemu(
            "plan", "--json", "--out", str(saved), "--address", double.address, str(job)
        )
    assert proc.returncode == 1
    response = json.loads(proc.stdout)
    assert response["Diff"]["Type"] == "Added"
    plan = json.loads(saved.read_text())
    assert plan["JobModifyIndex"] == 0
    assert plan["JobID"] == "vm"
    assert plan["JobHash"].startswith("sha256:")


def test_invalid_job_exits_255_and_sends_nothing(tmp_path: Path) -> None:
    job = write_job(tmp_path, JOB.replace('image_path  = "local/disk.img"', 'image_path = ""'))
    with running(EMPTY) as double:
        proc = nomadqemu("plan", "-address", double.address, str(job))
    assert proc.returncode == 255
    assert "vm.nomad:" in proc.stderr and "NQ204" not in proc.stdout
    assert "nothing was sent" in proc.stderr
    assert double.transcript == []


def test_usage_error_exits_255() -> None:
    proc = nomadqemu("plan")
    assert proc.returncode == 255
    assert "Missing argument" in proc.stderr


def test_connection_refused_exits_255(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    proc = nomadqemu("plan", "-address", "http://127.0.0.1:9", str(job))
    assert proc.returncode == 255
    assert proc.stderr.startswith("Error during plan: ")
    assert "cannot connect" in proc.stderr


MULTIREGION = JOB.replace(
    'datacenters = ["dc1"]',
    'datacenters = ["dc1"]\n  multiregion {\n    region "global" {}\n    region "eu" {}\n  }',
)


def test_multiregion_jobs_are_planned_per_region(tmp_path: Path) -> None:
    job = write_job(tmp_path, MULTIREGION)
    with running(Scenario("federated", federated=("eu",))) as double:
        proc = nomadqemu("plan", "-address", double.address, str(job))
        regions = [r.query.get("region") for r in double.requests("PUT", "/v1/job/vm/plan")]
    with running(EMPTY) as lonely:
        broken = nomadqemu("plan", "-address", lonely.address, str(job))
    assert proc.returncode == 1, proc.stderr
    assert regions == ["global", "eu"]
    assert proc.stdout.startswith('Region: "eu"\n+ Job: "vm"\n')
    assert '\nRegion: "global"\n+ Job: "vm"\n' in proc.stdout
    assert "Job Modify Index" not in proc.stdout
    assert broken.returncode == 255
    assert 'Error during plan for region "eu": Unexpected response code: 500 (No path' in (
        broken.stderr
    )
