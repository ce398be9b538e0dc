"""The scopes of `dynamic` blocks: iterator variables and the contexts that hold them.

Also `contains_dynamic`, which lets a job without any `dynamic` block skip the
expansion layer altogether (see `JobConfig._decode_job`).
"""

from __future__ import annotations

from collections.abc import Mapping

from nomadqemu.hcl import ast
from nomadqemu.jobspec.hclbody import EvalLike
from nomadqemu.records import field, frozen_record
from nomadqemu.values.value import Value


@frozen_record
class Iteration:
    name: str
    key: Value
    value: Value
    inherited: Mapping[str, Iteration] = field(default_factory=dict)

    def object(self) -> Value:
        return Value.object_of({"key": self.key, "value": self.value})

    def variables(self) -> dict[str, Value]:
        out = {name: it.object() for name, it in self.inherited.items()}
        out[self.name] = self.object()
        return out

    def child(self, name: str, key: Value, value: Value) -> Iteration:
        inherited = dict(self.inherited)
        inherited[self.name] = self
        return Iteration(name, key, value, inherited)


def ctx_for(iteration: Iteration | None, base: EvalLike) -> EvalLike:
    return base.child(iteration.variables() if iteration else {})


class ForEachScope:
    """The context a body's `for_each` and labels see, made only when one is evaluated.

    As in Go, every nested body gets a child of its parent's context (which tells
    nested from top-level scopes apart); most bodies hold no `dynamic` block and never
    evaluate in it, so the chain of children is built on demand.
    """

    __slots__ = ("_base", "_ctx", "_iteration")

    def __init__(self, base: EvalLike | ForEachScope, iteration: Iteration | None) -> None:
        self._base = base
        self._iteration = iteration
        self._ctx: EvalLike | None = None

    @classmethod
    def of(cls, ctx: EvalLike) -> ForEachScope:
        scope = cls(ctx, None)
        scope._ctx = ctx
        return scope

    def get(self) -> EvalLike:
        if self._ctx is None:
            base = self._base
            if isinstance(base, ForEachScope):
                base = base.get()
            self._ctx = ctx_for(self._iteration, base)
        return self._ctx


def contains_dynamic(body: ast.Body) -> bool:
    """Whether a `dynamic` block appears in `body` or in any block nested in it."""
    pending = [body]
    while pending:
        for item in pending.pop().items:
            if isinstance(item, ast.Block):
                if item.type == "dynamic":
                    return True
                pending.append(item.body)
    return False
