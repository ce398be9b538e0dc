"""Options every cluster command takes: the `nomad` CLI's connection flags.

Each flag has Nomad's one-dash spelling and a two-dash one; all default to None so the
matching `NOMAD_*` variable applies when the flag is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from nomadqemu.cli.options import go_bool_args

F = TypeVar("F", bound=Callable[..., Any])

_STRING_FLAGS = (
    ("address", "The Nomad HTTP address (NOMAD_ADDR), http://, https:// or unix://."),
    ("token", "The ACL token's secret ID (NOMAD_TOKEN)."),
    ("namespace", "The namespace (NOMAD_NAMESPACE); a job's own namespace wins."),
    ("region", "The region (NOMAD_REGION); a job's own region wins."),
    ("ca-cert", "A PEM CA file to verify the server with (NOMAD_CACERT)."),
    ("ca-path", "A directory of PEM CA files (NOMAD_CAPATH)."),
    ("client-cert", "A PEM client certificate (NOMAD_CLIENT_CERT)."),
    ("client-key", "The client certificate's key (NOMAD_CLIENT_KEY)."),
    ("tls-server-name", "The server name to verify the certificate against."),
)


class NomadExitCommand(click.Command):
    """A command whose usage errors exit with the code its `nomad` counterpart uses."""

    usage_exit_code = 2

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, go_bool_args(self, args))
        except click.UsageError as exc:
            # click's exit code is a class attribute: a subclass of the very error
            # class carries Nomad's, keeping the error's own message and fields.
            base = type(exc)
            exc.__class__ = type(base.__name__, (base,), {"exit_code": self.usage_exit_code})
            raise


def command(usage_exit_code: int) -> Callable[[F], click.Command]:
    cls = type("Command", (NomadExitCommand,), {"usage_exit_code": usage_exit_code})
    return click.command(cls=cls)


def connection_options(function: F) -> F:
    # The `nomad` CLI's colour flags, taken by every command that talks to a cluster.
    function = click.option(
        "-force-color",
        "--force-color",
        "force_color",
        is_flag=True,
        default=None,
        help="Colour the output even when it is not a terminal (NOMAD_CLI_FORCE_COLOR).",
    )(function)
    function = click.option(
        "-no-color",
        "--no-color",
        "no_color",
        is_flag=True,
        default=None,
        help="Never colour the output; wins over -force-color (NOMAD_CLI_NO_COLOR).",
    )(function)
    for name, text in reversed(_STRING_FLAGS):
        function = click.option(
            f"-{name}", f"--{name}", name.replace("-", "_"), default=None, help=text
        )(function)
    return click.option(
        "-tls-skip-verify",
        "--tls-skip-verify",
        "-insecure",
        "tls_skip_verify",
        is_flag=True,
        default=None,
        help="Do not verify the server's certificate (NOMAD_SKIP_VERIFY).",
    )(function)


CONNECTION_KEYS = (*tuple(n.replace("-", "_") for n, _ in _STRING_FLAGS), "tls_skip_verify")


def pop_connection_flags(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Removes the connection flags from a command's keyword arguments (and applies its
    colour flags, which concern the whole process's output)."""
    from nomadqemu.cli import color

    color.configure(kwargs.pop("no_color", None), kwargs.pop("force_color", None))
    return {key: kwargs.pop(key) for key in CONNECTION_KEYS}
