"""HCL's body model (`hcl.Body`): schemas, content extraction and their diagnostics.

The decoder asks a body for the attributes and blocks a schema names, exactly as
Go's HCL does, because Nomad's error messages ("Unsupported argument", "Missing
required argument", "Extraneous label for …") and their positions come from that
protocol. `SyntaxBody` is the native-syntax body (`hclsyntax.Body`); the wrappers in
`blockattrs` and `dynblock` and the JSON body in `jsonbody` implement the same protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.hcl import ast
from nomadqemu.namesuggest import first_suggestion
from nomadqemu.span import Pos, Span
from nomadqemu.values.value import Value

STATIC_CONTEXTS: set[int] = set()


def mark_static(ctx: EvalLike) -> EvalLike:
    """Evaluating with this context reads JSON strings literally (Go's nil context)."""
    STATIC_CONTEXTS.add(id(ctx))
    return ctx


def error(summary: str, detail: str, span: Span | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, summary, detail, span)


def has_errors(diags: list[Diagnostic]) -> bool:
    # Most lists are empty: no generator for them.
    return bool(diags) and any(d.is_error for d in diags)


def point(span: Span) -> Span:
    """The zero-width range at the start of `span` (Go's `MissingItemRange`)."""
    return span.at_start()


def first_char(span: Span) -> Span:
    """The first character of `span` (an opening bracket or brace)."""
    s = span.start
    return Span(span.filename, s, Pos(s.line, s.column + 1, s.byte + 1))


class EvalLike(Protocol):
    """The evaluation context the expressions receive (`nomadqemu.expr.EvalContext`)."""

    def child(self, extra: Mapping[str, Value]) -> EvalLike: ...


class Expression(Protocol):
    """An `hcl.Expression`: evaluable, with its source range."""

    @property
    def span(self) -> Span: ...

    def start_span(self) -> Span: ...

    def value(self, ctx: EvalLike) -> tuple[Value, list[Diagnostic]]: ...


class SyntaxExpr(NamedTuple):
    """A native-syntax expression, optionally seeing `dynamic` iterator variables."""

    node: ast.Expr
    scope: tuple[tuple[str, Value], ...] = ()

    @property
    def span(self) -> Span:
        return self.node.span

    def start_span(self) -> Span:
        return start_span_of(self.node)

    def value(self, ctx: EvalLike) -> tuple[Value, list[Diagnostic]]:
        if self.scope:
            ctx = ctx.child(dict(self.scope))
        val, diags = _evaluate()(self.node, ctx)
        return val, list(diags)

    def with_scope(self, scope: tuple[tuple[str, Value], ...]) -> SyntaxExpr:
        return SyntaxExpr(self.node, scope)


_EVALUATE: list[Callable[[ast.Expr, Any], tuple[Value, list[Diagnostic]]]] = []


def _evaluate() -> Callable[[ast.Expr, Any], tuple[Value, list[Diagnostic]]]:
    """`nomadqemu.expr.evaluate`, imported on first use (the evaluator imports much)."""
    if not _EVALUATE:
        from nomadqemu.expr import evaluate

        _EVALUATE.append(evaluate)
    return _EVALUATE[0]


def start_span_of(node: ast.Expr) -> Span:
    """Go's `Expression.StartRange()`, which positions "Unsuitable value" diagnostics."""
    from nomadqemu.expr.diag import start_span

    return start_span(node)


class Attr(NamedTuple):
    """`hcl.Attribute`: `span` is the whole definition, `name_span` the name."""

    name: str
    expr: Expression
    span: Span
    name_span: Span


class HBlock(NamedTuple):
    """`hcl.Block`."""

    type: str
    labels: tuple[str, ...]
    body: Body
    def_span: Span
    type_span: Span
    label_spans: tuple[Span, ...]
    span: Span


class AttrSchema(NamedTuple):
    name: str
    required: bool = False


class BlockSchema(NamedTuple):
    type: str
    labels: tuple[str, ...] = ()


class Schema:
    """`hcl.BodySchema`, with the lookups content extraction needs made once.

    Schemas are module constants or cached per API struct and never change after
    construction, so what is derived from them (the block-type lookup here, the
    extended schemas `dynblock` asks for in `variants`) can be kept on them.
    """

    __slots__ = ("attributes", "block_types", "blocks", "variants")

    def __init__(
        self, attributes: tuple[AttrSchema, ...] = (), blocks: tuple[BlockSchema, ...] = ()
    ) -> None:
        self.attributes = attributes
        self.blocks = blocks
        # As Go's map of wanted blocks: a type named twice keeps its last header.
        self.block_types: dict[str, BlockSchema] = {b.type: b for b in blocks}
        self.variants: dict[object, Schema] = {}

    def __repr__(self) -> str:
        return f"Schema(attributes={self.attributes!r}, blocks={self.blocks!r})"


class Content:
    """What a body yielded for a schema (`hcl.BodyContent`)."""

    __slots__ = ("attributes", "blocks", "missing")

    def __init__(
        self,
        attributes: dict[str, Attr] | None = None,
        blocks: list[HBlock] | None = None,
        missing: Span | None = None,
    ) -> None:
        self.attributes: dict[str, Attr] = {} if attributes is None else attributes
        self.blocks: list[HBlock] = [] if blocks is None else blocks
        self.missing = missing


class Body(Protocol):
    """`hcl.Body`."""

    def content(self, schema: Schema) -> tuple[Content, list[Diagnostic]]: ...

    def partial_content(self, schema: Schema) -> tuple[Content, Body, list[Diagnostic]]: ...

    def just_attributes(self) -> tuple[dict[str, Attr], list[Diagnostic]]: ...

    def missing_item_span(self) -> Span: ...


class _Items:
    """A syntax body's attributes by name (the first definition wins) and its blocks.

    Built once per syntax body and shared by the bodies `partial_content` leaves, which
    differ only in what they hide.
    """

    __slots__ = ("attrs", "block_types", "blocks")

    def __init__(self, body: ast.Body) -> None:
        attrs: dict[str, ast.Attribute] = {}
        blocks: list[ast.Block] = []
        # Most requests name block types the body does not have (`meta`, `scaling`, …):
        # the types present let them skip the walk over its blocks.
        types: set[str] = set()
        for item in body.items:
            if isinstance(item, ast.Block):
                blocks.append(item)
                types.add(item.type)
            elif item.name not in attrs:
                attrs[item.name] = item
        self.attrs = attrs
        self.blocks = tuple(blocks)
        self.block_types = types


class SyntaxBody:
    """`hclsyntax.Body`: a native-syntax body with the names already consumed hidden.

    The bodies it hands out (nested blocks, the remainder of `partial_content`) are of
    its own class, so a subclass's behaviour (`blockattrs`) reaches the whole tree.
    """

    # One per block of a job, and one per content request: slots make them cheaper.
    __slots__ = ("hidden_attrs", "hidden_blocks", "items", "missing", "syntax")

    def __init__(
        self,
        body: ast.Body,
        missing: Span,
        hidden_attrs: frozenset[str] = frozenset(),
        hidden_blocks: frozenset[str] = frozenset(),
        items: _Items | None = None,
    ) -> None:
        self.syntax = body
        self.missing = missing
        self.hidden_attrs = hidden_attrs
        self.hidden_blocks = hidden_blocks
        self.items = _Items(body) if items is None else items

    def missing_item_span(self) -> Span:
        return self.missing

    def has_attribute(self, name: str) -> bool:
        """Whether the body defines `name` and no earlier request consumed it."""
        return name in self.items.attrs and name not in self.hidden_attrs

    def _extract(self, schema: Schema) -> tuple[Content, list[Diagnostic]]:
        """What `schema` names, not yet hidden, with the missing and mislabelled ones."""
        diags: list[Diagnostic] = []
        found: dict[str, Attr] = {}
        attrs = self.items.attrs
        hidden_attrs = self.hidden_attrs
        for attr_s in schema.attributes:
            name = attr_s.name
            item = attrs.get(name)
            # A name the schema repeats counts as missing the second time, as in Go.
            if item is None or name in hidden_attrs or name in found:
                if attr_s.required:
                    diags.append(
                        error(
                            "Missing required argument",
                            f'The argument "{name}" is required, but no definition was found.',
                            self.missing,
                        )
                    )
                continue
            found[name] = syntax_attr(item)
        blocks: list[HBlock] = []
        wanted = schema.block_types
        if wanted and not self.items.block_types.isdisjoint(wanted):
            hidden_blocks = self.hidden_blocks
            make = self.__class__
            for block in self.items.blocks:
                block_s = wanted.get(block.type)
                if block_s is None or block.type in hidden_blocks:
                    continue
                if len(block.labels) != len(block_s.labels):
                    diag = label_count_problem(block, block_s)
                    if diag is not None:
                        diags.append(diag)
                        continue
                blocks.append(syntax_block(block, make))
        return Content(found, blocks, self.missing), diags

    def partial_content(self, schema: Schema) -> tuple[Content, Body, list[Diagnostic]]:
        content, diags = self._extract(schema)
        found = content.attributes
        wanted = schema.block_types
        remain = self.__class__(
            self.syntax,
            self.missing,
            self.hidden_attrs.union(found) if found else self.hidden_attrs,
            self.hidden_blocks.union(wanted) if wanted else self.hidden_blocks,
            self.items,
        )
        return content, remain, diags

    def content(self, schema: Schema) -> tuple[Content, list[Diagnostic]]:
        content, diags = self._extract(schema)
        # What the remainder of `partial_content` would hide, tested without building it.
        found = content.attributes
        hidden_attrs = self.hidden_attrs
        wanted = schema.block_types
        hidden_blocks = self.hidden_blocks
        if len(found) == len(self.items.attrs) and self.items.block_types <= wanted.keys():
            # Every attribute was found and every block type wanted: nothing to report.
            return content, diags
        for name, attr in self.items.attrs.items():
            if name in found or name in hidden_attrs:
                continue
            names = [a.name for a in schema.attributes if a.name not in content.attributes]
            hint = first_suggestion(name, names)
            if hint:
                hint = f' Did you mean "{hint}"?'
            elif any(b.type == name for b in schema.blocks):
                hint = f' Did you mean to define a block of type "{name}"?'
            diags.append(
                error(
                    "Unsupported argument",
                    f'An argument named "{name}" is not expected here.{hint}',
                    attr.name_span,
                )
            )
        for block in self.items.blocks:
            if block.type in wanted or block.type in hidden_blocks:
                continue
            hint = first_suggestion(block.type, [b.type for b in schema.blocks])
            if hint:
                hint = f' Did you mean "{hint}"?'
            elif any(a.name == block.type for a in schema.attributes):
                hint = (
                    f' Did you mean to define argument "{block.type}"? '
                    "If so, use the equals sign to assign it a value."
                )
            diags.append(
                error(
                    "Unsupported block type",
                    f'Blocks of type "{block.type}" are not expected here.{hint}',
                    block.type_span,
                )
            )
        return content, diags

    def just_attributes(self) -> tuple[dict[str, Attr], list[Diagnostic]]:
        diags: list[Diagnostic] = []
        blocks = self.items.blocks
        if blocks:
            diags.append(
                error(
                    f'Unexpected "{blocks[0].type}" block',
                    "Blocks are not allowed here.",
                    blocks[0].type_span,
                )
            )
        attrs = {
            name: syntax_attr(a)
            for name, a in self.items.attrs.items()
            if name not in self.hidden_attrs
        }
        return attrs, diags


def label_count_problem(block: ast.Block, block_s: BlockSchema) -> Diagnostic | None:
    """HCL's checks that a block has exactly the labels its schema names."""
    header = block.type_span.through(block.open_brace_span)
    expected = block_s.labels
    if len(block.labels) > len(expected):
        if not expected:
            detail = f"No labels are expected for {block.type} blocks."
        else:
            detail = (
                f"Only {len(expected)} labels ({', '.join(expected)}) "
                f"are expected for {block.type} blocks."
            )
        subject = block.label_spans[len(expected)]
        del header  # Go reports the header as context only
        return error(f"Extraneous label for {block.type}", detail, subject)
    if len(block.labels) < len(expected):
        return error(
            f"Missing {expected[len(block.labels)]} for {block.type}",
            f"All {block.type} blocks must have {len(expected)} labels ({', '.join(expected)}).",
            block.open_brace_span,
        )
    return None


# `tuple.__new__` of a named tuple with all its fields: what the class's generated
# `__new__` does, without its Python frame (the two below run for every attribute and
# block a job decodes).
_new_tuple = tuple.__new__


def syntax_attr(attr: ast.Attribute) -> Attr:
    expr = _new_tuple(SyntaxExpr, (attr.expr, ()))
    return _new_tuple(Attr, (attr.name, expr, attr.span, attr.name_span))


def syntax_block(block: ast.Block, make: type[SyntaxBody] = SyntaxBody) -> HBlock:
    body = make(block.body, block.open_brace_span.at_start())
    return _new_tuple(
        HBlock,
        (
            block.type,
            block.labels,
            body,
            block.def_span,
            block.type_span,
            block.label_spans,
            block.span,
        ),
    )
