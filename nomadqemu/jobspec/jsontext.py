"""A JSON reader that remembers where every value came from.

Python's `json` module gives no positions, and a type error in an API job file is only
useful with its `file:line:col`. This reader parses RFC 8259 JSON into a small tree of
`JsonNode`s, each with the span of its text; object members keep their order and any
duplicate keys, because Go's decoder gives duplicates a meaning (the later one wins).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from typing import Literal

from nomadqemu.span import Pos, Span

NodeKind = Literal["object", "array", "string", "number", "bool", "null"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = {"true": True, "false": False, "null": None}
# Nested arrays and objects deeper than this are refused with a diagnostic: reading,
# decoding and printing each recurse per level, and Python's stack is far shallower than
# Go's limit of 10000. Real jobs nest a dozen levels.
MAX_DEPTH = 200


@dataclass(frozen=True, slots=True)
class JsonNode:
    """One JSON value: `value` holds the scalar (numbers as their source text), the
    element list of an array, or the `(key, key_span, node)` members of an object."""

    kind: NodeKind
    value: object
    span: Span

    def members(self) -> list[tuple[str, Span, JsonNode]]:
        assert self.kind == "object"
        members: list[tuple[str, Span, JsonNode]] = self.value  # type: ignore[assignment]  # set by the reader for objects
        return members

    def elements(self) -> list[JsonNode]:
        assert self.kind == "array"
        elements: list[JsonNode] = self.value  # type: ignore[assignment]  # set by the reader for arrays
        return elements


class JsonSyntaxError(ValueError):
    """Malformed JSON, with the span where reading stopped."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class _Positions:
    """Character index -> Pos (1-based line and column, UTF-8 byte offset)."""

    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.text = text
        self.ascii = text.isascii()

    def pos(self, index: int) -> Pos:
        line = bisect.bisect_right(self.line_starts, index) - 1
        column = index - self.line_starts[line] + 1
        offset = index if self.ascii else len(self.text[:index].encode("utf-8", "surrogatepass"))
        return Pos(line + 1, column, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(self.filename, self.pos(start), self.pos(end))


class _Reader:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.index = 0
        self.positions = _Positions(text, filename)

    def fail(self, message: str, start: int | None = None) -> JsonSyntaxError:
        begin = self.index if start is None else start
        end = min(begin + 1, len(self.text)) if begin < len(self.text) else begin
        return JsonSyntaxError(message, self.positions.span(begin, end))

    def skip_space(self) -> None:
        match = _WHITESPACE.match(self.text, self.index)
        assert match is not None  # the pattern matches the empty string
        self.index = match.end()

    def describe_here(self) -> str:
        if self.index >= len(self.text):
            return "unexpected end of JSON input"
        return f"invalid character {self.text[self.index]!r}"

    def value(self, depth: int) -> JsonNode:
        self.skip_space()
        if depth > MAX_DEPTH:
            raise self.fail(f"exceeded max depth: values nest more than {MAX_DEPTH} levels")
        start = self.index
        char = self.text[start : start + 1]
        if char == "{":
            return self.object(depth)
        if char == "[":
            return self.array(depth)
        if char == '"':
            text = self.string()
            return JsonNode("string", text, self.positions.span(start, self.index))
        match = _NUMBER.match(self.text, start)
        if match is not None:
            self.index = match.end()
            return JsonNode("number", match.group(), self.positions.span(start, self.index))
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, start):
                self.index = start + len(word)
                kind: NodeKind = "null" if literal is None else "bool"
                return JsonNode(kind, literal, self.positions.span(start, self.index))
        raise self.fail(f"{self.describe_here()} looking for beginning of value")

    def string(self) -> str:
        match = _STRING.match(self.text, self.index)
        if match is None:
            raise self.fail(self._string_problem())
        self.index = match.end()
        token = match.group()
        decoded: str = token[1:-1] if "\\" not in token else json.loads(token)
        # Go's decoder turns unpaired surrogate escapes (and invalid UTF-8) into U+FFFD.
        return _LONE_SURROGATE.sub("\ufffd", decoded)

    def _string_problem(self) -> str:
        """Say why the string starting here is not valid JSON."""
        index = self.index + 1
        while index < len(self.text):
            char = self.text[index]
            if char == '"':
                break
            if char < " ":
                self.index = index
                return "invalid character in string literal (control characters must be escaped)"
            if char == "\\":
                self.index = index
                return "invalid escape sequence in string literal"
            index += 1
        self.index = len(self.text)
        return "unexpected end of JSON input (unterminated string)"

    def object(self, depth: int) -> JsonNode:
        start = self.index
        self.index += 1
        members: list[tuple[str, Span, JsonNode]] = []
        self.skip_space()
        if self.text.startswith("}", self.index):
            self.index += 1
            return JsonNode("object", members, self.positions.span(start, self.index))
        while True:
            self.skip_space()
            key_start = self.index
            if not self.text.startswith('"', key_start):
                raise self.fail(f"{self.describe_here()} looking for beginning of object key")
            key = self.string()
            key_span = self.positions.span(key_start, self.index)
            self.skip_space()
            if not self.text.startswith(":", self.index):
                raise self.fail(f"{self.describe_here()} after object key")
            self.index += 1
            members.append((key, key_span, self.value(depth + 1)))
            self.skip_space()
            if self.text.startswith(",", self.index):
                self.index += 1
                continue
            if self.text.startswith("}", self.index):
                self.index += 1
                return JsonNode("object", members, self.positions.span(start, self.index))
            raise self.fail(f"{self.describe_here()} after object key:value pair")

    def array(self, depth: int) -> JsonNode:
        start = self.index
        self.index += 1
        elements: list[JsonNode] = []
        self.skip_space()
        if self.text.startswith("]", self.index):
            self.index += 1
            return JsonNode("array", elements, self.positions.span(start, self.index))
        while True:
            elements.append(self.value(depth + 1))
            self.skip_space()
            if self.text.startswith(",", self.index):
                self.index += 1
                continue
            if self.text.startswith("]", self.index):
                self.index += 1
                return JsonNode("array", elements, self.positions.span(start, self.index))
            raise self.fail(f"{self.describe_here()} after array element")


def read_json(text: str, filename: str) -> tuple[JsonNode, Span | None]:
    """The first JSON value in `text`, and the span of any non-space text after it.

    Raises `JsonSyntaxError`. Go's `json.Decoder` also reads one value and ignores the rest,
    so trailing text is reported to the caller rather than refused here.
    """
    reader = _Reader(text, filename)
    reader.skip_space()
    if reader.index >= len(text):
        raise reader.fail("unexpected end of JSON input (the file holds no JSON value)")
    node = reader.value(0)
    reader.skip_space()
    trailing = None
    if reader.index < len(text):
        trailing = reader.positions.span(reader.index, len(text))
    return node, trailing
