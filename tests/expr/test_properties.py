"""Property tests on hand-built syntax trees: exact arithmetic and template round trips."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from nomadqemu.expr import EvalContext, evaluate
from nomadqemu.hcl import ast
from nomadqemu.span import Pos, Span
from nomadqemu.values.number import CTY_PRECISION, Number

SPAN = Span("p.hcl", Pos(1, 1, 0), Pos(1, 2, 1))
CTX = EvalContext({}, {})

decimals = st.decimals(
    min_value=Decimal("-1e30"), max_value=Decimal("1e30"), allow_nan=False, places=12
)


def literal(d: Decimal) -> ast.Expr:
    text = format(d.copy_abs(), "f")  # abs() would round to the decimal context
    lit = ast.Literal("number", text, SPAN)
    return ast.UnaryOp("-", lit, SPAN) if d < 0 else lit


def compute(op: str, a: Decimal, b: Decimal) -> Number:
    value, diags = evaluate(ast.BinaryOp(op, literal(a), literal(b), SPAN), CTX)
    assert not diags
    result: Number = value.payload
    return result


def rounded(f: Fraction) -> Fraction:
    return Number.from_fraction(f, CTY_PRECISION).as_fraction()


def as_512(d: Decimal) -> Fraction:
    """A literal's value: its decimal text rounded to 512 bits, as HCL parses it."""
    return rounded(Fraction(d))


@given(decimals, decimals)
def test_sum_is_the_rounded_exact_sum(a: Decimal, b: Decimal) -> None:
    assert compute("+", a, b).as_fraction() == rounded(as_512(a) + as_512(b))


@given(decimals, decimals)
def test_difference_is_the_rounded_exact_difference(a: Decimal, b: Decimal) -> None:
    assert compute("-", a, b).as_fraction() == rounded(as_512(a) - as_512(b))


@given(decimals, decimals)
def test_product_is_the_rounded_exact_product(a: Decimal, b: Decimal) -> None:
    assert compute("*", a, b).as_fraction() == rounded(as_512(a) * as_512(b))


@given(decimals, decimals.filter(lambda d: d != 0))
def test_quotient_is_the_rounded_exact_quotient(a: Decimal, b: Decimal) -> None:
    assert compute("/", a, b).as_fraction() == rounded(as_512(a) / as_512(b))


@given(st.integers(-(10**12), 10**12), st.integers(-(10**6), 10**6).filter(bool))
def test_integer_modulo_truncates_like_go(a: int, b: int) -> None:
    # cty's remainder takes the sign of the dividend (truncated division).
    expected = abs(a) % abs(b) * (1 if a >= 0 else -1)
    assert compute("%", Decimal(a), Decimal(b)).as_fraction() == expected


@given(decimals, decimals)
def test_comparisons_agree_with_exact_values(a: Decimal, b: Decimal) -> None:
    for op, check in (("<", a < b), (">=", a >= b), ("==", a == b)):
        value, _ = evaluate(ast.BinaryOp(op, literal(a), literal(b), SPAN), CTX)
        assert value.payload is check


texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@given(st.lists(texts, max_size=5))
def test_template_of_literals_is_their_concatenation(pieces: list[str]) -> None:
    import unicodedata

    parts = tuple(ast.TemplateLiteral(p, SPAN) for p in pieces)
    value, diags = evaluate(ast.Template(parts, SPAN), CTX)
    assert not diags
    assert value.payload == unicodedata.normalize("NFC", "".join(pieces))


@given(texts)
def test_wrapped_string_is_returned_unchanged(text: str) -> None:
    inner = ast.Template((ast.TemplateLiteral(text, SPAN),), SPAN)
    direct, _ = evaluate(inner, CTX)
    wrapped, _ = evaluate(ast.TemplateWrap(inner, SPAN), CTX)
    assert direct == wrapped


names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda s: s not in ("true", "false", "null", "for", "in", "if")
)


@given(st.lists(names, min_size=1, max_size=4), st.integers(0, 3), st.integers(0, 3))
def test_runtime_reference_in_an_interpolation_keeps_its_text(
    path: list[str], before: int, after: int
) -> None:
    from nomadqemu.hcl import parse_expression

    interpolation = "${" + " " * before + ".".join(path) + " " * after + "}"
    source = f'"<{interpolation}>"'.encode()
    expr, diags = parse_expression(source, "p.hcl")
    assert expr is not None and not diags
    value, diags = evaluate(expr, EvalContext({}, {}, source))
    assert not diags
    assert value.payload == f"<{interpolation}>"


@given(st.lists(names, min_size=1, max_size=4))
def test_bare_runtime_reference_is_wrapped(path: list[str]) -> None:
    from nomadqemu.hcl import parse_expression

    source = ".".join(path).encode()
    expr, _ = parse_expression(source, "p.hcl")
    assert expr is not None
    value, diags = evaluate(expr, EvalContext({}, {}, source))
    assert not diags and value.payload == "${" + ".".join(path) + "}"
