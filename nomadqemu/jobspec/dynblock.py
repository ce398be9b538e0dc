"""HCL's `dynblock` extension: `dynamic "x" { for_each, labels, iterator, content {} }`.

`expand(body, ctx)` wraps a body so that content requests also see the blocks that
`dynamic` blocks generate. Attributes inside generated blocks see the iterator
variables; as in Nomad's HCL fork, so do attributes read with `just_attributes` (the
free-form `meta`, `env` and `config` maps).
"""

from __future__ import annotations

from collections.abc import Mapping

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.hcl import ast
from nomadqemu.jobspec.dynscope import ForEachScope, Iteration, ctx_for
from nomadqemu.jobspec.hclbody import (
    Attr,
    AttrSchema,
    BlockSchema,
    Body,
    Content,
    EvalLike,
    Expression,
    HBlock,
    Schema,
    error,
    has_errors,
)
from nomadqemu.span import Span
from nomadqemu.values.types import DYNAMIC, ListType, MapType, ObjectType, SetType, TupleType
from nomadqemu.values.value import Value

_DYNAMIC = BlockSchema("dynamic", ("type",))
_SPEC_WITH_LABELS = Schema(
    (AttrSchema("for_each", True), AttrSchema("iterator"), AttrSchema("labels", True)),
    (BlockSchema("content"),),
)
_SPEC_NO_LABELS = Schema(
    (AttrSchema("for_each", True), AttrSchema("iterator")),
    (BlockSchema("content"),),
)


def expand(body: Body, ctx: EvalLike) -> ExpandBody:
    return ExpandBody(body, ForEachScope.of(ctx), None)


class ExpandBody:
    # One per block of a job, and one per partial content request.
    __slots__ = ("hidden_attrs", "hidden_blocks", "iteration", "original", "scope")

    def __init__(
        self,
        original: Body,
        scope: ForEachScope,
        iteration: Iteration | None,
        hidden_attrs: frozenset[str] = frozenset(),
        hidden_blocks: Mapping[str, BlockSchema] | None = None,
    ) -> None:
        self.original = original
        self.scope = scope
        self.iteration = iteration
        self.hidden_attrs = hidden_attrs
        # Never changed after construction (`partial_content` builds a new mapping).
        self.hidden_blocks: Mapping[str, BlockSchema] = hidden_blocks or {}

    @property
    def ctx(self) -> EvalLike:
        return self.scope.get()

    def missing_item_span(self) -> Span:
        return self.original.missing_item_span()

    def _extended(self, schema: Schema) -> Schema:
        """`schema` plus `dynamic` blocks and what earlier requests consumed.

        Cached on the schema (see `Schema`): the same few combinations recur for every
        block of a job.
        """
        key = (self.hidden_attrs, tuple(self.hidden_blocks.values()))
        extended = schema.variants.get(key)
        if extended is None:
            blocks = (*schema.blocks, _DYNAMIC, *self.hidden_blocks.values())
            attrs = schema.attributes + tuple(AttrSchema(n) for n in sorted(self.hidden_attrs))
            extended = schema.variants[key] = Schema(attrs, blocks)
        return extended

    def content(self, schema: Schema) -> tuple[Content, list[Diagnostic]]:
        raw, diags = self.original.content(self._extended(schema))
        blocks, more = self._expand_blocks(schema, raw.blocks, partial=False)
        diags += more
        # `raw` was made for this call alone: it becomes the answer.
        raw.attributes = self._prepare(raw.attributes)
        raw.blocks = blocks
        return raw, diags

    def partial_content(self, schema: Schema) -> tuple[Content, Body, list[Diagnostic]]:
        raw, _, diags = self.original.partial_content(self._extended(schema))
        blocks, more = self._expand_blocks(schema, raw.blocks, partial=True)
        diags += more
        hidden_blocks = {**self.hidden_blocks, **schema.block_types}
        remain = ExpandBody(
            self.original,
            self.scope,
            self.iteration,
            self.hidden_attrs | {a.name for a in schema.attributes},
            hidden_blocks,
        )
        raw.attributes = self._prepare(raw.attributes)
        raw.blocks = blocks
        return raw, remain, diags

    def just_attributes(self) -> tuple[dict[str, Attr], list[Diagnostic]]:
        attrs, diags = self.original.just_attributes()
        return self._prepare(attrs), diags

    def _prepare(self, attrs: dict[str, Attr]) -> dict[str, Attr]:
        if not self.hidden_attrs and self.iteration is None:
            return attrs
        out: dict[str, Attr] = {}
        for name, attr in attrs.items():
            if name in self.hidden_attrs:
                continue
            if self.iteration is not None:
                scope = tuple(self.iteration.variables().items())
                out[name] = Attr(name, _scoped(attr.expr, scope), attr.span, attr.name_span)
            else:
                out[name] = attr
        return out

    def _child(self, body: Body, iteration: Iteration | None) -> ExpandBody:
        return ExpandBody(body, ForEachScope(self.scope, iteration), iteration)

    def _expand_blocks(
        self, schema: Schema, raw_blocks: list[HBlock], *, partial: bool
    ) -> tuple[list[HBlock], list[Diagnostic]]:
        blocks: list[HBlock] = []
        diags: list[Diagnostic] = []
        for raw in raw_blocks:
            if raw.type != "dynamic":
                if raw.type not in self.hidden_blocks:
                    blocks.append(_with_body(raw, self._child(raw.body, self.iteration)))
                continue
            real_type = raw.labels[0]
            if real_type in self.hidden_blocks:
                continue
            block_s = next((b for b in schema.blocks if b.type == real_type), None)
            if block_s is None:
                if not partial:
                    diags.append(
                        error(
                            "Unsupported block type",
                            f'Blocks of type "{real_type}" are not expected here.',
                            raw.label_spans[0],
                        )
                    )
                continue
            generated, more = self._generate(block_s, raw)
            diags += more
            blocks += generated
        return blocks, diags

    def _generate(self, block_s: BlockSchema, raw: HBlock) -> tuple[list[HBlock], list[Diagnostic]]:
        spec = _SPEC_WITH_LABELS if block_s.labels else _SPEC_NO_LABELS
        content, diags = raw.body.content(spec)
        if has_errors(diags):
            return [], diags
        iterator = block_s.type
        it_attr = content.attributes.get("iterator")
        if it_attr is not None:
            name, more = _iterator_name(it_attr)
            diags += more
            if name is None:
                return [], diags
            iterator = name
        each_attr = content.attributes["for_each"]
        each, more = each_attr.expr.value(self.ctx)
        diags += more
        if has_errors(diags):
            return [], diags
        if not _iterable(each) and each.type != DYNAMIC:
            diags.append(
                error(
                    "Invalid dynamic for_each value",
                    f"Cannot use a {each.type.friendly_name()} value in for_each. "
                    "An iterable collection is required.",
                    each_attr.expr.span,
                )
            )
            return [], diags
        if each.is_null:
            diags.append(
                error(
                    "Invalid dynamic for_each value",
                    "Cannot use a null value in for_each.",
                    each_attr.expr.span,
                )
            )
            return [], diags
        label_exprs: list[Expression] = []
        labels_attr = content.attributes.get("labels")
        if labels_attr is not None:
            exprs, more = _expr_list(labels_attr)
            diags += more
            if exprs is None:
                return [], diags
            wanted = len(block_s.labels)
            if len(exprs) > wanted:
                diags.append(
                    error(
                        "Extraneous dynamic block label",
                        f'Blocks of type "{block_s.type}" require {wanted} label(s).',
                        exprs[wanted].span,
                    )
                )
                return [], diags
            if len(exprs) < wanted:
                diags.append(
                    error(
                        "Insufficient dynamic block labels",
                        f'Blocks of type "{block_s.type}" require {wanted} label(s).',
                        labels_attr.expr.span,
                    )
                )
                return [], diags
            label_exprs = exprs
        if not content.blocks:
            diags.append(
                error(
                    "Missing dynamic content block",
                    'A dynamic block must have a nested block of type "content" to '
                    "describe the body of each generated block.",
                    content.missing,
                )
            )
            return [], diags
        if len(content.blocks) > 1:
            diags.append(
                error(
                    "Extraneous dynamic content block",
                    "Only one nested content block is allowed for each dynamic block.",
                    content.blocks[1].def_span,
                )
            )
            return [], diags
        if each.is_unknown:
            return [], diags
        body = content.blocks[0].body
        out: list[HBlock] = []
        for key, value in _elements(each):
            if self.iteration is None:
                it = Iteration(iterator, key, value)
            else:
                it = self.iteration.child(iterator, key, value)
            labels, label_spans, more = _labels(label_exprs, ctx_for(it, self.ctx))
            diags += more
            if labels is None:
                continue
            block = HBlock(
                block_s.type,
                labels,
                self._child(body, it),
                raw.def_span,
                raw.label_spans[0],
                label_spans,
                raw.span,
            )
            out.append(block)
        return out, diags


def _with_body(block: HBlock, body: Body) -> HBlock:
    return block._replace(body=body)


def _scoped(expr: Expression, scope: tuple[tuple[str, Value], ...]) -> Expression:
    with_scope = getattr(expr, "with_scope", None)
    if with_scope is None:
        return expr
    result: Expression = with_scope(scope)
    return result


def _iterable(v: Value) -> bool:
    return isinstance(v.type, ListType | SetType | MapType | TupleType | ObjectType)


def _elements(v: Value) -> list[tuple[Value, Value]]:
    if isinstance(v.type, ListType | TupleType):
        return [(Value.integer(i), e) for i, e in enumerate(v.elements())]
    if isinstance(v.type, SetType):
        return [(e, e) for e in v.elements()]
    return [(Value.string(k), e) for k, e in v.attributes().items()]


def _syntax_node(expr: Expression) -> ast.Expr | None:
    node = getattr(expr, "node", None)
    return node if node is not None else None


def _iterator_name(attr: Attr) -> tuple[str | None, list[Diagnostic]]:
    node = _syntax_node(attr.expr)
    traversal_root = getattr(attr.expr, "traversal_root", None)
    if traversal_root is not None:
        found = traversal_root()
        if found is not None and not found[1]:
            return found[0], []
    if not isinstance(node, ast.ScopeTraversal):
        return None, [
            error(
                "Invalid expression",
                "A single static variable reference is required: only attribute access "
                "and indexing with constant keys. No calculations, function calls, template "
                "expressions, etc are allowed here.",
                attr.expr.span,
            )
        ]
    if node.steps:
        return None, [
            error(
                "Invalid dynamic iterator name",
                "Dynamic iterator must be a single variable name.",
                node.span,
            )
        ]
    return node.root, []


def _expr_list(attr: Attr) -> tuple[list[Expression] | None, list[Diagnostic]]:
    node = _syntax_node(attr.expr)
    items = getattr(attr.expr, "items", None)
    if callable(items):
        listed: list[Expression] = items()
        return listed, []
    if not isinstance(node, ast.TupleCons):
        return None, [
            error("Invalid expression", "A static list expression is required.", attr.expr.span)
        ]
    from nomadqemu.jobspec.hclbody import SyntaxExpr

    scope = getattr(attr.expr, "scope", ())
    return [SyntaxExpr(item, scope) for item in node.items], []


def _labels(
    exprs: list[Expression], ctx: EvalLike
) -> tuple[tuple[str, ...] | None, tuple[Span, ...], list[Diagnostic]]:
    from nomadqemu.values.convert import ConversionError, convert
    from nomadqemu.values.types import STRING

    labels: list[str] = []
    spans: list[Span] = []
    diags: list[Diagnostic] = []
    for expr in exprs:
        val, more = expr.value(ctx)
        diags += more
        if has_errors(more):
            return None, (), diags
        try:
            val = convert(val, STRING)
        except ConversionError as exc:
            diags.append(
                error(
                    "Invalid dynamic block label",
                    f"Cannot use this value as a dynamic block label: {exc.message}.",
                    expr.span,
                )
            )
            return None, (), diags
        if val.is_null:
            diags.append(
                error(
                    "Invalid dynamic block label",
                    "Cannot use a null value as a dynamic block label.",
                    expr.span,
                )
            )
            return None, (), diags
        if val.is_unknown:
            diags.append(
                error(
                    "Invalid dynamic block label",
                    "This value is not yet known. Dynamic block labels must be "
                    "immediately-known values.",
                    expr.span,
                )
            )
            return None, (), diags
        labels.append(val.payload)
        spans.append(expr.span)
    return tuple(labels), tuple(spans), diags
