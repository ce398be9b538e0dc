"""Property tests: HCL text -> decoder -> Go JSON encoder -> API JSON reader agree."""

from __future__ import annotations

import json
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.gojson import encode_job
from nomadqemu.jobspec.load import read_api_json
from tests.jobspec.helpers import parse_text

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
# Beyond 2**53 the API JSON reader, like Go's decoder into interface{}, rounds through
# float64, so the encoder round trip is exact only within that range.
SCALARS = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),
    st.booleans(),
    st.text(alphabet=string.ascii_letters + string.digits + ' .-_$%{}\\"/:', max_size=12),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4))
CONFIGS = st.dictionaries(NAMES, VALUES, max_size=6)


def hcl_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def hcl_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return hcl_string(value)
    return "[" + ", ".join(hcl_value(v) for v in value) + "]"


def template_text(value: Any) -> Any:
    """JSON-syntax strings are templates too, so `${` and `%{` need escaping there."""
    if isinstance(value, str):
        return value.replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, list):
        return [template_text(v) for v in value]
    return value


def job_text(name: str, count: int, config: dict[str, Any]) -> str:
    lines = "\n".join(f"        {k} = {hcl_value(v)}" for k, v in config.items())
    return (
        f'job "{name}" {{\n  group "g" {{\n    count = {count}\n    task "t" {{\n'
        f'      driver = "qemu"\n      config {{\n{lines}\n      }}\n    }}\n  }}\n}}\n'
    )


@settings(max_examples=60, deadline=None)
@given(NAMES, st.integers(min_value=0, max_value=1000), CONFIGS)
def test_native_and_json_syntax_decode_alike(name: str, count: int, config: dict[str, Any]) -> None:
    native = parse_text(job_text(name, count, config)).job
    task = {"driver": "qemu", "config": {k: template_text(v) for k, v in config.items()}}
    document = {"job": {name: {"group": {"g": {"count": count, "task": {"t": task}}}}}}
    from_json = parse_text(json.dumps(document)).job
    assert native == from_json
    assert native["ID"] == name
    assert native["TaskGroups"][0]["Count"] == count
    assert native["TaskGroups"][0]["Tasks"][0]["Config"] == config


@settings(max_examples=60, deadline=None)
@given(NAMES, st.integers(min_value=0, max_value=1000), CONFIGS)
def test_encoded_job_reads_back_to_the_same_bytes(
    name: str, count: int, config: dict[str, Any]
) -> None:
    encoded = encode_job(parse_text(job_text(name, count, config)).job)
    decoded = json.loads(encoded)["Job"]
    assert decoded["TaskGroups"][0]["Tasks"][0]["Config"] == config
    assert encode_job(read_api_json(encoded, "job.json").job) == encoded
