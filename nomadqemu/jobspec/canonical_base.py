"""Small operations that `api.*.Canonicalize` repeats on sparse structs.

A sparse struct is a dict keyed by Go field names; a missing key or a `None` value is a nil
pointer (or the zero value of a non-pointer field), so "is nil" reads as `get(...) is None`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from typing import Any

Struct = dict[str, Any]

SECOND = 1_000_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


def default(struct: Struct, key: str, value: Any) -> None:
    """`if s.Key == nil { s.Key = value }` for a pointer field."""
    if struct.get(key) is None:
        struct[key] = value


def default_blank(struct: Struct, key: str, value: Any) -> None:
    """`if s.Key == "" { s.Key = value }` (or `== 0`) for a non-pointer field."""
    if not struct.get(key):
        struct[key] = value


def nil_if_empty(struct: Struct, *keys: str) -> None:
    """`if len(s.Key) == 0 { s.Key = nil }` for slices and maps."""
    for key in keys:
        if not struct.get(key):
            struct[key] = None


def merge_set(base: Struct, over: Struct | None, keys: Iterable[str]) -> None:
    """Copy each of `keys` that `over` sets (non-nil) onto `base`: the API's `Merge` methods."""
    if over is None:
        return
    for key in keys:
        if over.get(key) is not None:
            base[key] = over[key]


def structs(struct: Struct, key: str) -> Iterator[Struct]:
    """The non-nil elements of a slice-of-struct-pointer field."""
    for item in struct.get(key) or ():
        if item is not None:
            yield item


def child(struct: Struct, key: str) -> Struct | None:
    """A pointer-to-struct field, or None when nil."""
    value = struct.get(key)
    return value if isinstance(value, dict) else None


def go_path_base(path: str) -> str:
    """Go's `path.Base`: the last element, trailing slashes removed; "." for ""."""
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path.rsplit("/", 1)[-1]


def go_clean_join(*parts: str) -> str:
    """Go's `filepath.Join` on a Unix host: join the non-empty parts, then `Clean`."""
    joined = "/".join(part for part in parts if part)
    if joined == "":
        return ""
    # posixpath.normpath keeps a leading "//", which Go's Clean reduces to "/".
    cleaned = posixpath.normpath(joined)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


def go_upper(text: str) -> str:
    """Go's `strings.ToUpper`: one rune in, one rune out (no "ß" to "SS")."""
    if text.isascii():
        return text.upper()
    return "".join(upper if len(upper := char.upper()) == 1 else char for char in text)
