"""A JSON Schema (draft 2020-12) of the API job, built from the struct model.

`scripts/gen_schema.py` writes it to `schemas/job.schema.json`. Every struct becomes a
definition under `$defs`; field types follow Go's decoder: `null` is accepted anywhere
(Go leaves the field at its zero value), integers carry their Go range, durations are
integer nanoseconds and free-form maps (`Config`, `Meta`) are plain objects. Unknown keys
are refused: Nomad would silently ignore them, and a schema is where typos get caught.
"""

from __future__ import annotations

import json
from typing import Any

from nomadqemu.jobspec.model import ORDER, ROOT, GoType, fields

SCHEMA_ID = "urn:nomadqemu:schema:job"

_INT_BOUNDS = {
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


def type_schema(kind: GoType) -> dict[str, Any]:
    """The schema of one Go type, `null` included."""
    tag = kind.kind
    if tag == "pointer":
        return type_schema(kind.element)
    if tag == "struct":
        return {"anyOf": [{"$ref": f"#/$defs/{kind.struct}"}, {"type": "null"}]}
    if tag == "slice":
        return {"type": ["array", "null"], "items": type_schema(kind.element)}
    if tag == "map":
        return {"type": ["object", "null"], "additionalProperties": type_schema(kind.element)}
    if tag == "interface":
        return {}
    if tag == "bytes":
        return {"type": ["string", "null"], "contentEncoding": "base64"}
    if tag in ("int", "uint", "duration"):
        low, high = _INT_BOUNDS[(tag, kind.bits or 64)]
        schema: dict[str, Any] = {"type": ["integer", "null"], "minimum": low, "maximum": high}
        if tag == "duration":
            schema["description"] = "time.Duration in nanoseconds"
        return schema
    if tag == "float":
        return {"type": ["number", "null"]}
    return {"type": [{"string": "string", "bool": "boolean"}[tag], "null"]}


def struct_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.json: type_schema(f.type) for f in fields(name)},
        "additionalProperties": False,
    }


def job_schema() -> dict[str, Any]:
    """The whole schema: a bare job or `{"Job": …}`, as `nomad job run -json` accepts."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Nomad API job",
        "description": (
            'A Nomad job as API JSON: the bare job, or wrapped as {"Job": …}. '
            "Field names and types of Nomad's api.Job structs."
        ),
        "anyOf": [
            {
                "type": "object",
                "properties": {"Job": {"$ref": f"#/$defs/{ROOT}"}},
                "required": ["Job"],
                "additionalProperties": False,
            },
            {"$ref": f"#/$defs/{ROOT}"},
        ],
        "$defs": {name: struct_schema(name) for name in ORDER},
    }


def job_schema_text() -> str:
    """The schema file's exact text."""
    return json.dumps(job_schema(), indent=2, ensure_ascii=False) + "\n"
