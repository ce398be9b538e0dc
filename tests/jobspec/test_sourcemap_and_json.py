"""Source spans by JSON path, and job files in HCL's JSON syntax."""

from __future__ import annotations

from nomadqemu.jobspec.load import load_job
from tests.jobspec.helpers import FIXTURES, parse_text


def test_every_decoded_field_maps_to_its_attribute() -> None:
    parsed = load_job(str(FIXTURES / "qemu-basic.nomad"), environ={})
    span = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Config.image_path")
    assert span is not None
    assert (span.filename, span.start.line, span.start.column) == ("qemu-basic.nomad", 19, 9)
    memory = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Resources.MemoryMB")
    assert memory is not None and memory.start.line == 42


def test_unmapped_paths_fall_back_to_the_nearest_ancestor() -> None:
    parsed = load_job(str(FIXTURES / "qemu-basic.nomad"), environ={})
    block = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Config.port_map")
    assert block is not None and block.start.line == 22
    assert parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].LogConfig") == (
        parsed.source_map.span_for("$.TaskGroups[0].Tasks[0]")
    )
    assert parsed.source_map.span_for("$.Nope") == parsed.source_map.span_for("$")


def test_literal_parts_of_free_form_values_have_their_own_spans() -> None:
    parsed = load_job(str(FIXTURES / "qemu-basic.nomad"), environ={})
    ssh = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Config.port_map[0].ssh")
    assert ssh is not None and (ssh.start.line, ssh.start.column) == (23, 11)
    arg = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Config.args[1]")
    assert arg is not None and (arg.start.line, arg.start.column) == (21, 32)


def test_ports_keep_their_spans_after_moving_to_reserved() -> None:
    parsed = load_job(str(FIXTURES / "qemu-basic.nomad"), environ={})
    span = parsed.source_map.span_for("$.TaskGroups[0].Networks[0].ReservedPorts[0].Value")
    assert span is not None and span.start.line == 10


def test_json_syntax_job() -> None:
    text = """{
  "variable": {"img": {"default": "a.img"}},
  "job": {
    "web": {
      "datacenters": ["dc1"],
      "group": {
        "g": {
          "count": 2,
          "task": {"t": {
            "driver": "qemu",
            "config": {"image_path": "${var.img}", "port_map": {"ssh": 22}},
            "env": {"A": 1},
            "kill_timeout": "10s"
          }}
        }
      }
    }
  }
}
"""
    job = parse_text(text).job
    task = job["TaskGroups"][0]["Tasks"][0]
    assert job["ID"] == "web"
    assert job["TaskGroups"][0]["Count"] == 2
    # JSON objects are not wrapped in lists: only native-syntax blocks are.
    assert task["Config"] == {"image_path": "a.img", "port_map": {"ssh": 22}}
    assert task["Env"] == {"A": "1"}
    assert task["KillTimeout"] == 10_000_000_000


def test_json_syntax_unknown_property() -> None:
    import pytest

    from nomadqemu.jobspec.errors import JobspecError

    with pytest.raises(JobspecError) as caught:
        parse_text('{"job": {"j": {"prority": 1}}}')
    assert 'No argument or block type is named "prority". Did you mean "priority"?' in (
        caught.value.nomad_text
    )


def test_the_source_map_is_built_once_on_first_lookup() -> None:
    from nomadqemu.jobspec.sourcemap import SourceMap
    from nomadqemu.span import Pos, Span

    span = Span("job.nomad", Pos(1, 1, 0), Pos(1, 4, 3))
    builds: list[int] = []

    def build() -> dict[str, Span]:
        builds.append(1)
        return {"$": span}

    source_map = SourceMap(build=build)
    assert builds == []
    assert source_map.span_for("$.TaskGroups[0]") == span
    assert source_map.span_for("$") == span
    assert builds == [1]
    assert source_map == SourceMap({"$": span})
