"""Reads a client agent configuration (HCL or JSON bytes) into a `ClientConfig`."""

from __future__ import annotations

import importlib
from typing import Any

from nomadqemu.clientconfig.model import ClientConfig
from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.span import Pos, Span

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
        self.has_plugin = False

    def error(self, summary: str, detail: str, span: Span | None) -> None:
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, summary, detail, span or self.file_span(), "NQ305")
        )

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
        for client, _ in _objects(top.get("client"), f"{tpath}.client"):
            if isinstance(client.get("alloc_dir"), str):
                builder.values["alloc_dir"] = client["alloc_dir"]
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
    if isinstance(expr, ast.Literal):
        return expr.text
    return None


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
