"""Generated valid expressions: tree-sitter and Go's syntax rules agree they are valid."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nomadqemu.hcl import parse_file

NAMES = st.sampled_from(["a", "var", "local", "x_1", "foo-bar", "é", "count"])
ATOMS = st.one_of(
    NAMES,
    st.sampled_from(["1", "1.5", "1e3", "2E-2", "true", "null", '"s"', '""', '"a${x}b"']),
    st.sampled_from(['"\\n\\u00e9\\t"', '"$${x} %%{y}"', '"%{if c}y%{else}n%{endif}"']),
    st.sampled_from(['"%{ for v in l ~} ${v} %{~ endfor }"', '"${ {a = 1}.a }"']),
)
OPS = st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"])


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(inner, max_size=3)
    return st.one_of(
        st.tuples(inner, OPS, inner).map(" ".join),
        st.tuples(st.sampled_from(["-", "!"]), inner).map("".join),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        inner.map(lambda e: f"({e})"),
        items.map(lambda xs: "[" + ", ".join(xs) + "]"),
        items.map(lambda xs: "{" + "\n".join(f"k{i} = {x}" for i, x in enumerate(xs)) + "}"),
        st.tuples(NAMES, items).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(NAMES, inner).map(lambda t: f"{t[0]}.b[{t[1]}].c"),
        NAMES.map(lambda n: f"{n}[*].b[0]"),
        NAMES.map(lambda n: f"{n}.*.b.0"),
        st.tuples(inner, inner).map(lambda t: f"[for v in {t[0]} : {t[1]} if v]"),
        inner.map(lambda e: f"{{for k, v in {e} : k => v...}}"),
        # In parentheses: a heredoc ends with a newline, which ends an argument otherwise.
        inner.map(lambda e: f"(<<-EOT\n    x ${{{e}}}\n  %{{ if true }}y%{{ endif }}\n  EOT\n)"),
    )


EXPRESSIONS = st.recursive(ATOMS, _compound, max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(EXPRESSIONS)
def test_generated_expressions_parse_cleanly(expr: str) -> None:
    source = f'job "j" {{\n  v = {expr}\n  w = 1\n}}\n'.encode()
    tree, diagnostics = parse_file(source, "gen.hcl")
    assert [d.message for d in diagnostics] == []
    assert tree is not None
    (job,) = tree.body.blocks
    assert [a.name for a in job.body.attributes] == ["v", "w"]
