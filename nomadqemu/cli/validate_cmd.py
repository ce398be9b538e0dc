"""`nomadqemu validate`: every problem Nomad would find, offline, at its line and column."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from nomadqemu import __version__
from nomadqemu.cli.cluster_options import connection_options, pop_connection_flags
from nomadqemu.cli.errors import guarded
from nomadqemu.cli.options import var_options


def _fail_usage(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "sarif", "github"]),
)
@click.option("--nomad-version", help="Nomad version whose qemu rules apply (X.Y[.Z]).")
@click.option("--client-config", help="A Nomad client agent config (HCL or JSON).")
@click.option(
    "--fingerprint", "fingerprint", help="A node description (JSON), 'local' (default) or 'none'."
)
@click.option("--strict/--no-strict", default=None, help="Checks that could not run are errors.")
@click.option("--disable", multiple=True, help="Diagnostic codes to leave out (repeatable).")
@click.option(
    "-json", "--json", "json_input", is_flag=True, help="The files are API JSON jobs, not HCL."
)
@var_options
@click.option(
    "--nodes-from-cluster", is_flag=True, help="Check constraints against the cluster's nodes."
)
@click.option("--node-pool", help="With --nodes-from-cluster: this pool, not the job's.")
@click.option(
    "--datacenter", "datacenters", multiple=True, help="With --nodes-from-cluster (repeatable)."
)
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
@connection_options
def validate(
    *,
    files: tuple[str, ...],
    output_format: str,
    nomad_version: str | None,
    client_config: str | None,
    fingerprint: str | None,
    strict: bool | None,
    disable: tuple[str, ...],
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    json_input: bool,
    nodes_from_cluster: bool,
    node_pool: str | None,
    datacenters: tuple[str, ...],
    debug: bool,
    **connection: Any,
) -> None:
    """Validate job files offline (exit 0 clean, 1 errors, 2 usage, 3 internal error)."""
    cluster = (pop_connection_flags(connection), node_pool, datacenters)
    # An unexpected exception exits 3 with a short report (the traceback with --debug);
    # the report is written in one piece at the end, so nothing partial reaches stdout.
    code = guarded(
        debug,
        lambda: _run(
            files=files,
            output_format=output_format,
            nomad_version=nomad_version,
            client_config=client_config,
            fingerprint=fingerprint,
            strict=strict,
            disable=disable,
            arg_vars=arg_vars,
            var_files=var_files,
            json_input=json_input,
            cluster=cluster if nodes_from_cluster else None,
        ),
    )
    sys.exit(code)


def _run(
    *,
    files: tuple[str, ...],
    output_format: str,
    nomad_version: str | None,
    client_config: str | None,
    fingerprint: str | None,
    strict: bool | None,
    disable: tuple[str, ...],
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    json_input: bool = False,
    cluster: tuple[dict[str, Any], str | None, tuple[str, ...]] | None = None,
) -> int:
    from nomadqemu.diagnostics.record import Diagnostic, Severity
    from nomadqemu.diagnostics.render import renderer
    from nomadqemu.settings import SettingsError, load_settings
    from nomadqemu.validate.context import ValidationContext
    from nomadqemu.validate.driver_version import (
        NomadVersionError,
        newest,
        parse_nomad_version,
    )
    from nomadqemu.validate.session import Session

    if not files:
        _fail_usage("no job files given")
    flags = {
        "nomad_version": nomad_version,
        "client_config": client_config,
        "fingerprint": fingerprint,
        "strict": strict,
        "disable": list(disable) if disable else None,
    }
    try:
        settings = load_settings(Path.cwd(), flags)
        version = (
            parse_nomad_version(settings.nomad_version) if settings.nomad_version else newest()
        )
    except (SettingsError, NomadVersionError) as exc:
        _fail_usage(str(exc))
        raise  # unreachable: _fail_usage exits
    config_diags: list[Diagnostic] = []
    client = None
    if settings.client_config:
        from nomadqemu.clientconfig import parse_client_config

        try:
            data = Path(settings.client_config).read_bytes()
        except OSError as exc:
            _fail_usage(f"cannot read client config {settings.client_config}: {exc.strerror}")
        client = parse_client_config(
            data,
            settings.client_config,
            has_emulators_allowlist=version.checks_emulator_allowlist,
            has_fingerprint_emulator=version.has_fingerprint_emulator,
        )
        config_diags.extend(client.diagnostics)
    ctx = ValidationContext(
        nomad_version=version,
        client=client,
        strict=settings.strict,
        resolve_symlinks=_resolve,
    )
    from nomadqemu.cli.node_source import NodeFileError, node_factory

    try:
        nodes = None if cluster else node_factory(settings.fingerprint, version, client)
    except NodeFileError as exc:
        _fail_usage(str(exc))
        raise  # unreachable: _fail_usage exits
    session = Session(
        ctx=ctx,
        node_factory=nodes,
        disable=settings.disable,
        job_checks=[_cluster_check(*cluster)] if cluster else [],
    )
    session.add_config_diagnostics(config_diags)
    if client is not None and settings.client_config:
        # Findings in the client config get their source line and caret too.
        session.sources[settings.client_config] = data
    for path in files:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            from nomadqemu.span import Pos, Span

            # The file's own name as the location: code scanning and annotations need one.
            at = Span(path, Pos(1, 1, 0), Pos(1, 1, 0))
            session.diagnostics.append(
                Diagnostic(
                    Severity.ERROR, f"cannot read {path}: {exc.strerror}", span=at, code="NQ002"
                )
            )
            continue
        session.validate_file(
            path,
            data,
            arg_vars=arg_vars,
            var_files=var_files,
            environ=os.environ,
            json_input=json_input,
        )
    if cluster:
        from nomadqemu.cli.cluster_nodes import NO_FINGERPRINT

        session.not_verified[:] = [n for n in session.not_verified if n != NO_FINGERPRINT]
    report = session.report(__version__, source_root=_repository_root(Path.cwd()))
    sys.stdout.write(renderer(output_format)(report))
    return 1 if report.has_errors else 0


def _cluster_check(
    flags: dict[str, Any], node_pool: str | None, datacenters: tuple[str, ...]
) -> Any:
    """The cluster's nodes, read once; an unreachable cluster is a usage error (exit 2)."""
    from nomadqemu.api.errors import NomadError
    from nomadqemu.cli.cluster_nodes import cluster_check

    try:
        return cluster_check(flags, node_pool, datacenters)
    except (NomadError, ValueError) as exc:
        _fail_usage(f"cannot read the cluster's nodes: {exc}")
        raise  # unreachable: _fail_usage exits


def _repository_root(start: Path) -> str | None:
    """The enclosing git work tree (a `.git` directory or file), for SARIF's paths."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return str(directory)
    return None


def _resolve(path: str) -> str | None:
    """The symlink-free form of an existing local path, else None."""
    try:
        return os.path.realpath(path, strict=True)
    except OSError:
        return None
