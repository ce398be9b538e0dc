"""tree-sitter expression nodes → `ast` expressions, shaped as Go's `hclsyntax` parser.

tree-sitter-hcl flattens the operands of operators into their parent node and makes
`?:` left-associative, so the operator structure is rebuilt here: an expression is
flattened to a list of atoms (terms, postfix steps, operators) and re-parsed with Go's
precedence climbing (`parseTernaryConditional` → `parseBinaryOps` → unary → term).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard

from nomadqemu.hcl import ast
from nomadqemu.hcl.context import ParseContext
from nomadqemu.hcl.lexing import DOTTED_NAME, NUMBER_LITERAL, TEMPLATE_TEXT, LazyPattern
from nomadqemu.records import record
from nomadqemu.span import Span

if TYPE_CHECKING:  # tree-sitter is imported only by a parse that needs it
    from tree_sitter import Node

# Binary operator levels, lowest precedence first (Go's `binaryOps`).
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"||"}),
    frozenset({"&&"}),
    frozenset({"==", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%"}),
)
_BINARY = frozenset().union(*_LEVELS)
_CONTAINERS = frozenset({"expression", "operation", "binary_operation", "conditional"})
_POSTFIX = frozenset({"get_attr", "index", "splat"})
_SKIPPED = frozenset({"comment", "ERROR"})
# What `ExprBuilder.from_text` reads straight off the text: a quoted string of plain
# ASCII (no escapes, directives or line breaks: its text is its value), maybe with
# interpolations of dotted names (`"${NOMAD_TASK_NAME}"`); a number, bool or null
# literal, maybe negated; a dotted reference; a one-line list of those. A `$` or `%`
# is text unless a `{` or another of itself follows (`${`, `$${`: Go's sequences).
# (Written as runs of a character class: an alternation per character matches several
# times slower.)
# An interpolation of a dotted name, the name in group 1.
_INTERPOLATION = rb"\$\{[ \t]*(" + DOTTED_NAME + rb")[ \t]*\}"
_INTERPOLATIONS = re.compile(_INTERPOLATION)
_PLAIN_STRING = re.compile(b'"' + TEMPLATE_TEXT + b'"')
_TEMPLATE = LazyPattern(b'"' + TEMPLATE_TEXT + b"(?:" + _INTERPOLATION + TEMPLATE_TEXT + b')*"')
_LITERAL = re.compile(NUMBER_LITERAL + rb"|true|false|null")
# A reference with attribute steps and no blanks (`var.dc`, `local.env.name`); a
# keyword root (`null.a`) is a literal with steps, left to the general path.
_DOTTED = re.compile(rb"(?!(?:true|false|null)(?![A-Za-z0-9_-]))" + DOTTED_NAME)
_NUMBER = re.compile(NUMBER_LITERAL)
# One item of a one-line list (a quoted string or a run of other characters: whether
# it is a value `from_text` reads, `from_text` decides) and the comma after it, if any.
_TUPLE_ITEM = re.compile(rb'[ \t]*("[^"\n]*"|[^\s,"\[\](){}]+)[ \t]*(,)?')
_BLANKS = re.compile(rb"[ \t]*")
# Go reads `[for` as the start of a `for` expression, whatever follows.
_FOR = re.compile(rb"for(?![A-Za-z0-9_-])")
# Node kinds `ExprBuilder.term` builds (named, none of the kinds above).
_LONE_TERMS = frozenset(
    {
        "literal_value",
        "variable_expr",
        "function_call",
        "collection_value",
        "template_expr",
        "for_expr",
        "quoted_template",
        "heredoc_template",
        "string_lit",
    }
)


@record
class _Atom:
    kind: str  # "term", "post", "paren", "binary", "unary", "?", ":"
    node: Node
    op: str = ""
    inner: Node | None = None
    close: Node | None = None


def _build_template(ctx: ParseContext, node: Node, build: Callable[[Node], ast.Expr]) -> ast.Expr:
    """`templates.build_template`, imported on first use: the node walk's helpers are
    imported where used, since `from_text` (what files read line by line use) needs
    none of them and a cold start saves them."""
    from nomadqemu.hcl.templates import build_template

    return build_template(ctx, node, build)


class ExprBuilder:
    """Builds `ast` expressions for one parse."""

    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx

    # --- entry -----------------------------------------------------------------------

    def build(self, node: Node) -> ast.Expr:
        simple = self.from_text(node.start_byte, node.end_byte)
        if simple is not None:
            return simple
        children = node.children
        if len(children) == 1 and children[0].type in _LONE_TERMS:
            # Most expressions are one term with no operators or steps (`"x"`, `1`,
            # `[…]`, `f(…)`): what the atom list below would come to, without it.
            return self.term(_Atom("term", children[0]))
        atoms: list[_Atom] = []
        self._flatten(node, atoms)
        if not atoms:
            return self._placeholder(node)
        climber = _Climber(self, atoms, node)
        if atoms[0].kind in ("term", "paren") and all(a.kind == "post" for a in atoms[1:]):
            return climber.term_with_steps()  # the common case: no operators at all
        return climber.parse()

    def from_text(self, start: int, end: int) -> ast.Expr | None:
        """The commonest values, read off the text of `[start, end)` without visiting
        tree-sitter's nodes (each node read costs): a plain quoted string, as
        `templates._plain_quoted` builds it, or one with interpolations of dotted
        names; number, bool and null literals; a dotted reference; a one-line list of
        these; a negated number. None for anything else."""
        ctx = self.ctx
        source = ctx.source
        first = source[start] if end > start else 0
        if first == 0x22:  # `"`
            if _PLAIN_STRING.fullmatch(source, start, end) is not None:
                return self.plain_string(start, end)
            if _TEMPLATE.fullmatch(source, start, end) is not None:
                return self._template(start, end)
        elif first == 0x5B:  # `[`
            if source[end - 1] == 0x5D:  # `]`
                return self._tuple(start, end)
        elif first == 0x2D:  # `-`
            if _NUMBER.fullmatch(source, start + 1, end) is not None:
                number = ast.Literal(
                    "number",
                    source[start + 1 : end].decode("ascii"),
                    ctx.span_bytes(start + 1, end),
                )
                return ast.UnaryOp("-", number, ctx.span_bytes(start, end))
        elif _LITERAL.fullmatch(source, start, end) is not None:
            text = source[start:end].decode("ascii")
            kind = "bool" if text in ("true", "false") else "null" if text == "null" else "number"
            return ast.Literal(kind, text, ctx.span_bytes(start, end))
        elif _DOTTED.fullmatch(source, start, end) is not None:
            return self._dotted(source[start:end].decode("ascii"), start, end)
        return None

    def plain_string(self, start: int, end: int) -> ast.Template:
        """The quoted string `[start, end)`, known to hold only `PLAIN_TEXT_CHAR`s and
        `$`/`%` that start no sequence: its text is its value."""
        span_bytes = self.ctx.span_bytes
        text = self.ctx.source[start + 1 : end - 1].decode("ascii")
        literal = ast.TemplateLiteral(text, span_bytes(start + 1, end - 1))
        return ast.Template((literal,), span_bytes(start, end), False)

    def _template(self, start: int, end: int) -> ast.Expr | None:
        """A quoted string whose interpolations are dotted names (`_TEMPLATE`): its
        text runs and interpolated expressions in order, or the lone interpolation
        wrapped (Go's `TemplateWrapExpr`)."""
        span_bytes = self.ctx.span_bytes
        source = self.ctx.source
        parts: list[ast.Expr] = []
        at = start + 1
        for match in _INTERPOLATIONS.finditer(source, at, end - 1):
            if match.start() > at:
                text = source[at : match.start()].decode("ascii")
                parts.append(ast.TemplateLiteral(text, span_bytes(at, match.start())))
            inner = self.from_text(*match.span(1))
            if inner is None:  # `${true.x}`, say
                return None
            parts.append(inner)
            at = match.end()
        if at < end - 1:
            text = source[at : end - 1].decode("ascii")
            parts.append(ast.TemplateLiteral(text, span_bytes(at, end - 1)))
        if len(parts) == 1 and parts[0].__class__ is not ast.TemplateLiteral:
            return ast.TemplateWrap(parts[0], span_bytes(start, end))
        return ast.Template(tuple(parts), span_bytes(start, end), False)

    def _tuple(self, start: int, end: int) -> ast.Expr | None:
        """A one-line list of `from_text` values: items each followed by a comma or by
        the closing bracket (a comma may end the list)."""
        source = self.ctx.source
        items: list[ast.Expr] = []
        at, close = start + 1, end - 1
        match_item = _TUPLE_ITEM.match
        while True:
            match = match_item(source, at, close)
            if match is None:
                break
            item_start, item_end = match.span(1)
            if not items and _FOR.match(source, item_start, item_end) is not None:
                return None  # `[for …`: a `for` expression to Go
            item = self.from_text(item_start, item_end)
            if item is None:
                return None
            items.append(item)
            at = match.end()
            if match.start(2) < 0:
                break  # no comma: the list must end here
        if _BLANKS.fullmatch(source, at, close) is None:
            return None
        return ast.TupleCons(tuple(items), self.ctx.span_bytes(start, end))

    def _dotted(self, text: str, start: int, end: int) -> ast.Expr:
        """`a.b.c` without blanks: a traversal with attribute steps, each step's span
        from its dot, as the nodes give it."""
        span_bytes = self.ctx.span_bytes
        root, *names = text.split(".")
        at = start + len(root)
        root_span = span_bytes(start, at)
        steps: list[ast.Step] = []
        for name in names:
            steps.append(ast.TraverseAttr(name, span_bytes(at, at + 1 + len(name))))
            at += 1 + len(name)
        return ast.ScopeTraversal(root, root_span, tuple(steps), span_bytes(start, end))

    def _placeholder(self, node: Node) -> ast.Expr:
        # Only reached on input tree-sitter could not parse; an error is reported there.
        return ast.Literal("null", "null", self.ctx.span(node))

    def _flatten(self, node: Node, out: list[_Atom]) -> None:
        children = node.children
        i = 0
        while i < len(children):
            child = children[i]
            kind = child.type
            i += 1
            if not child.is_named:
                if kind == "(":
                    inner = children[i] if i < len(children) else None
                    if inner is not None and inner.type == "expression":
                        i += 1
                    else:
                        inner = None
                    close = None
                    if i < len(children) and children[i].type == ")":
                        close = children[i]
                        i += 1
                    out.append(_Atom("paren", child, inner=inner, close=close))
                elif node.type == "unary_operation" and kind in ("-", "!"):
                    out.append(_Atom("unary", child, kind))
                elif kind in _BINARY:
                    out.append(_Atom("binary", child, kind))
                elif kind in ("?", ":"):
                    out.append(_Atom(kind, child, kind))
            elif kind in _CONTAINERS or kind == "unary_operation":
                self._flatten(child, out)
            elif kind in _POSTFIX:
                out.append(_Atom("post", child))
            elif kind not in _SKIPPED:
                out.append(_Atom("term", child))

    # --- terms -------------------------------------------------------------------------

    def term(self, atom: _Atom) -> ast.Expr:
        ctx = self.ctx
        node = atom.node
        if atom.kind == "paren":
            end = atom.close or atom.inner or node
            inner = self.build(atom.inner) if atom.inner is not None else self._placeholder(node)
            return ast.Parens(inner, ctx.span(node, end))
        kind = node.type
        if kind == "literal_value":
            return self.literal(node.children[0] if node.children else node)
        if kind == "variable_expr":
            span = ctx.span(node)
            return ast.ScopeTraversal(ctx.text(node), span, (), span)
        if kind == "function_call":
            return self.function_call(node)
        if kind == "collection_value":
            inner_node = node.children[0]
            if inner_node.type == "tuple":
                return self.tuple_cons(inner_node)
            return self.object_cons(inner_node)
        if kind == "template_expr":
            return _build_template(ctx, node.children[0], self.build)
        if kind == "for_expr":
            return self.for_expr(node.children[0])
        if kind in ("quoted_template", "heredoc_template", "string_lit"):
            return _build_template(ctx, node, self.build)
        return self._placeholder(node)

    def literal(self, node: Node) -> ast.Expr:
        ctx = self.ctx
        kind = node.type
        if kind == "numeric_lit":
            # Malformed numbers are reported by `goparse`, with Go's token boundaries.
            return ast.Literal("number", ctx.text(node), ctx.span(node))
        if kind == "bool_lit":
            return ast.Literal("bool", ctx.text(node), ctx.span(node))
        if kind == "null_lit":
            return ast.Literal("null", "null", ctx.span(node))
        return _build_template(ctx, node, self.build)

    def function_call(self, node: Node) -> ast.Expr:
        ctx = self.ctx
        name_node = node.children[0]
        open_node = close_node = None
        args: list[ast.Expr] = []
        expand = False
        for child in node.children[1:]:
            if child.type == "(":
                open_node = child
            elif child.type == ")":
                close_node = child
            elif child.type == "function_arguments":
                for arg in child.children:
                    if arg.type == "expression":
                        args.append(self.build(arg))
                    elif arg.type == "ellipsis":
                        expand = True
        open_span = ctx.span(open_node) if open_node else ctx.span(name_node)
        close_span = (
            ctx.span(close_node) if close_node else ctx.span_bytes(node.end_byte, node.end_byte)
        )
        name, name_span = ctx.text(name_node), ctx.span(name_node)
        if (
            open_node is not None
            and b"::" in ctx.source[name_node.start_byte : open_node.start_byte]
        ):
            # `a :: b` was closed up for tree-sitter (`gaps.py`): read the real name.
            from nomadqemu.hcl.gaps import function_name

            name, name_end = function_name(ctx.source, name_node.start_byte, open_node.start_byte)
            name_span = ctx.span_bytes(name_node.start_byte, name_end)
        return ast.FunctionCall(
            name,
            name_span,
            tuple(args),
            expand,
            ctx.span(node),
            open_span,
            close_span,
        )

    def tuple_cons(self, node: Node) -> ast.Expr:
        items = tuple(self.build(c) for c in node.children if c.type == "expression")
        return ast.TupleCons(items, self.ctx.span(node))

    def object_cons(self, node: Node) -> ast.Expr:
        items: list[ast.ObjectItem] = []
        for elem in node.children:
            if elem.type != "object_elem":
                continue
            key_node = elem.child_by_field_name("key")
            value_node = elem.child_by_field_name("val")
            if key_node is None or value_node is None:
                continue
            key_expr = self.build(key_node)
            bare = None
            if isinstance(key_expr, ast.ScopeTraversal) and not key_expr.steps:
                bare = key_expr.root
            key = ast.ObjectKey(key_expr, bare, key_expr.span)
            value = self.build(value_node)
            items.append(ast.ObjectItem(key, value, key.span.through(value.span)))
        return ast.ObjectCons(tuple(items), self.ctx.span(node))

    def for_expr(self, node: Node) -> ast.Expr:
        ctx = self.ctx
        names: list[str] = []
        collection: ast.Expr | None = None
        exprs: list[ast.Expr] = []
        condition: ast.Expr | None = None
        group = False
        for child in node.children:
            kind = child.type
            if kind == "for_intro":
                for part in child.children:
                    if part.type == "identifier":
                        names.append(ctx.text(part))
                    elif part.type == "expression":
                        collection = self.build(part)
            elif kind == "expression":
                exprs.append(self.build(child))
            elif kind == "ellipsis":
                group = True
            elif kind == "for_cond":
                cond = [c for c in child.children if c.type == "expression"]
                if cond:
                    condition = self.build(cond[0])
        is_object = node.type == "for_object_expr"
        key_expr = exprs[0] if is_object and len(exprs) > 1 else None
        value_expr = exprs[-1] if exprs else self._placeholder(node)
        names = names or ["_"]
        return ast.ForExpr(
            names[0] if len(names) > 1 else None,
            names[-1],
            collection or self._placeholder(node),
            key_expr,
            value_expr,
            condition,
            group,
            ctx.span(node),
            ctx.span(node.children[0]),
        )

    # --- postfix steps (Go's parseExpressionTraversals) ----------------------------------

    def step(self, node: Node) -> ast.Step | ast.Expr:
        """A traversal step for `get_attr`/`index`, or the key expression of an `Index`."""
        ctx = self.ctx
        if node.type == "get_attr":
            name = node.children[-1]
            return ast.TraverseAttr(ctx.text(name), ctx.span(node))
        inner = node.children[0]
        if inner.type == "legacy_index":
            return self.legacy_index(inner)
        key_nodes = [c for c in inner.children if c.type == "expression"]
        if not key_nodes:
            return self._placeholder(inner)
        key = self.build(key_nodes[0])
        if isinstance(key, ast.Literal) or is_plain_text(key):
            return ast.TraverseIndex(key, ctx.span(inner))
        return key

    def legacy_index(self, node: Node) -> ast.Step:
        ctx = self.ctx
        digits_start = node.start_byte + 1
        digits = ctx.text_bytes(digits_start, node.end_byte)
        number = ast.Literal("number", digits, ctx.span_bytes(digits_start, node.end_byte))
        return ast.TraverseIndex(number, ctx.span(node))


def is_plain_text(expr: ast.Expr) -> TypeGuard[ast.Template]:
    """Whether `expr` is a quoted string of literal text only (one literal part): a
    static key for an index step or an object."""
    return (
        isinstance(expr, ast.Template)
        and len(expr.parts) == 1
        and isinstance(expr.parts[0], ast.TemplateLiteral)
    )


def extend_traversal(target: ast.Expr, step: ast.Step) -> ast.Expr:
    """Go's `makeRelativeTraversal`."""
    if isinstance(target, ast.ScopeTraversal):
        return ast.ScopeTraversal(
            target.root, target.root_span, (*target.steps, step), target.span.through(step.span)
        )
    if isinstance(target, ast.RelativeTraversal):
        return ast.RelativeTraversal(
            target.source, (*target.steps, step), target.span.through(step.span)
        )
    return ast.RelativeTraversal(target, (step,), target.span.through(step.span))


class _Climber:
    """Go's recursive-descent operator parsing over a flat atom list."""

    def __init__(self, builder: ExprBuilder, atoms: list[_Atom], whole: Node) -> None:
        self.b = builder
        self.atoms = atoms
        self.whole = whole
        self.i = 0

    def _peek(self) -> _Atom | None:
        return self.atoms[self.i] if self.i < len(self.atoms) else None

    def parse(self) -> ast.Expr:
        return self.conditional()

    def conditional(self) -> ast.Expr:
        cond = self.binary(0)
        atom = self._peek()
        if atom is None or atom.kind != "?":
            return cond
        self.i += 1
        true_result = self.conditional()
        atom = self._peek()
        if atom is None or atom.kind != ":":
            return cond
        self.i += 1
        false_result = self.conditional()
        return ast.Conditional(
            cond, true_result, false_result, cond.span.through(false_result.span)
        )

    def binary(self, level: int) -> ast.Expr:
        if level == len(_LEVELS):
            return self.unary()
        ops = _LEVELS[level]
        lhs = self.binary(level + 1)
        while True:
            atom = self._peek()
            if atom is None or atom.kind != "binary" or atom.op not in ops:
                return lhs
            self.i += 1
            rhs = self.binary(level + 1)
            lhs = ast.BinaryOp(atom.op, lhs, rhs, lhs.span.through(rhs.span))

    def unary(self) -> ast.Expr:
        atom = self._peek()
        if atom is not None and atom.kind == "unary":
            self.i += 1
            operand = self.unary()
            span = self.b.ctx.span(atom.node).through(operand.span)
            return ast.UnaryOp(atom.op, operand, span)
        return self.term_with_steps()

    def term_with_steps(self) -> ast.Expr:
        atom = self._peek()
        if atom is None or atom.kind not in ("term", "paren"):
            return self.b._placeholder(atom.node if atom else self.whole)
        self.i += 1
        expr = self.b.term(atom)
        start = expr.span
        while (post := self._peek()) is not None and post.kind == "post":
            self.i += 1
            expr = self.postfix(expr, post.node, start)
        return expr

    def postfix(self, expr: ast.Expr, node: Node, start: Span) -> ast.Expr:
        if node.type != "splat":
            return self._step(expr, node, start)
        posts = [node]
        if node.children[0].type == "full_splat":
            # A full splat takes every following step into each element's expression.
            while (post := self._peek()) is not None and post.kind == "post":
                posts.append(post.node)
                self.i += 1
        return self._traversals(expr, posts, start)

    def _step(self, expr: ast.Expr, node: Node, start: Span) -> ast.Expr:
        b = self.b
        step = b.step(node)
        if isinstance(step, ast.TraverseAttr | ast.TraverseIndex):
            return extend_traversal(expr, step)
        inner = node.children[0]
        open_node = inner.children[0]
        return ast.Index(expr, step, start.through(b.ctx.span(inner)), b.ctx.span(open_node))

    def _traversals(self, expr: ast.Expr, posts: list[Node], start: Span) -> ast.Expr:
        """Go's `parseExpressionTraversals` over `posts`; `start` is its `from` range.

        After `[*]` Go recurses with the element placeholder as `from`, so everything
        that follows (static steps, `[expr]`, further splats) belongs to each element.
        """
        i = 0
        while i < len(posts):
            node = posts[i]
            i += 1
            if node.type != "splat":
                expr = self._step(expr, node, start)
                continue
            splat = node.children[0]
            full = splat.type == "full_splat"
            marker_span = self._marker_span(splat.children[0], full)
            children = [c for c in splat.children[1:] if c.type in _POSTFIX]
            if full:
                item = ast.AnonSymbol(marker_span)
                each = self._traversals(item, children + posts[i:], marker_span)
                return _full_splat(expr, each, start, marker_span)
            # `.*` takes only `.name` and legacy `.0` steps; anything else applies to its result.
            steps: list[ast.Step] = []
            taken = 0
            for child in children:
                legacy = child.type == "index" and child.children[0].type == "legacy_index"
                step = self.b.step(child) if child.type == "get_attr" or legacy else None
                if not isinstance(step, ast.TraverseAttr | ast.TraverseIndex):
                    break
                steps.append(step)
                taken += 1
            end = steps[-1].span if steps else marker_span
            expr = ast.Splat(expr, tuple(steps), False, start.through(end), marker_span)
            posts = children[taken:] + posts[i:]
            i = 0
        return expr

    def _marker_span(self, marker: Node, full: bool) -> Span:
        ctx = self.b.ctx
        if ctx.text(marker) in ("[*]", ".*"):
            return ctx.span(marker)
        # `[ * ]` was closed up for tree-sitter (`gaps.py`): the marker ends later.
        from nomadqemu.hcl.gaps import marker_end

        end_byte = marker_end(ctx.source, marker.start_byte, "CBrack" if full else "*")
        return ctx.span_bytes(marker.start_byte, end_byte)


def _full_splat(source: ast.Expr, each: ast.Expr, start: Span, marker_span: Span) -> ast.Splat:
    """`source[*]…` with `each` (rooted at the element placeholder) as its per-element part."""
    span = start.through(each.span)
    if isinstance(each, ast.AnonSymbol):
        return ast.Splat(source, (), True, span, marker_span)
    if isinstance(each, ast.RelativeTraversal) and isinstance(each.source, ast.AnonSymbol):
        return ast.Splat(source, each.steps, True, span, marker_span)
    return ast.Splat(source, (), True, span, marker_span, each_expr=each)
