"""Allocation directories laid out like a Nomad client's.

<alloc>/alloc/{logs,data,tmp}
<alloc>/<task>/{local,secrets,tmp,private}   (the task dir is qemu's working directory)
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AllocDir:
    path: Path

    @property
    def shared(self) -> Path:
        return self.path / "alloc"

    @property
    def logs(self) -> Path:
        return self.shared / "logs"

    def task_dir(self, task: str) -> Path:
        return self.path / task

    def log_file(self, task: str, stream: str) -> Path:
        return self.logs / f"{task}.{stream}.0"


def cache_root() -> str:
    """The user's cache for nomadqemu (runs, artifacts), or the temp dir without a home."""
    cache = os.environ.get("XDG_CACHE_HOME") or (
        str(Path.home() / ".cache") if Path.home().is_dir() else ""
    )
    return (
        str(Path(cache) / "nomadqemu") if cache else str(Path(tempfile.gettempdir()) / "nomadqemu")
    )


def fresh_base_path() -> Path:
    """A new, not yet created folder for one run's allocation dirs (short: socket paths
    under it must fit in 108 bytes)."""
    return Path(cache_root()) / "runs" / f"run-{secrets.token_hex(4)}"


def create(base: Path, alloc_id: str, tasks: Iterable[str]) -> AllocDir:
    alloc = AllocDir(base / alloc_id)
    for sub in ("logs", "data", "tmp"):
        (alloc.shared / sub).mkdir(parents=True, exist_ok=True)
    for task in tasks:
        task_dir = alloc.task_dir(task)
        for sub in ("local", "tmp", "private"):
            (task_dir / sub).mkdir(parents=True, exist_ok=True)
        # Secrets are for the task's user only, as on a client.
        (task_dir / "secrets").mkdir(mode=0o700, parents=True, exist_ok=True)
    return alloc


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
