"""Strings in HCL JSON job files are templates, positioned as Go's `ParseTemplate` does."""

from __future__ import annotations

import pytest

from nomadqemu.jobspec.errors import JobspecError
from tests.jobspec.helpers import parse_text


def _meta_job(meta: str) -> str:
    return (
        '{"job": {"j": {\n'
        f'  "meta": {{{meta}}},\n'
        '  "group": {"g": {"task": {"t": {"driver": "qemu"}}}}\n'
        "}}}\n"
    )


def _errors(meta: str) -> str:
    with pytest.raises(JobspecError) as caught:
        parse_text(_meta_job(meta))
    return caught.value.nomad_text


def _column_of(meta: str, fragment: str) -> int:
    """The 1-based column of `fragment` on the meta line of `_meta_job(meta)`."""
    line = _meta_job(meta).splitlines()[1]
    return line.index(fragment) + 1


def test_template_error_is_placed_after_the_opening_quote() -> None:
    meta = '"a": "pre-${1 +}"'
    col = _column_of(meta, "}")  # no escapes before it: the position is exact
    assert f"job.nomad:2,{col}-{col + 1}: Invalid expression;" in _errors(meta)


def test_escaped_quotes_inside_an_interpolation_are_plain_quotes() -> None:
    # The decoded text `${upper("q") + }` is what is parsed, so no "Invalid character".
    meta = '"a": "${upper(\\"q\\") + }"'
    text = _errors(meta)
    assert "Invalid character" not in text
    # As in Go, columns count the decoded text: two backslashes earlier, two columns less.
    col = _column_of(meta, "}") - 2
    assert f"job.nomad:2,{col}-{col + 1}: Invalid expression;" in text


def test_template_error_in_an_object_key() -> None:
    meta = '"k-${1 +}": "v"'
    col = _column_of(meta, "}")
    assert f"job.nomad:2,{col}-{col + 1}: Invalid expression;" in _errors(meta)


def test_templates_in_json_strings_evaluate() -> None:
    job = parse_text(
        _meta_job('"a": "x-${upper(\\"q\\")}", "b": "%{ if true }yes%{ endif }", "c": "$${n}"')
    ).job
    assert job["Meta"] == {"a": "x-Q", "b": "yes", "c": "${n}"}
