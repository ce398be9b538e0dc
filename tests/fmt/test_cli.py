"""`nomadqemu fmt` as a real process on real files: flags, listing, writing, exit codes."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from tests.fmt.helpers import FIXTURES, run_cli

MESSY = b'job "x" {\ntype="batch"\n}\n'
TIDY = b'job "x" {\n  type = "batch"\n}\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """messy.nomad, tidy.hcl, notes.txt, sub/deep.nomad (messy)."""
    (tmp_path / "messy.nomad").write_bytes(MESSY)
    (tmp_path / "tidy.hcl").write_bytes(TIDY)
    (tmp_path / "notes.txt").write_bytes(MESSY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.nomad").write_bytes(MESSY)
    return tmp_path


def test_default_writes_and_lists_changed_files_only(tree: Path) -> None:
    tidy_before = (tree / "tidy.hcl").stat()
    result = run_cli(cwd=tree)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"messy.nomad\n"
    assert (tree / "messy.nomad").read_bytes() == TIDY
    # Not folders below unless asked, never other extensions, never an unchanged file.
    assert (tree / "sub" / "deep.nomad").read_bytes() == MESSY
    assert (tree / "notes.txt").read_bytes() == MESSY
    tidy_after = (tree / "tidy.hcl").stat()
    assert (tidy_after.st_ino, tidy_after.st_mtime_ns) == (
        tidy_before.st_ino,
        tidy_before.st_mtime_ns,
    )


@pytest.mark.parametrize("spelling", ["-recursive", "--recursive", "-recursive=true"])
def test_recursive(tree: Path, spelling: str) -> None:
    result = run_cli(spelling, str(tree))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [f"{tree}/messy.nomad", f"{tree}/sub/deep.nomad"]
    assert (tree / "sub" / "deep.nomad").read_bytes() == TIDY


@pytest.mark.parametrize("spelling", ["-check", "--check", "-check=1"])
def test_check_exits_1_and_writes_nothing(tree: Path, spelling: str) -> None:
    result = run_cli(spelling, "messy.nomad", "tidy.hcl", cwd=tree)
    assert result.returncode == 1
    assert result.stdout == b"messy.nomad\n"
    assert (tree / "messy.nomad").read_bytes() == MESSY


def test_check_passes_on_formatted_files(tree: Path) -> None:
    result = run_cli("-check", "tidy.hcl", cwd=tree)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_list_false_write_false_prints_the_formatted_text(tree: Path) -> None:
    result = run_cli("-list=false", "-write=false", "messy.nomad", cwd=tree)
    assert (result.returncode, result.stdout) == (0, TIDY)
    assert (tree / "messy.nomad").read_bytes() == MESSY


def test_write_false_only_lists(tree: Path) -> None:
    result = run_cli("--no-write", "messy.nomad", cwd=tree)
    assert (result.returncode, result.stdout) == (0, b"messy.nomad\n")
    assert (tree / "messy.nomad").read_bytes() == MESSY


def test_stdout_prints_only_the_text_and_exits_0_when_changed(tree: Path) -> None:
    result = run_cli("--stdout", "messy.nomad", cwd=tree)
    assert (result.returncode, result.stdout, result.stderr) == (0, TIDY, b"")
    assert (tree / "messy.nomad").read_bytes() == MESSY


def test_stdin_dash() -> None:
    result = run_cli("-", stdin=MESSY)
    assert (result.returncode, result.stdout) == (0, TIDY)
    checked = run_cli("-check", "-", stdin=MESSY)
    assert (checked.returncode, checked.stdout) == (1, TIDY)


def test_a_file_that_does_not_parse_is_reported_and_left_alone(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nomad"
    broken.write_bytes(b'job "x" {\n  a = "unterminated\n}\n')
    result = run_cli(str(broken))
    assert result.returncode == 1
    assert result.stdout == b""
    first = result.stderr.decode().splitlines()[0]
    assert re.fullmatch(rf"{re.escape(str(broken))}:\d+:\d+: error: .+", first)
    assert broken.read_bytes() == b'job "x" {\n  a = "unterminated\n}\n'


def test_other_files_are_still_formatted_after_a_parse_error(tmp_path: Path) -> None:
    (tmp_path / "a.nomad").write_bytes(b"a = (\n")
    (tmp_path / "b.nomad").write_bytes(MESSY)
    result = run_cli(str(tmp_path))
    assert result.returncode == 1
    assert (tmp_path / "b.nomad").read_bytes() == TIDY


def test_missing_path_and_wrong_extension(tree: Path) -> None:
    result = run_cli("nowhere.nomad", "notes.txt", cwd=tree)
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0] == "No file or directory at nowhere.nomad"
    assert "notes.txt" in lines[1]
    assert ".nomad and .hcl" in lines[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-check=maybe"], 'invalid boolean value "maybe" for -check'),
        (["-nonsense"], "flag provided but not defined: -nonsense"),
        (["---list"], "flag provided but not defined: ---list"),
        (["--list=2", "x.nomad"], 'invalid boolean value "2" for -list'),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("spelling", ["-h", "-help", "--help"])
def test_help(spelling: str) -> None:
    result = run_cli(spelling)
    assert result.returncode == 0
    assert b"-check" in result.stdout


def test_writing_keeps_the_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    job = tmp_path / "job.nomad"
    job.write_bytes(MESSY)
    job.chmod(0o640)
    assert run_cli(str(job)).returncode == 0
    assert stat.S_IMODE(job.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.nomad"]


def test_writing_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.nomad"
    target.write_bytes(MESSY)
    link = tmp_path / "link.nomad"
    link.symlink_to(target)
    assert run_cli(str(link)).returncode == 0
    assert link.is_symlink()
    assert target.read_bytes() == TIDY


def test_flags_end_at_the_first_path(tmp_path: Path) -> None:
    # As with Go's flag package, `-check` after a path is a path, not a flag.
    (tmp_path / "a.nomad").write_bytes(MESSY)
    result = run_cli("a.nomad", "-check", cwd=tmp_path)
    assert result.returncode == 1
    assert b"No file or directory at -check" in result.stderr
    assert (tmp_path / "a.nomad").read_bytes() == TIDY


def test_unreadable_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # A link named like a job file that leads to a folder cannot be read as one.
    (tmp_path / "folder").mkdir()
    (tmp_path / "job.nomad").symlink_to(tmp_path / "folder")
    (tmp_path / "other.nomad").write_bytes(MESSY)
    result = run_cli(str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"Failed to read file {tmp_path}/job.nomad")
    assert b"Traceback" not in result.stderr
    assert (tmp_path / "other.nomad").read_bytes() == TIDY


def test_rule_fixtures_through_the_command(tmp_path: Path) -> None:
    for source in FIXTURES.glob("*.in"):
        shutil.copy(source, tmp_path / f"{source.stem}.nomad")
    result = run_cli("-list=false", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for source in FIXTURES.glob("*.in"):
        expected = source.with_suffix(".out").read_bytes()
        assert (tmp_path / f"{source.stem}.nomad").read_bytes() == expected
