"""One `nomadqemu validate` run over many files: builds the context once, collects all."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from nomadqemu.constraints.node import Node
from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.diagnostics.render import Report
from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.engine import validate_job
from nomadqemu.validate.reporter import SpanLookup
from nomadqemu.validate.source import load_job_source


@dataclass
class Session:
    ctx: ValidationContext
    # Called at most once, when a job first needs a node; returns the node (or None) and
    # what it could not determine.
    node_factory: Callable[[], tuple[Node | None, list[str]]] | None = None
    disable: tuple[str, ...] = ()
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_verified: list[str] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)
    # Further checks run on every job that decodes (e.g. against a cluster's nodes).
    job_checks: Sequence[Callable[[dict[str, Any], SpanLookup, str], Sequence[Diagnostic]]] = ()
    _node_ready: bool = False

    def _note(self, items: Sequence[str]) -> None:
        for item in items:
            if item not in self.not_verified:
                self.not_verified.append(item)

    def _ensure_node(self) -> None:
        if self._node_ready or self.node_factory is None:
            return
        self._node_ready = True
        node, missing = self.node_factory()
        self._note(missing)
        if node is not None:
            platform = node.attributes.get("kernel.name") or self.ctx.platform
            self.ctx = replace(self.ctx, node=node, platform=platform)

    def add_config_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def validate_file(
        self,
        path: str,
        data: bytes,
        *,
        arg_vars: Sequence[str] = (),
        var_files: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
        json_input: bool = False,
    ) -> None:
        self.sources[path] = data
        source = load_job_source(
            path,
            data,
            arg_vars=arg_vars,
            var_files=var_files,
            environ=environ,
            json_input=json_input,
        )
        self.diagnostics.extend(_named(d, path) for d in source.diagnostics)
        if source.job is None:
            return
        self._ensure_node()
        result = validate_job(source.job, source.span_for, path, self.ctx)
        self.diagnostics.extend(_named(d, path) for d in sorted(result.diagnostics, key=_position))
        self._note(result.not_verified)
        for check in self.job_checks:
            found = check(source.job, source.span_for, path)
            self.diagnostics.extend(_named(d, path) for d in sorted(found, key=_position))

    def report(self, tool_version: str, source_root: str | None = None) -> Report:
        diags = [d for d in self.diagnostics if d.code not in self.disable]
        if self.ctx.strict:
            diags += [
                Diagnostic(Severity.ERROR, f"not verified: {item}", code="NQ501")
                for item in self.not_verified
            ]
        return Report(
            diagnostics=tuple(diags),
            sources=self.sources,
            not_verified=tuple(self.not_verified),
            strict=self.ctx.strict,
            tool_version=tool_version,
            source_root=source_root,
        )


def _position(diag: Diagnostic) -> tuple[int, int]:
    if diag.span is None:
        return (0, 0)
    return (diag.span.start.line, diag.span.start.column)


def _named(diag: Diagnostic, path: str) -> Diagnostic:
    """The parser names spans by the file's base name (as Nomad does); report the path given."""
    span = diag.span
    if span is None or span.filename == path or PurePath(path).name != span.filename:
        return diag
    return replace(diag, span=replace(span, filename=path))
