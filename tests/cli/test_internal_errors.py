"""Exit code 3: a fault inside the real commands is a one-line bug report, not a traceback.

Each test runs the real console entry (`python -m nomadqemu`) in a child process on real
files, after replacing one internal function on the command's path with one that raises
`InjectedFault` (production code is untouched: the child patches its own module before
the command line runs). The fault message says whether click was loaded, which tells
the click-free `inspect FILE` path from the click one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import ROOT, cli_env

VALIDATE = ROOT / "fixtures" / "validate"
JOBS = ROOT / "fixtures" / "jobs"
FMT = ROOT / "fixtures" / "fmt"

# Run in the child: patch MODULE's ATTR (a dotted path below the module: a function
# or a class's method) to raise on calls whose arguments mention FAIL_ON ("" = every
# call), then run `nomadqemu ARGS...` as the console entry does.
_INJECT = """
import importlib, runpy, sys

class InjectedFault(Exception):
    pass

module_name, attr, fail_on, *args = sys.argv[1:]
owner = importlib.import_module(module_name)
*parents, name = attr.split(".")
for parent in parents:
    owner = getattr(owner, parent)
original = getattr(owner, name)

def faulty(*call_args, **call_kwargs):
    if fail_on in repr(call_args):
        raise InjectedFault(f"in {attr} (click loaded: {'click' in sys.modules})")
    return original(*call_args, **call_kwargs)

setattr(owner, name, faulty)
sys.argv = ["nomadqemu", *args]
runpy.run_module("nomadqemu", run_name="__main__", alter_sys=True)
"""


def with_fault(
    target: str, *args: str, fail_on: str = "", cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`nomadqemu ARGS` with `module:attr` raising InjectedFault."""
    module_name, attr = target.split(":")
    return subprocess.run(
        [sys.executable, "-c", _INJECT, module_name, attr, fail_on, *args],
        cwd=cwd,
        env=cli_env(drop=("NOMADQEMU_", "NOMAD_VAR_")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_bug_report(
    proc: subprocess.CompletedProcess[str], attr: str, *, has_debug: bool = True
) -> None:
    """Exit 3, nothing on stdout, the exception named in one line, no traceback."""
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    report = [line for line in proc.stderr.splitlines() if "internal error" in line]
    assert len(report) == 1, proc.stderr
    assert report[0].startswith("nomadqemu")
    assert f": internal error: InjectedFault: in {attr} " in report[0]
    # The hint to rerun with --debug only where the command has that flag.
    assert ("rerun with --debug" in proc.stderr) == has_debug


def assert_traceback(proc: subprocess.CompletedProcess[str], attr: str) -> None:
    """With --debug: still exit 3 and nothing on stdout, now with the traceback."""
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "Traceback (most recent call last):" in proc.stderr
    assert f"InjectedFault: in {attr} " in proc.stderr
    assert ": internal error: InjectedFault:" in proc.stderr


@pytest.mark.parametrize(
    ("target", "args", "click_loaded"),
    [
        # The plain fast path: `inspect FILE` runs without click.
        ("nomadqemu.jobspec.load:load_job", ("inspect",), False),
        ("nomadqemu.gojson:encode_job", ("inspect",), False),
        # Any option takes the click command.
        ("nomadqemu.jobspec.load:load_job", ("inspect", "-hcl2-strict=true"), True),
        ("nomadqemu.gojson:encode_job", ("inspect", "-hcl2-strict=true"), True),
        ("nomadqemu.jobspec.canonical:encode_canonical", ("inspect", "--canonical"), True),
    ],
)
def test_inspect(target: str, args: tuple[str, ...], click_loaded: bool) -> None:
    attr = target.split(":")[1]
    proc = with_fault(target, *args, str(JOBS / "qemu-basic.nomad"), cwd=ROOT)
    assert_bug_report(proc, attr)
    assert f"(click loaded: {click_loaded})" in proc.stderr


def test_inspect_debug_shows_the_traceback() -> None:
    job = str(JOBS / "qemu-basic.nomad")
    proc = with_fault("nomadqemu.gojson:encode_job", "inspect", "--debug", job, cwd=ROOT)
    assert_traceback(proc, "encode_job")


VALIDATE_ARGS = (
    "validate",
    "--fingerprint=nodes/linux.json",
    "--client-config=clients/policy.hcl",
)
# A job with findings first, then a clean one: the fault hits the second file.
TWO_JOBS = ("invalid/affinity_zero_weight.nomad", "valid/hcl_qemu_kvm.nomad")


@pytest.mark.parametrize("output_format", ["text", "sarif"])
def test_validate_engine_fault_on_the_second_file_prints_no_findings(
    output_format: str,
) -> None:
    proc = with_fault(
        "nomadqemu.validate.engine:validate_job",
        *VALIDATE_ARGS,
        f"--format={output_format}",
        *TWO_JOBS,
        fail_on=TWO_JOBS[1],
        cwd=VALIDATE,
    )
    assert_bug_report(proc, "validate_job")
    # The first file's findings were never printed: no partial report.
    assert "affinity_zero_weight" not in proc.stderr


def test_validate_renderer_fault() -> None:
    proc = with_fault(
        "nomadqemu.diagnostics.render:renderer",
        *VALIDATE_ARGS,
        "--format=json",
        *TWO_JOBS,
        cwd=VALIDATE,
    )
    assert_bug_report(proc, "renderer")


def test_validate_debug_shows_the_traceback() -> None:
    proc = with_fault(
        "nomadqemu.validate.engine:validate_job",
        *VALIDATE_ARGS,
        "--debug",
        *TWO_JOBS,
        cwd=VALIDATE,
    )
    assert_traceback(proc, "validate_job")


def test_validate_without_the_fault_reports_the_findings() -> None:
    """The same command line, with a fault that never fires: the harness is sound."""
    proc = with_fault(
        "nomadqemu.validate.engine:validate_job",
        *VALIDATE_ARGS,
        *TWO_JOBS,
        fail_on="no such file",
        cwd=VALIDATE,
    )
    assert proc.returncode == 1, proc.stderr
    assert "affinity_zero_weight.nomad:" in proc.stdout


@pytest.fixture
def unformatted(tmp_path: Path) -> list[Path]:
    """Three job files that `fmt` would rewrite."""
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.nomad"
        shutil.copyfile(FMT / "align_equals.in", path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("extra", [(), ("-check",), ("--stdout",)])
def test_fmt_fault_midway_writes_and_prints_nothing(
    unformatted: list[Path], extra: tuple[str, ...]
) -> None:
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in unformatted}
    proc = with_fault(
        "nomadqemu.fmt:format_source",
        "fmt",
        *extra,
        *(str(path) for path in unformatted),
        fail_on="b.nomad",
        cwd=unformatted[0].parent,
    )
    assert_bug_report(proc, "format_source")
    # a.nomad was formatted before the fault, but nothing was written or listed.
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in unformatted} == before
    assert sorted(p.name for p in unformatted[0].parent.iterdir()) == [
        "a.nomad",
        "b.nomad",
        "c.nomad",
    ]


def test_fmt_without_the_fault_rewrites_every_file(unformatted: list[Path]) -> None:
    proc = with_fault(
        "nomadqemu.fmt:format_source",
        "fmt",
        *(str(path) for path in unformatted),
        fail_on="no such file",
        cwd=unformatted[0].parent,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [str(path) for path in unformatted]
    assert all(path.read_bytes() == (FMT / "align_equals.out").read_bytes() for path in unformatted)


def test_fmt_debug_shows_the_traceback(unformatted: list[Path]) -> None:
    proc = with_fault(
        "nomadqemu.fmt:format_source",
        "fmt",
        "-debug",
        str(unformatted[0]),
        cwd=unformatted[0].parent,
    )
    assert_traceback(proc, "format_source")
    assert unformatted[0].read_bytes() == (FMT / "align_equals.in").read_bytes()


@pytest.mark.parametrize("extra", [(), ("--json",)])
def test_fingerprint(extra: tuple[str, ...]) -> None:
    proc = with_fault("nomadqemu.fingerprint.local:local_node", "fingerprint", *extra, cwd=ROOT)
    assert_bug_report(proc, "local_node")


def test_fingerprint_debug_shows_the_traceback() -> None:
    proc = with_fault("nomadqemu.fingerprint.local:local_node", "fingerprint", "--debug", cwd=ROOT)
    assert_traceback(proc, "local_node")


def test_run_dry_run(tmp_path: Path) -> None:
    job = str(VALIDATE / "valid" / "hcl_qemu_kvm.nomad")
    args = ("run", "--dry-run", "--no-validate", "--alloc-dir", str(tmp_path / "allocs"), job)
    proc = with_fault("nomadqemu.executor.plan:task_specs", *args, cwd=tmp_path)
    assert_bug_report(proc, "task_specs", has_debug=False)
    assert not (tmp_path / "allocs").exists()
