"""The repository's own `.pre-commit-config.yaml`: its hooks exist and its job files pass them."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hooks import offered_hooks

ROOT = Path(__file__).resolve().parents[2]


def _config_hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks: list[dict[str, Any]] = []
    for repo in config["repos"]:
        # Remote hook repositories would need the network; every hook here is local.
        assert repo["repo"] == "local"
        hooks.extend(repo["hooks"])
    return hooks


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match
    return match.group(0).lower()


def _repository_files() -> list[str]:
    """Files as pre-commit sees them with --all-files: the tracked files, relative."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode == 0 and listed.stdout:
        return sorted(listed.stdout.splitlines())
    # Not a git checkout (an unpacked sdist): every file under the job folders.
    return sorted(str(path.relative_to(ROOT)) for path in ROOT.rglob("*") if path.is_file())


def _selected(hook: dict[str, Any]) -> list[str]:
    files = [path for path in _repository_files() if re.search(hook.get("files", ""), path)]
    if "exclude" in hook:
        files = [path for path in files if not re.search(hook["exclude"], path)]
    return files


def _nomadqemu_hooks() -> list[dict[str, Any]]:
    return [hook for hook in _config_hooks() if hook["entry"].startswith("nomadqemu")]


def test_tool_hooks_run_commands_of_the_dev_environment() -> None:
    dev = {
        _requirement_name(req) for req in _pyproject()["project"]["optional-dependencies"]["dev"]
    }
    tools = [hook for hook in _config_hooks() if not hook["entry"].startswith("nomadqemu")]
    assert {shlex.split(hook["entry"])[0] for hook in tools} == {"ruff", "mypy"}
    bin_dir = str(Path(sys.executable).parent)
    for hook in tools:
        command = shlex.split(hook["entry"])[0]
        assert command in dev, f"{command} is not in the dev extra"
        assert shutil.which(command, path=bin_dir + os.pathsep + os.environ.get("PATH", ""))


def test_project_hooks_are_the_offered_hooks_with_the_console_script() -> None:
    offered = offered_hooks()
    scripts = _pyproject()["project"]["scripts"]
    hooks = _nomadqemu_hooks()
    assert {hook["id"] for hook in hooks} == {"nomadqemu-fmt", "nomadqemu-validate"}
    for hook in hooks:
        entry = shlex.split(hook["entry"])
        assert entry[0] in scripts
        # The same command as the hook users install, possibly with extra options.
        assert entry[: len(shlex.split(offered[hook["id"]]["entry"]))] == shlex.split(
            offered[hook["id"]]["entry"]
        )


@pytest.mark.parametrize("hook", _nomadqemu_hooks(), ids=lambda hook: hook["name"])
def test_project_hook_passes_on_the_repository_files(hook: dict[str, Any]) -> None:
    files = _selected(hook)
    assert files, f"hook {hook['name']} selects no file"
    entry = shlex.split(hook["entry"])
    if hook["id"] == "nomadqemu-fmt":
        # Check only: the test must not rewrite the checkout.
        entry = [*entry, "-check"]
    command = [sys.executable, "-m", "nomadqemu", *entry[1:], *files]
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_examples_are_checked_by_both_hooks() -> None:
    hooks = _nomadqemu_hooks()
    fmt_files = {
        path for hook in hooks if hook["id"] == "nomadqemu-fmt" for path in _selected(hook)
    }
    validated = {
        path for hook in hooks if hook["id"] == "nomadqemu-validate" for path in _selected(hook)
    }
    examples = {path for path in _repository_files() if path.startswith("examples/")}
    assert examples
    assert examples <= fmt_files
    assert examples <= validated
    # Fixtures of invalid jobs are never selected: they exist to fail.
    assert not any("/invalid/" in path or "/bad/" in path for path in validated | fmt_files)
