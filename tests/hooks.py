"""The hooks this repository offers to pre-commit (`.pre-commit-hooks.yaml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def offered_hooks() -> dict[str, dict[str, Any]]:
    """Every offered hook by its id."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    return {hook["id"]: hook for hook in hooks}


def offered_hook(hook_id: str) -> dict[str, Any]:
    """The one offered hook called `hook_id` (an id offered twice fails the test)."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = [h for h in hooks if h["id"] == hook_id]
    assert isinstance(hook, dict)
    return hook
