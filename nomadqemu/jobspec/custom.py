"""Nomad's custom block decoders (`jobspec2/hcl_conversions.go`).

Constraints and affinities accept shorthand attributes (`version = "> 1.0"`,
`distinct_hosts = true`, …); task groups pull out `vault` and `secret` blocks and check
their scaling block; tasks read `env` and `meta` as attributes or blocks and decode
their `scaling "cpu"|"mem"` blocks.
"""

from __future__ import annotations

from typing import Any

from nomadqemu.diagnostics.record import Diagnostic
from nomadqemu.jobspec.decoder import CustomDecoder, Decoder
from nomadqemu.jobspec.gotypes import UNSET, decode_expression
from nomadqemu.jobspec.hclbody import (
    Attr,
    AttrSchema,
    BlockSchema,
    Body,
    EvalLike,
    HBlock,
    Schema,
    SyntaxBody,
    error,
)
from nomadqemu.span import Span
from nomadqemu.values.types import BOOL, NUMBER, STRING, Type
from nomadqemu.values.value import Value


def go_quote(text: str) -> str:
    """Go's `%q` for ordinary text."""
    import json  # here: the only use, on an error path, and a millisecond of a cold start

    return json.dumps(text, ensure_ascii=False)


_CONSTRAINT_ATTRS: dict[str, Type] = {
    "attribute": STRING,
    "value": STRING,
    "operator": STRING,
    "distinct_property": STRING,
    "distinct_hosts": BOOL,
    "regexp": STRING,
    "version": STRING,
    "semver": STRING,
    "set_contains": STRING,
    "set_contains_all": STRING,
    "set_contains_any": STRING,
    "is_set": STRING,
    "is_not_set": STRING,
}
_AFFINITY_ATTRS: dict[str, Type] = {
    "attribute": STRING,
    "value": STRING,
    "operator": STRING,
    "weight": NUMBER,
    "version": STRING,
    "semver": STRING,
    "regexp": STRING,
    "set_contains": STRING,
    "set_contains_all": STRING,
    "set_contains_any": STRING,
}


def _spec_schema(spec: dict[str, Type]) -> Schema:
    return Schema(tuple(AttrSchema(n) for n in sorted(spec)))


# Schemas are made once: `Schema` keeps lookups derived from them (see hclbody).
_CONSTRAINT_SCHEMA = _spec_schema(_CONSTRAINT_ATTRS)
_AFFINITY_SCHEMA = _spec_schema(_AFFINITY_ATTRS)
_AS_ATTRIBUTE = {name: Schema((AttrSchema(name),)) for name in ("meta", "env")}
_AS_BLOCK = {name: Schema(blocks=(BlockSchema(name),)) for name in ("meta", "env")}
_GROUP_EXTRAS = Schema(blocks=(BlockSchema("secret", ("name",)), BlockSchema("vault")))
_GROUP_SCALING = Schema(blocks=(BlockSchema("scaling"),))
_GROUP_SCALING_BODY = Schema((AttrSchema("max", True), AttrSchema("type")))
_TASK_SCALING = Schema(blocks=(BlockSchema("scaling", ("name",)),))


def _decode_spec(
    body: Body, ctx: EvalLike, spec: dict[str, Type], schema: Schema
) -> tuple[dict[str, tuple[Value, Attr]], list[Diagnostic]]:
    """`hcldec.Decode` of an object spec of optional attributes (`schema` names them)."""
    from nomadqemu.values.convert import ConversionError, convert

    content, diags = body.content(schema)
    values: dict[str, tuple[Value, Attr]] = {}
    for name in sorted(content.attributes):
        attr = content.attributes[name]
        val, more = attr.expr.value(ctx)
        diags += more
        try:
            val = convert(val, spec[name])
        except ConversionError as exc:
            diags.append(
                error(
                    "Incorrect attribute value type",
                    f'Inappropriate value for attribute "{name}": {exc.message}.',
                    attr.expr.span,
                )
            )
            val = Value.unknown(spec[name])
        values[name] = (val, attr)
    return values, diags


class _Targets:
    """Sets constraint fields and remembers which attribute set each one."""

    def __init__(self, dec: Decoder, out: dict[str, Any], values: dict[str, tuple[Value, Attr]]):
        self.dec = dec
        self.out = out
        self.values = values

    def text(self, name: str) -> str:
        found = self.values.get(name)
        if found is None or found[0].is_null or found[0].is_unknown:
            return ""
        return str(found[0].payload)

    def span(self, name: str) -> Span | None:
        found = self.values.get(name)
        return found[1].span if found else None

    def set(self, key: str, value: Any, source: str) -> None:
        self.out[key] = value
        span = self.span(source)
        if span is not None:
            self.dec.rec.field(self.out, key, span)


def decode_constraint(
    dec: Decoder, body: Body, ctx: EvalLike, out: dict[str, Any]
) -> list[Diagnostic]:
    values, diags = _decode_spec(body, ctx, _CONSTRAINT_ATTRS, _CONSTRAINT_SCHEMA)
    if diags:
        return diags
    t = _Targets(dec, out, values)
    t.set("LTarget", t.text("attribute"), "attribute")
    t.set("RTarget", t.text("value"), "value")
    t.set("Operand", t.text("operator"), "operator")
    for shorthand in ("version", "semver", "regexp", "set_contains"):
        if t.text(shorthand):
            t.set("Operand", shorthand, shorthand)
            t.set("RTarget", t.text(shorthand), shorthand)
    hosts = values.get("distinct_hosts")
    if hosts is not None and not hosts[0].is_null and hosts[0].is_known:
        t.set("Operand", "distinct_hosts", "distinct_hosts")
        t.set("RTarget", "true" if hosts[0].payload else "false", "distinct_hosts")
    if t.text("distinct_property"):
        t.set("Operand", "distinct_property", "distinct_property")
        t.set("LTarget", t.text("distinct_property"), "distinct_property")
    if not out["Operand"]:
        out["Operand"] = "="
    return diags


def decode_affinity(
    dec: Decoder, body: Body, ctx: EvalLike, out: dict[str, Any]
) -> list[Diagnostic]:
    values, diags = _decode_spec(body, ctx, _AFFINITY_ATTRS, _AFFINITY_SCHEMA)
    if diags:
        return diags
    t = _Targets(dec, out, values)
    t.set("LTarget", t.text("attribute"), "attribute")
    t.set("RTarget", t.text("value"), "value")
    t.set("Operand", t.text("operator"), "operator")
    weight = values.get("weight")
    if weight is not None and not weight[0].is_null and weight[0].is_known:
        whole, _ = weight[0].payload.to_int64()
        # Go converts the int64 to int8 by keeping the low 8 bits.
        t.set("Weight", ((whole + 128) % 256) - 128, "weight")
    for shorthand in (
        "version",
        "semver",
        "regexp",
        "set_contains_any",
        "set_contains_all",
        "set_contains",
    ):
        if t.text(shorthand):
            t.set("Operand", shorthand, shorthand)
            t.set("RTarget", t.text(shorthand), shorthand)
    if not out["Operand"]:
        out["Operand"] = "="
    return diags


def decode_as_attribute(
    dec: Decoder, body: Body, ctx: EvalLike, name: str
) -> tuple[dict[str, Any] | None, Attr | None, Body, list[Diagnostic]]:
    """Nomad's `decodeAsAttribute`: `meta = {…}` / `env = {…}` instead of a block."""
    if isinstance(body, SyntaxBody) and not body.has_attribute(name):
        # The usual case, and what the request below would conclude.
        return None, None, body, []
    content, remain, diags = body.partial_content(_AS_ATTRIBUTE[name])
    attr = content.attributes.get(name)
    if any(d.is_error for d in diags) or attr is None:
        return None, None, body, []
    blocks, _, _ = remain.partial_content(_AS_BLOCK[name])
    if blocks.blocks:
        return (
            None,
            None,
            remain,
            [
                error(
                    f"Duplicate {name} block",
                    f"{name} may not be defined more than once. Another definition is "
                    f"defined at {attr.span.hcl_range()}.",
                    blocks.blocks[0].def_span,
                )
            ],
        )
    value, diags = decode_expression(attr.expr, ctx, "map[string]string")
    if value is UNSET:
        value = {}
    if isinstance(value, dict):
        for key in value:
            dec.rec.field(value, key, attr.span)
    return value, attr, remain, diags


def _set_map(dec: Decoder, out: dict[str, Any], key: str, value: Any, attr: Attr | None) -> None:
    if value is not None and attr is not None:
        out[key] = value
        dec.rec.field(out, key, attr.span)


def decode_task_group(
    dec: Decoder, body: Body, ctx: EvalLike, out: dict[str, Any]
) -> list[Diagnostic]:
    meta, meta_attr, body, diags = decode_as_attribute(dec, body, ctx, "meta")
    content, tg_body, more = body.partial_content(_GROUP_EXTRAS)
    diags += more
    if diags:
        return diags
    vault: dict[str, Any] | None = None
    secrets: list[dict[str, Any]] = []
    for block in content.blocks:
        if block.type == "vault":
            vault = {}
            dec.rec.node(vault, block.span)
            diags += dec.decode_body(block.body, ctx, "Vault", vault)
        elif block.type == "secret":
            secret: dict[str, Any] = {}
            dec.rec.node(secret, block.span)
            diags += dec.decode_body(block.body, ctx, "Secret", secret)
            if len(block.labels) == 1:
                secret["Name"] = block.labels[0]
            secrets.append(secret)
    diags = dec.decode_body(tg_body, ctx, "TaskGroup", out, plain=True)
    _set_map(dec, out, "Meta", meta, meta_attr)
    tasks: list[dict[str, Any]] = out.get("Tasks") or []
    if vault is not None:
        for task in tasks:
            if task.get("Vault") is None:
                task["Vault"] = vault
    if secrets:
        for task in tasks:
            own = task.get("Secrets") or []
            # Nomad's quirk: a task with secrets of its own gets those twice instead.
            task["Secrets"] = list(secrets) if not own else own + own
    scaling = out.get("Scaling")
    if scaling is not None:
        if not scaling.get("Type"):
            scaling["Type"] = "horizontal"
        diags += _validate_group_scaling(scaling, tg_body)
    return diags


def _validate_group_scaling(policy: dict[str, Any], body: Body) -> list[Diagnostic]:
    if policy.get("Max") is not None and policy["Type"] == "horizontal":
        return []
    content, _, diags = body.partial_content(_GROUP_SCALING)
    if not content.blocks:
        return diags
    inner, _, diags = content.blocks[0].body.partial_content(_GROUP_SCALING_BODY)
    type_attr = inner.attributes.get("type")
    if policy["Type"] != "horizontal" and type_attr is not None:
        diags.append(
            error(
                "Invalid group scaling type",
                f"task group scaling policy had invalid type: {go_quote(policy['Type'])}",
                type_attr.expr.span,
            )
        )
    return diags


def decode_task(dec: Decoder, body: Body, ctx: EvalLike, out: dict[str, Any]) -> list[Diagnostic]:
    env, env_attr, body, diags = decode_as_attribute(dec, body, ctx, "env")
    meta, meta_attr, body, more = decode_as_attribute(dec, body, ctx, "meta")
    diags += more
    scaling, remain, more = body.partial_content(_TASK_SCALING)
    diags += more
    diags += _decode_task_scaling(dec, scaling.blocks, ctx, out)
    diags += dec.decode_body(remain, ctx, "Task", out, plain=True)
    _set_map(dec, out, "Env", env, env_attr)
    _set_map(dec, out, "Meta", meta, meta_attr)
    return diags


def _decode_task_scaling(
    dec: Decoder, blocks: list[HBlock], ctx: EvalLike, task: dict[str, Any]
) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    seen: dict[str, HBlock] = {}
    for block in blocks:
        label = block.labels[0].lower()
        policy_type = {"cpu": "vertical_cpu", "mem": "vertical_mem"}.get(label)
        if policy_type is None:
            diags.append(
                error(
                    "Invalid scaling policy name",
                    'scaling policy name must be "cpu" or "mem"',
                    block.label_spans[0],
                )
            )
            continue
        previous = seen.get(label)
        if previous is not None:
            diags.append(
                error(
                    f"Duplicate scaling {go_quote(label)} block",
                    f"Only one scaling {label} block is allowed. Another was defined at "
                    f"{previous.def_span.hcl_range()}.",
                    block.def_span,
                )
            )
            continue
        seen[label] = block
        policy: dict[str, Any] = {}
        dec.rec.node(policy, block.span)
        diags += dec.decode_body(block.body, ctx, "ScalingPolicy", policy)
        if not policy.get("Type"):
            policy["Type"] = policy_type
        elif policy["Type"] != policy_type:
            diags.append(
                error(
                    "Invalid scaling policy type",
                    f"Invalid policy type, expected {go_quote(policy['Type'])} "
                    f"but found {go_quote(policy_type)}",
                    block.def_span,
                )
            )
            continue
        task.setdefault("ScalingPolicies", []).append(policy)
    return diags


CUSTOMS: dict[str, CustomDecoder] = {
    "Constraint": decode_constraint,
    "Affinity": decode_affinity,
    "TaskGroup": decode_task_group,
    "Task": decode_task,
}
