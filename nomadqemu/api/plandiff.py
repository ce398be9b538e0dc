"""The plan diff tree exactly as `nomad job plan` prints it (`command/job_plan.go`).

Markers `+`, `-` and `+/-` line up per level: every name is padded to the longest
marker and every value to the longest field name among its siblings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nomadqemu.api.markup import mark
from nomadqemu.goquote import go_quote

_MARKERS = {
    "Added": ("green", "+", 2),
    "Deleted": ("red", "-", 2),
    "Edited": ("light_yellow", "+/-", 4),
}
_UPDATE_COLORS = {
    "create": "green",
    "destroy": "red",
    "migrate": "blue",
    "in-place update": "cyan",
    "create/destroy update": "yellow",
    "canary": "light_yellow",
}
_ANNOTATION_COLORS = {
    "forces create": "green",
    "forces destroy": "red",
    "forces in-place update": "cyan",
    "forces create/destroy update": "yellow",
}

Diff = Mapping[str, Any]


def _marker(diff_type: str) -> tuple[str, int]:
    found = _MARKERS.get(diff_type)
    if found is None:
        return "", 0
    color, text, width = found
    return f"{mark(color)}{text}{mark('reset')} ", width


def _list(diff: Diff, key: str) -> list[Diff]:
    value = diff.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _str(diff: Diff, key: str) -> str:
    value = diff.get(key)
    return value if isinstance(value, str) else ""


def _annotations(items: Sequence[str]) -> str:
    parts = []
    for item in items:
        color = _ANNOTATION_COLORS.get(item)
        parts.append(f"{mark(color)}{item}{mark('reset')}" if color else item)
    return ", ".join(parts)


def _longest(fields: list[Diff], objects: list[Diff]) -> tuple[int, int]:
    longest_field = max((len(_str(f, "Name")) for f in fields), default=0)
    longest_marker = max((_marker(_str(d, "Type"))[1] for d in (*fields, *objects)), default=0)
    return longest_field, longest_marker


def _field(diff: Diff, start: int, key_pad: int, value_pad: int) -> str:
    marker, _ = _marker(_str(diff, "Type"))
    out = f"{' ' * start}{marker}{' ' * key_pad}{_str(diff, 'Name')}: {' ' * value_pad}"
    kind, old, new = _str(diff, "Type"), _str(diff, "Old"), _str(diff, "New")
    if kind == "Deleted":
        out += go_quote(old)
    elif kind == "Edited":
        out += f"{go_quote(old)} => {go_quote(new)}"
    else:
        out += go_quote(new)
    annotations = diff.get("Annotations")
    if isinstance(annotations, list) and annotations:
        out += f" ({_annotations([str(a) for a in annotations])})"
    return out


def _object(diff: Diff, start: int, key_pad: int) -> str:
    marker, marker_len = _marker(_str(diff, "Type"))
    out = f"{' ' * start}{marker}{' ' * key_pad}{_str(diff, 'Name')} {{\n"
    fields, objects = _list(diff, "Fields"), _list(diff, "Objects")
    longest_field, longest_marker = _longest(fields, objects)
    out += _aligned(fields, objects, start + key_pad + 2, longest_field, longest_marker)
    return f"{out}\n{' ' * (start + marker_len + key_pad)}}}"


def _aligned(
    fields: list[Diff], objects: list[Diff], start: int, longest_field: int, longest_marker: int
) -> str:
    lines = [
        _field(
            f,
            start,
            longest_marker - _marker(_str(f, "Type"))[1],
            longest_field - len(_str(f, "Name")),
        )
        for f in fields
    ]
    lines += [_object(o, start, longest_marker - _marker(_str(o, "Type"))[1]) for o in objects]
    return "\n".join(lines)


def _task(diff: Diff, start: int, pad: int, verbose: bool) -> str:
    marker, _ = _marker(_str(diff, "Type"))
    out = f"{' ' * start}{marker}{' ' * pad}{mark('bold')}Task: {go_quote(_str(diff, 'Name'))}"
    annotations = diff.get("Annotations")
    if isinstance(annotations, list) and annotations:
        out += f" {mark('reset')}({_annotations([str(a) for a in annotations])})"
    kind = _str(diff, "Type")
    if kind == "None" or (kind in ("Added", "Deleted") and not verbose):
        return out
    out += "\n"
    fields, objects = _list(diff, "Fields"), _list(diff, "Objects")
    longest_field, longest_marker = _longest(fields, objects)
    return out + _aligned(fields, objects, start + 2, longest_field, longest_marker)


def _updates(updates: Mapping[str, Any]) -> str:
    parts = []
    for name in sorted(updates):
        color = _UPDATE_COLORS.get(name)
        parts.append(f"{mark('reset')}{mark(color) if color else ''}{updates[name]} {name}")
    return f" ({', '.join(parts)}{mark('reset')})\n"


def _group(diff: Diff, pad: int, verbose: bool) -> str:
    marker, _ = _marker(_str(diff, "Type"))
    name = go_quote(_str(diff, "Name"))
    out = f"{marker}{' ' * pad}{mark('bold')}Task Group: {name}{mark('reset')}"
    updates = diff.get("Updates")
    out += _updates(updates) if isinstance(updates, Mapping) and updates else f"{mark('reset')}\n"
    fields, objects = _list(diff, "Fields"), _list(diff, "Objects")
    tasks = _list(diff, "Tasks")
    longest_field, longest_marker = _longest(fields, objects)
    longest_marker = max([longest_marker, *(_marker(_str(t, "Type"))[1] for t in tasks)])
    start = pad + 2
    if _str(diff, "Type") == "Edited" or verbose:
        aligned = _aligned(fields, objects, start, longest_field, longest_marker)
        out += aligned + ("\n" if aligned else "")
    for task in tasks:
        pad_task = longest_marker - _marker(_str(task, "Type"))[1]
        out += _task(task, start, pad_task, verbose) + "\n"
    return out


def render_job_diff(diff: Diff, verbose: bool = False) -> str:
    """`formatJobDiff`: the whole tree, with colour marks (see `markup.paint`)."""
    marker, _ = _marker(_str(diff, "Type"))
    out = f"{marker}{mark('bold')}Job: {go_quote(_str(diff, 'ID'))}\n"
    fields, objects = _list(diff, "Fields"), _list(diff, "Objects")
    groups = _list(diff, "TaskGroups")
    longest_field, longest_marker = _longest(fields, objects)
    longest_marker = max([longest_marker, *(_marker(_str(g, "Type"))[1] for g in groups)])
    if _str(diff, "Type") == "Edited" or verbose:
        aligned = _aligned(fields, objects, 0, longest_field, longest_marker)
        out += aligned + ("\n" if aligned else "")
    for group in groups:
        out += _group(group, longest_marker - _marker(_str(group, "Type"))[1], verbose) + "\n"
    return out
