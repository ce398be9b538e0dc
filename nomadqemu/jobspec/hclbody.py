"""HCL's body model (`hcl.Body`): schemas, content extraction and their diagnostics.

The decoder asks a body for the attributes and blocks a schema names, exactly as
Go's HCL does, because Nomad's error messages ("Unsupported argument", "Missing
required argument", "Extraneous label for …") and their positions come from that
protocol. `SyntaxBody` is the native-syntax body (`hclsyntax.Body`); the wrappers in
`blockattrs` and `dynblock` and the JSON body in `jsonbody` implement the same protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

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
    return any(d.is_error for d in diags)


def point(span: Span) -> Span:
    """The zero-width range at the start of `span` (Go's `MissingItemRange`)."""
    return Span(span.filename, span.start, span.start)


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
        from nomadqemu.expr import evaluate

        if self.scope:
            ctx = ctx.child(dict(self.scope))
        val, diags = evaluate(self.node, ctx)  # type: ignore[arg-type]  # EvalLike is EvalContext
        return val, list(diags)

    def with_scope(self, scope: tuple[tuple[str, Value], ...]) -> SyntaxExpr:
        return SyntaxExpr(self.node, scope)


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


class Schema(NamedTuple):
    attributes: tuple[AttrSchema, ...] = ()
    blocks: tuple[BlockSchema, ...] = ()


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


class SyntaxBody:
    """`hclsyntax.Body`: a native-syntax body with the names already consumed hidden."""

    def __init__(
        self,
        body: ast.Body,
        missing: Span,
        hidden_attrs: frozenset[str] = frozenset(),
        hidden_blocks: frozenset[str] = frozenset(),
    ) -> None:
        self.syntax = body
        self.missing = missing
        self.hidden_attrs = hidden_attrs
        self.hidden_blocks = hidden_blocks
        self.attrs: dict[str, ast.Attribute] = {}
        for item in body.attributes:
            self.attrs.setdefault(item.name, item)

    def missing_item_span(self) -> Span:
        return self.missing

    def partial_content(self, schema: Schema) -> tuple[Content, Body, list[Diagnostic]]:
        diags: list[Diagnostic] = []
        content = Content(missing=self.missing)
        hidden_attrs = set(self.hidden_attrs)
        for attr_s in schema.attributes:
            found = self.attrs.get(attr_s.name)
            if found is None or attr_s.name in hidden_attrs:
                if attr_s.required:
                    diags.append(
                        error(
                            "Missing required argument",
                            f'The argument "{attr_s.name}" is required, '
                            "but no definition was found.",
                            self.missing,
                        )
                    )
                continue
            hidden_attrs.add(attr_s.name)
            content.attributes[attr_s.name] = syntax_attr(found)
        wanted = {b.type: b for b in schema.blocks}
        for block in self.syntax.blocks:
            if block.type in self.hidden_blocks or block.type not in wanted:
                continue
            block_s = wanted[block.type]
            diag = label_count_problem(block, block_s)
            if diag is not None:
                diags.append(diag)
                continue
            content.blocks.append(syntax_block(block))
        remain = SyntaxBody(
            self.syntax,
            self.missing,
            frozenset(hidden_attrs),
            self.hidden_blocks | {b.type for b in schema.blocks},
        )
        return content, remain, diags

    def content(self, schema: Schema) -> tuple[Content, list[Diagnostic]]:
        content, remain, diags = self.partial_content(schema)
        assert isinstance(remain, SyntaxBody)
        for name, attr in self.attrs.items():
            if name in remain.hidden_attrs:
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
        for block in self.syntax.blocks:
            if block.type in remain.hidden_blocks:
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
        blocks = self.syntax.blocks
        if blocks:
            diags.append(
                error(
                    f'Unexpected "{blocks[0].type}" block',
                    "Blocks are not allowed here.",
                    blocks[0].type_span,
                )
            )
        attrs = {
            name: syntax_attr(a) for name, a in self.attrs.items() if name not in self.hidden_attrs
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


def syntax_attr(attr: ast.Attribute) -> Attr:
    return Attr(attr.name, SyntaxExpr(attr.expr), attr.span, attr.name_span)


def syntax_block(block: ast.Block) -> HBlock:
    return HBlock(
        block.type,
        block.labels,
        SyntaxBody(block.body, point(block.open_brace_span)),
        block.def_span,
        block.type_span,
        block.label_spans,
        block.span,
    )
