"""The README's examples: every command is shown, and each example line really runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import tempfile
from pathlib import Path

import pytest

from nomadqemu.cli.main import COMMANDS
from tests.clirun import run_nomadqemu

ROOT = Path(__file__).resolve().parents[2]
# These need a Nomad cluster: their example lines are checked against `--help` instead.
CLUSTER_COMMANDS = {"plan", "push", "status", "stop"}


def _example_lines() -> list[list[str]]:
    """Each `nomadqemu …` line of the README's sh blocks, split as the shell would."""
    readme = (ROOT / "README.md").read_text("utf-8")
    lines: list[list[str]] = []
    for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("nomadqemu "):
                words = shlex.split(line, comments=True)
                # Output redirections are the shell's, not the command's.
                if ">" in words:
                    words = words[: words.index(">")]
                lines.append(words)
    return lines


def _run(words: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    # `run --dry-run` makes allocation dirs under the cache folder: a temporary one.
    return run_nomadqemu(*words[1:], cwd=ROOT, env={"XDG_CACHE_HOME": str(cache)}, timeout=120)


def test_every_command_has_an_example() -> None:
    shown = {words[1] for words in _example_lines()}
    assert shown == set(COMMANDS)


@pytest.mark.parametrize("words", _example_lines(), ids=shlex.join)
def test_example_runs(words: list[str]) -> None:
    if words[1] in CLUSTER_COMMANDS:
        help_text = _run([*words[:2], "--help"], ROOT)
        assert help_text.returncode == 0, help_text.stderr
        for option in (word for word in words[2:] if word.startswith("-")):
            assert re.search(rf"(^|[\s,]){re.escape(option)}\b", help_text.stdout), option
        return
    # A short folder: the qemu sockets under it must fit a unix socket path (108 bytes).
    with tempfile.TemporaryDirectory(prefix="nq") as cache:
        result = _run(words, Path(cache))
    assert result.returncode == 0, result.stdout + result.stderr
