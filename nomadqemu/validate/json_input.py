"""API JSON job input (`validate --json`): Nomad's decoder, then the published job schema.

The decoder (the jobspec area's `decode_api_json`) reads the file as `nomad job run -json`
does and reports in Nomad's words; its findings get stable codes here. The job is then
checked against `schemas/job.schema.json` (the schema editors use), so what an editor
flags is flagged here too, at the JSON value's line and column. Where the decoder has
already said something about a value, the schema's second opinion is left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.span import Span

JOB_SCHEMA = "job.schema.json"

# The decoder's summaries, each with its stable code (docs/diagnostics.md).
_DECODER_CODES = {
    "Invalid JSON": "NQ004",
    "Text after the JSON job ignored": "NQ006",
}
# Nomad's decoder ignores unknown fields (a warning from it); the schema refuses them,
# and a typo such as `Datacenter` silently loses the setting, so validate reports the
# schema's error (NQ003) at the key instead.
UNKNOWN_FIELD = "Unknown field ignored"
# Anything else the decoder reports means the JSON does not decode into `api.Job`.
_DECODE_ERROR = "NQ005"


def decoder_findings(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The decoder's findings with their codes, less those the schema reports better."""
    return [
        replace(d, code=_DECODER_CODES.get(d.summary, _DECODE_ERROR))
        for d in diagnostics
        if d.summary != UNKNOWN_FIELD
    ]


def step(key: str | int) -> str:
    return f"[{key}]" if isinstance(key, int) else f".{key}"


def _plain(node: Any, path: str, spans: dict[str, Span], keys: dict[str, Span]) -> Any:
    """A `JsonNode` tree as plain data, recording every value's and key's span by path."""
    spans[path] = node.span
    if node.kind == "object":
        out: dict[str, Any] = {}
        for key, key_span, child in node.members():
            child_path = f"{path}.{key}"
            keys[child_path] = key_span
            out[key] = _plain(child, child_path, spans, keys)  # a later duplicate wins, as in Go
        return out
    if node.kind == "array":
        return [_plain(c, f"{path}[{i}]", spans, keys) for i, c in enumerate(node.elements())]
    if node.kind == "number":
        return json.loads(str(node.value))
    return node.value


def _job_root(value: Any) -> str:
    """The path of the job: inside `{"Job": …}` (any case, as Go matches it), or `$`."""
    if isinstance(value, dict):
        wrapped = [k for k in value if k.casefold() == "job" and isinstance(value[k], dict)]
        if wrapped:
            return f"$.{wrapped[-1]}"
    return "$"


def _declared(schema: dict[str, Any]) -> set[str]:
    return {k.casefold() for k in schema.get("properties", {})}


def _leaves(error: Any) -> list[Any]:
    """The errors that say what is wrong: every field type is `anyOf [T, null]`, so a
    bad value fails both branches; the `null` branch's complaint is noise."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches = [
        e for e in error.context if not (e.validator == "type" and e.validator_value == "null")
    ]
    return [leaf for e in branches for leaf in _leaves(e)] or [error]


def schema_findings(text: str, filename: str, known: set[str]) -> list[Diagnostic]:
    """Where the job departs from the job schema; `known` are JSON paths (job-rooted,
    `$.TaskGroups[0]…`) the decoder has already reported on."""
    from nomadqemu.jobspec.jsontext import JsonSyntaxError, read_json
    from nomadqemu.validate.schemas import validator_for

    try:
        root, _trailing = read_json(text, filename)
    except JsonSyntaxError:
        return []  # the decoder has reported it (NQ004)
    spans: dict[str, Span] = {}
    keys: dict[str, Span] = {}
    value = _plain(root, "$", spans, keys)
    prefix = _job_root(value)
    errors: list[Any] = []
    for error in validator_for(JOB_SCHEMA).iter_errors(value):
        if error.validator == "anyOf" and not error.absolute_path and error.context:
            # The schema's root: `{"Job": …}` (branch 0) or the bare job (branch 1).
            branch = 0 if prefix != "$" else 1
            chosen = [e for e in error.context if e.relative_schema_path[0] == branch]
            errors += [leaf for e in chosen for leaf in _leaves(e)]
        else:
            errors += _leaves(error)
    found: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for error in errors:
        full = "$" + "".join(step(p) for p in error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            declared = _declared(error.schema)
            # Go matches field names case-insensitively: `type` is `Type` to Nomad.
            extras = [k for k in error.instance if k.casefold() not in declared]
            targets = [(f"{full}.{k}", f"unknown field {k!r}", True) for k in extras]
            hint: str | None = "Nomad ignores unknown fields: the setting is silently lost"
        else:
            targets = [(full, error.message, False)]
            hint = None
        for at, message, on_key in targets:
            path = "$" + at[len(prefix) :]  # job-rooted, as the decoder names paths
            if (path, message) in seen or any(
                path == k or path.startswith((k + ".", k + "[")) for k in known
            ):
                continue
            seen.add((path, message))
            span = keys.get(at) if on_key else spans.get(at)
            found.append(
                Diagnostic(
                    Severity.ERROR,
                    f"Job does not match the job schema: {message}",
                    span=span or spans.get(prefix),
                    code="NQ003",
                    json_path=path,
                    hint=hint,
                )
            )
    found.sort(key=lambda d: (d.span.start.byte if d.span else 0, d.json_path or ""))
    return found
