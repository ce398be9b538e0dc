"""Where each part of the API job came from: JSON path -> HCL span.

While decoding, spans are attached to the dicts being built (by identity), so that
the later reshaping of the job (`normalizeJob` moving groups, ports and identities)
keeps them. `Recorder.build` walks the finished job and names every recorded place
by its JSON path, e.g. `$.TaskGroups[0].Tasks[0].Config.image_path`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from nomadqemu.records import field, frozen_record
from nomadqemu.span import Span

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def key_step(key: str) -> str:
    """`.name` for identifier-like keys, `["a.b"]` otherwise."""
    return f".{key}" if _PLAIN_KEY.match(key) else f"[{json.dumps(key)}]"


@frozen_record
class SourceMap:
    spans: dict[str, Span] = field(default_factory=dict)

    def span_for(self, json_path: str) -> Span | None:
        """The span that produced `json_path`, or that of its nearest mapped ancestor."""
        path = json_path
        while True:
            found = self.spans.get(path)
            if found is not None:
                return found
            parent = _parent(path)
            if parent is None:
                return None
            path = parent


def _parent(path: str) -> str | None:
    if path in ("$", ""):
        return None
    if path.endswith("]"):
        cut = path.rfind("[")
        # A quoted key may itself contain "[": find the bracket that opens this step.
        if path.endswith('"]'):
            cut = path.rfind('["')
        return path[:cut] if cut > 0 else "$"
    cut = path.rfind(".")
    return path[:cut] if cut > 0 else "$"


class Recorder:
    """Collects spans during decoding, keyed by the identity of the containers."""

    def __init__(self) -> None:
        self._fields: dict[int, dict[str | int, Span]] = {}
        self._nodes: dict[int, Span] = {}
        self._alive: list[object] = []  # keeps ids stable while decoding

    def field(self, container: object, key: str | int, span: Span) -> None:
        self._alive.append(container)
        self._fields.setdefault(id(container), {})[key] = span

    def node(self, obj: object, span: Span) -> None:
        self._alive.append(obj)
        self._nodes.setdefault(id(obj), span)

    def build(self, job: dict[str, Any]) -> SourceMap:
        spans: dict[str, Span] = {}
        self._walk(job, "$", spans, set())
        return SourceMap(spans)

    def _walk(self, obj: Any, path: str, out: dict[str, Span], seen: set[int]) -> None:
        if not isinstance(obj, dict | list):
            return
        node = self._nodes.get(id(obj))
        if node is not None:
            out.setdefault(path, node)
        if id(obj) in seen:
            # A shared value (a vault or secret copied into several tasks) is mapped once
            # per place, but its children need not be walked again from the same place.
            pass
        seen = seen | {id(obj)}
        fields = self._fields.get(id(obj), {})
        items = obj.items() if isinstance(obj, dict) else enumerate(obj)
        for key, value in items:
            child = f"{path}[{key}]" if isinstance(key, int) else path + key_step(key)
            span = fields.get(key)
            if span is not None:
                out.setdefault(child, span)
            # Only containers are walked: testing here spares a call per scalar leaf.
            if isinstance(value, (dict, list)) and id(value) not in seen:
                self._walk(value, child, out, seen)
