"""Hypothesis strategies: HCL configuration text, and the same text with its spacing disturbed."""

from __future__ import annotations

from hypothesis import strategies as st

from nomadqemu.fmt.scanner import scan
from nomadqemu.fmt.tokens import Kind, Token

_NAMES = st.sampled_from(["a", "b2", "name", "max-size", "_x", "in", "for", "é"])
_OPERATORS = st.sampled_from(
    ["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"]
)
_LITERAL_TEXT = st.lists(
    st.sampled_from([" ", "a", "Z", "-", "é", "👍", "$", "%", "\\n", '\\"']), max_size=6
).map("".join)


def _template(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        _LITERAL_TEXT.filter(lambda text: not text.endswith(("$", "%"))),
        inner.map(lambda expr: "${ " + expr + " }"),
    )
    return st.lists(piece, max_size=3).map(lambda parts: '"' + "".join(parts) + '"')


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, min_size=1, max_size=3).map(
            lambda items: "[\n" + "".join(item + ",\n" for item in items) + "]"
        ),
        st.lists(st.tuples(_NAMES, inner), max_size=3).map(
            lambda pairs: "{ " + ", ".join(f"{k} = {v}" for k, v in pairs) + " }"
        ),
        st.tuples(_NAMES, st.lists(inner, max_size=3)).map(
            lambda call: f"{call[0]}({', '.join(call[1])})"
        ),
        st.tuples(inner, _OPERATORS, inner).map(" ".join),
        inner.map(lambda expr: "!" + expr),
        inner.map(lambda expr: "-" + expr),
        inner.map(lambda expr: "(" + expr + ")"),
        st.tuples(inner, inner, inner).map(lambda c: f"{c[0]} ? {c[1]} : {c[2]}"),
        st.tuples(inner, _NAMES).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(_NAMES, inner, inner).map(lambda f: f"[for {f[0]} in {f[1]} : {f[2]}]"),
        _template(inner),
    )


EXPRESSIONS: st.SearchStrategy[str] = st.recursive(
    st.one_of(
        _NAMES,
        st.sampled_from(["0", "12", "1.5", "2e3", "true", "null"]),
        _template(st.just("x")),
    ),
    _compound,
    max_leaves=8,
)

_HEREDOC = st.tuples(_NAMES, st.lists(_LITERAL_TEXT, max_size=3)).map(
    lambda h: f"{h[0]} = <<-EOT\n" + "".join(f"  {line}\n" for line in h[1]) + "  EOT\n"
)


def _body_items(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    block = st.tuples(_NAMES, st.lists(_NAMES, max_size=2), inner).map(
        lambda b: f"{b[0]} {' '.join(chr(34) + label + chr(34) for label in b[1])} {{\n{b[2]}}}\n"
    )
    item = st.one_of(
        st.tuples(_NAMES, EXPRESSIONS).map(lambda a: f"{a[0]} = {a[1]}\n"),
        st.tuples(_NAMES, EXPRESSIONS, _LITERAL_TEXT).map(lambda a: f"{a[0]} = {a[1]} # {a[2]}\n"),
        st.just("\n"),
        st.just("// a comment\n"),
        _HEREDOC,
        block,
    )
    return st.lists(item, max_size=5).map("".join)


BODIES: st.SearchStrategy[str] = st.recursive(st.just(""), _body_items, max_leaves=6)


def _can_pad(previous: Token | None, token: Token) -> bool:
    """Whether spaces may go before `token` without landing inside template text.

    Not before the end of the file either: HCL keeps spaces there, as they belong to no line.
    """
    literal = {Kind.QUOTED_LIT, Kind.STRING_LIT}
    if token.kind in literal | {Kind.C_QUOTE, Kind.C_HEREDOC, Kind.EOF}:
        return False
    if token.kind in (Kind.TEMPLATE_INTERP, Kind.TEMPLATE_CONTROL):
        return False
    if previous is None:
        return True
    return previous.kind not in literal | {
        Kind.O_QUOTE,
        Kind.O_HEREDOC,
        Kind.C_HEREDOC,
        Kind.TEMPLATE_SEQ_END,
    }


@st.composite
def disturbed(draw: st.DrawFn, text: str, *, inside_interpolations: bool = True) -> str:
    """`text` with random spaces and tabs wherever HCL ignores them.

    With `inside_interpolations=False` the code inside `${…}`/`%{…}` keeps its spacing:
    Nomad turns a runtime reference such as `${ NOMAD_JOB_NAME }` into its source text,
    spaces included, so there spacing is part of the job and `nomad fmt` changes it.
    """
    tokens = scan(text).tokens
    out: list[str] = []
    previous: Token | None = None
    depth = 0
    for token in tokens:
        spaces = " " * token.spaces
        if _can_pad(previous, token) and (inside_interpolations or depth == 0):
            spaces += draw(st.text(alphabet=" \t", max_size=3))
        if token.kind is Kind.TEMPLATE_SEQ_END:
            depth -= 1
        elif token.kind in (Kind.TEMPLATE_INTERP, Kind.TEMPLATE_CONTROL):
            depth += 1
        out.append(spaces + token.text)
        previous = token
    return "".join(out)
