"""Where each part of the API job came from: JSON path -> HCL span.

While decoding, spans are attached to the dicts being built (by identity), so that
the later reshaping of the job (`normalizeJob` moving groups, ports and identities)
keeps them. `Recorder.lazy_map` walks the finished job and names every recorded place
by its JSON path, e.g. `$.TaskGroups[0].Tasks[0].Config.image_path`.

The walk visits every field of the job, and most callers (`inspect`, a `validate` with
no findings) never ask for a span: `Recorder.lazy_map` defers it to the first lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from nomadqemu.span import Span

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@lru_cache(maxsize=4096)
def key_step(key: str) -> str:
    """`.name` for identifier-like keys, `["a.b"]` otherwise.

    Cached: a job repeats the same few field names (`Tasks`, `Name`, …) at every level.
    """
    if _PLAIN_KEY.match(key):
        return f".{key}"
    import json  # here: a job's keys are nearly all plain, and a cold start pays for it

    return f"[{json.dumps(key)}]"


class SourceMap:
    """JSON path -> span, given as a dict or as a function that builds it on first use."""

    __slots__ = ("_build", "_spans")

    def __init__(
        self,
        spans: dict[str, Span] | None = None,
        *,
        build: Callable[[], dict[str, Span]] | None = None,
    ) -> None:
        self._spans = spans
        self._build = build

    @property
    def spans(self) -> dict[str, Span]:
        if self._spans is None:
            self._spans = self._build() if self._build is not None else {}
            self._build = None  # lets the recorder (and its containers) go
        return self._spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return self.spans == other.spans

    __hash__ = None  # type: ignore[assignment]  # mutable mapping inside, as the record was

    def __repr__(self) -> str:
        return f"SourceMap(spans={self.spans!r})"

    def span_for(self, json_path: str) -> Span | None:
        """The span that produced `json_path`, or that of its nearest mapped ancestor."""
        spans = self.spans
        path = json_path
        while True:
            found = spans.get(path)
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
        fields = self._fields.get(id(container))
        if fields is None:
            fields = self._fields[id(container)] = {}
            self._alive.append(container)
        fields[key] = span

    def node(self, obj: object, span: Span) -> None:
        # The first span recorded for an object stays (ids in use belong to live objects).
        if id(obj) not in self._nodes:
            self._nodes[id(obj)] = span
            self._alive.append(obj)

    def lazy_map(self, job: dict[str, Any]) -> SourceMap:
        """The finished job's source map, built at the first lookup.

        The job must not change before then: the paths are those of the job as it is at
        that moment. The loader hands the finished job out and nothing in the project
        mutates it (`canonicalize` works on a deep copy).
        """
        return SourceMap(build=lambda: self._paths(job))

    def _paths(self, job: dict[str, Any]) -> dict[str, Span]:
        spans: dict[str, Span] = {}
        self._walk(job, "$", spans, set())
        return spans

    def _walk(self, obj: Any, path: str, out: dict[str, Span], seen: set[int]) -> None:
        """Map `obj` at `path` and what it holds; `seen` holds the containers above it.

        A shared value (a vault or secret copied into several tasks) is mapped once per
        place; a container is not entered again below itself, so a cycle cannot loop.
        """
        if not isinstance(obj, dict | list):
            return
        node = self._nodes.get(id(obj))
        if node is not None:
            out.setdefault(path, node)
        # Added for the children's walk and taken out after it, so that it holds
        # exactly the containers above each child.
        entered = id(obj) not in seen
        if entered:
            seen.add(id(obj))
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
        if entered:
            seen.discard(id(obj))
