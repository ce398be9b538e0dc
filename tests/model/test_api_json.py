"""Reading API job JSON: Go decoder rules, type errors with positions, round trips."""

from __future__ import annotations

import json

import pytest

from nomadqemu.diagnostics.record import Severity
from nomadqemu.gojson import encode_job
from nomadqemu.jobspec.api_json import decode_api_json, go_type_name, key_step
from nomadqemu.jobspec.jsontext import JsonSyntaxError, read_json
from nomadqemu.jobspec.model import TYPES

QEMU_JOB = """{
  "Job": {
    "ID": "vm",
    "Type": "service",
    "Datacenters": ["dc1"],
    "TaskGroups": [
      {
        "Name": "g",
        "Count": 2,
        "Tasks": [
          {
            "Name": "linux",
            "Driver": "qemu",
            "KillTimeout": 30000000000,
            "Config": {"image_path": "a<b>.img", "port_map": [{"ssh": 22}], "ratio": 0.25},
            "Resources": {"CPU": 500, "MemoryMB": 512}
          }
        ]
      }
    ]
  }
}
"""


def errors(text: str) -> list[tuple[int, int, str]]:
    result = decode_api_json(text, "job.json")
    return [
        (d.span.start.line, d.span.start.column, d.detail)
        for d in result.diagnostics
        if d.is_error and d.span is not None
    ]


def test_wrapped_and_bare_jobs_read_the_same() -> None:
    wrapped = decode_api_json(QEMU_JOB, "job.json")
    bare_text = json.dumps(json.loads(QEMU_JOB)["Job"])
    bare = decode_api_json(bare_text, "bare.json")
    assert not wrapped.diagnostics and not bare.diagnostics
    assert wrapped.job == bare.job
    task = wrapped.job["TaskGroups"][0]["Tasks"][0]
    assert task["KillTimeout"] == 30_000_000_000
    assert task["Config"]["port_map"] == [{"ssh": 22}]
    assert isinstance(task["Config"]["port_map"][0]["ssh"], int)


def test_read_then_encode_matches_go_layout() -> None:
    text = encode_job(decode_api_json(QEMU_JOB, "job.json").job)
    again = decode_api_json(text, "again.json")
    assert encode_job(again.job) == text
    assert '"image_path": "a\\u003cb\\u003e.img"' in text


def test_spans_point_at_values() -> None:
    result = decode_api_json(QEMU_JOB, "job.json")
    span = result.spans["$.TaskGroups[0].Tasks[0].Config.image_path"]
    assert (span.start.line, span.start.column) == (15, 38)
    assert span.filename == "job.json"
    count = result.spans["$.TaskGroups[0].Count"]
    assert (count.start.line, count.start.column, count.end.column) == (9, 18, 19)


def test_type_errors_name_position_and_go_types() -> None:
    text = '{"ID": "x",\n "Priority": "high",\n "TaskGroups": [{"Count": 1.5, "Tasks": {}}]}'
    found = errors(text)
    assert found == [
        (2, 14, "json: cannot unmarshal string into Go struct field Job.Priority of type int"),
        (
            3,
            27,
            "json: cannot unmarshal number 1.5 into Go struct field TaskGroup.Count of type int",
        ),
        (
            3,
            41,
            "json: cannot unmarshal object into Go struct field TaskGroup.Tasks "
            "of type []*api.Task",
        ),
    ]


def test_integer_ranges_follow_go_types() -> None:
    assert errors('{"Affinities": [{"Weight": 100}]}') == []
    assert errors('{"Affinities": [{"Weight": 300}]}')[0][2].endswith("of type int8")
    assert errors('{"Version": -1}')[0][2].endswith("of type uint64")
    assert errors('{"Priority": 1e2}') != []


def test_keys_match_case_insensitively_and_unknown_keys_warn() -> None:
    result = decode_api_json('{"id": "x", "TASKGROUPS": [], "Bogus": 1}', "j.json")
    assert result.job == {"ID": "x", "TaskGroups": []}
    warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    assert len(warnings) == 1 and "Bogus" in warnings[0].detail
    assert warnings[0].json_path == "$.Bogus"


def test_null_clears_pointers_and_leaves_plain_fields() -> None:
    result = decode_api_json('{"ID": null, "Dispatched": null, "Meta": null}', "j.json")
    assert result.job == {"ID": None, "Meta": None}


def test_job_null_means_bare_job() -> None:
    result = decode_api_json('{"Job": null, "ID": "bare"}', "j.json")
    assert result.job == {"ID": "bare"}
    assert not result.diagnostics


def test_wrapper_with_wrong_type_is_an_error() -> None:
    assert errors('{"Job": 5}')[0][2].endswith("of type api.Job")


def test_repeated_keys_decode_into_earlier_value() -> None:
    text = '{"Update": {"MaxParallel": 2}, "Update": {"Canary": 1}, "ID": "a", "ID": "b"}'
    result = decode_api_json(text, "j.json")
    assert result.job == {"Update": {"MaxParallel": 2, "Canary": 1}, "ID": "b"}


def test_free_form_numbers_follow_float64() -> None:
    config_text = '{"a": 12345678901234567890, "b": 7, "c": 1e2}'
    text = '{"TaskGroups": [{"Tasks": [{"Config": ' + config_text + "}]}]}"
    config = decode_api_json(text, "j.json").job["TaskGroups"][0]["Tasks"][0]["Config"]
    assert config == {"a": 12345678901234567890.0, "b": 7, "c": 100.0}
    assert isinstance(config["a"], float) and isinstance(config["b"], int)


def test_payload_is_base64() -> None:
    assert decode_api_json('{"Payload": "aGk="}', "j.json").job == {"Payload": b"hi"}
    assert errors('{"Payload": "@@@"}') != []


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("", 1, 1, "unexpected end"),
        ('{"ID": "x",}', 1, 12, "looking for beginning of object key"),
        ('{\n  "ID" "x"}', 2, 8, "after object key"),
        ('{"Datacenters": ["a" "b"]}', 1, 22, "after array element"),
        ('{"ID": "a\x01"}', 1, 10, "control characters"),
        ('{"ID": tru}', 1, 8, "looking for beginning of value"),
        ('{"ID": "x"', 1, 11, "unexpected end of JSON input"),
    ],
)
def test_syntax_errors_have_positions(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        read_json(text, "bad.json")
    assert (caught.value.span.start.line, caught.value.span.start.column) == (line, column)
    assert fragment in caught.value.message
    result = decode_api_json(text, "bad.json")
    assert result.has_errors and result.job == {}


def test_trailing_text_is_a_warning() -> None:
    result = decode_api_json('{"ID": "x"} trailing', "j.json")
    assert result.job == {"ID": "x"}
    assert [d.severity for d in result.diagnostics] == [Severity.WARNING]


def test_positions_count_characters_and_bytes() -> None:
    node, _ = read_json('{"é": "ü", "k": 1}', "u.json")
    member = node.members()[1][2]
    assert member.span.start.column == 17
    assert member.span.start.byte == 18


def test_escaped_strings_and_lone_surrogates() -> None:
    node, _ = read_json('["a\\u003cb", "\\ud83c\\udf89", "\\ud800x"]', "s.json")
    assert [e.value for e in node.elements()] == ["a<b", "🎉", "\ufffdx"]


def test_go_type_names() -> None:
    assert go_type_name(TYPES["[]*api.Task"]) == "[]*api.Task"
    assert go_type_name(TYPES["*time.Duration"]) == "time.Duration"
    assert go_type_name(TYPES["map[string]interface {}"]) == "map[string]interface {}"
    assert go_type_name(TYPES["*int8"]) == "int8"


def test_key_steps() -> None:
    assert key_step("image_path") == ".image_path"
    assert key_step("a.b") == '["a.b"]'


def test_deep_nesting_is_refused_with_a_position() -> None:
    text = '{"TaskGroups": [{"Tasks": [{"Config": {"v": ' + "[" * 300 + "]" * 300 + "}}]}]}"
    result = decode_api_json(text, "deep.json")
    assert result.has_errors
    assert "max depth" in result.diagnostics[0].detail
    assert result.diagnostics[0].span is not None
    shallow = '{"TaskGroups": [{"Tasks": [{"Config": {"v": ' + "[" * 150 + "]" * 150 + "}}]}]}"
    job = decode_api_json(shallow, "ok.json").job
    assert encode_job(decode_api_json(encode_job(job), "again.json").job) == encode_job(job)
