"""`nomadqemu fmt`: `nomad fmt`'s command line, flags, listing and exit codes.

Flags are accepted the way Nomad's Go flag package spells them (`-check`,
`-list=false`, `--write=0`) as well as click's (`--no-list`). Files are written
atomically beside the original (temp file, then rename), keep their mode, and an
unchanged file is never touched. Every file is formatted before anything is written
or printed: an internal error part-way (exit 3) leaves every file as it was.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import click

from nomadqemu.cli.errors import guarded
from nomadqemu.diagnostics import Diagnostic

STDIN_NAME = "<stdin>"
_EXTENSIONS = (".nomad", ".hcl")
_BOOL_FLAGS = ("check", "list", "write", "recursive", "stdout", "debug")
# strconv.ParseBool, which Go's flag package uses for `-name=value`.
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def go_style_args(args: list[str]) -> list[str]:
    """Translate Go flag spellings into click's; flags end at the first argument, like Go's."""
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return [*out, "--", *args[index + 1 :]]
        if arg == "-" or not arg.startswith("-"):
            # `--` keeps click from reading a later `-x` path, or the `-` of stdin, as a flag.
            return [*out, "--", *args[index:]]
        name, has_value, value = arg.lstrip("-").partition("=")
        if name in ("h", "help") and not has_value:
            out.append("--help")
            continue
        if arg.startswith("--no-") and name[3:] in _BOOL_FLAGS and not has_value:
            out.append(arg)
            continue
        if len(arg) - len(arg.lstrip("-")) > 2 or name not in _BOOL_FLAGS:
            raise click.UsageError(f"flag provided but not defined: {arg}")
        if not has_value or value in _GO_TRUE:
            out.append(f"--{name}")
        elif value in _GO_FALSE:
            out.append(f"--no-{name}")
        else:
            raise click.UsageError(f'invalid boolean value "{value}" for -{name}: parse error')
    return out


class GoFlagCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            translated = go_style_args(args)
        except click.UsageError as exc:
            exc.ctx = ctx
            raise
        return super().parse_args(ctx, translated)


@dataclass
class _Output:
    """One file's result, held back until every file is formatted."""

    name: str
    formatted: bytes
    write_to: Path | None  # the file to rewrite, if any
    listed: bool


@dataclass
class _Run:
    """What to do with each file, and what happened so far."""

    list_files: bool
    write: bool
    write_stdout: bool
    check: bool
    recursive: bool
    stdout: BinaryIO
    failed: bool = False
    changed: bool = False
    outputs: list[_Output] = field(default_factory=list)

    def error(self, message: str) -> None:
        click.echo(message, err=True)
        self.failed = True

    def report(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            where = ""
            if diagnostic.span is not None:
                start = diagnostic.span.start
                where = f"{diagnostic.span.filename}:{start.line}:{start.column}: "
            self.error(f"{where}{diagnostic.severity.value}: {diagnostic.message}")

    def process(self, path: Path | None, source: bytes) -> None:
        from nomadqemu.fmt import format_source

        name = STDIN_NAME if path is None else str(path)
        formatted, diagnostics = format_source(source, name)
        if formatted is None:
            self.report(diagnostics)
            return
        changed = formatted != source
        self.changed = self.changed or changed
        write_to = path if changed and self.write else None
        self.outputs.append(_Output(name, formatted, write_to, changed and self.list_files))

    def finish(self) -> None:
        """List, write and print the results, in the order the files were read."""
        for output in self.outputs:
            if output.listed:
                click.echo(output.name)
            if output.write_to is not None:
                try:
                    write_atomically(output.write_to, output.formatted)
                except OSError as exc:
                    self.error(f"Failed to write file {output.name}: {exc.strerror or exc}")
                    continue
            if self.write_stdout:
                self.stdout.write(output.formatted)
                self.stdout.flush()

    def process_file(self, path: Path) -> None:
        try:
            source = path.read_bytes()
        except OSError as exc:
            self.error(f"Failed to read file {path}: {exc.strerror or exc}")
            return
        self.process(path, source)

    def process_dir(self, folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            self.error(f"Failed to list directory {folder}")
            return
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                if self.recursive:
                    self.process_dir(path)
            elif entry.name.endswith(_EXTENSIONS):
                self.process_file(path)

    def process_argument(self, argument: str) -> None:
        path = Path(argument)
        if path.is_dir():
            self.process_dir(path)
        elif not path.exists():
            self.error(f"No file or directory at {argument}")
        elif not path.name.endswith(_EXTENSIONS):
            self.error(f"{argument}: only .nomad and .hcl files can be processed by fmt")
        else:
            self.process_file(path)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file `path` leads to (through symlinks) with `data`, keeping its mode."""
    target = path.resolve()
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@click.command(
    cls=GoFlagCommand,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--check/--no-check",
    default=False,
    help="Exit 1 when a file is not formatted; write nothing.",
)
@click.option(
    "--list/--no-list",
    "list_files",
    default=True,
    help="Print the names of files whose formatting changes (default on).",
)
@click.option(
    "--write/--no-write",
    default=True,
    help="Write the formatted text back to the files (default on).",
)
@click.option(
    "--recursive/--no-recursive",
    default=False,
    help="Also format files in subfolders of the given folders.",
)
@click.option(
    "--stdout/--no-stdout",
    "to_stdout",
    default=False,
    help="Print the formatted text only: no list, no writing, exit 0 if it parses.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
@click.argument("paths", nargs=-1, type=click.Path())
def fmt(
    *,
    check: bool,
    list_files: bool,
    write: bool,
    recursive: bool,
    to_stdout: bool,
    debug: bool,
    paths: tuple[str, ...],
) -> None:
    """Format Nomad job files exactly as `nomad fmt` does.

    PATHS are .nomad/.hcl files or folders (default: the current folder); `-` reads
    standard input and prints the result. Nomad's spellings work too: `-check`,
    `-list=false`, `-write=false`, `-recursive`.
    """
    from_stdin = bool(paths) and paths[0] == "-"
    write_stdout = from_stdin or to_stdout
    if write_stdout:
        list_files = write = False
    if check:
        write = False
    if not list_files and not write:
        write_stdout = True
    run = _Run(
        list_files=list_files,
        write=write,
        write_stdout=write_stdout,
        check=check,
        recursive=recursive,
        stdout=sys.stdout.buffer,
    )
    # An unexpected exception exits 3 with a short report (the traceback with --debug);
    # one in the formatting leaves every file untouched (see `_Run.finish`).
    guarded(debug, lambda: _format_all(run, paths, from_stdin))
    sys.exit(1 if run.failed or (check and run.changed) else 0)


def _format_all(run: _Run, paths: tuple[str, ...], from_stdin: bool) -> None:
    if from_stdin:
        run.process(None, sys.stdin.buffer.read())
    else:
        for argument in paths or (".",):
            run.process_argument(argument)
    run.finish()
