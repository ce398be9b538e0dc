"""The wheel: built from this checkout, it holds everything the code loads, and works installed."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by pip with the build backend of the dev environment: no index, no network."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index"]
    command += ["--no-build-isolation", "--wheel-dir", str(out), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    [built] = out.glob("nomadqemu-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_holds_the_package_schemas_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "nomadqemu").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules <= names
    schemas = {f"nomadqemu/schemas/{path.name}" for path in (ROOT / "schemas").glob("*.json")}
    assert "nomadqemu/schemas/job.schema.json" in schemas
    assert schemas <= names
    assert "nomadqemu/py.typed" in names
    # Nothing of the repository around the package: no tests, fixtures or scripts.
    top_level = {name.split("/")[0] for name in names}
    assert top_level - {"nomadqemu"} == {f"nomadqemu-{_version()}.dist-info"}


def test_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [entry_points] = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "nomadqemu = nomadqemu.cli.main:main" in text


def _run_installed(unpacked: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # -P: no current directory on sys.path; PYTHONPATH is the unpacked wheel alone.
    return subprocess.run(
        [sys.executable, "-P", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
    )


def test_installed_copy_runs_from_another_directory(unpacked: Path, tmp_path: Path) -> None:
    where = _run_installed(
        unpacked,
        "-c",
        "import nomadqemu.validate.schemas as s; print(s.__file__); print(s.schema_dir())",
        cwd=tmp_path,
    )
    module_file, schemas = where.stdout.split()
    assert Path(module_file).is_relative_to(unpacked)
    assert Path(schemas) == unpacked / "nomadqemu" / "schemas"

    job = ROOT / "examples" / "web-vm.nomad"
    result = _run_installed(
        unpacked, "-m", "nomadqemu", "validate", "--fingerprint=none", str(job), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr


def test_installed_copy_reports_schema_findings_like_the_checkout(
    unpacked: Path, tmp_path: Path
) -> None:
    """A JSON job with unknown fields: the shipped schemas find what the checkout's find."""
    job = ROOT / "fixtures" / "validate" / "invalid" / "json_schema_unknown_fields.json"
    args = ("-m", "nomadqemu", "validate", "--json", "--fingerprint=none", str(job))
    installed = _run_installed(unpacked, *args, cwd=tmp_path)
    checkout = _run_installed(ROOT, *args, cwd=tmp_path)
    assert installed.returncode == 1
    assert (installed.stdout, installed.stderr) == (checkout.stdout, checkout.stderr)
