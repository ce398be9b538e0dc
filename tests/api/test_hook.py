"""The `nomadqemu-validate-cluster` pre-commit hook, run the way pre-commit runs it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.api.cli import JOB, nomadqemu, write_job
from tests.api.nomad_double.scenarios import NodeSpec, Scenario
from tests.api.nomad_double.server import running
from tests.hooks import offered_hook


def test_manifest_runs_only_on_demand_or_before_a_push() -> None:
    hook = offered_hook("nomadqemu-validate-cluster")
    assert hook["stages"] == ["manual", "pre-push"]  # it needs the network
    assert hook["language"] == "python"


def test_hook_fails_when_no_node_can_take_a_job(tmp_path: Path) -> None:
    hook = offered_hook("nomadqemu-validate-cluster")
    write_job(tmp_path, JOB, "fits.nomad")
    write_job(tmp_path, JOB.replace('">= 8.0"', '">= 10.0"'), "too-new.nomad")
    files = sorted(p.name for p in tmp_path.iterdir() if re.search(hook["files"], p.name))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "nomadqemu"
    with running(Scenario("one node", nodes=(NodeSpec("only", qemu_version="9.1.0"),))) as double:
        done = nomadqemu(*entry[1:], *files, cwd=tmp_path, env={"NOMAD_ADDR": double.address})
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'too-new.nomad:7:5: error[NQ401]: constraint "${attr.driver.qemu.version} version' in (
        done.stdout
    )
    assert "fits.nomad:7:5: note[NQ408]" in done.stdout
