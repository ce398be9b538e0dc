"""The hook manifest, exercised by running its entry on fixture folders (as pre-commit does)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hooks import offered_hook

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "fixtures" / "validate" / "hook"


def _run_hook(folder: Path) -> subprocess.CompletedProcess[str]:
    hook = offered_hook("nomadqemu-validate")
    pattern = re.compile(hook["files"])
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if pattern.search(p.name))
    assert files, "the hook's files pattern must select the fixture jobs"
    entry = hook["entry"].split()
    assert entry[0] == "nomadqemu"
    # pre-commit runs the installed console script; this is the same module.
    command = [sys.executable, "-m", "nomadqemu", *entry[1:], *hook.get("args", []), *files]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRE_COMMIT": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, env=env, check=False)


def test_manifest_shape() -> None:
    hook = offered_hook("nomadqemu-validate")
    assert hook["language"] == "python"
    assert hook["files"] == r"\.nomad(\.hcl)?$"
    assert "stages" not in hook  # offline, so it runs at the default stage


@pytest.mark.parametrize(("folder", "status"), [("good", 0), ("bad", 1)])
def test_hook_on_fixture_folder(folder: str, status: int) -> None:
    done = _run_hook(HOOKS / folder)
    assert done.returncode == status, done.stdout + done.stderr
    if status:
        # every selected file is checked and all findings are reported, in file order
        assert "vm.nomad:19:9: error[NQ204]: image_path must be set" in done.stdout
        assert "web/web.nomad.hcl:10:9: error[NQ205]: Unsupported drive_interface" in done.stdout
        assert "web/web.nomad.hcl:14:9: error[NQ206]: QEMU memory assignment" in done.stdout
        assert done.stdout.index("vm.nomad:") < done.stdout.index("web/web.nomad.hcl:")
        # files the pattern does not select are left alone
        assert "notes.hcl" not in done.stdout
