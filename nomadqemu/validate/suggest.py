"""HCL's "Did you mean" suggestions (Levenshtein distance below 3)."""

from __future__ import annotations

from collections.abc import Iterable


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def suggest(given: str, candidates: Iterable[str]) -> str | None:
    """The first candidate within distance 2, as HCL's `nameSuggestion` picks it."""
    for candidate in candidates:
        if levenshtein(given, candidate) < 3:
            return candidate
    return None
