"""`frozen_record`: a cheaper `@dataclass(frozen=True, slots=True)` for hot, plentiful classes.

`dataclasses` builds each method with its own `exec` and, for `slots=True`, creates the
class twice: about 0.4 ms per class at import, which the syntax tree's 27 node classes
and the API model's field table pay on every cold `nomadqemu inspect`. Its frozen
`__init__` also assigns through `object.__setattr__`, twice as slow as the slot
descriptors this module assigns through, and the parser creates nodes by the thousand.

A record behaves as the frozen, slotted dataclass it replaces: the same `__init__`
(positional or keyword, defaults from the class body), `__repr__`, `__eq__`,
`__hash__`, `__match_args__`, optional ordering, pickling and copying, and
`dataclasses.FrozenInstanceError` on assignment, and `__dataclass_fields__`, so that
`dataclasses.fields`, `replace` and `is_dataclass` work on it as before. See
docs/decisions/0002-startup-time.md. Beyond dataclasses, a class body may declare
`__slots__` of private, non-field state (see `nomadqemu.span.Span`).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from types import CodeType, FunctionType
from typing import Any, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)

_MISSING = object()
_T = TypeVar("_T")


class _Factory:
    """What `field(default_factory=…)` leaves in the class body until the record is made."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A field whose default is made per instance, as `dataclasses.field(default_factory=…)`.

    Records accept `dataclasses.field` too; this one spares importing `dataclasses`
    (which imports `inspect`, about 8 ms) on the start-up path.
    """
    return _Factory(default_factory)  # type: ignore[return-value]  # replaced by the default


class _LazyFields:
    """`__dataclass_fields__`, built (importing `dataclasses`) when something asks for it."""

    def __init__(self, names: tuple[str, ...], specs: dict[str, Any]) -> None:
        self.names = names
        self.specs = specs

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        fields = _dataclass_fields(self.names, owner, self.specs)
        type.__setattr__(owner, "__dataclass_fields__", fields)
        return fields


def _frozen_setattr(self: object, name: str, value: object) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce(self: Any) -> tuple[type, tuple[object, ...]]:
    return type(self), tuple(getattr(self, name) for name in self.__match_args__)


# Compiled `__init__` bodies by shape (field count, which fields have a default
# factory, whether `__post_init__` runs), with placeholder parameter names: a record's
# own `__init__` is that code with its field names put in (`CodeType.replace`), not a
# fresh compile. Compiling was most of the cost of making a record class, and the
# syntax tree's thirty classes are made on every cold start.
_INIT_CODE: dict[tuple[int, tuple[int, ...], bool], CodeType] = {}


def _init_code(count: int, factories: tuple[int, ...], post_init: bool) -> CodeType:
    key = (count, factories, post_init)
    code = _INIT_CODE.get(key)
    if code is None:
        params = "".join(f", p{i}" for i in range(count))
        lines = [f"def __init__(self{params}):"]
        for i in range(count):
            if i in factories:
                # As dataclasses does: a fresh default per instance, made only when absent.
                lines.append(f"    if p{i} is _FACTORY:\n        p{i} = _factory_{i}()")
            lines.append(f"    _set_{i}(self, p{i})")
        if post_init:
            lines.append("    self.__post_init__()")
        scope: dict[str, Any] = {}
        exec("\n".join(lines) + "\n    pass\n", scope)  # generated from a shape only
        code = _INIT_CODE[key] = scope["__init__"].__code__
    return code


def _make_init(
    cls: type, names: tuple[str, ...], defaults: list[Any], factories: dict[int, Any]
) -> Callable[..., None]:
    """`cls.__init__` over `names`: `defaults` are the values of the trailing fields
    that have one (`_MISSING` for a factory, called when the argument is absent)."""
    scope: dict[str, Any] = {"_FACTORY": _MISSING}
    for i, name in enumerate(names):
        scope[f"_set_{i}"] = getattr(cls, name).__set__
    for i, factory in factories.items():
        scope[f"_factory_{i}"] = factory
    post_init = hasattr(cls, "__post_init__")
    code = _init_code(len(names), tuple(sorted(factories)), post_init)
    code = code.replace(co_varnames=("self", *names))
    init = FunctionType(code, scope, "__init__", tuple(defaults) or None)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _methods(names: tuple[str, ...], order: bool) -> dict[str, Any]:
    """`__repr__`, `__eq__`, `__hash__` (and ordering) over the fields, without `exec`."""
    # attrgetter of several names returns their tuple, in C; of one name the bare value,
    # which compares and orders the same way.
    key = attrgetter(*names) if names else (lambda self: ())

    def __repr__(self: Any) -> str:  # the dunder it becomes
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self: Any, other: Any) -> Any:  # the dunder it becomes
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self: Any) -> int:  # the dunder it becomes
        return hash(key(self))

    methods: dict[str, Any] = {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__}
    if order:

        def __lt__(self: Any, other: Any) -> Any:  # the dunder it becomes
            if other.__class__ is self.__class__:
                return key(self) < key(other)
            return NotImplemented

        def __le__(self: Any, other: Any) -> Any:  # the dunder it becomes
            if other.__class__ is self.__class__:
                return key(self) <= key(other)
            return NotImplemented

        def __gt__(self: Any, other: Any) -> Any:  # the dunder it becomes
            if other.__class__ is self.__class__:
                return key(self) > key(other)
            return NotImplemented

        def __ge__(self: Any, other: Any) -> Any:  # the dunder it becomes
            if other.__class__ is self.__class__:
                return key(self) >= key(other)
            return NotImplemented

        methods.update(__lt__=__lt__, __le__=__le__, __gt__=__gt__, __ge__=__ge__)
    return methods


def _dataclass_fields(names: tuple[str, ...], cls: type, specs: dict[str, Any]) -> dict[str, Any]:
    # `specs` holds each field's class attribute: a default, a `field(…)`, or nothing.
    """The `__dataclass_fields__` `dataclasses` itself would record for these fields."""
    import dataclasses

    annotations = vars(cls).get("__annotations__", {})
    result: dict[str, Any] = {}
    for name in names:
        spec = specs.get(name, dataclasses.MISSING)
        if isinstance(spec, _Factory):
            spec = dataclasses.field(default_factory=spec.factory)
        elif not isinstance(spec, dataclasses.Field):
            spec = dataclasses.field(default=spec)
        spec.name = name
        spec.type = annotations[name]
        # The marker `dataclasses.fields` filters on (a regular field, not a ClassVar).
        spec._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # private marker
        result[name] = spec
    return result


def _field_default(name: str, value: Any) -> tuple[Any, Callable[[], Any] | None]:
    """The default value of field `name` and its default factory, given its class
    attribute `value` (`_MISSING` for none)."""
    if value is _MISSING:
        return _MISSING, None
    if isinstance(value, _Factory):
        return _MISSING, value.factory
    if type(value).__name__ == "Field" and type(value).__module__ == "dataclasses":
        import dataclasses

        options = (value.init, value.repr, value.compare, value.hash, value.kw_only is True)
        if options != (True, True, True, None, False):
            raise TypeError(f"{name}: a record field takes only a default or a default_factory")
        if value.default_factory is not dataclasses.MISSING:
            return _MISSING, value.default_factory
        if value.default is dataclasses.MISSING:
            return _MISSING, None
        value = value.default
    return value, None


def _make(cls: type, order: bool, frozen: bool) -> type:
    if any("__dataclass_fields__" in vars(base) for base in cls.__mro__[1:]):
        # dataclasses would inherit the base's fields; records do not implement that.
        raise TypeError(f"{cls.__name__}: a record cannot extend a dataclass or record")
    annotations = vars(cls).get("__annotations__", {})
    names = tuple(n for n, t in annotations.items() if not str(t).startswith("ClassVar"))
    attributes = vars(cls)
    # Slots the class body declares beyond its fields: private state that is no field
    # (not in `__init__`, equality or `repr`), set by the class's own code.
    declared = attributes.get("__slots__", ())
    extra = (declared,) if isinstance(declared, str) else tuple(declared)
    body = {k: v for k, v in attributes.items() if k not in names and k != "__dict__"}
    for name in (*extra, "__weakref__"):
        body.pop(name, None)  # the discarded class's slot descriptors
    defaults: list[Any] = []
    factories: dict[int, Any] = {}
    specs: dict[str, Any] = {}
    for i, name in enumerate(names):
        value = attributes.get(name, _MISSING)
        default, factory = _field_default(name, value)
        if factory is not None:
            factories[i] = factory
            defaults.append(_MISSING)
        elif default is not _MISSING:
            defaults.append(default)
        elif defaults:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        if value is not _MISSING:
            specs[name] = value
    body["__slots__"] = names + extra
    body["__match_args__"] = names
    body["__dataclass_fields__"] = _LazyFields(names, specs)
    for method, function in _methods(names, order).items():
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        body[method] = function
    if frozen:
        body["__setattr__"] = _frozen_setattr
        body["__delattr__"] = _frozen_delattr
    else:
        # A mutable dataclass with `eq` is unhashable, as with dataclasses.
        body["__hash__"] = None
    body["__reduce__"] = _reduce  # copy and pickle through __init__
    new = type(cls)(cls.__name__, cls.__bases__, body)
    new.__qualname__ = cls.__qualname__
    # Only `__init__` is generated: assigning through the slot descriptors keeps it fast.
    type.__setattr__(new, "__init__", _make_init(new, names, defaults, factories))
    return new


@overload
def frozen_record(cls: _C, /) -> _C: ...
@overload
def frozen_record(*, order: bool = False) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen_record(cls: _C | None = None, /, *, order: bool = False) -> _C | Callable[[_C], _C]:
    """Make `cls` a frozen, slotted record of its annotated fields (see the module doc)."""
    if cls is None:
        # The same class, rebuilt: mypy cannot see that `_make` keeps its type.
        return lambda c: _make(c, order, frozen=True)  # type: ignore[return-value]
    return _make(cls, order, frozen=True)


@dataclass_transform(field_specifiers=(field,))
def record(cls: _C, /) -> _C:
    """`@dataclass(slots=True)`: a mutable, slotted record of its annotated fields."""
    return _make(cls, False, frozen=False)  # type: ignore[return-value]  # same class, rebuilt
