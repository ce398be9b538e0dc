"""String functions with Go's Unicode rules."""

from __future__ import annotations

import pytest

from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.values.types import STRING
from nomadqemu.values.value import Value
from tests.functions.helpers import call, n, s, texts


def test_case_mapping_is_simple_per_character() -> None:
    assert call("upper", s("straße")).payload == "STRAßE"
    assert call("upper", s("ᾳ")).payload == "ᾼ"  # simple mapping, not "ΑΙ"
    assert call("lower", s("ÅNGSTRÖM")).payload == "ångström"
    assert call("title", s("hello wide-world_x")).payload == "Hello Wide-World_x"


def test_grapheme_clusters() -> None:
    assert call("strlen", s("👍🏽ok")).payload.text() == "3"
    assert call("strrev", s("ab👍🏽")).payload == "👍🏽ba"
    assert call("reverse", s("xyz")).payload == "zyx"
    # Unicode 15.0 (go-textseg v15) splits an Indic conjunct that 15.1 keeps whole.
    assert call("strlen", s("क्षि")).payload.text() == "2"
    assert call("strlen", s("a\r\nb")).payload.text() == "3"
    assert call("substr", s("n\u0303ame"), n(0), n(2)).payload == "ña"
    assert call("substr", s("hello"), n(-3), n(2)).payload == "ll"
    assert call("substr", s("hello"), n(2), n(-1)).payload == "llo"


def test_split_join_sort() -> None:
    assert texts(call("split", s("::"), s("a::b::"))) == ["a", "b", ""]
    assert texts(call("split", s(""), s("añ"))) == ["a", "ñ"]
    joined = call("join", s("+"), Value.tuple_of([s("x"), n(2)]), Value.tuple_of([s("y")]))
    assert joined.payload == "x+2+y"
    with pytest.raises(ArgError, match="element 0 of list 2 is null"):
        call("join", s(","), Value.tuple_of([s("a")]), Value.list_of(STRING, [Value.null(STRING)]))
    assert texts(call("sort", Value.tuple_of([s("b"), s("B"), s("10"), s("9")]))) == [
        "10",
        "9",
        "B",
        "b",
    ]


def test_trimming() -> None:
    assert call("trimspace", s("\u2003\tx y\n\u00a0")).payload == "x y"
    assert call("trimspace", s("\x1cx")).payload == "\x1cx"  # not space to Go
    assert call("trim", s("--=x=--"), s("-=")).payload == "x"
    assert call("trimprefix", s("prefix-x"), s("prefix-")).payload == "x"
    assert call("trimsuffix", s("x.txt"), s(".txt")).payload == "x"
    assert call("chomp", s("a\n\r\n\n")).payload == "a"
    assert call("chomp", s("a\n b")).payload == "a\n b"


def test_indent_and_replace() -> None:
    assert call("indent", n(1), s("a\nb\n")).payload == "a\n b\n "
    assert call("replace", s("a-b-c"), s("-"), s("+")).payload == "a+b+c"
    assert call("replace", s("ab"), s(""), s(".")).payload == ".a.b."
    with pytest.raises(FunctionError, match="negative Repeat count"):
        call("indent", n(-1), s("a"))


def test_regex_replace_go_semantics() -> None:
    assert call("regex_replace", s("a1b22"), s("[0-9]+"), s("<$0>")).payload == "a<1>b<22>"
    assert call("regex_replace", s("xy"), s("(x)(y)"), s("${2}$1")).payload == "yx"
    assert call("regex_replace", s("xy"), s("(x)"), s("$1z")).payload == "y"  # group "1z"
    assert call("regex_replace", s("abc"), s("b*"), s("-")).payload == "-a-c-"
    assert call("regex_replace", s("a"), s("a"), s("$")).payload == "$"
    with pytest.raises(FunctionError, match=r"^error parsing regexp: missing closing \]: `\[x`$"):
        call("regex_replace", s("a"), s("[x"), s(""))
