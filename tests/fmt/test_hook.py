"""The `nomadqemu-fmt` pre-commit hook, run the way pre-commit runs it."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.fmt.helpers import FIXTURES, ROOT
from tests.hooks import offered_hook


def _run_hook(folder: Path) -> subprocess.CompletedProcess[bytes]:
    """pre-commit's way: the entry, then every matching file of the repository, relative."""
    hook = offered_hook("nomadqemu-fmt")
    files = sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and re.search(hook["files"], str(path.relative_to(folder)))
    )
    entry = shlex.split(hook["entry"])
    # The installed console script, run from this checkout.
    assert entry[0] == "nomadqemu"
    command = [sys.executable, "-m", "nomadqemu", *entry[1:], *hook.get("args", []), *files]
    return subprocess.run(
        command,
        cwd=folder,
        capture_output=True,
        timeout=60,
        check=False,
        env={"PYTHONPATH": str(ROOT)},
    )


def test_hook_is_a_python_hook_for_job_files() -> None:
    hook = offered_hook("nomadqemu-fmt")
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("jobs/web.nomad")
    assert pattern.search("agent.hcl")
    assert not pattern.search("README.md")


def test_hook_formats_the_job_files_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "jobs").mkdir()
    for source in FIXTURES.glob("*.in"):
        shutil.copy(source, tmp_path / "jobs" / f"{source.stem}.nomad")
    shutil.copy(FIXTURES / "indent.in", tmp_path / "agent.hcl")
    shutil.copy(FIXTURES / "indent.in", tmp_path / "notes.txt")

    first = _run_hook(tmp_path)
    assert first.returncode == 0, first.stderr
    # Changed files are listed, which is how a pre-commit user sees what moved.
    assert "jobs/indent.nomad" in first.stdout.decode().splitlines()
    for source in FIXTURES.glob("*.in"):
        formatted = (tmp_path / "jobs" / f"{source.stem}.nomad").read_bytes()
        assert formatted == source.with_suffix(".out").read_bytes()
    assert (tmp_path / "agent.hcl").read_bytes() == (FIXTURES / "indent.out").read_bytes()
    assert (tmp_path / "notes.txt").read_bytes() == (FIXTURES / "indent.in").read_bytes()

    second = _run_hook(tmp_path)
    assert (second.returncode, second.stdout) == (0, b"")
