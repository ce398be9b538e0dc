"""Filesystem functions (go-cty-funcs `filesystem`), relative to a base directory.

Nomad offers them only with `AllowFS`; without it each one fails at call time with
"filesystem function disabled" (see `disabled`).
"""

from __future__ import annotations

import base64
import os
import re
import stat
from collections.abc import Sequence

from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import Function, FunctionError, Param
from nomadqemu.values.convert import make_set
from nomadqemu.values.types import BOOL, STRING, SetType, Type
from nomadqemu.values.value import FALSE, TRUE, Value


def go_clean(path: str) -> str:
    """Go's `filepath.Clean` (Unix)."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    out = "/".join(parts)
    if rooted:
        return "/" + out
    return out or "."


def go_join(*parts: str) -> str:
    joined = "/".join(p for p in parts if p)
    return go_clean(joined) if joined else ""


def go_base(path: str) -> str:
    if not path:
        return "."
    path = path.rstrip("/")
    if not path:
        return "/"
    return path.rsplit("/", 1)[-1]


def go_dir(path: str) -> str:
    head = path[: path.rfind("/") + 1]
    return go_clean(head)


def expand_home(path: str) -> str:
    """go-homedir's `Expand`."""
    if not path or path[0] != "~":
        return path
    if len(path) > 1 and path[1] not in "/\\":
        raise FunctionError("cannot expand user-specific home dir")
    home = os.environ.get("HOME", "")
    return home + path[1:]


def _resolve(base_dir: str, path: str) -> str:
    path = expand_home(path)
    if not path.startswith("/"):
        path = go_join(base_dir, path)
    return go_clean(path)


def _read(base_dir: str, path: str) -> bytes:
    full = _resolve(base_dir, path)
    try:
        with open(full, "rb") as handle:  # noqa: PTH123  (plain open keeps the error types simple)
            return handle.read()
    except FileNotFoundError:
        raise FunctionError(f"no file exists at {full}") from None
    except OSError:
        raise FunctionError(f"failed to read {full}") from None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """doublestar's syntax: `**` spans directories, `*`/`?` do not, `[…]` and `{a,b}`."""
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise FunctionError("syntax error in pattern")
            body = pattern[i + 1 : end]
            if body.startswith(("!", "^")):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        elif ch == "{":
            out.append("(?:")
            depth += 1
            i += 1
        elif ch == "}" and depth:
            out.append(")")
            depth -= 1
            i += 1
        elif ch == "," and depth:
            out.append("|")
            i += 1
        elif ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out))


def make_functions(base_dir: str) -> dict[str, Function]:
    def file_text(args: Sequence[Value]) -> Value:
        path: str = args[0].payload
        data = _read(base_dir, path)
        try:
            return Value.string(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise FunctionError(
                f"contents of {path} are not valid UTF-8; use the filebase64 function to "
                "obtain the Base64 encoded contents or the other file functions (e.g. "
                "filemd5, filesha256) to obtain file hashing results instead"
            ) from None

    def file_base64(args: Sequence[Value]) -> Value:
        return Value.string(base64.b64encode(_read(base_dir, args[0].payload)).decode())

    def file_exists(args: Sequence[Value]) -> Value:
        full = _resolve(base_dir, args[0].payload)
        try:
            info = os.stat(full)  # noqa: PTH116  (mirrors Go's os.Stat)
        except FileNotFoundError:
            return FALSE
        except OSError:
            raise FunctionError(f"failed to stat {full}") from None
        if stat.S_ISREG(info.st_mode):
            return TRUE
        raise FunctionError(f'{full} is not a regular file, but "{_go_mode(info.st_mode)}"')

    def file_set(args: Sequence[Value]) -> Value:
        path: str = args[0].payload
        if not path.startswith("/"):
            path = go_join(base_dir, path)
        regex = _glob_regex(go_clean(args[1].payload) if args[1].payload else "")
        found: list[Value] = []
        root = path or "."
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                full = os.path.join(dirpath, name)  # noqa: PTH118  (string paths throughout)
                rel = os.path.relpath(full, root)
                if regex.fullmatch(rel) and os.path.isfile(full):  # noqa: PTH113
                    found.append(Value.string(rel))
        return make_set(STRING, found)

    path = Param("path", STRING)
    return {
        "file": fn([path], file_text, returns=STRING),
        "filebase64": fn([path], file_base64, returns=STRING),
        "fileexists": fn([path], file_exists, returns=BOOL),
        "fileset": fn([path, Param("pattern", STRING)], file_set, returns=SetType(STRING)),
        "basename": fn([path], lambda a: Value.string(go_base(a[0].payload)), returns=STRING),
        "dirname": fn([path], lambda a: Value.string(go_dir(a[0].payload)), returns=STRING),
        "abspath": fn([path], _abspath, returns=STRING),
        "pathexpand": fn([path], lambda a: Value.string(expand_home(a[0].payload)), returns=STRING),
    }


def _abspath(args: Sequence[Value]) -> Value:
    path: str = args[0].payload
    if not path.startswith("/"):
        path = go_join(os.getcwd(), path)  # noqa: PTH109  (Go's filepath.Abs uses the cwd)
    return Value.string(go_clean(path))


def _go_mode(mode: int) -> str:
    """Go's `FileMode.String()` for the common kinds."""
    kind = "d" if stat.S_ISDIR(mode) else "L" if stat.S_ISLNK(mode) else "-"
    perms = "".join(
        ch if mode & bit else "-"
        for ch, bit in zip(
            "rwxrwxrwx", (0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 4, 2, 1), strict=True
        )
    )
    return kind + perms


def disabled(real: Function) -> Function:
    """jobspec2's `guardFS`: same parameters, but every call fails."""

    def refuse(args: Sequence[Value]) -> Value:
        raise FunctionError("filesystem function disabled")

    return Function(real.params, refuse, var_param=real.var_param, return_type=_refuse_type)


def _refuse_type(args: Sequence[Value]) -> Type:
    raise FunctionError("filesystem function disabled")
