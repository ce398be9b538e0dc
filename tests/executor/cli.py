"""Runs the real `nomadqemu` CLI in a child process (the package from this checkout)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.clirun import cli_argv, cli_env, run_nomadqemu

__all__ = ["cli_argv", "cli_env", "run_cli", "write_job"]


def run_cli(
    args: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return run_nomadqemu(*args, env=env, timeout=timeout)


def write_job(path: Path, job: Mapping[str, Any]) -> Path:
    path.write_text(json.dumps({"Job": job}, indent=2))
    return path
