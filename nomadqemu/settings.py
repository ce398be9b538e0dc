"""Resolves configuration: project file, then `NOMADQEMU_*` environment, then flags.

The project file is `.nomadqemu.toml` or the `[tool.nomadqemu]` table of
`pyproject.toml`, whichever is found first walking up from the working directory.
Paths in it are relative to the file. This is the only module that reads the
environment for settings.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nomadqemu.records import frozen_record

KEYS = ("nomad_version", "client_config", "fingerprint", "disable", "strict")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class SettingsError(ValueError):
    """A bad value in a config file, the environment or a flag (a usage error)."""


@frozen_record
class Settings:
    nomad_version: str | None = None
    client_config: str | None = None
    # "local" fingerprints this machine, "none" skips, anything else is a node JSON path.
    fingerprint: str = "local"
    disable: tuple[str, ...] = ()
    strict: bool = False
    config_file: str | None = None


def find_project_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for directory in (start, *start.parents):
        dotfile = directory / ".nomadqemu.toml"
        if dotfile.is_file():
            return dotfile, _load_toml(dotfile)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _load_toml(pyproject).get("tool", {}).get("nomadqemu")
            if isinstance(table, dict):
                return pyproject, table
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from None


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{where}: expected a boolean, got {value!r}")


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise SettingsError(f"{where}: expected a list of codes, got {value!r}")
    return tuple(i.upper() for i in items if i)


def _apply(values: dict[str, Any], raw: Mapping[str, Any], where: str, base: Path | None) -> None:
    for key, value in raw.items():
        if key not in KEYS:
            raise SettingsError(f"{where}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if value is None:
            continue
        if key == "strict":
            values[key] = _bool(value, f"{where} strict")
        elif key == "disable":
            values[key] = _codes(value, f"{where} disable")
        else:
            text = str(value)
            relative = text not in ("local", "none") and not Path(text).is_absolute()
            if key in ("client_config", "fingerprint") and base is not None and relative:
                text = str(base / text)
            values[key] = text


def load_settings(
    cwd: Path, flags: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> Settings:
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    config_file = None
    found = find_project_config(cwd)
    if found is not None:
        path, table = found
        config_file = str(path)
        _apply(values, table, str(path), path.parent)
    env_values = {
        key: environ[f"NOMADQEMU_{key.upper()}"]
        for key in KEYS
        if f"NOMADQEMU_{key.upper()}" in environ
    }
    _apply(values, env_values, "environment", None)
    _apply(values, {k: v for k, v in flags.items() if v is not None}, "flags", None)
    return Settings(config_file=config_file, **values)
