"""Shared helpers for the jobspec tests: the project's fixture jobs and small job texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nomadqemu.jobspec.load import ParsedJob, load_source

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "jobs"


def parse_text(text: str, **kwargs: Any) -> ParsedJob:
    """Parse job source given inline, named `job.nomad`, with an empty environment."""
    kwargs.setdefault("environ", {})
    return load_source(text.encode("utf-8"), "job.nomad", **kwargs)


def task_of(parsed: ParsedJob, group: int = 0, task: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = parsed.job["TaskGroups"][group]["Tasks"][task]
    return found


def in_task(body: str) -> str:
    """A job whose only task has `body` inside it."""
    return f'job "j" {{\n  group "g" {{\n    task "t" {{\n{body}\n    }}\n  }}\n}}\n'
