"""`validate --nodes-from-cluster` and `inspect --server` against the double."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.cli import JOB, nomadqemu, write_job
from tests.api.nomad_double.scenarios import NodeSpec, Scenario
from tests.api.nomad_double.server import running

MIXED = Scenario(
    "four nodes: one fit, one old qemu, one without qemu, one unhealthy, one elsewhere",
    nodes=(
        NodeSpec("good"),
        NodeSpec("old-qemu", qemu_version="7.2.0"),
        NodeSpec("no-qemu", qemu_version=None),
        NodeSpec("sick", healthy=False),
        NodeSpec("gpu-pool", node_pool="gpu"),
    ),
)


def _json_findings(stdout: str) -> list[dict[str, object]]:
    report = json.loads(stdout)
    found: list[dict[str, object]] = report["diagnostics"]
    return found


def test_reports_per_constraint_and_driver_health(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(MIXED) as double:
        proc = nomadqemu("validate", "--nodes-from-cluster", "-address", double.address, str(job))
        reads = [r.path for r in double.transcript]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (
        'note[NQ408]: constraint "${attr.driver.qemu.version} version >= 8.0": 2 of 4 nodes '
        'pass; fails on "old-qemu" (attr.driver.qemu.version 7.2.0 fails version ">= 8.0"), '
        '"no-qemu" (attr.driver.qemu.version is not set)'
    ) in proc.stdout
    assert (
        'warning[NQ409]: 2 of 4 nodes have no healthy qemu driver: "no-qemu" (qemu not '
        'detected), "sick" (unhealthy: qemu-system-x86_64 not found)'
    ) in proc.stdout
    assert "no node fingerprint" not in proc.stdout
    assert reads[0] == "/v1/nodes"
    assert len(reads) == 1 + len(MIXED.nodes)


def test_node_pool_flag_and_unsatisfiable_constraint(tmp_path: Path) -> None:
    job = write_job(tmp_path, JOB.replace('">= 8.0"', '">= 9.0"'))
    with running(MIXED) as double:
        gpu = nomadqemu(
            "validate",
            "--nodes-from-cluster",
            "--node-pool",
            "gpu",
            "--format",
            "json",
            "-address",
            double.address,
            str(job),
        )
        nowhere = nomadqemu(
            "validate",
            "--nodes-from-cluster",
            "--datacenter",
            "dc9",
            "-address",
            double.address,
            str(job),
        )
    assert gpu.returncode == 1
    [finding] = _json_findings(gpu.stdout)
    assert finding["code"] == "NQ401"
    assert "filters out every node (0 of 1 pass)" in str(finding["message"])
    assert "8.2.2 fails version" in str(finding["message"])
    assert nowhere.returncode == 1
    assert "error[NQ407]: no node of the cluster's 5 is in the job's node pool" in nowhere.stdout


def test_unreachable_cluster_is_a_usage_error(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    proc = nomadqemu("validate", "--nodes-from-cluster", "-address", "http://127.0.0.1:9", str(job))
    assert proc.returncode == 2
    assert "cannot read the cluster's nodes" in proc.stderr


def test_inspect_server_reports_where_the_cluster_parses_differently(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    local = json.loads(nomadqemu("inspect", str(job)).stdout)["Job"]
    older = json.loads(json.dumps(local))
    older["TaskGroups"][0]["Tasks"][0]["Config"]["args"] = ["-smp", "1", "-nographic"]
    del older["NodePool"]
    with running(Scenario("same", server_parse=local)) as same_double:
        same = nomadqemu("inspect", "--server", "-address", same_double.address, str(job))
        [parse] = same_double.requests("PUT", "/v1/jobs/parse")
    with running(Scenario("older server", server_parse=older)) as older_double:
        differs = nomadqemu("inspect", "--server", "-address", older_double.address, str(job))
    with running(Scenario("cannot parse")) as failing:
        rejected = nomadqemu("inspect", "--server", "-address", failing.address, str(job))
    assert same.returncode == 0, same.stderr
    assert "exactly as nomadqemu does" in same.stdout
    assert parse.method == "PUT"
    assert differs.returncode == 1
    assert "2 difference(s)" in differs.stdout
    assert "$.NodePool: local null, server (absent)" in differs.stdout
    assert '$.TaskGroups[0].Tasks[0].Config.args: local ["-smp", "1"]' in differs.stdout
    assert rejected.returncode == 1
    assert "Failed to parse job: input.hcl" in rejected.stdout
