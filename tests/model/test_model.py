"""The generated struct model and the script that writes it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from nomadqemu.jobspec import model

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "gen_model.py"
STRUCTS_JSON = REPO.parent / "shared" / "conformance" / "api_structs.json"

SMALL_SPEC = {
    "order": ["Job", "Group"],
    "root": "Job",
    "structs": {
        "Job": [
            {"json": "ID", "go_type": "*string", "hcl": "id,optional"},
            {"json": "Name", "go_type": "*string", "hcl": ",label"},
            {"json": "Groups", "go_type": "[]*api.Group", "hcl": "group,block"},
            {"json": "Meta", "go_type": "map[string]string", "hcl": "meta,block"},
            {"json": "Payload", "go_type": "[]uint8"},
        ],
        "Group": [
            {"json": "Wait", "go_type": "*time.Duration", "hcl": "wait"},
            {"json": "Weight", "go_type": "*int8", "hcl": "weight,optional"},
            {"json": "Kind", "go_type": "api.CSIPluginType", "hcl": "kind,optional"},
            {
                "json": "Extra",
                "go_type": "*api.Group",
                "hcl": "extra_settings_with_a_rather_long_hcl_name_here,block",
                "omitempty": True,
            },
        ],
    },
}


def generate(spec: object, tmp_path: Path) -> ModuleType:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    target = tmp_path / "generated_model.py"
    subprocess.run([sys.executable, str(GENERATOR), str(source), str(target)], check=True)
    loader = importlib.util.spec_from_file_location("generated_model", target)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules["generated_model"] = module  # dataclasses resolve annotations through it
    try:
        loader.loader.exec_module(module)
    finally:
        del sys.modules["generated_model"]
    return module


def test_generator_maps_go_types_and_hcl_tags(tmp_path: Path) -> None:
    generated = generate(SMALL_SPEC, tmp_path)
    job = generated.fields("Job")
    assert [f.json for f in job] == ["ID", "Name", "Groups", "Meta", "Payload"]
    assert (job[0].hcl, job[0].hcl_kind) == ("id", "optional")
    assert (job[1].hcl, job[1].hcl_kind) == ("", "label")
    assert (job[4].hcl, job[4].hcl_kind) == (None, None)
    assert job[2].type.kind == "slice"
    assert job[2].type.element.kind == "pointer"
    assert job[2].type.element.target().struct == "Group"
    assert job[3].type.element.kind == "string"
    assert job[4].type.kind == "bytes"
    group = generated.fields("Group")
    assert group[0].hcl_kind == "required"
    assert group[0].type.target().kind == "duration"
    assert (group[1].type.target().kind, group[1].type.target().bits) == ("int", 8)
    assert group[2].type.kind == "string"
    assert group[3].omitempty and not group[2].omitempty
    assert generated.field("Group", "Nope") is None


def test_generator_output_is_formatted(tmp_path: Path) -> None:
    generate(SMALL_SPEC, tmp_path)
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed next to this interpreter")
    result = subprocess.run(
        [str(ruff), "format", "--diff", str(tmp_path / "generated_model.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_generator_rejects_unknown_types(tmp_path: Path) -> None:
    spec = {
        "order": ["Job"],
        "root": "Job",
        "structs": {"Job": [{"json": "X", "go_type": "chan int"}]},
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(GENERATOR), str(source), str(tmp_path / "out.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "chan int" in result.stderr


def test_committed_model_is_closed_under_references() -> None:
    for name in model.ORDER:
        for f in model.fields(name):
            kind = f.type
            while kind.elem is not None:
                kind = kind.element
            if kind.kind == "struct":
                assert kind.struct in model.STRUCTS


def test_committed_model_knows_the_job_shape() -> None:
    names = [f.json for f in model.fields("Job")]
    assert names.index("ID") < names.index("TaskGroups")
    task_groups = model.field("Job", "TaskGroups")
    assert task_groups is not None and task_groups.type.element.target().struct == "TaskGroup"
    csi = model.field("Task", "CSIPluginConfig")
    assert csi is not None and csi.omitempty
    assert sum(f.omitempty for name in model.ORDER for f in model.fields(name)) == 1


@pytest.mark.conformance
def test_committed_model_matches_generator(tmp_path: Path) -> None:
    if not STRUCTS_JSON.exists():
        pytest.skip("the struct description is not available")
    target = tmp_path / "model.py"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(STRUCTS_JSON), str(target)],
        check=True,
    )
    committed = REPO / "nomadqemu" / "jobspec" / "model.py"
    assert target.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
