"""API job JSON (`nomad job run -json`) read into a sparse API job, type-checked by the model.

Nomad decodes such a file with Go's `encoding/json` into `api.Job`, accepting `{"Job": …}`
or a bare job. This module follows the same rules: keys match field names exactly or else
case-insensitively, unknown keys are ignored (reported here as warnings), `null` clears a
pointer and leaves a plain value alone, integers must be integer literals within range, and
a repeated key decodes into what the earlier one built. Every value that does not fit its
Go type is reported with its `file:line:col` and JSON path.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.jobspec.jsontext import JsonNode, JsonSyntaxError, read_json
from nomadqemu.jobspec.model import TYPES, GoType, fields
from nomadqemu.span import Span

# Go's int types and their ranges; `int` is 64 bits on every platform Nomad supports.
_INT_RANGES = {
    ("int", 8): (-(2**7), 2**7 - 1),
    ("int", 16): (-(2**15), 2**15 - 1),
    ("int", 32): (-(2**31), 2**31 - 1),
    ("int", 64): (-(2**63), 2**63 - 1),
    ("duration", 64): (-(2**63), 2**63 - 1),
    ("uint", 8): (0, 2**8 - 1),
    ("uint", 16): (0, 2**16 - 1),
    ("uint", 32): (0, 2**32 - 1),
    ("uint", 64): (0, 2**64 - 1),
}
# Integers a float64 holds exactly: free-form numbers within this range stay Python ints,
# which print the same digits as Go's float64 does; larger ones become floats like in Go.
_EXACT_FLOAT_INT = 2**53
# Keys written as `.name` in JSON paths (the same spelling as the HCL decoder's source map).
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass
class ApiJsonResult:
    """What reading an API JSON job produced: the sparse job, spans by JSON path, findings."""

    job: dict[str, Any]
    spans: dict[str, Span] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def key_step(key: str) -> str:
    """A JSON path step: `.name` for identifier-like keys, `["a.b"]` otherwise."""
    return f".{key}" if _PLAIN_KEY.match(key) else f"[{json.dumps(key)}]"


def go_type_name(kind: GoType) -> str:
    """The Go spelling of a type, as Go's decoder names it in errors."""
    tag = kind.kind
    if tag == "pointer":
        return go_type_name(kind.element)
    if tag == "struct":
        return f"api.{kind.struct}"
    if tag == "slice":
        return "[]" + _element_name(kind.element)
    if tag == "map":
        return "map[string]" + _element_name(kind.element)
    if tag == "duration":
        return "time.Duration"
    if tag in ("int", "uint"):
        return tag if kind.bits == 64 and tag == "int" else f"{tag}{kind.bits}"
    if tag == "bytes":
        return "[]uint8"
    if tag == "interface":
        return "interface {}"
    return "float64" if tag == "float" else tag


def _element_name(kind: GoType) -> str:
    if kind.kind == "pointer":
        return "*" + go_type_name(kind.element)
    return go_type_name(kind)


class _Decoder:
    def __init__(self) -> None:
        self.spans: dict[str, Span] = {}
        self.diagnostics: list[Diagnostic] = []

    def mismatch(self, node: JsonNode, kind: GoType, path: str, where: str) -> None:
        shown = node.kind if node.kind != "number" else f"number {node.value}"
        if node.kind == "bool":
            shown = "bool"
        detail = f"json: cannot unmarshal {shown} into Go {where} of type {go_type_name(kind)}"
        self.error(node.span, path, "Unsuitable value type", detail)

    def error(self, span: Span, path: str, summary: str, detail: str) -> None:
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, summary, detail, span=span, json_path=path)
        )

    def struct(
        self, node: JsonNode, name: str, path: str, existing: Any, *, root: bool = False
    ) -> dict[str, Any]:
        """Decode an object into struct `name`, on top of what an earlier duplicate built.

        At the `root`, a `Job` key belongs to Nomad's wrapper, not to the job.
        """
        result: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
        by_name = {f.json: f for f in fields(name)}
        by_fold: dict[str, Any] = {}
        for f in fields(name):
            by_fold.setdefault(f.json.casefold(), f)
        for key, key_span, value in node.members():
            if root and key.casefold() == "job":
                continue
            found = by_name.get(key) or by_fold.get(key.casefold())
            if found is None:
                self.diagnostics.append(
                    Diagnostic(
                        Severity.WARNING,
                        "Unknown field ignored",
                        f"{name} has no field {key!r}; Nomad ignores it.",
                        span=key_span,
                        json_path=path + key_step(key),
                    )
                )
                continue
            child_path = path + key_step(found.json)
            where = f"struct field {name}.{found.json}"
            decoded = self.value(
                value, TYPES[found.go_type], child_path, where, result.get(found.json)
            )
            if decoded is _KEEP:
                continue
            result[found.json] = decoded
        return result

    def value(self, node: JsonNode, kind: GoType, path: str, where: str, existing: Any) -> Any:
        """Decode `node` as Go type `kind`; `_KEEP` leaves the field as it was."""
        self.spans[path] = node.span
        tag = kind.kind
        if node.kind == "null":
            # null clears anything nilable and leaves plain values (and structs) untouched.
            return None if tag in ("pointer", "slice", "map", "interface", "bytes") else _KEEP
        if tag == "pointer":
            return self.value(node, kind.element, path, where, existing)
        if tag == "struct":
            if node.kind != "object":
                self.mismatch(node, kind, path, where)
                return _KEEP
            assert kind.struct is not None
            return self.struct(node, kind.struct, path, existing)
        if tag == "slice":
            return self.slice(node, kind, path, where, existing)
        if tag == "map":
            if node.kind != "object":
                self.mismatch(node, kind, path, where)
                return _KEEP
            result: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
            for key, _key_span, item in node.members():
                decoded = self.value(item, kind.element, path + key_step(key), where, None)
                if decoded is not _KEEP:
                    result[key] = decoded
            return result
        if tag == "interface":
            return self.plain(node, path)
        return self.scalar(node, kind, path, where)

    def slice(self, node: JsonNode, kind: GoType, path: str, where: str, existing: Any) -> Any:
        if node.kind != "array":
            self.mismatch(node, kind, path, where)
            return _KEEP
        # Go decodes a repeated array into the earlier one's elements, then truncates.
        before = existing if isinstance(existing, list) else []
        result = []
        for index, item in enumerate(node.elements()):
            old = before[index] if index < len(before) else None
            decoded = self.value(item, kind.element, f"{path}[{index}]", where, old)
            if decoded is _KEEP:
                decoded = old if old is not None else _zero(kind.element)
            result.append(decoded)
        return result

    def scalar(self, node: JsonNode, kind: GoType, path: str, where: str) -> Any:
        tag = kind.kind
        if tag == "string" and node.kind == "string":
            return node.value
        if tag == "bool" and node.kind == "bool":
            return node.value
        if tag == "bytes":
            return self.bytes_value(node, kind, path, where)
        if tag == "float" and node.kind == "number":
            number = float(str(node.value))
            if number in (float("inf"), float("-inf")):
                self.mismatch(node, kind, path, where)
                return _KEEP
            return number
        if tag in ("int", "uint", "duration") and node.kind == "number":
            text = str(node.value)
            low, high = _INT_RANGES[(tag, kind.bits or 64)]
            if any(c in text for c in ".eE") or not low <= int(text) <= high:
                self.mismatch(node, kind, path, where)
                return _KEEP
            return int(text)
        self.mismatch(node, kind, path, where)
        return _KEEP

    def bytes_value(self, node: JsonNode, kind: GoType, path: str, where: str) -> Any:
        if node.kind == "string":
            try:
                return base64.b64decode(
                    str(node.value).replace("\r", "").replace("\n", ""), validate=True
                )
            except (binascii.Error, ValueError):
                self.error(node.span, path, "Invalid base64 data", f"{where} holds bytes as base64")
                return _KEEP
        self.mismatch(node, kind, path, where)
        return _KEEP

    def plain(self, node: JsonNode, path: str) -> Any:
        """Free-form data (`interface{}`): Go's generic JSON values."""
        self.spans[path] = node.span
        if node.kind == "object":
            return {key: self.plain(item, path + key_step(key)) for key, _s, item in node.members()}
        if node.kind == "array":
            return [self.plain(item, f"{path}[{i}]") for i, item in enumerate(node.elements())]
        if node.kind == "number":
            text = str(node.value)
            if not any(c in text for c in ".eE") and abs(int(text)) <= _EXACT_FLOAT_INT:
                return int(text)
            number = float(text)
            if number in (float("inf"), float("-inf")):
                self.error(node.span, path, "Number out of range", f"{text} does not fit a float64")
            return number
        return node.value


class _Keep:
    """Marks a decode that leaves the destination unchanged (a null or a type error)."""


_KEEP: Any = _Keep()


def _zero(kind: GoType) -> Any:
    """The Go zero value for a slice element that failed to decode."""
    target = kind.kind
    if target == "struct":
        return {}
    if target in ("string",):
        return ""
    if target == "bool":
        return False
    if target in ("int", "uint", "duration", "float"):
        return 0
    return None


def decode_api_json(text: str, filename: str) -> ApiJsonResult:
    """Read API job JSON (`{"Job": …}` or a bare job) into a sparse job with findings."""
    try:
        root, trailing = read_json(text, filename)
    except JsonSyntaxError as err:
        problem = Diagnostic(
            Severity.ERROR, "Invalid JSON", err.message, span=err.span, json_path="$"
        )
        return ApiJsonResult({}, {}, [problem])
    decoder = _Decoder()
    if trailing is not None:
        decoder.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "Text after the JSON job ignored",
                "Nomad reads the first JSON value and ignores the rest.",
                span=trailing,
            )
        )
    if root.kind != "object":
        decoder.error(
            root.span,
            "$",
            "Unsuitable value type",
            f"json: cannot unmarshal {root.kind} into Go value of type api.Job",
        )
        return ApiJsonResult({}, decoder.spans, decoder.diagnostics)
    nested = _wrapped_job(root, decoder)
    if nested is not None:
        # Nomad also decodes the wrapper's other keys into a job it then drops: their type
        # errors still fail the file, but nothing of them reaches the job.
        scratch = _Decoder()
        scratch.struct(root, "Job", "$", None, root=True)
        decoder.diagnostics.extend(d for d in scratch.diagnostics if d.is_error)
        job = decoder.struct(nested, "Job", "$", None)
        decoder.spans["$"] = nested.span
    else:
        job = decoder.struct(root, "Job", "$", None, root=True)
        decoder.spans["$"] = root.span
    return ApiJsonResult(job, decoder.spans, decoder.diagnostics)


def _wrapped_job(root: JsonNode, decoder: _Decoder) -> JsonNode | None:
    """The object under a `Job` key (any case, last one wins), if there is one.

    Nomad decodes into `struct { NestedJob *api.Job "json:Job"; api.Job }` and uses the
    nested job when it is non-nil, so `{"Job": null, …}` is read as a bare job.
    """
    found: JsonNode | None = None
    for key, _span, value in root.members():
        if key.casefold() != "job":
            continue
        if value.kind == "object":
            found = value
        elif value.kind == "null":
            found = None
        else:
            decoder.mismatch(value, TYPES["api.Job"], "$", "struct field Job")
    return found
