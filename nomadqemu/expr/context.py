"""The scope an expression is evaluated in, mirroring Go HCL's `hcl.EvalContext`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from nomadqemu.functions.spec import Function
from nomadqemu.values.value import Value

_EMPTY: Mapping[str, Value] = MappingProxyType({})
_EMPTY_ITEMS: Mapping[object, Value] = MappingProxyType({})


class EvalContext:
    """Variables, functions and (optionally) the source text for runtime references.

    Contexts form a chain: `child` adds names (for-expression iterators, template `for`
    variables) while lookups fall back to the parent, as in Go. When `source` is set, a
    reference whose root name is defined nowhere in the chain evaluates to its own
    source text (Nomad's `UndefinedVariable` hook); without it, that is an error.

    `scoped=False` gives Go's nil context (used for variable files): every reference is
    "Variables not allowed" and every call "Function calls not allowed".
    """

    __slots__ = ("_functions", "_items", "_parent", "_scoped", "_variables", "source")

    def __init__(
        self,
        variables: Mapping[str, Value],
        functions: Mapping[str, Function],
        source: bytes | None = None,
        *,
        scoped: bool = True,
    ) -> None:
        self._variables = variables
        self._functions = functions
        self.source = source
        self._parent: EvalContext | None = None
        self._scoped = scoped
        self._items: Mapping[object, Value] = _EMPTY_ITEMS

    @classmethod
    def unscoped(cls) -> EvalContext:
        """Go's nil `*hcl.EvalContext`: no variables and no functions at all."""
        return cls(_EMPTY, {}, None, scoped=False)

    def child(self, extra: Mapping[str, Value]) -> EvalContext:
        """A nested scope defining `extra`; everything else is looked up in this one."""
        ctx = EvalContext(extra, {}, self.source, scoped=True)
        ctx._parent = self
        return ctx

    def with_item(self, symbol: object, value: Value) -> EvalContext:
        """A nested scope in which the splat placeholder `symbol` stands for `value`.

        It defines no names, so what references may do is unchanged.
        """
        ctx = EvalContext(_EMPTY, {}, self.source, scoped=False)
        ctx._parent = self
        ctx._items = {symbol: value}
        return ctx

    def item(self, symbol: object) -> Value | None:
        """The value `with_item` gave `symbol` in this scope or an enclosing one."""
        for ctx in self._chain():
            if symbol in ctx._items:
                return ctx._items[symbol]
        return None

    @property
    def is_root(self) -> bool:
        """True unless this is (inside) a nested scope made by `child`.

        Scopes made by `with_item` do not count: Go sets a splat's element on the
        splat's own context.
        """
        return all(c._parent is None or c._items for c in self._chain())

    @property
    def variables_allowed(self) -> bool:
        return any(c._scoped for c in self._chain())

    @property
    def functions_allowed(self) -> bool:
        return self._root()._scoped

    def _chain(self) -> Iterator[EvalContext]:
        ctx: EvalContext | None = self
        while ctx is not None:
            yield ctx
            ctx = ctx._parent

    def _root(self) -> EvalContext:
        ctx = self
        while ctx._parent is not None:
            ctx = ctx._parent
        return ctx

    def lookup(self, name: str) -> Value | None:
        """The innermost definition of `name`, or None."""
        for ctx in self._chain():
            if name in ctx._variables:
                return ctx._variables[name]
        return None

    def variable_names(self) -> list[str]:
        names: list[str] = []
        for ctx in self._chain():
            names.extend(ctx._variables)
        return names

    def function(self, name: str) -> Function | None:
        return self._root()._functions.get(name)

    def function_names(self) -> list[str]:
        return list(self._root()._functions)
