"""Literal attributes decode as the same value written as an expression would.

A plain literal going to a field of its own kind is decoded without evaluating it;
these pairs hold the literal against an equivalent computed expression, which takes
the evaluator and cty's conversions, for values and for the diagnostics of misfits.
"""

from __future__ import annotations

import pytest

from nomadqemu.gojson import encode_job
from nomadqemu.jobspec.errors import JobspecError
from tests.jobspec.helpers import parse_text

JOB = """job "j" {{
  {job}
  group "g" {{
    {group}
    task "t" {{
      driver = "qemu"
      {task}
    }}
  }}
}}
"""

PAIRS = [
    ("job", "priority = 70", "priority = 35 * 2"),
    ("job", "priority = 1.5", "priority = 3 / 2"),
    ("job", "priority = 99999999999999999999", "priority = 99999999999999999998 + 1"),
    ("job", "priority = 2.0", "priority = 4 / 2"),
    ("job", "all_at_once = true", "all_at_once = !false"),
    ("job", "all_at_once = false", "all_at_once = !true"),
    ("job", 'region = "r1"', 'region = "r${1}"'),
    ("job", 'region = "e\u0301"', 'region = "${"e\u0301"}"'),
    ("group", "count = 3", "count = 1 + 2"),
    ("group", "count = 0.5", "count = 1 / 2"),
    (
        "group",
        'spread {\n attribute = "a"\n target "x" {\n percent = 300\n }\n }',
        'spread {\n attribute = "a"\n target "x" {\n percent = 299 + 1\n }\n }',
    ),
    ("task", 'kill_timeout = "1m30s"', 'kill_timeout = "${"1m30s"}"'),
    ("task", 'kill_timeout = "1x"', 'kill_timeout = "${"1x"}"'),
    ("task", 'kill_timeout = "9999999999h"', 'kill_timeout = "${"9999999999h"}"'),
    ("task", 'kill_timeout = ""', 'kill_timeout = "${""}"'),
    ("task", 'user = "root"', 'user = lower("ROOT")'),
    ("job", 'datacenters = ["a", "e\u0301"]', 'datacenters = ["a", "${"e\u0301"}"]'),
    ("job", 'datacenters = ["a", 1]', 'datacenters = ["a", 0 + 1]'),
    ("job", 'datacenters = ["a", ["b"]]', 'datacenters = ["a", ["${"b"}"]]'),
    ("job", "datacenters = []", "datacenters = [for x in [] : x]"),
]


def _outcome(where: str, line: str) -> tuple[str, list[tuple[str, str]]]:
    text = JOB.format(**{key: line if key == where else "" for key in ("job", "group", "task")})
    try:
        parsed = parse_text(text)
    except JobspecError as exc:
        return "error", [(d.summary, d.detail) for d in exc.diagnostics]
    return encode_job(parsed.job), [(d.summary, d.detail) for d in parsed.diagnostics]


@pytest.mark.parametrize(("where", "literal", "computed"), PAIRS)
def test_literal_decodes_as_the_computed_expression(
    where: str, literal: str, computed: str
) -> None:
    assert _outcome(where, literal) == _outcome(where, computed)


def test_literal_values_reach_the_job() -> None:
    job = parse_text(
        JOB.format(job="priority = 70", group="count = 3", task='kill_timeout = "2s"')
    ).job
    assert job["Priority"] == 70
    assert job["TaskGroups"][0]["Count"] == 3
    assert job["TaskGroups"][0]["Tasks"][0]["KillTimeout"] == 2_000_000_000
