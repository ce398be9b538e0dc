"""The parts of a Nomad client agent's configuration that `run` honours.

`plugin "qemu" { config { image_paths, args_allowlist, emulators_allowlist } }`,
`data_dir`, `datacenter`, `region`, and `client { alloc_dir, node_class, meta,
max_kill_timeout }`. Agent files are HCL1, which for these blocks reads like HCL2, so
the project's parser is used and only literal values are accepted. JSON works too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser (tree-sitter) is imported only when an HCL file is read
    from nomadqemu.hcl import ast

DEFAULT_MAX_KILL_TIMEOUT_S = 30.0
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


class ClientConfigError(ValueError):
    pass


@dataclass(frozen=True)
class ClientConfig:
    image_paths: tuple[str, ...] = ()
    args_allowlist: tuple[str, ...] = ()
    emulators_allowlist: tuple[str, ...] = ()
    data_dir: str | None = None
    alloc_dir: str | None = None
    datacenter: str = "dc1"
    region: str = "global"
    node_class: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)
    max_kill_timeout_s: float = DEFAULT_MAX_KILL_TIMEOUT_S

    @property
    def alloc_base(self) -> Path | None:
        """Where a client puts allocation dirs: `client.alloc_dir`, else `<data_dir>/alloc`."""
        if self.alloc_dir:
            return Path(self.alloc_dir)
        if self.data_dir:
            return Path(self.data_dir) / "alloc"
        return None


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration for the common forms (`30s`, `1m30s`, `500ms`)."""
    total, position = 0.0, 0
    for match in _DURATION.finditer(text):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position != len(text) or not text:
        raise ClientConfigError(f"invalid duration {text!r}")
    return total


def _literal(expr: ast.Expr, where: str) -> Any:
    from nomadqemu.hcl import ast

    if isinstance(expr, ast.TemplateWrap):
        return _literal(expr.wrapped, where)
    if isinstance(expr, ast.Template) and all(
        isinstance(part, ast.TemplateLiteral) for part in expr.parts
    ):
        return "".join(part.text for part in expr.parts if isinstance(part, ast.TemplateLiteral))
    if isinstance(expr, ast.TemplateLiteral):
        return expr.text
    if isinstance(expr, ast.Literal):
        if expr.kind == "bool":
            return expr.text == "true"
        if expr.kind == "number":
            return float(expr.text) if "." in expr.text else int(expr.text)
        return None
    if isinstance(expr, ast.TupleCons):
        return [_literal(item, where) for item in expr.items]
    if isinstance(expr, ast.ObjectCons):
        return {
            item.key.bare_name or _literal(item.key.expr, where): _literal(item.value, where)
            for item in expr.items
        }
    start = expr.span.start
    raise ClientConfigError(
        f"{expr.span.filename}:{start.line}:{start.column}: {where} must be a literal value"
    )


def _body_to_dict(body: ast.Body) -> dict[str, Any]:
    """Attributes as values, blocks as lists of {labels…: body} like HCL1's JSON form."""
    result: dict[str, Any] = {}
    for attribute in body.attributes:
        result[attribute.name] = _literal(attribute.expr, attribute.name)
    for block in body.blocks:
        content: Any = _body_to_dict(block.body)
        for label in reversed(block.labels):
            content = {label: content}
        result.setdefault(block.type, []).append(content)
    return result


def _first(blocks: Any) -> dict[str, Any]:
    if isinstance(blocks, list):
        merged: dict[str, Any] = {}
        for block in blocks:
            merged.update(block)
        return merged
    return dict(blocks) if isinstance(blocks, dict) else {}


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClientConfigError(f"{name} must be a list of strings")
    return tuple(value)


def load_client_config(path: Path) -> ClientConfig:
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise ClientConfigError(f"{path}: {exc.strerror}") from exc
    if path.suffix == ".json":
        try:
            data = json.loads(source)
        except ValueError as exc:
            raise ClientConfigError(f"{path}: invalid JSON: {exc}") from exc
    else:
        from nomadqemu.hcl import parse_file

        tree, diagnostics = parse_file(source, str(path))
        errors = [d for d in diagnostics if d.is_error]
        if tree is None or errors:
            first = errors[0] if errors else None
            where = f"{first.span.hcl_range()}: " if first and first.span else f"{path}: "
            raise ClientConfigError(where + (first.message if first else "cannot parse"))
        data = _body_to_dict(tree.body)
    return _from_dict(data)


def _from_dict(data: Mapping[str, Any]) -> ClientConfig:
    client = _first(data.get("client"))
    plugins = _first(data.get("plugin"))
    qemu = _first(plugins.get("qemu"))
    config = _first(qemu.get("config"))
    known = {"image_paths", "args_allowlist", "emulators_allowlist", "fingerprint_emulator"}
    for key in config:
        if key not in known:
            raise ClientConfigError(
                f'plugin "qemu" config: Invalid label: No argument or block type is named "{key}".'
            )
    meta = _first(client.get("meta"))
    timeout = client.get("max_kill_timeout")
    return ClientConfig(
        image_paths=_strings(config.get("image_paths"), "image_paths"),
        args_allowlist=_strings(config.get("args_allowlist"), "args_allowlist"),
        emulators_allowlist=_strings(config.get("emulators_allowlist"), "emulators_allowlist"),
        data_dir=data.get("data_dir"),
        alloc_dir=client.get("alloc_dir"),
        datacenter=data.get("datacenter") or "dc1",
        region=data.get("region") or "global",
        node_class=client.get("node_class") or "",
        meta={str(k): str(v) for k, v in meta.items()},
        max_kill_timeout_s=(
            parse_duration(timeout) if timeout is not None else DEFAULT_MAX_KILL_TIMEOUT_S
        ),
    )
