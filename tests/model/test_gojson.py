"""Go encoding/json conventions: escapes, float forms, zero values, field order, layout."""

from __future__ import annotations

import json

import pytest

from nomadqemu.gojson import (
    UnsupportedValueError,
    encode,
    encode_job,
    encode_struct,
    format_float,
    quote,
)
from nomadqemu.jobspec.model import fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", '"plain"'),
        ("a<b>c&d", '"a\\u003cb\\u003ec\\u0026d"'),
        ('quote " and \\ slash', '"quote \\" and \\\\ slash"'),
        ("tab\tnl\ncr\r", '"tab\\tnl\\ncr\\r"'),
        ("bs\bff\f", '"bs\\bff\\f"'),
        ("\x00\x01\x1f", '"\\u0000\\u0001\\u001f"'),
        ("del\x7f stays", '"del\x7f stays"'),
        ("line\u2028para\u2029", '"line\\u2028para\\u2029"'),
        ("é and 雪 and 🎉", '"é and 雪 and 🎉"'),
        ("${attr.kernel.name} >= 2", '"${attr.kernel.name} \\u003e= 2"'),
    ],
)
def test_strings_escape_like_go(text: str, expected: str) -> None:
    assert quote(text) == expected


def test_invalid_utf8_becomes_replacement_character() -> None:
    text = b"ok\xff\xfe!".decode("utf-8", "surrogateescape")
    assert quote(text) == '"ok\\ufffd\\ufffd!"'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (1.0, "1"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (12345678901234567890.0, "12345678901234567000"),
        (1e-6, "0.000001"),
        (2.5e-6, "0.0000025"),
        (1e-7, "1e-7"),
        (1.5e-10, "1.5e-10"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (1 / 3, "0.3333333333333333"),
    ],
)
def test_floats_format_like_go(value: float, expected: str) -> None:
    assert format_float(value) == expected


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_floats_are_refused(value: float) -> None:
    with pytest.raises(UnsupportedValueError, match="json: unsupported value"):
        format_float(value)


def test_plain_data_layout() -> None:
    data = {"b": [1, 2.5, True, None], "a": {}, "c": [], "d": {"z": "x", "y": [{}]}}
    assert encode(data) == (
        "{\n"
        '    "a": {},\n'
        '    "b": [\n'
        "        1,\n"
        "        2.5,\n"
        "        true,\n"
        "        null\n"
        "    ],\n"
        '    "c": [],\n'
        '    "d": {\n'
        '        "y": [\n'
        "            {}\n"
        "        ],\n"
        '        "z": "x"\n'
        "    }\n"
        "}"
    )


def test_map_keys_sort_by_code_point() -> None:
    assert list(json.loads(encode({"b": 1, "B": 2, "a": 3, "é": 4, "_": 5}))) == [
        "B",
        "_",
        "a",
        "b",
        "é",
    ]


def test_missing_fields_print_go_zero_values() -> None:
    text = encode_struct({}, "TaskLifecycle")
    assert text == '{\n    "Hook": "",\n    "Sidecar": false\n}'
    resources = json.loads(encode_struct({}, "Resources"))
    assert all(value is None for value in resources.values())
    template = json.loads(encode_struct({}, "TaskCSIPluginConfig"))
    assert template == {
        "ID": "",
        "Type": "",
        "MountDir": "",
        "StagePublishBaseDir": "",
        "HealthTimeout": 0,
    }


def test_fields_follow_model_order_not_input_order() -> None:
    job = {"TaskGroups": [], "Name": "web", "ID": "web", "Region": "global"}
    printed = list(json.loads(encode_job(job))["Job"])
    assert printed == [field.json for field in fields("Job")]


def test_job_wrapper_and_trailing_newline() -> None:
    text = encode_job({"ID": "x"})
    assert text.startswith('{\n    "Job": {\n        "Region": null,\n')
    assert text.endswith("\n    }\n}\n")


def test_none_prints_null_and_empty_collections_stay() -> None:
    job: dict[str, object] = {"Datacenters": [], "Meta": {}, "Constraints": None}
    parsed = json.loads(encode_job(job))["Job"]
    assert parsed["Datacenters"] == []
    assert parsed["Meta"] == {}
    assert parsed["Constraints"] is None
    assert '"Datacenters": [],' in encode_job(job)


def test_csi_plugin_config_is_omitted_only_when_nil() -> None:
    group = {"Name": "g", "Tasks": [{"Name": "t"}, {"Name": "u", "CSIPluginConfig": {}}]}
    tasks = json.loads(encode_job({"TaskGroups": [group]}))["Job"]["TaskGroups"][0]["Tasks"]
    assert "CSIPluginConfig" not in tasks[0]
    assert tasks[1]["CSIPluginConfig"]["MountDir"] == ""
    assert list(tasks[1]).index("CSIPluginConfig") == list(tasks[1]).index("VolumeMounts") + 1


def test_durations_and_free_form_config() -> None:
    task = {
        "Name": "vm",
        "KillTimeout": 30_000_000_000,
        "Config": {"image_path": "a&b.img", "port_map": [{"ssh": 22}], "ratio": 0.5},
    }
    text = encode_job({"TaskGroups": [{"Tasks": [task]}]})
    assert '"KillTimeout": 30000000000,' in text
    assert '"image_path": "a\\u0026b.img",' in text
    config = json.loads(text)["Job"]["TaskGroups"][0]["Tasks"][0]["Config"]
    assert config == task["Config"]


def test_payload_bytes_print_as_base64() -> None:
    assert json.loads(encode_job({"Payload": b"hi"}))["Job"]["Payload"] == "aGk="


def test_wrong_types_are_programming_errors() -> None:
    with pytest.raises(TypeError):
        encode_job({"ID": 5})
    with pytest.raises(TypeError):
        encode_job({"Priority": "high"})
