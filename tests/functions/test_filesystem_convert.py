"""Filesystem functions against real files, and convert() with a parsed type argument."""

from __future__ import annotations

from pathlib import Path

import pytest

from nomadqemu.diagnostics.record import DiagnosticError
from nomadqemu.functions.conversion import decode_type_argument
from nomadqemu.functions.library import library
from nomadqemu.functions.spec import ArgError, FunctionError
from nomadqemu.hcl import parse_expression
from nomadqemu.values.types import NUMBER, STRING, MapType, SetType
from nomadqemu.values.value import FALSE, TRUE, Value
from tests.functions.helpers import s, texts


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "a.hcl").write_text("alpha\n")
    (tmp_path / "conf" / "sub").mkdir()
    (tmp_path / "conf" / "sub" / "b.hcl").write_text("beta")
    (tmp_path / "bin.dat").write_bytes(b"\xff\x00")
    return tmp_path


def test_file_functions(tree: Path) -> None:
    funcs = library(str(tree))
    assert funcs["file"].impl([s("conf/a.hcl")]).payload == "alpha\n"
    assert funcs["filebase64"].impl([s("bin.dat")]).payload == "/wA="
    with pytest.raises(FunctionError, match="not valid UTF-8"):
        funcs["file"].impl([s("bin.dat")])
    with pytest.raises(FunctionError, match=f"no file exists at {tree}/nope"):
        funcs["file"].impl([s("nope")])
    assert funcs["fileexists"].impl([s("conf/../conf/a.hcl")]) == TRUE
    assert funcs["fileexists"].impl([s("conf/missing")]) == FALSE
    with pytest.raises(FunctionError, match="is not a regular file"):
        funcs["fileexists"].impl([s("conf")])


def test_fileset_globs(tree: Path) -> None:
    fileset = library(str(tree))["fileset"]
    assert texts(fileset.impl([s("conf"), s("**/*.hcl")])) == ["a.hcl", "sub/b.hcl"]
    assert texts(fileset.impl([s("conf"), s("*.hcl")])) == ["a.hcl"]
    assert texts(fileset.impl([s("."), s("{bin,x}.da?")])) == ["bin.dat"]
    assert fileset.impl([s("conf"), s("*.txt")]).type == SetType(STRING)


def test_path_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    funcs = library(".")
    assert funcs["basename"].impl([s("/a/b/")]).payload == "b"
    assert funcs["dirname"].impl([s("/a/b/")]).payload == "/a/b"
    assert funcs["dirname"].impl([s("/")]).payload == "/"
    assert funcs["abspath"].impl([s("/x/../y/./z")]).payload == "/y/z"
    monkeypatch.setenv("HOME", "/home/someone")
    assert funcs["pathexpand"].impl([s("~/vm")]).payload == "/home/someone/vm"


def test_disabled_filesystem(tree: Path) -> None:
    funcs = library(str(tree), allow_fs=False)
    with pytest.raises(FunctionError, match="filesystem function disabled"):
        funcs["file"].impl([s("conf/a.hcl")])
    assert [p.name for p in funcs["file"].params] == ["path"]


def test_library_names() -> None:
    names = set(library("."))
    assert len(names) == 81
    assert {"try", "can"}.isdisjoint(names)
    assert "md5" not in library(".", fips=True)


def _type_arg(text: str) -> Value:
    expr, diags = parse_expression(text.encode(), "t.hcl")
    assert expr is not None and not diags
    return decode_type_argument(expr)


def test_convert_function() -> None:
    convert_fn = library(".")["convert"]
    got = convert_fn.impl([Value.object_of({"a": s("1")}), _type_arg("map(number)")])
    assert got.type == MapType(NUMBER)
    assert convert_fn.return_type is not None
    assert convert_fn.return_type([s("2"), _type_arg("number")]) == NUMBER
    with pytest.raises(ArgError) as info:
        convert_fn.impl([s("x"), _type_arg("bool")])
    assert (info.value.index, info.value.message) == (0, "a bool is required")
    with pytest.raises(DiagnosticError, match="only as a modifier for object type attributes"):
        _type_arg("optional(string)")
