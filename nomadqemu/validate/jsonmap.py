"""JSON text → value plus a map from JSON path to source span (for API JSON jobs).

Python's json module gives no positions, so this small recursive-descent reader
records the span of every value; `json.loads` semantics otherwise (it delegates
scalars to it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from nomadqemu.span import Pos, Span

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)


class JSONPositionError(ValueError):
    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.pos = pos


class _Reader:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.spans: dict[str, Span] = {}
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())

    def pos(self, index: int) -> Pos:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        col = index - self.line_starts[lo] + 1
        byte = len(self.text[:index].encode())
        return Pos(lo + 1, col, byte)

    def skip(self, i: int) -> int:
        m = _WS.match(self.text, i)
        return m.end() if m else i

    def fail(self, message: str, i: int) -> JSONPositionError:
        return JSONPositionError(message, self.pos(i))

    def value(self, i: int, path: str) -> tuple[Any, int]:
        i = self.skip(i)
        start = i
        if i >= len(self.text):
            raise self.fail("unexpected end of JSON input", i)
        ch = self.text[i]
        result: Any
        if ch == "{":
            result, i = self.obj(i + 1, path)
        elif ch == "[":
            result, i = self.arr(i + 1, path)
        elif ch == '"':
            m = _STRING.match(self.text, i)
            if not m:
                raise self.fail("invalid string", i)
            result, i = json.loads(m.group(0)), m.end()
        else:
            for word, val in (("true", True), ("false", False), ("null", None)):
                if self.text.startswith(word, i):
                    result, i = val, i + len(word)
                    break
            else:
                m = _NUMBER.match(self.text, i)
                if not m:
                    raise self.fail(f"invalid character {ch!r} looking for beginning of value", i)
                result, i = json.loads(m.group(0)), m.end()
        self.spans[path] = Span(self.filename, self.pos(start), self.pos(i))
        return result, i

    def obj(self, i: int, path: str) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        i = self.skip(i)
        if self.text.startswith("}", i):
            return out, i + 1
        while True:
            i = self.skip(i)
            m = _STRING.match(self.text, i)
            if not m:
                raise self.fail("expected a string key", i)
            key = json.loads(m.group(0))
            key_start = i
            i = self.skip(m.end())
            if not self.text.startswith(":", i):
                raise self.fail("expected ':' after object key", i)
            child = f"{path}.{key}"
            out[key], i = self.value(i + 1, child)
            # A finding about a key points at the key and its value.
            value_span = self.spans[child]
            self.spans[child] = Span(self.filename, self.pos(key_start), value_span.end)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i += 1
                continue
            if self.text.startswith("}", i):
                return out, i + 1
            raise self.fail("expected ',' or '}' after object value", i)

    def arr(self, i: int, path: str) -> tuple[list[Any], int]:
        out: list[Any] = []
        i = self.skip(i)
        if self.text.startswith("]", i):
            return out, i + 1
        while True:
            item, i = self.value(i, f"{path}[{len(out)}]")
            out.append(item)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i += 1
                continue
            if self.text.startswith("]", i):
                return out, i + 1
            raise self.fail("expected ',' or ']' after array element", i)


def read_json(text: str, filename: str) -> tuple[Any, dict[str, Span]]:
    """Parse `text`; raises JSONPositionError with the position of the problem."""
    reader = _Reader(text, filename)
    value, end = reader.value(0, "$")
    end = reader.skip(end)
    if end != len(text):
        raise reader.fail("invalid character after top-level value", end)
    return value, reader.spans
