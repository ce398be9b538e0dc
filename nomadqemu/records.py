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
docs/decisions/0002-startup-time.md.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)

_MISSING = object()


def _frozen_setattr(self: object, name: str, value: object) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce(self: Any) -> tuple[type, tuple[object, ...]]:
    return type(self), tuple(getattr(self, name) for name in self.__match_args__)


def _init_source(names: tuple[str, ...], defaults: dict[str, str]) -> str:
    params = "".join(f", {n}={defaults[n]}" if n in defaults else f", {n}" for n in names)
    sets = "".join(f"    _set_{n}(self, {n})\n" for n in names) or "    pass\n"
    return f"def __init__(self{params}):\n{sets}"


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


def _dataclass_fields(
    names: tuple[str, ...], annotations: dict[str, Any], cls: type
) -> dict[str, Any]:
    """The `__dataclass_fields__` `dataclasses` itself would record for these fields."""
    import dataclasses

    result: dict[str, Any] = {}
    for name in names:
        default = vars(cls).get(name, dataclasses.MISSING)
        spec = dataclasses.field(default=default)
        spec.name = name
        spec.type = annotations[name]
        # The marker `dataclasses.fields` filters on (a regular field, not a ClassVar).
        spec._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # private marker
        result[name] = spec
    return result


def _make(cls: type, order: bool) -> type:
    annotations = vars(cls).get("__annotations__", {})
    names = tuple(n for n, t in annotations.items() if not str(t).startswith("ClassVar"))
    body = {k: v for k, v in cls.__dict__.items() if k not in names and k != "__dict__"}
    body.pop("__weakref__", None)
    scope: dict[str, Any] = {}
    defaults: dict[str, str] = {}
    for name in names:
        value = cls.__dict__.get(name, _MISSING)
        if value is not _MISSING:
            scope[f"_default_{name}"] = value
            defaults[name] = f"_default_{name}"
    body["__slots__"] = names
    body["__match_args__"] = names
    body["__dataclass_fields__"] = _dataclass_fields(names, annotations, cls)
    for method, function in _methods(names, order).items():
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        body[method] = function
    body["__setattr__"] = _frozen_setattr
    body["__delattr__"] = _frozen_delattr
    body["__reduce__"] = _reduce  # copy and pickle through __init__
    new = type(cls)(cls.__name__, cls.__bases__, body)
    new.__qualname__ = cls.__qualname__
    for name in names:
        scope[f"_set_{name}"] = getattr(new, name).__set__
    # Only `__init__` is compiled: assigning through the slot descriptors keeps it fast.
    exec(_init_source(names, defaults), scope)  # generated from field names only
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    type.__setattr__(new, "__init__", init)
    return new


@overload
def frozen_record(cls: _C, /) -> _C: ...
@overload
def frozen_record(*, order: bool = False) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True)
def frozen_record(cls: _C | None = None, /, *, order: bool = False) -> _C | Callable[[_C], _C]:
    """Make `cls` a frozen, slotted record of its annotated fields (see the module doc)."""
    if cls is None:
        return lambda c: _make(c, order)  # type: ignore[return-value]  # same class, rebuilt
    return _make(cls, order)
