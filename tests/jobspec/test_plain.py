"""Constants in free-form maps read off the syntax tree, against evaluating them."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.expr import EvalContext, evaluate
from nomadqemu.hcl import parse_expression
from nomadqemu.jobspec.freeform import to_interface
from nomadqemu.jobspec.plain import NOT_LITERAL, plain_literal
from tests.jobspec.helpers import parse_text

NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=2**70).map(str),  # `-1` is an operation
    st.sampled_from(["0.5", "1.25", "3.0", "1e3", "2.5e-3", "9223372036854775807", "1e400"]),
)
TEXT = st.lists(st.sampled_from(["a", "Z", " ", "\u00e9", "e\u0301", "-", "\\", "0"])).map("".join)
SCALARS = st.one_of(
    NUMBERS,
    TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.sampled_from(["true", "false", "null"]),
)
KEYS = st.one_of(
    st.sampled_from(["a", "b", "ssh", "port_map", "x-y"]),
    TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
)


def _constants(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(children, max_size=4)
    entries = st.lists(st.tuples(KEYS, children), max_size=4)
    return st.one_of(
        items.map(lambda xs: "[" + ", ".join(xs) + "]"),
        entries.map(lambda es: "{" + ", ".join(f"{k} = {v}" for k, v in es) + "}"),
        children.map(lambda x: f"({x})"),
    )


CONSTANTS = st.recursive(SCALARS, _constants, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(CONSTANTS)
def test_constants_read_as_their_evaluated_value(text: str) -> None:
    node, diags = parse_expression(text.encode(), "x.hcl")
    assert node is not None and not diags, text
    value, eval_diags = evaluate(node, EvalContext({}, {}))
    assert not eval_diags
    expected = to_interface(value)
    plain = plain_literal(node)
    assert plain == expected
    # JSON text tells 1 from 1.0 and True from 1, which == does not.
    assert json.dumps(plain) == json.dumps(expected)


def test_expressions_that_need_evaluating_are_left_alone() -> None:
    for text in ['"a${1}"', "var.x", 'upper("a")', "{ (var.k) = 1 }", "1 + 1", "[for x in [] : x]"]:
        node, _ = parse_expression(text.encode(), "x.hcl")
        assert node is not None
        assert plain_literal(node) is NOT_LITERAL, text


def test_config_blocks_read_as_constants_keep_their_spans() -> None:
    text = (
        'job "j" {\n  group "g" {\n    task "t" {\n      driver = "qemu"\n'
        "      config {\n        port_map {\n          ssh = 22\n        }\n"
        '        args = ["-a", 1.5]\n      }\n    }\n  }\n}\n'
    )
    parsed = parse_text(text)
    config = parsed.job["TaskGroups"][0]["Tasks"][0]["Config"]
    assert config == {"args": ["-a", 1.5], "port_map": [{"ssh": 22}]}
    span = parsed.source_map.span_for("$.TaskGroups[0].Tasks[0].Config.port_map[0].ssh")
    assert span is not None and (span.start.line, span.start.column) == (7, 11)
