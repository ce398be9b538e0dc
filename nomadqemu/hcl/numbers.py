"""Number literal tokens as Go's scanner sees them, and the `1e3` repair.

tree-sitter-hcl 1.2.0 only accepts an exponent after a fraction: `1.0e3` parses but
`1e3` leaves `numeric_lit` "1" followed by an error, and `1.e3` reads as `1` with an
attribute `.e3`. Go's scanner reads each as one number. The repair re-parses a copy of
the source in which the exponent characters are replaced by digits of the same length
(`1e3` → `103`, `1e-5` → `1005`), so every byte offset stays valid; the literal's text
is then read from the original source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # tree-sitter is imported only by a parse that needs it
    from tree_sitter import Tree


# Go's NumberLit: a digit, then digits, dots and exponents, not ending with a dot.
_GO_NUMBER_TOKEN = re.compile(rb"[0-9](?:[0-9.]|[eE][+-]?[0-9])*")
# Where tree-sitter may end a number that Go's token continues: `1e3`, and `1.e3`
# (which tree-sitter even parses without an error, as `1` then the attribute `.e3`).
_EXPONENT_START = re.compile(rb"[0-9]\.?[eE][+-]?[0-9]")
_MAX_ROUNDS = 8
# Nodes that end with a number: a literal, or the legacy index `.0`.
_NUMBERS = ("numeric_lit", "legacy_index")


def go_number_end(source: bytes, start: int) -> int:
    """Where Go's number token that starts at `start` ends."""
    match = _GO_NUMBER_TOKEN.match(source, start)
    if match is None:
        return start
    end = match.end()
    while end > start + 1 and source[end - 1 : end] == b".":
        end -= 1
    return end


def _digits_for(chunk: bytes) -> bytes:
    return bytes(b if 0x30 <= b <= 0x39 or b == 0x2E else 0x30 for b in chunk)


def repair_exponents(
    source: bytes,
    tree: Tree,
    parse: Callable[[bytes], Tree],
    start: int = 0,
    end: int | None = None,
) -> Tree:
    """A tree in which every Go-style exponent literal is one `numeric_lit` node.

    `1.e3` is a number to Go (`big.ParseFloat` accepts a bare trailing dot); the
    repaired copy reads `1.03` there, so tree-sitter too sees one literal. `start` and
    `end` bound the bytes `tree` was parsed from (an argument parsed alone).
    """
    patched = source
    stop = len(source) if end is None else end
    for _ in range(_MAX_ROUNDS):
        root = tree.root_node
        # Not only after an error: `1e2` then a block on the next line parses cleanly,
        # as `1` and a block of type `e2`.
        if not root.has_error and _EXPONENT_START.search(patched, start, stop) is None:
            return tree
        changed = bytearray(patched)
        found = False
        for match in _EXPONENT_START.finditer(patched, start, stop):
            digit = match.start()
            node = root.descendant_for_byte_range(digit, digit + 1)
            if node is None or node.type not in _NUMBERS or node.end_byte != digit + 1:
                continue
            number_start = node.start_byte + (node.type == "legacy_index")  # after its dot
            end = go_number_end(source, number_start)
            if end > digit + 1:
                changed[digit + 1 : end] = _digits_for(source[digit + 1 : end])
                found = True
        if not found:
            return tree
        patched = bytes(changed)
        tree = parse(patched)
    return tree
