"""`yamldecode` and `yamlencode` as go-cty-yaml does them (YAML 1.1 scalars).

go-cty-yaml is a port of libyaml; PyYAML's C binding is libyaml itself, so the event
stream and the emitter's layout agree. On top of the events, the scalar resolution
rules are go-cty-yaml's own: `yes`/`on` are true, `0o17` is 15, `0b101` stays a
string, dates become RFC 3339 timestamp strings, and quoted scalars are strings even
with a `!!int` tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from nomadqemu.functions.common import fn
from nomadqemu.functions.spec import Function, FunctionError, Param
from nomadqemu.values.convert import ConversionError, convert
from nomadqemu.values.number import Number
from nomadqemu.values.numtext import parse_go_float
from nomadqemu.values.types import DYNAMIC, STRING, ListType, MapType, ObjectType, SetType
from nomadqemu.values.types import TupleType as _Tuple
from nomadqemu.values.value import FALSE, NULL, TRUE, Value

_TAG = "tag:yaml.org,2002:"
_RESOLVABLE = {"", *(_TAG + t for t in ("str", "bool", "int", "float", "null", "timestamp"))}
_RESOLVABLE.add(_TAG + "binary")
_WORDS: dict[str, tuple[Value, str]] = {}
for _words, _value, _kind in (
    ("y Y yes Yes YES true True TRUE on On ON", TRUE, "bool"),
    ("n N no No NO false False FALSE off Off OFF", FALSE, "bool"),
    (" ~ null Null NULL", NULL, "null"),
    (".inf .Inf .INF +.inf +.Inf +.INF", Value.number(Number.infinity()), "float"),
    ("-.inf -.Inf -.INF", Value.number(Number.infinity(negative=True)), "float"),
):
    for _w in _words.split(" "):
        _WORDS[_w] = (_value, _TAG + _kind)
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:([Tt])|[ ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?"
    r"(Z|[+-]\d{2}:\d{2})?)?"
)


class YAMLError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _hint(src: str) -> str:
    if not src:
        return "N"
    c = src[0]
    if c in "+-":
        return "S"
    if c.isascii() and c.isdigit():
        return "D"
    if c in "yYnNtTfFoO~":
        return "M"
    return "." if c == "." else ""


def _timestamp(src: str) -> str | None:
    m = _TIMESTAMP.fullmatch(src)
    if m is None:
        return None
    year, month, day, t, hh, mm, ss, _frac, zone = m.groups()
    if hh is not None and t is None and zone is not None:
        return None  # the space-separated form has no zone
    if hh is not None and t is not None and zone is None:
        return None  # the T form needs a zone
    try:
        moment = datetime(int(year), int(month), int(day), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    if zone in (None, "Z"):
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = 1 if zone[0] == "+" else -1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * sign
    aware = moment.replace(tzinfo=timezone(offset))
    return aware.isoformat()


def resolve_scalar(tag: str, src: str, quoted: bool) -> Value:
    if tag not in _RESOLVABLE:
        raise YAMLError(f'unsupported tag "{tag}"')
    hint = _hint(src)
    if hint and tag not in (_TAG + "str", _TAG + "binary"):
        if quoted:
            return Value.string(src)
        if src in _WORDS:
            return _WORDS[src][0]
        if tag == "" and src in (".nan", ".NaN", ".NAN"):
            raise YAMLError("floating point NaN is not supported")
        if hint == ".":
            parsed = parse_go_float(src)
            if parsed is not None:
                return Value.number(parsed)
        elif hint in "DS":
            if tag in ("", _TAG + "timestamp"):
                stamp = _timestamp(src)
                if stamp is not None:
                    return Value.string(stamp)
            if _INT.fullmatch(src):
                tag = _TAG + "int"
            elif _FLOAT.fullmatch(src):
                tag = _TAG + "float"
    return _by_tag(tag, src)


def _by_tag(tag: str, src: str) -> Value:
    short = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    if tag in (_TAG + "str", _TAG + "binary", ""):
        if tag == _TAG + "binary":
            import base64
            import binascii

            try:
                base64.b64decode(src, validate=True)
            except (binascii.Error, ValueError):
                raise YAMLError(f'cannot parse "{src}" as {short}: not valid base64') from None
        return Value.string(src)
    if tag == _TAG + "bool":
        item = _WORDS.get(src)
        if item is None or item[1] != tag:
            raise YAMLError(f'cannot parse "{src}" as {short}')
        return item[0]
    if tag in (_TAG + "int", _TAG + "float"):
        plain = src.replace("_", "")
        parsed = parse_go_float(plain)
        if parsed is not None:
            return Value.number(parsed)
        as_int = _go_parse_int(plain)
        if as_int is not None:
            return Value.integer(as_int)
        raise YAMLError(f'cannot parse "{src}" as {short}')
    if tag == _TAG + "timestamp":
        stamp = _timestamp(src)
        if stamp is None:
            raise YAMLError(f'cannot parse "{src}" as {short}')
        return Value.string(stamp)
    if tag == _TAG + "null":
        return NULL
    raise YAMLError(f'unsupported tag "{tag}"')


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt/ParseUint with base 0 (0x, 0o, 0b, leading-zero octal)."""
    body = text.lstrip("+-")
    negative = text.startswith("-")
    try:
        if body[:2] in ("0x", "0X"):
            value = int(body[2:], 16)
        elif body[:2] in ("0o", "0O"):
            value = int(body[2:], 8)
        elif body[:2] in ("0b", "0B"):
            value = int(body[2:], 2)
        elif body.startswith("0") and len(body) > 1:
            value = int(body[1:], 8)
        else:
            value = int(body, 10)
    except ValueError:
        return None
    value = -value if negative else value
    if -(1 << 63) <= value < (1 << 64) and not (negative and value < -(1 << 63)):
        return value
    return None


# --- decoding ----------------------------------------------------------------------------


def _where(mark: Any, message: str) -> YAMLError:
    if mark is None or mark.line == 0:
        return YAMLError(message)
    return YAMLError(f"on line {mark.line}, column {mark.column + 1}: {message}")


class _Decoder:
    def __init__(self, events: Iterator[Any]) -> None:
        self.events = events
        self.anchors: dict[str, Value] = {}

    def next(self) -> Any:
        import yaml

        try:
            return next(self.events)
        except yaml.MarkedYAMLError as err:
            raise _parser_error(err) from None
        except yaml.YAMLError:
            # The reader's complaint (libyaml reports it without a position).
            raise YAMLError("control characters are not allowed") from None

    def value(self, evt: Any = None) -> Value:
        import yaml

        evt = self.next() if evt is None else evt
        if isinstance(evt, yaml.ScalarEvent):
            quoted = evt.style in ("'", '"')
            if evt.tag is None and not evt.implicit[0]:
                v = Value.string(evt.value)
            else:
                try:
                    v = resolve_scalar(evt.tag or "", evt.value, quoted)
                except YAMLError as err:
                    raise _where(evt.start_mark, err.message) from None
            return self._anchor(evt, v)
        if isinstance(evt, yaml.AliasEvent):
            if evt.anchor not in self.anchors:
                raise _where(evt.start_mark, f'unknown anchor "{evt.anchor}" referenced')
            return self.anchors[evt.anchor]
        if isinstance(evt, yaml.MappingStartEvent):
            return self._anchor(evt, self.mapping(evt))
        if isinstance(evt, yaml.SequenceStartEvent):
            if evt.tag not in (None, _TAG + "seq"):
                raise _where(evt.start_mark, f"can't interpret sequence as {evt.tag}")
            items: list[Value] = []
            while True:
                nxt = self.next()
                if isinstance(nxt, yaml.SequenceEndEvent):
                    return self._anchor(evt, Value.tuple_of(items))
                items.append(self.value(nxt))
        what = {
            yaml.DocumentStartEvent: "only a single document is allowed",
            yaml.StreamEndEvent: "expecting value but found end of stream",
            yaml.MappingEndEvent: "expecting value but found end of mapping",
            yaml.SequenceEndEvent: "expecting value but found end of sequence",
        }.get(type(evt), "unexpected parser event")
        raise _where(evt.start_mark, what)

    def _anchor(self, evt: Any, v: Value) -> Value:
        if getattr(evt, "anchor", None):
            self.anchors[evt.anchor] = v
        return v

    def mapping(self, evt: Any) -> Value:
        import yaml

        if evt.tag not in (None, _TAG + "map"):
            raise _where(evt.start_mark, f"can't interpret mapping as {evt.tag}")
        vals: dict[str, Value] = {}
        while True:
            nxt = self.next()
            if isinstance(nxt, yaml.MappingEndEvent):
                return Value.object_of(vals)
            is_merge = isinstance(nxt, yaml.ScalarEvent) and (
                (nxt.tag is None and nxt.value == "<<") or nxt.tag == _TAG + "merge"
            )
            if is_merge:
                self._merge(nxt, self.value(), vals)
                continue
            if not isinstance(nxt, yaml.ScalarEvent):
                raise _where(nxt.start_mark, "only strings are allowed as mapping keys")
            key = resolve_scalar(nxt.tag or "", nxt.value, nxt.style in ("'", '"'))
            try:
                key = convert(key, STRING)
            except ConversionError:
                raise _where(nxt.start_mark, "only strings are allowed as mapping keys") from None
            if key.is_null:
                raise _where(nxt.start_mark, "mapping key cannot be null")
            vals[key.payload] = self.value()

    @staticmethod
    def _merge(evt: Any, merged: Value, vals: dict[str, Value]) -> None:
        t = merged.type
        if isinstance(t, ObjectType | MapType) and not merged.is_null:
            vals.update(merged.payload)
            return
        if isinstance(t, _Tuple | ListType) and not merged.is_null:
            for m in merged.payload:
                if not isinstance(m.type, ObjectType | MapType):
                    raise _where(
                        evt.start_mark,
                        f"cannot merge {m.type.friendly_name()} (from sequence) into mapping",
                    )
                vals.update(m.payload)
            return
        raise _where(evt.start_mark, f"cannot merge {t.friendly_name()} into mapping")


def _parser_error(err: Any) -> YAMLError:
    cause = err.problem or "invalid YAML syntax"
    problem, context = err.problem_mark, err.context_mark
    scanner = "scanning" in (err.context or "") or type(err).__name__ == "ScannerError"
    if problem is not None and problem.line != 0:
        line, column = problem.line, problem.column
        if scanner:
            line, column = line + 1, 0
        return YAMLError(f"on line {line}, column {column + 1}: {cause}")
    if context is not None and context.line != 0:
        return YAMLError(f"on line {context.line}, column {context.column + 1}: {cause}")
    return YAMLError(cause)


def yaml_decode(text: str) -> Value:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = text or "\n"
    dec = _Decoder(iter(yaml.parse(source, Loader=loader)))
    dec.next()  # stream start
    evt = dec.next()
    if not isinstance(evt, yaml.DocumentStartEvent):
        raise _where(evt.start_mark, "missing start of document")
    value = dec.value()
    evt = dec.next()
    if isinstance(evt, yaml.DocumentStartEvent):
        raise _where(evt.start_mark, "only a single document is allowed")
    if not isinstance(evt, yaml.DocumentEndEvent):
        raise _where(evt.start_mark, "unexpected extra content after value")
    evt = dec.next()
    if not isinstance(evt, yaml.StreamEndEvent):
        raise _where(evt.start_mark, "unexpected extra content after value")
    return value


# --- encoding ----------------------------------------------------------------------------


def _events(v: Value, out: list[Any]) -> None:
    import yaml

    def scalar(text: str, style: str | None) -> Any:
        return yaml.ScalarEvent(None, None, (True, True), text, style=style)

    t = v.type
    if v.is_null:
        out.append(scalar("null", None))
    elif v.is_unknown:
        raise YAMLError("cannot serialize unknown value as YAML")
    elif t == STRING:
        out.append(scalar(v.payload, "|" if "\n" in v.payload else '"'))
    elif isinstance(v.payload, Number):
        out.append(scalar(v.payload.text(), None))
    elif isinstance(v.payload, bool):
        out.append(scalar("true" if v.payload else "false", None))
    elif isinstance(t, _Tuple | ListType | SetType):
        out.append(yaml.SequenceStartEvent(None, None, True, flow_style=False))
        for item in v.payload:
            _events(item, out)
        out.append(yaml.SequenceEndEvent())
    else:
        out.append(yaml.MappingStartEvent(None, None, True, flow_style=False))
        for key, item in v.payload.items():
            out.append(scalar(key, '"'))
            _events(item, out)
        out.append(yaml.MappingEndEvent())


def yaml_encode(v: Value) -> str:
    import yaml

    events: list[Any] = [yaml.StreamStartEvent(encoding="utf-8"), yaml.DocumentStartEvent()]
    _events(v, events)
    events += [yaml.DocumentEndEvent(), yaml.StreamEndEvent()]
    dumper = getattr(yaml, "CDumper", yaml.Dumper)
    out = yaml.emit(events, Dumper=dumper, allow_unicode=True)
    text = out.decode() if isinstance(out, bytes) else str(out)
    if events[2].__class__.__name__ == "ScalarEvent" and events[2].style is None:
        # go-cty-yaml's emitter (an older libyaml) closes an open-ended plain scalar.
        text += "...\n"
    return text


def _yamldecode(args: Sequence[Value]) -> Value:
    try:
        return yaml_decode(args[0].payload)
    except YAMLError as err:
        raise FunctionError(err.message) from None
    except RecursionError:
        raise FunctionError("exceeded max depth of 10000") from None


def _yamlencode(args: Sequence[Value]) -> Value:
    if not args[0].is_wholly_known:
        return Value.unknown(STRING)
    try:
        return Value.string(yaml_encode(args[0]))
    except YAMLError as err:
        raise FunctionError(err.message) from None


def functions() -> dict[str, Function]:
    return {
        "yamldecode": fn([Param("src", STRING)], _yamldecode),
        "yamlencode": fn(
            [Param("value", DYNAMIC, allow_dynamic_type=True, allow_null=True)],
            _yamlencode,
            returns=STRING,
        ),
    }
