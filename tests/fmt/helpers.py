"""Shared paths and a runner for the real `nomadqemu fmt` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "fmt"


def rule_names() -> list[str]:
    return sorted(path.stem for path in FIXTURES.glob("*.in"))


def run_cli(
    *args: str, cwd: Path | None = None, stdin: bytes = b"", command: tuple[str, ...] = ("fmt",)
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m nomadqemu fmt ARGS` from this checkout, as a separate process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "nomadqemu", *command, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
