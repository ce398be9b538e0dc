"""The syntax rules Go's HCL enforces and tree-sitter-hcl does not.

tree-sitter treats newlines as plain whitespace, so the line structure of bodies is
checked here against the source: an argument or block ends with a newline, a block's
`{` is on its header's line, a one-line block holds one argument. Attribute names are
unique per body. Parse errors tree-sitter found (ERROR/MISSING nodes) are reported
with the wording Go uses for the same input (see `syntax_errors`).
"""

from __future__ import annotations

from tree_sitter import Node

from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.lexing import next_token, skip_inline
from nomadqemu.hcl.syntax_errors import report_tree_errors


def check_tree(ctx: ParseContext, root: Node, expression_only: bool = False) -> None:
    """Add every syntax diagnostic of the tree rooted at `root` to `ctx`."""
    if root.has_error:
        report_tree_errors(ctx, root)
    if expression_only:
        _check_templates(ctx, root)
        return
    for child in root.children:
        if child.type == "body":
            _check_body(ctx, child, single_line=False)
    _check_templates(ctx, root)


def _check_body(ctx: ParseContext, body: Node, single_line: bool) -> None:
    seen: dict[str, Node] = {}
    for item in body.children:
        if item.type == "attribute":
            name = item.children[0]
            text = ctx.text(name)
            first = seen.get(text)
            if first is not None:
                ctx.error(
                    "Attribute redefined",
                    f'The argument "{text}" was already set at '
                    f"{ctx.span(first).hcl_range()}. Each argument may be set only once.",
                    ctx.span(name),
                )
            else:
                seen[text] = name
            if not single_line and not item.has_error:
                _expect_newline(ctx, item, item.children[0], "argument")
        elif item.type == "block":
            _check_block(ctx, item)


def _expect_newline(ctx: ParseContext, item: Node, ident: Node, what: str) -> None:
    """An argument or block must be followed by a newline, a line comment or the end."""
    source = ctx.source
    at = skip_inline(source, item.end_byte)
    if at >= len(source) or source[at] in b"\r\n#" or source.startswith(b"//", at):
        return
    end = next_token(source, at)
    if what == "argument":
        summary = "Missing newline after argument"
        detail = "An argument definition must end with a newline."
        if source[at : at + 1] == b",":
            summary = "Unexpected comma after argument"
            detail = "Argument definitions must be separated by newlines, not commas. " + detail
    else:
        summary = "Missing newline after block definition"
        detail = "A block definition must end with a newline."
    if source[at : at + 1] == b"}" and item.parent is not None and _closes_parent(item, at):
        return
    ctx.error_at(summary, detail, at, end)


def _closes_parent(item: Node, at: int) -> bool:
    """True when the `}` at `at` closes the single-line block that holds `item`."""
    body = item.parent
    block = body.parent if body is not None else None
    if block is None or block.type != "block":
        return False
    return any(c.type == "block_end" and c.start_byte == at for c in block.children)


def _check_block(ctx: ParseContext, block: Node) -> None:
    source = ctx.source
    children = block.children
    open_node = next((c for c in children if c.type == "block_start"), None)
    close_node = next((c for c in children if c.type == "block_end"), None)
    body = next((c for c in children if c.type == "body"), None)
    if open_node is None:
        return
    header_end = children[children.index(open_node) - 1].end_byte
    gap = skip_inline(source, header_end)
    if gap < open_node.start_byte and source[gap] in b"\r\n#/":
        ctx.error_at(
            "Invalid block definition",
            'A block definition must have block content delimited by "{" and "}", '
            "starting on the same line as the block header.",
            gap,
            gap + 1,
        )
        return
    after_open = skip_inline(source, open_node.end_byte)
    single_line = not (
        after_open >= len(source)
        or source[after_open] in b"\r\n#"
        or source.startswith(b"//", after_open)
        or (close_node is not None and after_open == close_node.start_byte)
    )
    if single_line and body is not None:
        _check_single_line(ctx, block, body, close_node)
    if body is not None:
        _check_body(ctx, body, single_line)
    if close_node is not None and not block.has_error:
        _expect_newline(ctx, block, children[0], "block")


def _check_single_line(ctx: ParseContext, block: Node, body: Node, close: Node | None) -> None:
    source = ctx.source
    items = [c for c in body.children if c.type in ("attribute", "block")]
    if not items:
        return
    first = items[0]
    if first.type == "block":
        ident = first.children[0]
        nxt = first.children[1]
        ctx.error_at(
            "Argument definition required",
            "A single-line block definition can contain only a single argument. If you "
            f'meant to define argument "{ctx.text(ident)}", use an equals sign to assign it '
            "a value. To define a nested block, place it on a line of its own within its "
            "parent block.",
            ident.start_byte,
            nxt.end_byte if nxt.type == "identifier" else nxt.start_byte + 1,
        )
        return
    at = skip_inline(source, first.end_byte)
    if close is not None and at == close.start_byte:
        return
    if at < len(source) and source[at : at + 1] == b",":
        detail = (
            "Single-line block syntax can include only one argument definition. To define "
            "multiple arguments, use the multi-line block syntax with one argument definition "
            "per line."
        )
    elif at < len(source) and source[at] in b"\r\n":
        detail = (
            "An argument definition on the same line as its containing block creates a "
            "single-line block definition, which must also be closed on the same line. Place "
            "the block's closing brace immediately after the argument definition."
        )
    else:
        detail = (
            "A single-line block definition must end with a closing brace immediately after "
            "its single argument definition."
        )
    ctx.error_at("Invalid single-argument block definition", detail, at, next_token(source, at))


def _check_templates(ctx: ParseContext, root: Node) -> None:
    """Reserved for template checks tree-sitter leaves out (none needed yet)."""
    del ctx, root
