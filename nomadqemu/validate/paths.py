"""Go's `path/filepath` on Unix (Clean, Join, Rel), for the driver's lexical path rules."""

from __future__ import annotations


def go_clean(path: str) -> str:
    """Go `filepath.Clean`: lexical, `//` collapses, empty becomes `.`."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def go_join(*elements: str) -> str:
    """Go `filepath.Join`: empty elements are ignored, the result is cleaned."""
    kept = [e for e in elements if e]
    return go_clean("/".join(kept)) if kept else ""


def go_rel(base: str, target: str) -> str | None:
    """Go `filepath.Rel`, or None where Go returns an error."""
    base, target = go_clean(base), go_clean(target)
    if target == base:
        return "."
    if base == ".":
        base = ""
    if base.startswith("/") != target.startswith("/"):
        return None
    base_parts = [p for p in base.split("/") if p] if base else []
    target_parts = [p for p in target.split("/") if p]
    common = 0
    while (
        common < len(base_parts)
        and common < len(target_parts)
        and base_parts[common] == target_parts[common]
    ):
        common += 1
    rest_base = base_parts[common:]
    if rest_base and rest_base[0] == "..":
        return None  # Go cannot climb out of an unknown `..`
    up = [".."] * len(rest_base)
    result = "/".join(up + target_parts[common:])
    return result or "."


def is_parent(parent: str, path: str) -> bool:
    """The driver's `isParent`: Rel succeeds and does not start with `..` (even `..img`)."""
    rel = go_rel(parent, path)
    return rel is not None and not rel.startswith("..")


def is_allowed_image_path(allowed: list[str], alloc_dir: str, image_path: str) -> bool:
    """The driver's `isAllowedImagePath`: lexical, no symlinks, relative → alloc dir."""
    if not image_path.startswith("/"):
        image_path = go_join(alloc_dir, image_path)
    if is_parent(alloc_dir, image_path):
        return True
    return any(is_parent(entry, image_path) for entry in allowed)
