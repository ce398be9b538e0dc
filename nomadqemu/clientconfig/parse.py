"""Reads a client agent configuration (HCL or JSON bytes) into a `ClientConfig`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nomadqemu.clientconfig.agent import ClientConfigError, parse_duration
from nomadqemu.clientconfig.model import DEFAULT_MAX_KILL_TIMEOUT_S, ClientConfig
from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.span import Pos, Span

if TYPE_CHECKING:  # the parser (tree-sitter) is imported only when an HCL file is read
    from nomadqemu.hcl import ast

# Keys of the qemu plugin's configSpec by Nomad version (drivers/qemu/driver.go).
BASE_KEYS = ("image_paths", "args_allowlist")


def plugin_keys(has_emulators_allowlist: bool, has_fingerprint_emulator: bool) -> tuple[str, ...]:
    keys: tuple[str, ...] = BASE_KEYS
    if has_emulators_allowlist:
        keys += ("emulators_allowlist",)
    if has_fingerprint_emulator:
        keys += ("fingerprint_emulator",)
    return keys


class _Builder:
    def __init__(self, filename: str, allowed_keys: tuple[str, ...]) -> None:
        self.filename = filename
        self.allowed = allowed_keys
        self.values: dict[str, Any] = {}
        self.spans: dict[str, Span] = {}
        self.diagnostics: list[Diagnostic] = []
        self.run_problems: list[Diagnostic] = []
        self.has_plugin = False
        self.meta: dict[str, str] = {}
        self.max_kill_timeout_s = DEFAULT_MAX_KILL_TIMEOUT_S

    def error(self, summary: str, detail: str, span: Span | None) -> None:
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, summary, detail, span or self.file_span(), "NQ305")
        )

    def run_problem(self, summary: str, span: Span | None) -> None:
        self.run_problems.append(
            Diagnostic(Severity.ERROR, summary, "", span or self.file_span(), "NQ305")
        )

    def top_settings(self, top: dict[str, Any]) -> None:
        for key in ("datacenter", "region"):
            if isinstance(top.get(key), str) and top[key]:
                self.values[key] = top[key]

    def client_settings(self, client: dict[str, Any], timeout_span: Span | None) -> None:
        """`node_class`, `meta` and `max_kill_timeout` of a `client` block (for `run`)."""
        if isinstance(client.get("node_class"), str):
            self.values["node_class"] = client["node_class"]
        for meta, _ in _objects(client.get("meta"), "meta"):
            self.meta.update({str(k): str(v) for k, v in meta.items()})
        timeout = client.get("max_kill_timeout")
        if timeout is not None:
            try:
                self.max_kill_timeout_s = parse_duration(str(timeout))
            except ClientConfigError as exc:
                self.run_problem(str(exc), timeout_span)

    def file_span(self) -> Span:
        return Span(self.filename, Pos(1, 1, 0), Pos(1, 1, 0))

    def set_list(self, key: str, value: Any, span: Span | None) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(
                "Incorrect attribute value type",
                f'Inappropriate value for attribute "{key}": list of string required.',
                span,
            )
            return
        self.values[key] = tuple(value)
        if span is not None:
            self.spans[key] = span

    def plugin_config(self, items: list[tuple[str, Any, Span | None]]) -> None:
        self.has_plugin = True
        for key, value, span in items:
            if key not in self.allowed:
                self.error("Invalid label", f'No argument or block type is named "{key}".', span)
            elif key == "fingerprint_emulator":
                continue
            else:
                self.set_list(key, value, span)

    def build(self) -> ClientConfig:
        return ClientConfig(
            filename=self.filename,
            data_dir=self.values.get("data_dir"),
            alloc_dir=self.values.get("alloc_dir"),
            image_paths=self.values.get("image_paths", ()),
            args_allowlist=self.values.get("args_allowlist", ()),
            emulators_allowlist=self.values.get("emulators_allowlist", ()),
            has_plugin_block=self.has_plugin,
            diagnostics=tuple(self.diagnostics),
            spans=self.spans,
            datacenter=self.values.get("datacenter", "dc1"),
            region=self.values.get("region", "global"),
            node_class=self.values.get("node_class", ""),
            meta=self.meta,
            max_kill_timeout_s=self.max_kill_timeout_s,
            run_problems=tuple(self.run_problems),
        )


def _objects(value: Any, path: str) -> list[tuple[dict[str, Any], str]]:
    """HCL-1 JSON allows an object or a list of objects wherever a block goes."""
    if isinstance(value, dict):
        return [(value, path)]
    if isinstance(value, list):
        return [(v, f"{path}[{i}]") for i, v in enumerate(value) if isinstance(v, dict)]
    return []


def _from_json(data: Any, spans: dict[str, Span], builder: _Builder) -> None:
    for top, tpath in _objects(data, "$"):
        if isinstance(top.get("data_dir"), str):
            builder.values["data_dir"] = top["data_dir"]
        builder.top_settings(top)
        for client, cpath in _objects(top.get("client"), f"{tpath}.client"):
            if isinstance(client.get("alloc_dir"), str):
                builder.values["alloc_dir"] = client["alloc_dir"]
            builder.client_settings(client, spans.get(f"{cpath}.max_kill_timeout"))
        for plugins, ppath in _objects(top.get("plugin"), f"{tpath}.plugin"):
            for qemu, qpath in _objects(plugins.get("qemu"), f"{ppath}.qemu"):
                for config, cpath in _objects(qemu.get("config"), f"{qpath}.config"):
                    builder.plugin_config(
                        [(k, v, spans.get(f"{cpath}.{k}")) for k, v in config.items()]
                    )


def _literal(expr: Any) -> Any:
    """The value of a literal HCL expression (strings, lists of strings), else None."""
    from nomadqemu.hcl import ast

    if isinstance(expr, ast.Template) and all(
        isinstance(p, ast.TemplateLiteral) for p in expr.parts
    ):
        return "".join(p.text for p in expr.parts if isinstance(p, ast.TemplateLiteral))
    if isinstance(expr, ast.TupleCons):
        return [_literal(item) for item in expr.items]
    if isinstance(expr, ast.ObjectCons):
        return {
            item.key.bare_name or str(_literal(item.key.expr)): _literal(item.value)
            for item in expr.items
        }
    if isinstance(expr, ast.Literal):
        return expr.text
    return None


def _non_literal(expr: ast.Expr) -> ast.Expr | None:
    """The first part HCL1 could not have written (a reference, call or interpolation)."""
    from nomadqemu.hcl import ast

    if isinstance(expr, ast.TemplateWrap):
        return _non_literal(expr.wrapped)
    if isinstance(expr, ast.Template):
        literal = all(isinstance(p, ast.TemplateLiteral) for p in expr.parts)
        return None if literal else expr
    if isinstance(expr, ast.TupleCons):
        parts = list(expr.items)
    elif isinstance(expr, ast.ObjectCons):
        parts = [
            part
            for item in expr.items
            for part in ([] if item.key.bare_name else [item.key.expr]) + [item.value]
        ]
    else:
        return None if isinstance(expr, ast.TemplateLiteral | ast.Literal) else expr
    return next((bad for part in parts if (bad := _non_literal(part)) is not None), None)


def _settings(body: ast.Body, builder: _Builder) -> dict[str, Any]:
    """A body's literal attribute values, blocks as lists of bodies (HCL1's JSON shape,
    labels dropped: only unlabelled blocks are read from it); a non-literal value becomes
    a problem for `run`."""
    from nomadqemu.hcl import ast

    values: dict[str, Any] = {}
    for attribute in body.attributes:
        expr = attribute.expr
        bad = _non_literal(expr)
        if bad is not None:
            start = bad.span.start
            builder.run_problem(
                f"{attribute.name} must be a literal value", Span(bad.span.filename, start, start)
            )
        while isinstance(expr, ast.TemplateWrap):
            expr = expr.wrapped
        is_null = isinstance(expr, ast.Literal) and expr.kind == "null"
        values[attribute.name] = None if is_null else _literal(expr)
    for block in body.blocks:
        values.setdefault(block.type, []).append(_settings(block.body, builder))
    return values


def _from_hcl(source: bytes, builder: _Builder) -> None:
    try:
        parse_file = importlib.import_module("nomadqemu.hcl").parse_file
    except (ImportError, AttributeError):
        builder.error(
            "HCL client configs cannot be read by this build",
            "the HCL parser is missing; pass the client config as JSON",
            None,
        )
        return
    tree, diagnostics = parse_file(source, builder.filename)
    for diag in diagnostics:
        builder.diagnostics.append(
            Diagnostic(diag.severity, diag.summary, diag.detail, diag.span, "NQ305")
        )
    if tree is None:
        return
    body = tree.body
    top = _settings(body, builder)
    builder.top_settings(top)
    # `_settings` lists a type's blocks in body order, as `blocks_of` returns them.
    for client, settings in zip(body.blocks_of("client"), top.get("client", []), strict=True):
        timeout = client.body.attribute("max_kill_timeout")
        builder.client_settings(settings, timeout.expr.span if timeout else None)
    data_dir = body.attribute("data_dir")
    if data_dir is not None and isinstance(_literal(data_dir.expr), str):
        builder.values["data_dir"] = _literal(data_dir.expr)
    for client in body.blocks_of("client"):
        alloc = client.body.attribute("alloc_dir")
        if alloc is not None and isinstance(_literal(alloc.expr), str):
            builder.values["alloc_dir"] = _literal(alloc.expr)
    for plugin in body.blocks_of("plugin"):
        if plugin.labels != ("qemu",):
            continue
        for config in plugin.body.blocks_of("config"):
            items: list[tuple[str, Any, Span | None]] = [
                (attr.name, _literal(attr.expr), attr.span) for attr in config.body.attributes
            ]
            items += [(block.type, None, block.def_span) for block in config.body.blocks]
            builder.plugin_config(items)


def parse_client_config(
    source: bytes,
    filename: str,
    *,
    has_emulators_allowlist: bool = True,
    has_fingerprint_emulator: bool = False,
) -> ClientConfig:
    builder = _Builder(filename, plugin_keys(has_emulators_allowlist, has_fingerprint_emulator))
    if source.lstrip()[:1] == b"{":
        # The position-keeping reader, so a finding names the offending key's line.
        from nomadqemu.validate.jsonmap import JSONPositionError, read_json

        try:
            data, spans = read_json(source.decode("utf-8"), filename)
        except UnicodeDecodeError as exc:
            builder.error("Invalid JSON", f"the file is not UTF-8: {exc.reason}", None)
            return builder.build()
        except JSONPositionError as exc:
            builder.error("Invalid JSON", str(exc), Span(filename, exc.pos, exc.pos))
            return builder.build()
        _from_json(data, spans, builder)
    else:
        _from_hcl(source, builder)
    return builder.build()
