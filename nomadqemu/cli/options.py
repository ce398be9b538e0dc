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
