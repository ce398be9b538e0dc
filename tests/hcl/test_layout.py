"""`layout.surely_go_clean` may skip Go's syntax checks only where they find nothing.

The property test mutates the project's own job files and holds the parser to Go's
checks run on their own (`goparse`): whatever Go reports must still be reported, first
and at the same place, whether or not the fast path was taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import parse_file
from nomadqemu.hcl.goparse import go_diagnostics
from nomadqemu.hcl.layout import surely_go_clean

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(
    [
        *ROOT.glob("fixtures/jobs/*.nomad"),
        *ROOT.glob("fixtures/validate/valid/*.nomad"),
        *ROOT.glob("examples/*.nomad"),
    ]
)


def go_findings(source: bytes) -> list[tuple[str, int]]:
    return [(d.summary, d.start) for d in go_diagnostics(source, str, "config")]


def parser_findings(source: bytes) -> list[tuple[str, int]]:
    _, diagnostics = parse_file(source, "t.hcl")
    return [(d.summary, d.span.start.byte if d.span else -1) for d in diagnostics]


def gate(source: bytes) -> bool:
    tree, diagnostics = parse_file(source, "t.hcl")
    assert tree is not None and not diagnostics
    return surely_go_clean(source, tree.body)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_ordinary_job_files_take_the_fast_path(path: Path) -> None:
    source = path.read_bytes()
    assert go_findings(source) == []
    assert gate(source), "a plain job file should not need Go's checks"


# Each text is read by tree-sitter without an error and rejected by Go's parser.
TREE_SITTER_ACCEPTS_GO_REJECTS = [
    ("a = 1 b = 2\n", "Missing newline after argument"),
    # tree-sitter reads on past a quote in a directive's body; Go's string ends there.
    ('v = "%{for x in ["a"]}:"b"%{endfor}"\n', "Unexpected end of template"),
    ('v = "%{ ~ for x in y}${x}%{endfor}"\n', "Unsupported operator"),
    ('v = "%{for x in y}${x}%{endfor ~ }"\n', "Unsupported operator"),
    ("a = 1\n+ 2\n", "Argument or block definition required"),
    ("a =\n1\n", "Invalid expression"),
    ("a\n= 1\n", "Argument or block definition required"),
    ("b\n{\n}\n", "Argument or block definition required"),
    ('b "x"\n"y" {\n}\n', "Invalid block definition"),
    ("b { a = 1\n}\n", "Invalid single-argument block definition"),
    ("b {\n a = 1 }\n", "Missing newline after argument"),
    ("b { a = 1 } c = 2\n", "Missing newline after block definition"),
    ("b { c {} }\n", "Argument definition required"),
    ("a = x ? 1\n: 2\n", "Missing false expression in conditional"),
    ("a = b\n.c\n", "Argument or block definition required"),
    ('a = "x\ny"\n', "Invalid multi-line string"),
    ("a = { b = 1 c = 2 }\n", "Missing attribute separator"),
    ("a = {\n b = 1\n, c = 2 }\n", "Invalid expression"),
    ("a = 1\na = 2\n", "Attribute redefined"),
    ('a = "${}"\n', "Invalid expression"),
    ('a = "${ \t}"\n', "Invalid expression"),
    ("a = b\x0b\n", "Invalid character"),
    ("a = [1 \r]\n", "Invalid character"),
    ('a = "\\uD800"\n', "Invalid escape sequence"),
    ("a = 0.1.5\n", "Invalid number literal"),
    ("a = x.0.11\n", "Invalid legacy index syntax"),
    ("a = ro::ot.field\n", "Missing open parenthesis"),
    ("a = object::(1)\n", "Missing function name"),
    ("a:: = 1\n", "Argument or block definition required"),
    ('b "x${y}" {\n}\n', "Invalid string literal"),
    ("a = [for p inal.ports : p]\n", "Invalid 'for' expression"),
    ("a = <<-EOT  text\nEOT\n", "Invalid expression"),
]


@pytest.mark.parametrize(("text", "summary"), TREE_SITTER_ACCEPTS_GO_REJECTS)
def test_go_only_errors_are_still_reported(text: str, summary: str) -> None:
    source = text.encode()
    assert go_findings(source)[0][0] == summary
    assert parser_findings(source)[0][0] == summary


# Line breaks that Go ignores (inside brackets, parentheses, interpolations, heredocs)
# keep the fast path.
GO_ACCEPTS = [
    "a = [1,\n  2,\n]\n",
    "a = f(1,\n  2)\n",
    "a = (1\n  + 2)\n",
    "a = {\n  b = 1\n  c = [\n    2,\n  ]\n}\n",
    "a = { b = 1, c = 2 }\n",
    "a = <<-EOT\n  x ${y}\n  EOT\nb = 1\n",
    "a = [for x in y : x\n  if x != 0]\n",
    "b {\n  c {}\n}\n",
    "b { a = 1 } # note\nc = 2\n",
    "a = x.0\n",
    "a = p::f(1)\n",
]


@pytest.mark.parametrize("text", GO_ACCEPTS)
def test_line_breaks_go_ignores_keep_the_fast_path(text: str) -> None:
    source = text.encode()
    assert go_findings(source) == []
    assert gate(source)


PIECES = st.sampled_from(
    [
        *("\n", " ", ",", "=", "{", "}", "[", "]", "(", ")", '"', "${", "%{", "?", ":", "."),
        *("*", "...", "#", "//", "<<EOT\n", "\nEOT\n", "~", "=>", "for ", " in ", "if", "x"),
        *("1", "0.1.5", ".0", "::", "\\", "\t", "\r\n", "a = 1", "b {}", "%{ endif }", "[*]"),
        "\\u",
    ]
)


@st.composite
def mutated_job(draw: st.DrawFn) -> bytes:
    source = draw(st.sampled_from(SEEDS)).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(source)))
        action = draw(st.sampled_from(["insert", "delete", "join"]))
        if action == "insert":
            source = source[:at] + draw(PIECES).encode() + source[at:]
        elif action == "delete":
            source = source[:at] + source[at + draw(st.integers(1, 4)) :]
        else:  # join a line with the next: where Go sees the end of an argument
            newline = source.find(b"\n", at)
            if newline >= 0:
                source = source[:newline] + b" " + source[newline + 1 :]
    return source


@settings(max_examples=300, deadline=None)
@given(mutated_job())
def test_whatever_go_reports_is_reported_first(source: bytes) -> None:
    expected = go_findings(source)
    if expected:
        assert parser_findings(source)[: len(expected)] == expected
