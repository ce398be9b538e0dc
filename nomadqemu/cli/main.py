"""Entry point: a click group whose subcommands are imported only when invoked.

Start-up time matters in pre-commit hooks, so `nomadqemu fmt` must not pay for the
HTTP client or jsonschema: each command lives in its own module, named here. The click
group itself (`cli`, in `nomadqemu.cli.group`) is imported only when needed: the plain
`nomadqemu inspect FILE` runs without click (`nomadqemu.cli.plain`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nomadqemu.cli.group import LazyGroup, cli

# command name -> "module:attribute" of a click.Command
COMMANDS: dict[str, str] = {
    "inspect": "nomadqemu.cli.inspect_cmd:inspect",
    "validate": "nomadqemu.cli.validate_cmd:validate",
    "fingerprint": "nomadqemu.cli.fingerprint_cmd:fingerprint",
    "fmt": "nomadqemu.cli.fmt_cmd:fmt",
    "run": "nomadqemu.cli.run_cmd:run",
    "plan": "nomadqemu.cli.cluster_cmd:plan",
    "push": "nomadqemu.cli.cluster_cmd:push",
    "status": "nomadqemu.cli.cluster_cmd:status",
    "stop": "nomadqemu.cli.cluster_cmd:stop",
}


def __getattr__(name: str) -> Any:
    # `cli` and `LazyGroup` live in `nomadqemu.cli.group`, imported on first use.
    if name in ("cli", "LazyGroup"):
        from nomadqemu.cli import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    args = sys.argv[1:]
    from nomadqemu.cli.plain import run_plain

    run_plain(args)  # exits when it ran the command line
    from nomadqemu.cli.group import cli

    cli.main(args=args, prog_name="nomadqemu")


__all__ = ["COMMANDS", "LazyGroup", "cli", "main"]
