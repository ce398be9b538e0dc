"""HCL's JSON syntax (`hcl/json`), for job files and var files that start with `{`.

A JSON body has no schema of its own: a property is an attribute or a block depending
on what the decoder asks for. Block labels are nested object keys; a block's contents
are an object, or an array of objects for several blocks. Strings are templates
(`"${var.x}"`) when evaluated with a context, and literal text in var files, which
Nomad evaluates without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.jobspec.hclbody import (
    STATIC_CONTEXTS,
    Attr,
    Body,
    Content,
    EvalLike,
    HBlock,
    Schema,
    error,
    first_char,
)
from nomadqemu.jobspec.jsontext import JsonNode, JsonSyntaxError, read_json
from nomadqemu.namesuggest import first_suggestion
from nomadqemu.span import Pos, Span
from nomadqemu.values.number import Number
from nomadqemu.values.value import Value


def parse_json_body(source: bytes, filename: str) -> tuple[Body | None, list[Diagnostic]]:
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return None, [error("Invalid JSON", "The file is not valid UTF-8.", None)]
    try:
        root, trailing = read_json(text, filename)
    except JsonSyntaxError as exc:
        return None, [error("Invalid JSON", exc.message, exc.span)]
    if trailing is not None:
        return None, [
            error(
                "Extraneous data after value",
                "Extra characters appear after the JSON value.",
                trailing,
            )
        ]
    if root.kind != "object":
        return None, [
            error(
                "Root value must be object",
                "The root value in a JSON-based configuration "
                "must be either a JSON object or a JSON array of objects.",
                root.span,
            )
        ]
    return JsonBody(root), []


def _last_char(span: Span) -> Span:
    e = span.end
    return Span(span.filename, Pos(e.line, e.column - 1, e.byte - 1), e)


def _start(node: JsonNode) -> Span:
    """`StartRange`: the opening bracket of a container, else the whole value."""
    return first_char(node.span) if node.kind in ("object", "array") else node.span


class JsonBody:
    def __init__(self, node: JsonNode, hidden: frozenset[str] = frozenset()) -> None:
        self.node = node
        self.hidden = hidden

    def missing_item_span(self) -> Span:
        if self.node.kind == "object":
            return _last_char(self.node.span)
        return _start(self.node)

    def _deep_attrs(
        self, node: JsonNode, label: str | None
    ) -> tuple[list[tuple[str, Span, JsonNode]], list[Diagnostic]]:
        """`collectDeepAttrs`: the properties of an object or of an array of objects."""
        if node.kind == "null":
            return [], []
        if node.kind == "object":
            return list(node.members()), []
        if node.kind == "array":
            found: list[tuple[str, Span, JsonNode]] = []
            diags: list[Diagnostic] = []
            for item in node.elements():
                if item.kind == "object":
                    found += item.members()
                elif label is not None:
                    detail = (
                        f"A JSON object is required here, to specify {label} labels for this block."
                    )
                    diags.append(error("Incorrect JSON value type", detail, _start(item)))
                else:
                    detail = "A JSON object is required here, to define arguments and child blocks."
                    diags.append(error("Incorrect JSON value type", detail, _start(item)))
            return found, diags
        what = (
            f"to specify {label} labels for this block"
            if label is not None
            else ("to define arguments and child blocks")
        )
        return [], [
            error(
                "Incorrect JSON value type",
                f"Either a JSON object or JSON array of objects is required here, {what}.",
                _start(node),
            )
        ]

    def partial_content(self, schema: Schema) -> tuple[Content, Body, list[Diagnostic]]:
        props, diags = self._deep_attrs(self.node, None)
        used = set(self.hidden)
        content = Content(missing=self.missing_item_span())
        attr_schemas = {a.name: a for a in schema.attributes}
        block_schemas = {b.type: b for b in schema.blocks}
        for name, name_span, value in props:
            if name in self.hidden:
                continue
            if name in attr_schemas:
                existing = content.attributes.get(name)
                if existing is not None:
                    diags.append(
                        error(
                            "Duplicate argument",
                            f'The argument "{name}" was already set at '
                            f"{existing.span.hcl_range()}.",
                            name_span,
                        )
                    )
                    continue
                content.attributes[name] = Attr(
                    name, JsonExpr(value), name_span.through(value.span), name_span
                )
                used.add(name)
            elif name in block_schemas:
                diags += self._unpack(
                    value,
                    name,
                    type_span=name_span,
                    labels_left=list(block_schemas[name].labels),
                    labels=[],
                    label_spans=[],
                    content=content,
                )
                used.add(name)
        for attr_s in schema.attributes:
            if attr_s.required and attr_s.name not in content.attributes:
                diags.append(
                    error(
                        "Missing required argument",
                        f'The argument "{attr_s.name}" is required, but no definition was found.',
                        self.missing_item_span(),
                    )
                )
        return content, JsonBody(self.node, frozenset(used)), diags

    def content(self, schema: Schema) -> tuple[Content, list[Diagnostic]]:
        content, remain, diags = self.partial_content(schema)
        assert isinstance(remain, JsonBody)
        names = [a.name for a in schema.attributes if a.name not in remain.hidden]
        names += [b.type for b in schema.blocks]
        props, more = self._deep_attrs(self.node, None)
        diags += more
        for name, name_span, _ in props:
            if name == "//" or name in remain.hidden:
                continue
            hint = first_suggestion(name, names)
            diags.append(
                error(
                    "Extraneous JSON object property",
                    f'No argument or block type is named "{name}".'
                    + (f' Did you mean "{hint}"?' if hint else ""),
                    name_span,
                )
            )
        return content, diags

    def just_attributes(self) -> tuple[dict[str, Attr], list[Diagnostic]]:
        if self.node.kind != "object":
            return {}, [
                error(
                    "Incorrect JSON value type",
                    "A JSON object is required here, setting the arguments for this block.",
                    _start(self.node),
                )
            ]
        attrs: dict[str, Attr] = {}
        diags: list[Diagnostic] = []
        for name, name_span, value in self.node.members():
            if name == "//" or name in self.hidden:
                continue
            existing = attrs.get(name)
            if existing is not None:
                diags.append(
                    error(
                        "Duplicate attribute definition",
                        f'The argument "{name}" was already set at {existing.span.hcl_range()}.',
                        name_span,
                    )
                )
                continue
            attrs[name] = Attr(name, JsonExpr(value), name_span.through(value.span), name_span)
        return attrs, diags

    def _unpack(
        self,
        node: JsonNode,
        type_name: str,
        *,
        type_span: Span,
        labels_left: list[str],
        labels: list[str],
        label_spans: list[Span],
        content: Content,
    ) -> list[Diagnostic]:
        if labels_left:
            label = labels_left[0]
            props, diags = self._deep_attrs(node, label)
            if not props:
                diags.append(
                    error(
                        "Missing block label",
                        "At least one object property is required, whose name represents "
                        f"the {type_name} block's {label}.",
                        _start(node),
                    )
                )
                return diags
            for key, key_span, value in props:
                diags += self._unpack(
                    value,
                    type_name,
                    type_span=type_span,
                    labels_left=labels_left[1:],
                    labels=[*labels, key],
                    label_spans=[*label_spans, key_span],
                    content=content,
                )
            return diags
        if node.kind == "null":
            return []
        if node.kind == "object":
            bodies = [node]
            def_span = first_char(node.span)
        elif node.kind == "array":
            bodies = node.elements()
            def_span = first_char(node.span)
        else:
            return [
                error(
                    "Incorrect JSON value type",
                    "Either a JSON object or a JSON array is required, representing the "
                    f'contents of one or more "{type_name}" blocks.',
                    _start(node),
                )
            ]
        for body in bodies:
            content.blocks.append(
                HBlock(
                    type_name,
                    tuple(labels),
                    JsonBody(body),
                    def_span,
                    type_span,
                    tuple(label_spans),
                    type_span.through(body.span),
                )
            )
        return []


@dataclass(frozen=True, slots=True)
class JsonExpr:
    node: JsonNode
    scope: tuple[tuple[str, Value], ...] = ()

    @property
    def span(self) -> Span:
        return self.node.span

    def start_span(self) -> Span:
        return _start(self.node)

    def with_scope(self, scope: tuple[tuple[str, Value], ...]) -> JsonExpr:
        return JsonExpr(self.node, scope)

    def items(self) -> list[JsonExpr]:
        """`ExprList`: the elements of a JSON array."""
        if self.node.kind != "array":
            return []
        return [JsonExpr(n, self.scope) for n in self.node.elements()]

    def traversal_root(self) -> tuple[str, bool] | None:
        """`AbsTraversalForExpr`: the root name and whether there are more steps."""
        if self.node.kind != "string":
            return None
        from nomadqemu.hcl import ast, parse_expression

        text = str(self.node.value)
        parsed, diags = parse_expression(text.encode("utf-8"), self.node.span.filename)
        if not isinstance(parsed, ast.ScopeTraversal) or diags:
            return None
        return parsed.root, bool(parsed.steps)

    def value(self, ctx: EvalLike) -> tuple[Value, list[Diagnostic]]:
        if self.scope:
            ctx = ctx.child(dict(self.scope))
        return _value(self.node, ctx, id(ctx) in STATIC_CONTEXTS)

    def walk(self) -> Iterator[JsonNode]:
        yield self.node


def _template(text: str, span: Span, ctx: EvalLike) -> tuple[Value, list[Diagnostic]]:
    """A JSON string as an HCL template (Go's `ParseTemplate` of the decoded text).

    As in Go, the template starts one column after the opening quote, so positions are
    exact unless an escape sequence came earlier in the string.
    """
    if "${" not in text and "%{" not in text:
        return Value.string(text), []
    from nomadqemu.expr import evaluate
    from nomadqemu.hcl import parse_template

    start = span.start
    after_quote = Pos(start.line, start.column + 1, start.byte + 1)
    node, diags = parse_template(text.encode(), span.filename, after_quote)
    if node is None:
        return Value.unknown(), list(diags)
    value, more = evaluate(node, ctx)  # type: ignore[arg-type]  # EvalLike is EvalContext
    return value, [*diags, *more]


def _value(node: JsonNode, ctx: EvalLike, static: bool) -> tuple[Value, list[Diagnostic]]:
    kind = node.kind
    if kind == "string":
        if static:
            return Value.string(str(node.value)), []
        return _template(str(node.value), node.span, ctx)
    if kind == "number":
        number = Number.parse(str(node.value))
        assert number is not None
        return Value.number(number), []
    if kind == "bool":
        return Value.boolean(bool(node.value)), []
    if kind == "null":
        return Value.null(), []
    diags: list[Diagnostic] = []
    if kind == "array":
        items = []
        for item in node.elements():
            value, more = _value(item, ctx, static)
            diags += more
            items.append(value)
        return Value.tuple_of(items), diags
    attrs: dict[str, Value] = {}
    spans: dict[str, Span] = {}
    for key, key_span, item in node.members():
        name, more = (Value.string(key), []) if static else _template(key, key_span, ctx)
        diags += more
        value, more = _value(item, ctx, static)
        diags += more
        if name.is_unknown or name.is_null or not isinstance(name.payload, str):
            continue
        if name.payload in attrs:
            diags.append(
                error(
                    "Duplicate object attribute",
                    f'An attribute named "{name.payload}" was already defined at '
                    f"{spans[name.payload].hcl_range()}.",
                    key_span,
                )
            )
            continue
        attrs[name.payload] = value
        spans[name.payload] = key_span
    return Value.object_of(attrs), diags
