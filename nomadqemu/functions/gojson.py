"""JSON text to cty values, as cty's `json.ImpliedType` + `json.Unmarshal` read it.

Objects become objects (a repeated key keeps the last value), arrays become tuples,
numbers keep their decimal text at 512 bits, `null` is a null of dynamic type. Error
texts follow Go's `encoding/json` decoder.
"""

from __future__ import annotations

from nomadqemu.values.numtext import parse_go_float
from nomadqemu.values.value import FALSE, NULL, TRUE, Value

_WS = " \t\n\r"


class JSONDecodeError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _quote_char(ch: str) -> str:
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    if ch.isprintable():
        return f"'{ch}'"
    return "'" + ch.encode("unicode_escape").decode() + "'"


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WS:
            self.pos += 1

    def peek(self) -> str:
        self.skip_ws()
        if self.pos >= len(self.text):
            # Go's token reader reports the end of input between tokens as plain EOF.
            raise JSONDecodeError("EOF")
        return self.text[self.pos]

    def fail(self, context: str) -> JSONDecodeError:
        return JSONDecodeError(f"invalid character {_quote_char(self.text[self.pos])} {context}")

    def value(self) -> Value:
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.array()
        if ch == '"':
            return Value.string(self.string())
        for word, val in (("true", TRUE), ("false", FALSE), ("null", NULL)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return val
        if ch == "-" or ch.isdigit():
            return self.number()
        raise self.fail("looking for beginning of value")

    def _digits(self, context: str, required: bool) -> None:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "0123456789":
            self.pos += 1
        if required and self.pos == start:
            if self.pos >= len(self.text):
                raise JSONDecodeError("unexpected EOF")
            raise self.fail(context)

    def number(self) -> Value:
        """JSON's number grammar, with the errors of Go's scanner."""
        start = self.pos
        text = self.text
        if text[self.pos] == "-":
            self.pos += 1
        if text.startswith("0", self.pos):
            self.pos += 1
        else:
            self._digits("in numeric literal", required=True)
        if text.startswith(".", self.pos):
            self.pos += 1
            self._digits("after decimal point in numeric literal", required=True)
        if text[self.pos : self.pos + 1] in ("e", "E"):
            self.pos += 1
            if text[self.pos : self.pos + 1] in ("+", "-"):
                self.pos += 1
            self._digits("in exponent of numeric literal", required=True)
        parsed = parse_go_float(text[start : self.pos])
        assert parsed is not None  # the grammar above is a subset of Go's float syntax
        return Value.number(parsed)

    def string(self) -> str:
        self.pos += 1  # opening quote
        out: list[str] = []
        text = self.text
        while True:
            if self.pos >= len(text):
                raise JSONDecodeError("unexpected EOF")
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                out.append(self.escape())
                continue
            if ord(ch) < 0x20:
                raise self.fail("in string literal")
            out.append(ch)
            self.pos += 1

    def escape(self) -> str:
        text = self.text
        code = text[self.pos + 1 : self.pos + 2]
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n"}
        simple.update({"r": "\r", "t": "\t"})
        if code in simple:
            self.pos += 2
            return simple[code]
        if code == "u":
            unit = int(text[self.pos + 2 : self.pos + 6], 16)
            self.pos += 6
            if 0xD800 <= unit < 0xDC00 and text.startswith("\\u", self.pos):
                low = int(text[self.pos + 2 : self.pos + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    self.pos += 6
                    return chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            if 0xD800 <= unit < 0xE000:
                return "\ufffd"  # Go replaces a lone surrogate
            return chr(unit)
        self.pos += 1
        raise self.fail("in string escape code")

    def obj(self) -> Value:
        self.pos += 1
        attrs: dict[str, Value] = {}
        if self.peek() == "}":
            self.pos += 1
            return Value.object_of(attrs)
        while True:
            if self.peek() != '"':
                raise self.fail("looking for beginning of object key string")
            key = self.string()
            if self.peek() != ":":
                raise self.fail("after object key")
            self.pos += 1
            value = self.value()
            if key in attrs and attrs[key].type != value.type:
                raise JSONDecodeError(f'duplicate "{key}" property in JSON object')
            attrs[key] = value
            ch = self.peek()
            self.pos += 1
            if ch == "}":
                return Value.object_of(attrs)
            if ch != ",":
                self.pos -= 1
                raise self.fail("after object key:value pair")

    def array(self) -> Value:
        self.pos += 1
        items: list[Value] = []
        if self.peek() == "]":
            self.pos += 1
            return Value.tuple_of(items)
        while True:
            items.append(self.value())
            ch = self.peek()
            self.pos += 1
            if ch == "]":
                return Value.tuple_of(items)
            if ch != ",":
                self.pos -= 1
                raise self.fail("after array element")
            if self.peek() == "]":
                # Go's decoder blames the comma of a trailing `,]`.
                self.pos -= 1
                while self.text[self.pos] != ",":
                    self.pos -= 1
                raise self.fail("looking for beginning of value")


def decode(text: str) -> Value:
    parser = _Parser(text)
    value = parser.value()
    parser.skip_ws()
    if parser.pos < len(text):
        raise JSONDecodeError("extraneous data after JSON object")
    return value
