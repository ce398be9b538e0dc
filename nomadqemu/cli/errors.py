"""Error output and exit codes shared by the commands.

Findings print one line each, `file:line:col: severity: Summary; Detail`. Exit codes:
0 ok, 1 findings or errors in the input, 2 usage, 3 internal error (a bug: the
traceback is shown only with `--debug`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import NoReturn, TypeVar

from nomadqemu.diagnostics.record import Diagnostic

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

T = TypeVar("T")


def diagnostic_line(diag: Diagnostic, fallback_file: str = "") -> str:
    """`file:line:col: error: Summary; Detail` (the file alone when there is no span)."""
    if diag.span is not None and diag.span.start.line > 0:
        where = f"{diag.span.filename}:{diag.span.start.line}:{diag.span.start.column}"
    elif diag.span is not None and diag.span.filename:
        where = diag.span.filename
    else:
        where = fallback_file
    prefix = f"{where}: " if where else ""
    # One line per finding: a multi-line detail (a validation message) is joined up.
    message = " ".join(part.strip() for part in diag.message.splitlines() if part.strip())
    return f"{prefix}{diag.severity.value}: {message}"


def print_diagnostics(diags: Iterable[Diagnostic], fallback_file: str = "") -> None:
    for diag in diags:
        click_echo_err(diagnostic_line(diag, fallback_file))


def click_echo_err(text: str) -> None:
    sys.stderr.write(text + "\n")


def fail(message: str, code: int = EXIT_FINDINGS) -> NoReturn:
    click_echo_err(message)
    raise SystemExit(code)


def guarded(debug: bool, action: Callable[[], T]) -> T:
    """Runs `action`; an unexpected exception exits 3 with a short bug-report request."""
    try:
        return action()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            import traceback  # only here: its import costs start-up time

            traceback.print_exc()
        click_echo_err(
            f"nomadqemu: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug; please report it with the input that caused it"
            + ("." if debug else " (rerun with --debug for the traceback).")
        )
        raise SystemExit(EXIT_INTERNAL) from None
