"""The JSON Schema files in `schemas/`, loaded once per process.

Valid input is the common case, so it is checked with a small interpreter of the
schema subset these files use; only when that finds a problem is `jsonschema`
imported (about 100 ms) to produce the detailed errors. Tests check that both agree.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any


def schema_dir() -> Path:
    """`schemas/` of a source checkout, or the copy shipped inside the wheel."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "schemas"
    if shipped.is_dir():
        return shipped
    return package.parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    with (schema_dir() / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def validator_for(name: str) -> Any:
    """A compiled jsonschema validator (imported lazily, compiled once)."""
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = {k: v for k, v in node.items() if k != "$ref"}
    return {**target, **merged}


def quick_valid(root: dict[str, Any], node: dict[str, Any], value: Any) -> bool:
    """The subset of JSON Schema our files use: $ref, type, enum, anyOf, pattern,
    required, properties, additionalProperties, items."""
    node = _resolve(root, node)
    kinds = node.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        if not any(_TYPES[n](value) for n in names):
            return False
    if "enum" in node and value not in node["enum"]:
        return False
    if "anyOf" in node and not any(quick_valid(root, n, value) for n in node["anyOf"]):
        return False
    if "pattern" in node and isinstance(value, str) and not re.search(node["pattern"], value):
        return False
    if isinstance(value, dict):
        props = node.get("properties", {})
        if any(key not in value for key in node.get("required", ())):
            return False
        extra = node.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                if not quick_valid(root, props[key], item):
                    return False
            elif extra is False or (isinstance(extra, dict) and not quick_valid(root, extra, item)):
                return False
    if isinstance(value, list) and "items" in node:
        return all(quick_valid(root, node["items"], item) for item in value)
    return True


def is_valid(name: str, value: Any) -> bool:
    schema = load_schema(name)
    return quick_valid(schema, schema, value)
