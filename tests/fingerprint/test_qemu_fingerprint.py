"""The qemu fingerprint, run against real executables placed on a temporary PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nomadqemu.fingerprint.local import host_attributes, qemu_fingerprint
from nomadqemu.fingerprint.qemu import emulators_from_names, parse_version

ROOT = Path(__file__).resolve().parents[2]


def _fake_qemu(directory: Path, name: str, output: str) -> None:
    script = directory / name
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{output}'\n")
    script.chmod(0o755)


def test_version_regex_takes_first_match() -> None:
    text = "QEMU emulator version 9.2.0 (Debian 1:9.2+ds-1)\nCopyright (c) 2003-2024"
    assert parse_version(text) == "9.2.0"
    assert parse_version("QEMU emulator version 7.2.22") == "7.2.22"
    assert parse_version("no version here") is None


def test_emulators_filtered_by_allowlist() -> None:
    names = ["qemu-system-x86_64", "qemu-system-aarch64", "qemu-system-riscv64"]
    assert emulators_from_names(names, ()) == ["aarch64", "riscv64", "x86_64"]
    assert emulators_from_names(names, ("x86_64",)) == ["x86_64"]


def test_first_path_dir_with_emulators_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    _fake_qemu(first, "qemu-system-x86_64", "QEMU emulator version 8.1.3")
    _fake_qemu(first, "qemu-system-aarch64", "QEMU emulator version 8.1.3")
    _fake_qemu(second, "qemu-system-x86_64", "QEMU emulator version 9.9.9")
    result = qemu_fingerprint(f"{first}:{second}", (), scan_path=True)
    assert result.healthy
    assert result.attributes == {
        "driver.qemu": "true",
        "driver.qemu.version": "8.1.3",
        "driver.qemu.emulators": "aarch64,x86_64",
    }


def test_older_versions_have_no_emulators_attribute(tmp_path: Path) -> None:
    _fake_qemu(tmp_path, "qemu-system-x86_64", "QEMU emulator version 6.2.0")
    result = qemu_fingerprint(str(tmp_path), (), scan_path=False)
    assert result.attributes == {"driver.qemu": "true", "driver.qemu.version": "6.2.0"}


def test_unparsable_version_is_undetected(tmp_path: Path) -> None:
    _fake_qemu(tmp_path, "qemu-system-x86_64", "garbage")
    result = qemu_fingerprint(str(tmp_path), (), scan_path=True)
    assert not result.detected
    assert result.description == "Failed to parse qemu version from garbage"


def test_allowlist_leaving_nothing_is_undetected(tmp_path: Path) -> None:
    _fake_qemu(tmp_path, "qemu-system-x86_64", "QEMU emulator version 8.0.0")
    result = qemu_fingerprint(str(tmp_path), ("aarch64",), scan_path=True)
    assert not result.detected
    assert result.description == ""


def test_host_attributes_use_nomad_names() -> None:
    attrs = host_attributes()
    for key in ("kernel.name", "kernel.arch", "os.name", "cpu.arch", "cpu.numcores"):
        assert attrs[key], key
    if sys.platform == "linux":
        assert attrs["kernel.name"] == "linux"
        assert attrs["memory.totalbytes"].isdigit()


def test_fingerprint_command_json(tmp_path: Path) -> None:
    _fake_qemu(tmp_path, "qemu-system-x86_64", "QEMU emulator version 8.2.1")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{tmp_path}:/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "fingerprint", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    attrs = json.loads(done.stdout)
    assert attrs["driver.qemu.version"] == "8.2.1"
    assert attrs["driver.qemu"] == "true"
