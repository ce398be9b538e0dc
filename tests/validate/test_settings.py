"""Configuration precedence: project file < `NOMADQEMU_*` environment < flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nomadqemu.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
NO_FLAGS: dict[str, object] = {}


def test_pyproject_table_is_read_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.nomadqemu]\n"
        'nomad_version = "1.6.0"\nclient_config = "ops/client.hcl"\n'
        'disable = ["NQ115", "nq404"]\nstrict = true\n'
    )
    sub = tmp_path / "jobs" / "vms"
    sub.mkdir(parents=True)
    settings = load_settings(sub, NO_FLAGS, environ={})
    assert settings.nomad_version == "1.6.0"
    # paths in the file are relative to the file, not to where the command runs
    assert settings.client_config == str(tmp_path / "ops" / "client.hcl")
    assert settings.disable == ("NQ115", "NQ404")
    assert settings.strict is True
    assert settings.config_file == str(tmp_path / "pyproject.toml")


def test_nearest_file_wins_and_dotfile_before_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.nomadqemu]\nnomad_version = "1.6.0"\n')
    (tmp_path / ".nomadqemu.toml").write_text('nomad_version = "1.8.0"\n')
    assert load_settings(tmp_path, NO_FLAGS, environ={}).nomad_version == "1.8.0"
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.nomadqemu]\nnomad_version = "1.11.1"\n')
    assert load_settings(sub, NO_FLAGS, environ={}).nomad_version == "1.11.1"


def test_environment_overrides_file_and_flags_override_both(tmp_path: Path) -> None:
    (tmp_path / ".nomadqemu.toml").write_text(
        'nomad_version = "1.6.0"\nstrict = true\nfingerprint = "none"\n'
    )
    environ = {"NOMADQEMU_NOMAD_VERSION": "1.8.0", "NOMADQEMU_STRICT": "0"}
    from_env = load_settings(tmp_path, NO_FLAGS, environ=environ)
    assert (from_env.nomad_version, from_env.strict, from_env.fingerprint) == (
        "1.8.0",
        False,
        "none",
    )
    flags = {"nomad_version": "1.11.2", "strict": True, "fingerprint": None}
    from_flags = load_settings(tmp_path, flags, environ=environ)
    assert (from_flags.nomad_version, from_flags.strict, from_flags.fingerprint) == (
        "1.11.2",
        True,
        "none",
    )


@pytest.mark.parametrize(
    ("content", "environ"),
    [
        ("colour = true\n", {}),
        ("strict = 'maybe'\n", {}),
        ("", {"NOMADQEMU_STRICT": "perhaps"}),
        ("strict = [\n", {}),
    ],
)
def test_bad_settings_are_errors(tmp_path: Path, content: str, environ: dict[str, str]) -> None:
    (tmp_path / ".nomadqemu.toml").write_text(content)
    with pytest.raises(SettingsError):
        load_settings(tmp_path, NO_FLAGS, environ=environ)


def test_bad_setting_is_a_usage_error_of_the_command(tmp_path: Path) -> None:
    (tmp_path / ".nomadqemu.toml").write_text("colour = true\n")
    (tmp_path / "job.nomad").write_text('job "x" {}\n')
    done = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "validate", "job.nomad"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 2
    assert "unknown setting 'colour'" in done.stderr
    assert "Traceback" not in done.stderr
