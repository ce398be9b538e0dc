"""The plain `nomadqemu inspect FILE` (run without click) behaves as the click command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import run_nomadqemu

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "jobs"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_nomadqemu(*args, cwd=cwd, drop=("NOMAD_VAR_",))


@pytest.mark.parametrize(
    "content",
    [
        (FIXTURES / "qemu-basic.nomad").read_text(encoding="utf-8"),
        (FIXTURES / "kitchen-sink.nomad").read_text(encoding="utf-8"),
        'job "x" {\n  group "g" {\n    count = "many"\n  }\n}\n',  # a decode error
        'job "x" {\n  datacenters = [\n}\n',  # a syntax error
        'job "x" {\n  type = var.undeclared\n}\n',  # an evaluation error
    ],
)
def test_same_output_and_exit_code_as_the_click_command(content: str, tmp_path: Path) -> None:
    path = tmp_path / "job.nomad"
    path.write_text(content, encoding="utf-8")
    plain = run("inspect", "job.nomad", cwd=tmp_path)
    # Any option sends the command line to click; this one restates the default.
    through_click = run("inspect", "-hcl2-strict=true", "job.nomad", cwd=tmp_path)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        through_click.returncode,
        through_click.stdout,
        through_click.stderr,
    )


def test_missing_file_is_reported_the_same_way(tmp_path: Path) -> None:
    plain = run("inspect", "absent.nomad", cwd=tmp_path)
    through_click = run("inspect", "--hcl2-strict=true", "absent.nomad", cwd=tmp_path)
    assert plain.returncode == through_click.returncode == 1
    assert plain.stderr == through_click.stderr


def test_plain_inspect_imports_neither_click_nor_dataclasses() -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['nomadqemu', 'inspect', {str(FIXTURES / 'qemu-basic.nomad')!r}]\n"
        "from nomadqemu.cli.main import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print(sorted(m for m in ('click', 'dataclasses', 'inspect') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert proc.stderr.strip() == "[]"
