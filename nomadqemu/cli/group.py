"""The click group: subcommands are imported only when invoked (see `nomadqemu.cli.main`)."""

from __future__ import annotations

import importlib

import click

from nomadqemu import __version__
from nomadqemu.cli.main import COMMANDS


class LazyGroup(click.Group):
    """Imports a subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if self._load(n) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def _load(self, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A command whose module does not exist yet is simply not offered.
            if exc.name == module_name:
                return None
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nomadqemu")
def cli() -> None:
    """Parse, validate, format, push and run Nomad jobs that use the qemu driver."""
