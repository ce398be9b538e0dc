"""Options shared by every command that reads a job file: `-var` and `-var-file`.

Nomad's CLI spells them with one dash; the two-dash forms are accepted too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def var_options(command: F) -> F:
    """Adds `-var k=v` (repeatable) and `-var-file PATH` (repeatable) to a command."""
    command = click.option(
        "-var-file",
        "--var-file",
        "var_files",
        multiple=True,
        metavar="PATH",
        help="HCL or JSON file of variable values (repeatable).",
    )(command)
    return click.option(
        "-var",
        "--var",
        "arg_vars",
        multiple=True,
        metavar="KEY=VALUE",
        help="Set an input variable (repeatable).",
    )(command)


# strconv.ParseBool, which Go's flag package uses for `-name=value`.
GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def go_bool_args(command: click.Command, args: list[str]) -> list[str]:
    """Rewrites Go's `-flag=true|false` spellings of `command`'s boolean flags for click.

    Nomad users write `-diff=false` or `-detach=true`; click only knows `-diff`/`-no-diff`.
    A false value of a flag without an off-switch is dropped (the flag stays unset).
    Arguments after `--` are left alone, as Go's flag package stops there too.
    """
    switches: dict[str, tuple[str, str | None]] = {}
    for param in command.params:
        if isinstance(param, click.Option) and param.is_flag and param.opts:
            off = param.secondary_opts[0] if param.secondary_opts else None
            for opt in param.opts:
                switches[opt.lstrip("-")] = (param.opts[0], off)
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return [*out, *args[index:]]
        name, has_value, value = arg.lstrip("-").partition("=")
        if not (arg.startswith("-") and has_value and name in switches):
            out.append(arg)
            continue
        on, off = switches[name]
        if value in GO_TRUE:
            out.append(on)
        elif value in GO_FALSE:
            if off is not None:
                out.append(off)
        else:
            raise click.UsageError(f'invalid boolean value "{value}" for -{name}: parse error')
    return out
