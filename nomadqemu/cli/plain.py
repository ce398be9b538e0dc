"""The plain `nomadqemu inspect FILE` command line, run without importing click.

click and what it imports cost about 15 ms of the 60 ms a cold `inspect` may take
(docs/decisions/0002-startup-time.md). This module handles only the one command line
whose meaning needs no parsing: the word `inspect` and one argument that is not an
option; every other command line, `--help` and shell completion go to click. What it
does then is what the click command does with those arguments, down to click's own
handling of Ctrl-C and a closed standard output.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn


def run_plain(args: list[str]) -> None:
    """Runs `args` and exits if they are `inspect FILE`; returns otherwise."""
    if len(args) != 2 or args[0] != "inspect" or args[1].startswith("-") or not args[1]:
        return
    if os.environ.get("_NOMADQEMU_COMPLETE"):  # click answers shell completion
        return
    _exit_as_click(args[1])


def _exit_as_click(jobfile: str) -> NoReturn:
    from nomadqemu.cli.errors import guarded
    from nomadqemu.cli.inspect_render import render

    try:
        try:
            text = guarded(False, lambda: render(jobfile, (), (), False, False, strict=True))
            sys.stdout.write(text)
        except (EOFError, KeyboardInterrupt):
            # click: a blank line and "Aborted!" on standard error, exit 1.
            sys.stderr.write("\n")
            sys.stderr.write("Aborted!\n")
            sys.exit(1)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            # click: a reader that went away is exit 1, without a second complaint
            # when the interpreter flushes the streams on the way out.
            sys.stdout = _QuietFlush(sys.stdout)  # a proxy for the stream
            sys.stderr = _QuietFlush(sys.stderr)  # a proxy for the stream
            sys.exit(1)
    except (EOFError, KeyboardInterrupt):
        sys.exit(1)
    sys.exit(0)


class _QuietFlush:
    """A stream whose `flush` ignores a broken pipe (click's `_PacifyFlushWrapper`)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
