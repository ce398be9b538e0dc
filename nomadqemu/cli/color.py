"""Whether cluster commands colour their output: the `nomad` CLI's rule.

`nomad` colours when standard output is a terminal or colour is forced, unless it is
turned off: `-no-color` (or `NOMAD_CLI_NO_COLOR` set to anything) wins over
`-force-color` (or `NOMAD_CLI_FORCE_COLOR`) (`command/meta.go`, `SetupUi`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

# Set once per process by the command line (`configure`), read where output is painted.
_policy: dict[str, bool] = {"no_color": False, "force_color": False}


def configure(
    no_color: bool | None, force_color: bool | None, environ: Mapping[str, str] = os.environ
) -> None:
    """Record the command line's choice, with the environment's as Nomad reads it."""
    _policy["no_color"] = bool(no_color) or environ.get("NOMAD_CLI_NO_COLOR", "") != ""
    _policy["force_color"] = bool(force_color) or environ.get("NOMAD_CLI_FORCE_COLOR", "") != ""


def enabled(stream: TextIO) -> bool:
    """Whether to colour what goes to `stream`."""
    if _policy["no_color"]:
        return False
    return _policy["force_color"] or stream.isatty()
