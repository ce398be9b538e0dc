"""HCL's "Did you mean …?" name suggestions (Levenshtein distance below 3)."""

from __future__ import annotations

from collections.abc import Iterable


def levenshtein(a: str, b: str) -> int:
    """Edit distance over code points, like the `agext/levenshtein` package HCL uses."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def first_suggestion(given: str, candidates: Iterable[str]) -> str:
    """HCL's `nameSuggestion` over an ordered list: the first candidate within distance 2,
    or ""."""
    return next((c for c in candidates if levenshtein(given, c) < 3), "")


def closest_suggestion(given: str, candidates: Iterable[str]) -> str:
    """A candidate within distance 2 of `given`, or "".

    Go returns the first close name in map order, which is random; the closest one
    (then alphabetical) is chosen here so the message is stable.
    """
    close = [(levenshtein(given, c), c) for c in set(candidates)]
    close = [item for item in close if item[0] < 3]
    return min(close)[1] if close else ""
