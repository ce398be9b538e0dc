"""Runs the real `nomadqemu` CLI in a child process: the package from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli_env(
    extra: Mapping[str, str] | None = None, *, drop: tuple[str, ...] = ()
) -> dict[str, str]:
    """This environment without the variables starting with a `drop` prefix (settings a
    test must not inherit), this checkout first on PYTHONPATH, then `extra`."""
    env = {k: v for k, v in os.environ.items() if not (drop and k.startswith(drop))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "nomadqemu", *args]


def run_nomadqemu(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    drop: tuple[str, ...] = (),
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """`nomadqemu ARGS` to completion, output captured as text, stdin empty."""
    return subprocess.run(
        cli_argv(*args),
        cwd=cwd,
        env=cli_env(env, drop=drop),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
