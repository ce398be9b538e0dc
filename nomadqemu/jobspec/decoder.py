"""`gohcl` over Nomad's API structs: bodies into sparse API dicts, driven by `hcl` tags.

Each struct's schema comes from the `hcl` tags recorded in `nomadqemu.jobspec.model`
(attributes, blocks and labels). Struct types with a custom decoder in Nomad
(`Constraint`, `Affinity`, `TaskGroup`, `Task`) are dispatched to `customs`. A free-form
`map[string]interface{}` block keeps its attributes unevaluated (`Deferred`) until
`freeform.resolve`, as Nomad does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.jobspec.gotypes import UNSET, decode_expression
from nomadqemu.jobspec.hclbody import (
    Attr,
    AttrSchema,
    BlockSchema,
    Body,
    EvalLike,
    HBlock,
    Schema,
    error,
)
from nomadqemu.jobspec.model import STRUCTS, TYPES, Field, GoType
from nomadqemu.jobspec.sourcemap import Recorder
from nomadqemu.records import record


@record
class Deferred:
    """A free-form map's attributes, evaluated after the whole job is decoded."""

    attrs: dict[str, Attr]


CustomDecoder = Callable[["Decoder", Body, EvalLike, dict[str, Any]], list[Diagnostic]]


def _struct_of(go: GoType) -> str | None:
    target = go
    while target.kind in ("pointer", "slice"):
        target = target.element
    return target.struct if target.kind == "struct" else None


@cache
def label_fields(struct: str) -> tuple[Field, ...]:
    return tuple(f for f in STRUCTS[struct] if f.hcl_kind == "label")


@cache
def _tagged_fields(struct: str) -> tuple[tuple[Field, ...], tuple[Field, ...]]:
    """A struct's attribute fields and block fields, each in struct order.

    Cached: the model is generated and never changes while the process runs.
    """
    attrs = tuple(
        f for f in STRUCTS[struct] if f.hcl is not None and f.hcl_kind in ("optional", "required")
    )
    blocks = tuple(f for f in STRUCTS[struct] if f.hcl is not None and f.hcl_kind == "block")
    return attrs, blocks


@cache
def implied_schema(struct: str) -> Schema:
    """`gohcl.ImpliedBodySchema`: attributes and blocks sorted by name."""
    attrs: list[AttrSchema] = []
    blocks: list[BlockSchema] = []
    for f in STRUCTS[struct]:
        if f.hcl is None or f.hcl_kind is None:
            continue
        if f.hcl_kind in ("optional", "required"):
            required = f.hcl_kind == "required" and f.type.kind != "pointer"
            attrs.append(AttrSchema(f.hcl, required))
        elif f.hcl_kind == "block":
            blocks.append(BlockSchema(f.hcl, _block_labels(f.type)))
    attrs.sort(key=lambda a: a.name)
    blocks.sort(key=lambda b: b.type)
    return Schema(tuple(attrs), tuple(blocks))


def _block_labels(go: GoType) -> tuple[str, ...]:
    target = go
    while target.kind in ("pointer", "slice"):
        target = target.element
    if target.kind == "map":
        target = target.element
        while target.kind in ("pointer", "slice"):
            target = target.element
    if target.kind != "struct" or target.struct is None:
        return ()
    return tuple(f.hcl or "" for f in label_fields(target.struct))


class Decoder:
    def __init__(self, recorder: Recorder, customs: Mapping[str, CustomDecoder]) -> None:
        self.rec = recorder
        self.customs = customs

    def with_customs(self, customs: Mapping[str, CustomDecoder]) -> Decoder:
        return Decoder(self.rec, customs)

    # --- bodies --------------------------------------------------------------------

    def decode_body(
        self, body: Body, ctx: EvalLike, struct: str, out: dict[str, Any], *, plain: bool = False
    ) -> list[Diagnostic]:
        """`Decoder.DecodeBody` into a struct; `plain` skips the struct's custom decoder."""
        custom = None if plain else self.customs.get(struct)
        if custom is not None:
            return custom(self, body, ctx, out)
        content, diags = body.content(implied_schema(struct))
        attr_fields, block_fields = _tagged_fields(struct)
        attrs = content.attributes
        if attrs:
            for f in attr_fields:
                attr = attrs.get(f.hcl)  # type: ignore[arg-type]  # tagged: hcl is set
                if attr is not None:
                    diags += self.decode_attr(attr, ctx, f, out)
        if content.blocks:
            by_type: dict[str, list[HBlock]] = {}
            for block in content.blocks:
                by_type.setdefault(block.type, []).append(block)
            for f in block_fields:
                # A field with no block keeps its zero value: `decode_blocks` would
                # neither set nor report anything for it.
                blocks = by_type.get(f.hcl)  # type: ignore[arg-type]  # tagged: hcl is set
                if blocks:
                    diags += self.decode_blocks(blocks, ctx, f, out)
        return diags

    def decode_attr(
        self, attr: Attr, ctx: EvalLike, f: Field, out: dict[str, Any]
    ) -> list[Diagnostic]:
        value, diags = decode_expression(attr.expr, ctx, f.go_type)
        if value is not UNSET:
            out[f.json] = value
            self.rec.field(out, f.json, attr.span)
            if isinstance(value, dict | list):
                self._note_elements(value, attr)
        return diags

    def _note_elements(self, value: dict[str, Any] | list[Any], attr: Attr) -> None:
        keys = value.keys() if isinstance(value, dict) else range(len(value))
        for key in keys:
            self.rec.field(value, key, attr.span)

    def decode_blocks(
        self, blocks: list[HBlock], ctx: EvalLike, f: Field, out: dict[str, Any]
    ) -> list[Diagnostic]:
        """One block-tagged field: a slice, a pointer, a labelled map or a plain map."""
        go = f.type
        is_slice = go.kind == "slice"
        elem = go.element if is_slice else go
        is_ptr = elem.kind == "pointer"
        target = elem.element if is_ptr else elem
        is_map = target.kind == "map"
        labelled_map = is_map and bool(blocks) and len(blocks[0].labels) == 1
        if len(blocks) > 1 and not is_slice and not labelled_map:
            return [
                error(
                    f"Duplicate {f.hcl} block",
                    f"Only one {f.hcl} block is allowed. Another was defined at "
                    f"{blocks[0].def_span.hcl_range()}.",
                    blocks[1].def_span,
                )
            ]
        if not blocks:
            return []
        diags: list[Diagnostic] = []
        if is_slice:
            items: list[Any] = []
            for block in blocks:
                item: dict[str, Any] = {}
                diags += self.decode_block(block, ctx, target, item)
                items.append(item)
            out[f.json] = items
            self.rec.field(out, f.json, blocks[0].span)
        elif labelled_map:
            entries: dict[str, Any] = out.get(f.json) or {}
            struct = _struct_of(target.element)
            assert struct is not None
            for block in blocks:
                entry: dict[str, Any] = {}
                diags += self.decode_body(block.body, ctx, struct, entry)
                entry[label_fields(struct)[0].json] = block.labels[0]
                self.rec.node(entry, block.span)
                entries[block.labels[0]] = entry
                self.rec.field(entries, block.labels[0], block.span)
            out[f.json] = entries
            self.rec.field(out, f.json, blocks[0].span)
        else:
            holder: dict[str, Any] = {}
            diags += self.decode_block(blocks[0], ctx, target, holder)
            out[f.json] = holder.get("", holder) if is_map else holder
            self.rec.field(out, f.json, blocks[0].span)
        return diags

    def decode_block(
        self, block: HBlock, ctx: EvalLike, target: GoType, out: dict[str, Any]
    ) -> list[Diagnostic]:
        """`decodeBlockToValue`: a struct gets its labels; a map reads just attributes.

        For a map target the decoded map is stored under the key "" of `out`.
        """
        if target.kind == "map":
            value, diags = self.decode_body_to_map(block.body, ctx, target)
            out[""] = value
            return diags
        assert target.struct is not None
        self.rec.node(out, block.span)
        diags = self.decode_body(block.body, ctx, target.struct, out)
        if block.labels:  # most blocks have none
            for f, label, span in zip(
                label_fields(target.struct), block.labels, block.label_spans, strict=False
            ):
                out[f.json] = label
                self.rec.field(out, f.json, span)
        return diags

    def decode_body_to_map(
        self, body: Body, ctx: EvalLike, go: GoType
    ) -> tuple[dict[str, Any] | Deferred, list[Diagnostic]]:
        """`decodeBodyToMap`: every attribute becomes an entry."""
        attrs, diags = body.just_attributes()
        if go.element.kind == "interface":
            return Deferred(attrs), diags
        result: dict[str, Any] = {}
        for name, attr in attrs.items():
            value, more = decode_expression(attr.expr, ctx, go.elem or "")
            diags += more
            result[name] = _zero(go.element) if value is UNSET else value
            self.rec.field(result, name, attr.span)
        return result, diags


def _zero(go: GoType) -> Any:
    """The Go zero value as the JSON encoder prints it."""
    return {"string": "", "int": 0, "uint": 0, "float": 0, "bool": False}.get(go.kind)


def go_type(name: str) -> GoType:
    return TYPES[name]
