"""Input variables, their sources and precedence, validation, and locals."""

from __future__ import annotations

from pathlib import Path

import pytest

from nomadqemu.jobspec.errors import JobspecError
from tests.jobspec.helpers import FIXTURES, parse_text

DECLS = """variable "region" {
  type    = string
  default = "global"
}
variable "count" {
  type    = number
  default = 1
  validation {
    condition     = var.count > 0
    error_message = "The count must be positive."
  }
}
job "j" {
  region = var.region
  group "g" {
    count = var.count
  }
}
"""


def region_and_count(**kwargs: object) -> tuple[str, int]:
    job = parse_text(DECLS, **kwargs).job
    return job["Region"], job["TaskGroups"][0]["Count"]


def test_defaults_apply() -> None:
    assert region_and_count() == ("global", 1)


def test_precedence_default_env_file_arg(tmp_path: Path) -> None:
    var_file = tmp_path / "v.hcl"
    var_file.write_text('region = "file"\n')
    env = {"NOMAD_VAR_region": "env", "NOMAD_VAR_count": "2"}
    assert region_and_count(environ=env) == ("env", 2)
    assert region_and_count(environ=env, var_files=[str(var_file)]) == ("file", 2)
    both = region_and_count(environ=env, var_files=[str(var_file)], arg_vars=["region=arg"])
    assert both == ("arg", 2)


def test_json_var_file(tmp_path: Path) -> None:
    var_file = tmp_path / "v.json"
    var_file.write_text('{"region": "json", "count": 4}')
    assert region_and_count(var_files=[str(var_file)]) == ("json", 4)


def test_last_arg_wins_and_entries_without_equals_are_dropped() -> None:
    assert region_and_count(arg_vars=["region=a", "region=b", "count"]) == ("b", 1)


def test_env_for_undeclared_variables_is_ignored() -> None:
    assert region_and_count(environ={"NOMAD_VAR_other": "x"}) == ("global", 1)


def test_undeclared_arg_is_an_error_when_strict_and_a_warning_otherwise() -> None:
    with pytest.raises(JobspecError) as caught:
        parse_text(DECLS, arg_vars=["other=1"])
    assert "<nil>: Undefined -var variable;" in caught.value.nomad_text
    parsed = parse_text(DECLS, arg_vars=["other=1"], strict=False)
    assert [d.summary for d in parsed.diagnostics] == ["Undefined -var variable"]


def test_validation_failure_names_the_source() -> None:
    with pytest.raises(JobspecError) as caught:
        parse_text(DECLS, arg_vars=["count=0"])
    text = caught.value.nomad_text
    assert "Invalid value for cmd variable; The count must be positive." in text
    assert "This was checked by the validation rule at job.nomad:8,3-13." in text


def test_conversion_failure_of_an_argument() -> None:
    with pytest.raises(JobspecError) as caught:
        parse_text(DECLS, arg_vars=["count=many"])
    assert (
        "Invalid argument value for -var variable; The received arg value for count is not "
        "compatible with the variable's type constraint: a number is required."
    ) in caught.value.nomad_text


def test_complex_types_parse_argument_text_as_hcl() -> None:
    text = 'variable "dcs" {\n  type = list(string)\n}\njob "j" {\n  datacenters = var.dcs\n}\n'
    job = parse_text(text, arg_vars=['dcs=["a", "b"]']).job
    assert job["Datacenters"] == ["a", "b"]


def test_unset_variable() -> None:
    with pytest.raises(JobspecError) as caught:
        parse_text('variable "x" {}\njob "j" {}\n')
    assert '<nil>: Unset variable "x";' in caught.value.nomad_text


def test_blank_validation_message() -> None:
    text = """variable "x" {
  default = 1
  validation {
    condition     = var.x > 0
    error_message = " "
  }
}
job "j" {}
"""
    with pytest.raises(JobspecError) as caught:
        parse_text(text)
    assert "Invalid validation error message" in caught.value.nomad_text


def test_validation_may_only_refer_to_its_variable() -> None:
    text = """variable "x" {
  default = 1
  validation {
    condition     = var.y > 0
    error_message = "no"
  }
}
job "j" {}
"""
    with pytest.raises(JobspecError) as caught:
        parse_text(text)
    assert "Invalid reference in variable validation" in caught.value.nomad_text


def test_variable_block_in_a_var_file(tmp_path: Path) -> None:
    var_file = tmp_path / "v.hcl"
    var_file.write_text('variable "region" {}\n')
    with pytest.raises(JobspecError) as caught:
        parse_text(DECLS, var_files=[str(var_file)])
    assert "Variable declaration in a .var file" in caught.value.nomad_text


def test_missing_var_file(tmp_path: Path) -> None:
    with pytest.raises(JobspecError) as caught:
        parse_text(DECLS, var_files=[str(tmp_path / "absent.hcl")])
    assert caught.value.nomad_text.startswith(
        "unable to parse var file: <nil>: Failed to read file;"
    )


def test_locals_in_any_order_and_cycles() -> None:
    text = 'locals {\n  b = "${local.a}-b"\n  a = "a"\n}\njob "j" {\n  region = local.b\n}\n'
    assert parse_text(text).job["Region"] == "a-b"
    cycle = 'locals {\n  a = local.b\n  b = local.a\n}\njob "j" {}\n'
    with pytest.raises(JobspecError) as caught:
        parse_text(cycle)
    assert 'This object does not have an attribute named "' in caught.value.nomad_text


def test_variables_block_entries() -> None:
    text = 'variables {\n  dc = "dc9"\n}\njob "j" {\n  datacenters = [var.dc]\n}\n'
    assert parse_text(text, arg_vars=["dc=dc7"]).job["Datacenters"] == ["dc7"]


def test_fixture_with_var_file() -> None:
    parsed = parse_text(
        (FIXTURES / "variables.nomad").read_text(), var_files=[str(FIXTURES / "vars.hcl")]
    )
    assert parsed.job["Region"] == "from-file"
    assert parsed.job["TaskGroups"][0]["Count"] == 3
    config = parsed.job["TaskGroups"][0]["Tasks"][0]["Config"]
    assert config == {"image_path": "local/images/base.img", "kernel": "${attr.kernel.name}"}
