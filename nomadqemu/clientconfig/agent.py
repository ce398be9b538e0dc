"""Loading a client agent file for `nomadqemu run`, which refuses what it cannot honour.

Validate reports a client file's problems as findings; `run` stops at the first one
(and at non-literal values and unreadable durations, which validate does not check).
"""

from __future__ import annotations

import re
from pathlib import Path

from nomadqemu.clientconfig.model import ClientConfig

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


class ClientConfigError(ValueError):
    pass


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration for the common forms (`30s`, `1m30s`, `500ms`)."""
    total, position = 0.0, 0
    for match in _DURATION.finditer(text):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position != len(text) or not text:
        raise ClientConfigError(f"invalid duration {text!r}")
    return total


def load_client_config(path: Path) -> ClientConfig:
    """The agent file at `path`, every plugin key of the newest driver allowed."""
    from nomadqemu.clientconfig.parse import parse_client_config

    try:
        source = path.read_bytes()
    except OSError as exc:
        raise ClientConfigError(f"{path}: {exc.strerror}") from exc
    config = parse_client_config(source, str(path), has_fingerprint_emulator=True)
    for problem in (*config.diagnostics, *config.run_problems):
        if problem.is_error:
            where = f"{path}: "
            if problem.span is not None:
                start = problem.span.start
                where = f"{problem.span.filename}:{start.line}:{start.column}: "
            raise ClientConfigError(where + problem.message)
    return config
