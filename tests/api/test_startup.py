"""The HTTP client stays off the start-up path of every other command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.api.cli import ROOT


@pytest.mark.parametrize("command", ["fmt", "validate", "inspect", "run"])
def test_requests_is_not_imported(command: str) -> None:
    code = (
        "import sys\n"
        "from nomadqemu.cli.main import cli\n"
        f"cli.get_command(None, {command!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('requests', 'urllib3')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == "[]"
