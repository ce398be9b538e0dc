"""tree-sitter ERROR and MISSING nodes → diagnostics worded as Go's HCL parser words them.

tree-sitter recovers differently from Go, so only the first error is reported (Go too
goes into recovery mode after its first error and stays mostly quiet), classified by
where it occurs and which token Go would have stumbled on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.lexing import next_token

if TYPE_CHECKING:  # tree-sitter is imported only by a parse that needs it
    from tree_sitter import Node


def _first_error(node: Node) -> Node | None:
    """The first ERROR or MISSING node in document order."""
    for child in node.children:
        if child.type == "ERROR" or child.is_missing:
            return child
        if child.has_error:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def report_tree_errors(ctx: ParseContext, root: Node) -> None:
    bad = _first_error(root)
    if bad is None:
        return
    at = bad.start_byte
    end = next_token(ctx.source, at) if not bad.is_missing else at
    in_expression = _inside(bad, "expression")
    if in_expression:
        ctx.error_at(
            "Invalid expression",
            "Expected the start of an expression, but found an invalid expression token.",
            at,
            end,
        )
    else:
        ctx.error_at(
            "Argument or block definition required",
            "An argument or block definition is required here.",
            at,
            end,
        )


def _inside(node: Node, kind: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == kind:
            return True
        parent = parent.parent
    return False
