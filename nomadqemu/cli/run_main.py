"""The steps of `nomadqemu run`: load, validate, plan, prepare, then dry-run or run."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nomadqemu.diagnostics.record import DiagnosticError

EXIT_USAGE = 2


class UsageError(Exception):
    pass


def _print_diagnostics(error: DiagnosticError) -> None:
    for diagnostic in error.diagnostics:
        where = ""
        if diagnostic.span is not None:
            start = diagnostic.span.start
            where = f"{diagnostic.span.filename}:{start.line}:{start.column}: "
        print(f"{where}{diagnostic.severity.value}: {diagnostic.message}", file=sys.stderr)


def load_api_job(path: str, arg_vars: Sequence[str], var_files: Sequence[str]) -> dict[str, Any]:
    """An HCL job file, or API JSON (`{"Job": …}` or a bare job); raises DiagnosticError."""
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    if text.lstrip().startswith(b"{"):
        with contextlib.suppress(ValueError):
            data = json.loads(text)
            if isinstance(data, dict) and ("Job" in data or "TaskGroups" in data):
                inner = data.get("Job", data)
                if isinstance(inner, dict):
                    return inner
    load_job = getattr(importlib.import_module("nomadqemu.jobspec"), "load_job", None)
    if load_job is None:
        raise UsageError("this build cannot read HCL job files; pass API JSON")
    parsed = load_job(path, arg_vars=arg_vars, var_files=var_files, environ=os.environ)
    job: dict[str, Any] = parsed.job
    return job


def canonical(job: dict[str, Any]) -> dict[str, Any]:
    """api.Job.Canonicalize when available; the planner applies the defaults it needs anyway."""
    try:
        from nomadqemu.jobspec.canonical import canonicalize
    except ImportError:
        return job
    return canonicalize(job)


def validate_first(
    job: str,
    arg_vars: Sequence[str],
    var_files: Sequence[str],
    nomad_version: str | None,
    client_config: str | None,
) -> tuple[int, str] | None:
    """Validation runs first: a job it rejects is not started. Uses `nomadqemu validate`
    in-process when this build has it (None otherwise), so both commands agree."""
    # Looked up at run time: validation may not be part of this build.
    try:
        validate: Any = importlib.import_module("nomadqemu.cli.validate_cmd").validate
    except ImportError:
        return None
    args = [job]
    if nomad_version:
        args += ["--nomad-version", nomad_version]
    if client_config:
        args += ["--client-config", client_config]
    for var in arg_vars:
        args += ["-var", var]
    for var_file in var_files:
        args += ["-var-file", var_file]
    captured = io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(captured):
        try:
            validate.main(args=args, prog_name="nomadqemu validate", standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
        except Exception as exc:  # reported like validate's own internal errors
            return (3, f"nomadqemu validate: internal error: {type(exc).__name__}: {exc}\n")
    return (int(code or 0), captured.getvalue())


def main(**options: Any) -> int:
    """`_main` with a usage error reported as the CLI reports one (exit 2)."""
    try:
        return _main(**options)
    except UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _main(
    *,
    job: str,
    arg_vars: tuple[str, ...],
    var_files: tuple[str, ...],
    nomad_version: str | None,
    client_config: str | None,
    alloc_dir: str | None,
    keep: bool,
    dry_run: bool,
    as_json: bool,
    accelerator: str | None,
    forward_group_ports: bool,
    no_validate: bool,
) -> int:
    from nomadqemu.cli.node_source import run_node
    from nomadqemu.cli.run_output import TerminalReporter, dry_run_json, dry_run_text
    from nomadqemu.clientconfig.agent import ClientConfigError, load_client_config
    from nomadqemu.executor import allocdir
    from nomadqemu.executor.artifacts import FetchSettings
    from nomadqemu.executor.driver_version import (
        DEFAULT_NOMAD_VERSION,
        VersionError,
        generation_for,
    )
    from nomadqemu.executor.plan import instances, task_specs
    from nomadqemu.executor.prepare import RunSettings, TaskSetupError, prepare_all
    from nomadqemu.executor.runner import Runner

    if as_json and not dry_run:
        raise UsageError("--json needs --dry-run")
    version = nomad_version or DEFAULT_NOMAD_VERSION
    try:
        generation = generation_for(version)
    except VersionError as exc:
        raise UsageError(str(exc)) from exc
    try:
        client = load_client_config(Path(client_config)) if client_config else None
    except ClientConfigError as exc:
        raise UsageError(f"--client-config: {exc}") from exc
    if client is None:
        from nomadqemu.clientconfig import ClientConfig

        client = ClientConfig()
    reporter = TerminalReporter()
    try:
        api_job = load_api_job(job, arg_vars, var_files)
    except DiagnosticError as exc:
        _print_diagnostics(exc)
        return 1
    # Validation runs in a thread while the tasks are prepared (which starts nothing and
    # creates nothing); its verdict is awaited before anything is created or started.
    verdicts: list[tuple[int, str] | None] = []
    validation = threading.Thread(
        target=lambda: verdicts.append(
            validate_first(job, arg_vars, var_files, nomad_version, client_config)
        ),
        name="validate",
        daemon=True,
    )
    if not no_validate:
        validation.start()

    def rejected() -> bool:
        if no_validate:
            return False
        validation.join()
        verdict = verdicts[0] if verdicts else (3, "nomadqemu: validation did not finish\n")
        if verdict is None or verdict[0] == 0:
            return False
        sys.stderr.write(verdict[1])
        reporter.warn("validation rejected the job: nothing was started")
        return True

    specs = task_specs(canonical(api_job))
    if not specs:
        if rejected():
            return 1
        reporter.warn("the job has no tasks")
        return 1
    fresh_base: Path | None = None
    if alloc_dir:
        base = Path(alloc_dir).absolute()
    elif client.alloc_base is not None:
        base = client.alloc_base
    elif dry_run:
        base = Path(allocdir.cache_root()) / "runs" / "run-dry-run"
    else:
        base = fresh_base = allocdir.fresh_base_path()  # created once the job is valid
    node = run_node(version, client)
    settings = RunSettings(
        nomad_version=version,
        generation=generation,
        client=client,
        alloc_base=base,
        accelerator=accelerator,
        forward_group_ports=forward_group_ports,
        host_env=dict(os.environ),
    )
    setup_error: TaskSetupError | None = None
    try:
        prepared = prepare_all(instances(specs), settings, node)
    except TaskSetupError as exc:
        setup_error = exc
    if rejected():
        return 1
    if setup_error is not None:
        reporter.warn(f"{setup_error.label}: {setup_error.message}")
        return 1
    if fresh_base is not None:
        fresh_base.mkdir(parents=True)
    for warning in dict.fromkeys(w for task in prepared for w in task.warnings):
        reporter.warn(warning)
    if dry_run:
        sys.stdout.write(dry_run_json(prepared) if as_json else dry_run_text(prepared))
        return 0
    runner = Runner(
        prepared,
        reporter=reporter,
        fetch_settings=FetchSettings(
            cache_dir=Path(allocdir.cache_root()) / "artifacts",
            progress=reporter.progress,
        ),
        keep=keep,
        max_kill_timeout_s=client.max_kill_timeout_s,
        remove_base=fresh_base,
    )
    outcome = runner.run()
    for task in outcome.tasks:
        if task.vm is None and not task.failed:
            reporter.info(f"{task.prepared.label}: not started")
    if outcome.exit_code == 1:
        failed = [t.prepared.label for t in outcome.tasks if t.failed]
        reporter.warn(f"failed: {', '.join(failed)}")
    return outcome.exit_code
