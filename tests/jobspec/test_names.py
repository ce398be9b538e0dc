"""Nomad's non-obvious HCL -> API names, on the project's kitchen-sink fixture."""

from __future__ import annotations

from typing import Any

import pytest

from nomadqemu.jobspec.load import load_job
from tests.jobspec.helpers import FIXTURES


@pytest.fixture(scope="module")
def job() -> dict[str, Any]:
    parsed: dict[str, Any] = load_job(str(FIXTURES / "kitchen-sink.nomad"), environ={}).job
    return parsed


def test_job_level_names(job: dict[str, Any]) -> None:
    assert job["Periodic"] == {
        "Specs": ["*/5 * * * *"],
        "ProhibitOverlap": True,
        "SpecType": "cron",
    }
    assert job["ParameterizedJob"] == {"Payload": "optional", "MetaRequired": ["image"]}
    assert job["Spreads"] == [
        {
            "Attribute": "${node.datacenter}",
            "Weight": 80,
            "SpreadTarget": [{"Value": "dc1", "Percent": 60}],
        }
    ]
    assert job["Affinities"][0]["Operand"] == "set_contains_any"
    assert job["Affinities"][0]["Weight"] == -20
    assert job["Reschedule"] == {"Attempts": 2, "Interval": 3_600_000_000_000, "Unlimited": False}


def test_group_level_names(job: dict[str, Any]) -> None:
    group = job["TaskGroups"][0]
    assert group["RestartPolicy"] == {"Attempts": 3, "Delay": 10_000_000_000, "Mode": "delay"}
    assert group["EphemeralDisk"] == {"SizeMB": 500}
    assert group["Volumes"]["images"]["Source"] == "vm-images"
    check = group["Services"][0]["Checks"][0]
    assert group["Services"][0]["PortLabel"] == "http"
    assert (check["Interval"], check["Timeout"]) == (10_000_000_000, 2_000_000_000)
    assert check["Header"] == {"X-Probe": ["1"]}


def test_task_level_names(job: dict[str, Any]) -> None:
    task = job["TaskGroups"][0]["Tasks"][0]
    assert task["VolumeMounts"] == [{"Volume": "images", "Destination": "/images"}]
    assert task["LogConfig"] == {"MaxFiles": 3, "MaxFileSizeMB": 20}
    template = task["Templates"][0]
    assert template["EmbeddedTmpl"] == 'KEY={{ key "x" }}'
    assert (template["DestPath"], template["Envvars"], template["ChangeSignal"]) == (
        "local/env",
        True,
        "SIGHUP",
    )
    artifact = task["Artifacts"][0]
    assert artifact == {
        "GetterSource": "https://example.com/vm.qcow2",
        "RelativeDest": "local/vm.qcow2",
        "GetterMode": "file",
        "GetterOptions": {"checksum": "sha256:abc"},
    }
    assert task["Lifecycle"] == {"Hook": "prestart", "Sidecar": False}
    assert task["ScalingPolicies"] == [
        {"Max": 2048, "Policy": {"cooldown": "1m"}, "Type": "vertical_mem"}
    ]
