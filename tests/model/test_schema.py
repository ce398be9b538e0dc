"""The generated JSON Schema of the API job."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nomadqemu.gojson import encode_job
from nomadqemu.jobspec.canonical import canonicalize
from nomadqemu.jobspec.schema import job_schema, job_schema_text

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "schemas" / "job.schema.json"
CONFORMANCE = REPO.parent / "shared" / "conformance"

JOB: dict[str, Any] = {
    "ID": "vm",
    "Datacenters": ["dc1"],
    "TaskGroups": [
        {
            "Name": "g",
            "Tasks": [
                {
                    "Name": "linux",
                    "Driver": "qemu",
                    "Config": {"image_path": "disk.img", "args": ["-nodefaults"]},
                    "Affinities": [{"LTarget": "${attr.cpu.arch}", "Weight": -50}],
                }
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == job_schema_text()
    assert job_schema()["$schema"].endswith("2020-12/schema")


def test_own_jobs_validate(validator: jsonschema.protocols.Validator) -> None:
    printed = json.loads(encode_job(JOB))
    assert not list(validator.iter_errors(printed))
    assert not list(validator.iter_errors(printed["Job"]))


def test_canonical_job_validates(validator: jsonschema.protocols.Validator) -> None:
    canonical = canonicalize(JOB)
    for group in canonical["TaskGroups"]:
        for task in group["Tasks"]:
            task.pop("CSIPluginConfig")
    assert not list(validator.iter_errors(canonical))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("Priority",), "high"),
        (("TaskGroups", 0, "Count"), 1.5),
        (("TaskGroups", 0, "Tasks", 0, "Affinities", 0, "Weight"), 300),
        (("TaskGroups", 0, "Tasks"), {}),
        (("Datacenters",), "dc1"),
        (("Version",), -1),
        (("TaskGroups", 0, "Tasks", 0, "KillTimeout"), "30s"),
        (("Bogus",), 1),
    ],
)
def test_wrong_types_are_rejected(
    validator: jsonschema.protocols.Validator, path: tuple[str | int, ...], value: object
) -> None:
    job = copy.deepcopy(JOB)
    target: Any = job
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert list(validator.iter_errors({"Job": job}))


@pytest.mark.conformance
def test_conformance_outputs_validate(validator: jsonschema.protocols.Validator) -> None:
    outputs = sorted(CONFORMANCE.glob("*.output.json"))
    if not outputs:
        pytest.skip("the conformance corpus is not available")
    for path in outputs:
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"
    for path in sorted(CONFORMANCE.glob("*.canonical.json")):
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"
