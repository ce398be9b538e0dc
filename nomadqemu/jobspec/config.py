"""The root of a job file (`jobspec2/types.config.go`): variables, locals, then the job.

The root body may hold only `variables`, `variable "x"`, `locals` and one `job "x"`.
Variables are decoded first, values are gathered from every source, locals are
evaluated (in any order), and only then is the job block decoded with `var` and
`local` in scope.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nomadqemu.diagnostics.record import Diagnostic, Severity
from nomadqemu.jobspec.blockattrs import blocks_as_attrs
from nomadqemu.jobspec.custom import CUSTOMS, decode_as_attribute
from nomadqemu.jobspec.decoder import Decoder
from nomadqemu.jobspec.dynblock import expand
from nomadqemu.jobspec.dynscope import contains_dynamic
from nomadqemu.jobspec.hclbody import (
    AttrSchema,
    BlockSchema,
    Body,
    Content,
    EvalLike,
    Expression,
    HBlock,
    Schema,
    SyntaxBody,
    error,
    has_errors,
)
from nomadqemu.jobspec.sourcemap import Recorder
from nomadqemu.jobspec.variables import Assignment, Variable, Variables, expression_from_text
from nomadqemu.records import field, record
from nomadqemu.span import Span
from nomadqemu.values.value import Value

ROOT_SCHEMA = Schema(
    blocks=(
        BlockSchema("variables"),
        BlockSchema("variable", ("name",)),
        BlockSchema("locals"),
        BlockSchema("job", ("name",)),
    )
)
_EXTRAS = Schema(
    blocks=(BlockSchema("vault"), BlockSchema("secret", ("name",)), BlockSchema("task", ("name",)))
)
_VARIABLE_BLOCKS = Schema(blocks=(BlockSchema("variable", ("name",)),))
ENV_PREFIX = "NOMAD_VAR_"


@record
class VarFile:
    """A parsed var file: its body (HCL or JSON)."""

    filename: str
    body: Body


@record
class JobConfig:
    """`jobConfig`: everything gathered while decoding one job file."""

    functions: Mapping[str, Any]
    source: bytes | None
    strict: bool = True
    job_id: str = ""
    job: dict[str, Any] = field(default_factory=dict)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    vault: dict[str, Any] | None = None
    secrets: list[dict[str, Any]] = field(default_factory=list)
    inputs: Variables = field(default_factory=Variables)
    locals: Variables = field(default_factory=Variables)
    recorder: Recorder = field(default_factory=Recorder)
    # The context the job block was decoded in (variables and locals final by then):
    # the free-form maps are evaluated in it too.
    job_context: EvalLike | None = None
    # The input variables' values once every source has assigned them (`decode_body`):
    # kept, so that their validations run once and not for every context made later.
    input_values: dict[str, Value] | None = None

    def eval_context(self) -> EvalLike:
        from nomadqemu.expr import EvalContext

        inputs = self.input_values
        if inputs is None:
            inputs, _ = self.inputs.values()
        locals_, _ = self.locals.values()
        ctx: EvalLike = EvalContext(
            {"var": Value.object_of(inputs), "local": Value.object_of(locals_)},
            self.functions,
            source=self.source,
        )
        return ctx

    # --- the root body -------------------------------------------------------------

    def decode_body(
        self,
        body: Body,
        environ: Mapping[str, str],
        var_files: Sequence[VarFile],
        arg_vars: Mapping[str, str],
    ) -> list[Diagnostic]:
        content, diags = body.content(ROOT_SCHEMA)
        if diags:
            return diags
        diags += self._decode_inputs(content)
        local_exprs, more = _local_blocks(content)
        diags += more
        diags += self._collect_values(environ, var_files, arg_vars)
        self.input_values, more = self.inputs.values()
        diags += more
        diags += self.locals.values()[1]
        diags += self._evaluate_locals(local_exprs)
        if has_errors(diags):
            return diags
        self.job_context = self.eval_context()
        diags += self._decode_job(content, self.job_context)
        return diags

    def _decode_inputs(self, content: Content) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        for block in content.blocks:
            if block.type == "variable":
                diags += self.inputs.decode_block(block)
            elif block.type == "variables":
                attrs, more = block.body.just_attributes()
                diags += more
                for attr in _in_source_order(attrs):
                    diags += self.inputs.decode_entry(attr)
        return diags

    # --- values ----------------------------------------------------------------------

    def _collect_values(
        self,
        environ: Mapping[str, str],
        var_files: Sequence[VarFile],
        arg_vars: Mapping[str, str],
    ) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        for key, text in environ.items():
            if not key.startswith(ENV_PREFIX):
                continue
            name = key[len(ENV_PREFIX) :]
            var = self.inputs.get(name)
            if var is None:
                continue
            diags += _assign(var, "env", f"<value for var.{name} from env>", text)
        severity = Severity.ERROR if self.strict else Severity.WARNING
        for var_file in var_files:
            diags += _variable_blocks_in(var_file)
            if has_errors(diags):
                return diags
            attrs, more = var_file.body.just_attributes()
            diags += more
            for attr in _in_source_order(attrs):
                var = self.inputs.get(attr.name)
                if var is None:
                    diags.append(
                        Diagnostic(
                            severity,
                            "Undefined variable",
                            f'A "{attr.name}" variable was set but was not found in known '
                            f'variables. To declare variable "{attr.name}", place this block '
                            "in your job files",
                        )
                    )
                    continue
                from nomadqemu.jobspec.variables import static_ctx

                value, more = attr.expr.value(static_ctx())
                diags += more
                value, more = _convert(var, value, attr.expr, cmd=False)
                diags += more
                var.values.append(Assignment("varfile", value, attr.expr.span))
        for name, text in arg_vars.items():
            var = self.inputs.get(name)
            if var is None:
                diags.append(
                    Diagnostic(
                        severity,
                        "Undefined -var variable",
                        f'A "{name}" variable was passed in the command line but was not '
                        f'found in known variables. To declare variable "{name}", place this '
                        "block in your job file",
                    )
                )
                continue
            diags += _assign(var, "cmd", f"<value for var.{name} from arguments>", text)
        return diags

    # --- locals ----------------------------------------------------------------------

    def _evaluate_locals(self, pending: list[tuple[str, Expression]]) -> list[Diagnostic]:
        """Nomad evaluates locals by retrying those that fail, so order does not matter."""
        diags: list[Diagnostic] = []
        retry = 0
        previous = 0
        queue = list(pending)
        # The context changes only when a local is added: made again only then.
        ctx: EvalLike | None = None
        while queue:
            name, expr = queue[0]
            if ctx is None:
                ctx = self.eval_context()
            value, more = expr.value(ctx)
            if has_errors(more):
                if len(queue) == 1:
                    return diags + more
                if previous == len(queue):
                    if retry == 100:
                        # Every remaining local failed 100 times in a row: a cycle.
                        return diags + more
                    retry += 1
                previous = len(queue)
                queue.append((name, expr))
            else:
                retry = 0
                diags += more
                self.locals[name] = Variable(
                    name, value.type, None, [Assignment("default", value, expr.span)]
                )
                ctx = None
            queue.pop(0)
        return diags

    # --- the job block ---------------------------------------------------------------

    def _decode_job(self, content: Content, ctx: EvalLike) -> list[Diagnostic]:
        """The job block, through HCL's `dynblock` expansion as Nomad decodes it.

        Without any `dynamic` block in a native-syntax job, the expansion changes what
        is decoded in nothing, only the wording of some errors (its schemas also
        name `dynamic` and what earlier requests consumed, which hints draw on). Such
        a job is decoded without it first, and again with it if that found anything
        to report.
        """
        jobs = [b.body for b in content.blocks if b.type == "job"]
        # A block type is an identifier, spelled out: text without the word has none.
        unmentioned = self.source is not None and b"dynamic" not in self.source
        if all(
            isinstance(b, SyntaxBody) and (unmentioned or not contains_dynamic(b.syntax))
            for b in jobs
        ):
            diags = self._decode_job_blocks(content, ctx, expand_dynamic=False)
            if not diags:
                return diags
            self.job_id, self.job, self.tasks, self.vault, self.secrets = "", {}, [], None, []
            self.recorder = Recorder()
        return self._decode_job_blocks(content, ctx, expand_dynamic=True)

    def _decode_job_blocks(
        self, content: Content, ctx: EvalLike, *, expand_dynamic: bool
    ) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        decoder = Decoder(self.recorder, CUSTOMS)
        found: HBlock | None = None
        for block in content.blocks:
            if block.type != "job":
                continue
            body: Body = blocks_as_attrs(block.body)
            if expand_dynamic:
                body = expand(body, ctx)
            if found is not None:
                diags.append(
                    error(
                        "Duplicate job block",
                        'Only one block of type "job" is allowed. Previous definition was at '
                        f"{found.def_span.hcl_range()}.",
                        block.def_span,
                    )
                )
                continue
            found = block
            self.job_id = block.labels[0]
            self.recorder.node(self.job, block.span)
            # ID and Name default to the label (normalizeJob): findings about them point
            # at it unless an `id`/`name` attribute, recorded later, takes over.
            self.recorder.field(self.job, "ID", block.label_spans[0])
            self.recorder.field(self.job, "Name", block.label_spans[0])
            meta, meta_attr, body, more = decode_as_attribute(decoder, body, ctx, "meta")
            diags += more
            extra, remain, more = body.partial_content(_EXTRAS)
            diags += more
            diags += self._decode_extras(decoder, extra, ctx)
            diags += decoder.decode_body(remain, ctx, "Job", self.job)
            if meta is not None and meta_attr is not None:
                self.job["Meta"] = meta
                self.recorder.field(self.job, "Meta", meta_attr.span)
        if found is None:
            diags.append(error("Missing job block", "A job block is required", None))
        return diags

    def _decode_extras(self, decoder: Decoder, extra: Content, ctx: EvalLike) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        found_vault: HBlock | None = None
        for block in extra.blocks:
            if block.type == "vault":
                if found_vault is not None:
                    diags.append(
                        error(
                            "Duplicate vault block",
                            'Only one block of type "vault" is allowed. Previous definition '
                            f"was at {found_vault.def_span.hcl_range()}.",
                            block.def_span,
                        )
                    )
                    continue
                found_vault = block
                vault: dict[str, Any] = {}
                self.recorder.node(vault, block.span)
                diags += decoder.decode_body(block.body, ctx, "Vault", vault)
                self.vault = vault
            elif block.type in ("task", "secret"):
                struct = "Task" if block.type == "task" else "Secret"
                item: dict[str, Any] = {}
                self.recorder.node(item, block.span)
                diags += decoder.decode_body(block.body, ctx, struct, item)
                if len(block.labels) == 1:
                    item["Name"] = block.labels[0]
                    self.recorder.field(item, "Name", block.label_spans[0])
                    (self.tasks if block.type == "task" else self.secrets).append(item)
        return diags


def _in_source_order(attrs: Mapping[str, Any]) -> list[Any]:
    def key(attr: Any) -> tuple[int, int]:
        span: Span = attr.span
        return (span.start.line, span.start.column)

    return sorted(attrs.values(), key=key)


def _local_blocks(content: Content) -> tuple[list[tuple[str, Expression]], list[Diagnostic]]:
    pending: list[tuple[str, Expression]] = []
    diags: list[Diagnostic] = []
    for block in content.blocks:
        if block.type != "locals":
            continue
        attrs, more = block.body.just_attributes()
        diags += more
        for attr in _in_source_order(attrs):
            pending.append((attr.name, attr.expr))
    return pending, diags


def _variable_blocks_in(var_file: VarFile) -> list[Diagnostic]:
    """A `variable` block in a var file is a common mistake with its own message."""
    content, _, _ = var_file.body.partial_content(_VARIABLE_BLOCKS)
    diags: list[Diagnostic] = []
    for block in content.blocks:
        name = block.labels[0]
        diags.append(
            error(
                "Variable declaration in a .var file",
                "A .var file is used to assign values to variables that have already been "
                "declared in job files, not to declare new variables. To declare variable "
                f'"{name}", place this block in one of your job files\n\nTo set a value for '
                f"this variable in {block.type_span.filename}, use the definition syntax "
                f"instead:\n    {name} = <value>",
                block.type_span,
            )
        )
    return diags


def _convert(
    var: Variable, value: Value, expr: Expression, *, cmd: bool
) -> tuple[Value, list[Diagnostic]]:
    from nomadqemu.values.convert import ConversionError, convert

    if var.type is None:
        return value, []
    try:
        return convert(value, var.type), []
    except ConversionError as exc:
        if cmd:
            summary = "Invalid argument value for -var variable"
            detail = (
                f"The received arg value for {var.name} is not compatible with the "
                f"variable's type constraint: {exc.message}."
            )
        else:
            summary = "Invalid value for variable"
            detail = (
                f"The value for {var.name} is not compatible with the variable's type "
                f"constraint: {exc.message}."
            )
        return Value.unknown(), [error(summary, detail, expr.span)]


def _assign(var: Variable, source: str, fake_filename: str, text: str) -> list[Diagnostic]:
    """A value from the environment or `-var`: text, or HCL for complex types."""
    from nomadqemu.jobspec.variables import static_ctx

    expr, diags = expression_from_text(fake_filename, text, var.type)
    if expr is None or has_errors(diags):
        return diags
    value, more = expr.value(static_ctx())
    diags += more
    value, more = _convert(var, value, expr, cmd=source == "cmd")
    diags += more
    var.values.append(Assignment(source, value, expr.span))
    return diags


def arg_var_pairs(arg_vars: Sequence[str]) -> dict[str, str]:
    """`toVars`: `k=v` strings (entries without `=` are dropped; the last one wins)."""
    pairs: dict[str, str] = {}
    for arg in arg_vars:
        name, sep, text = arg.partition("=")
        if sep:
            pairs[name] = text
    return pairs


__all__ = ["AttrSchema", "JobConfig", "VarFile", "arg_var_pairs"]
