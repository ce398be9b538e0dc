"""`frozen_record` behaves as `@dataclass(frozen=True, slots=True)` does."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from nomadqemu.records import field, frozen_record, record


@frozen_record
class Point:
    """A point."""

    x: int
    y: int
    label: str = "p"


@dataclasses.dataclass(frozen=True, slots=True)
class PointDC:
    """The same point as a dataclass."""

    x: int
    y: int
    label: str = "p"


@frozen_record(order=True)
class Ordered:
    a: int
    b: int


@frozen_record
class Empty:
    pass


def test_init_positional_keyword_and_default() -> None:
    p = Point(1, y=2)
    assert (p.x, p.y, p.label) == (1, 2, "p")
    assert Point(1, 2, "q").label == "q"
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[call-arg]  # a required field is missing
    with pytest.raises(TypeError):
        Point(1, 2, "q", 4)  # type: ignore[call-arg]  # one argument too many


def test_repr_matches_dataclass_form() -> None:
    assert repr(Point(1, 2)) == repr(PointDC(1, 2)).replace("PointDC", "Point")
    assert repr(Empty()) == "Empty()"


def test_equality_and_hash() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    same_fields: object = PointDC(1, 2)
    same_tuple: object = (1, 2, "p")
    assert Point(1, 2) != same_fields
    assert Point(1, 2) != same_tuple
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    assert Empty() == Empty()
    assert hash(Empty()) == hash(Empty())


def test_frozen_and_slotted() -> None:
    p = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        p.x = 5  # type: ignore[misc]  # assigning to a frozen field is the point
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.y
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.other = 1  # type: ignore[attr-defined]  # no such field
    assert not hasattr(p, "__dict__")
    assert vars(Point)["__slots__"] == ("x", "y", "label")
    assert Point.__doc__ == "A point."


def test_match_args() -> None:
    match Point(3, 4):
        case Point(x, y, label):
            assert (x, y, label) == (3, 4, "p")
        case _:
            pytest.fail("no match")


def test_ordering() -> None:
    assert Ordered(1, 2) < Ordered(1, 3) <= Ordered(1, 3) < Ordered(2, 0)
    assert Ordered(2, 0) > Ordered(1, 9) >= Ordered(1, 9)
    assert min(Ordered(5, 1), Ordered(4, 9)) == Ordered(4, 9)
    with pytest.raises(TypeError):
        _ = Ordered(1, 2) < (1, 2)  # type: ignore[operator]  # other types do not order
    with pytest.raises(TypeError):
        _ = Point(1, 2) < Point(1, 3)  # type: ignore[operator]  # unordered record


def test_copy_and_pickle() -> None:
    p = Point(1, 2, "z")
    assert copy.copy(p) == p
    assert copy.deepcopy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p


def test_dataclasses_functions_apply() -> None:
    p = Point(1, 2)
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "label"]
    assert [f.name for f in dataclasses.fields(p)] == [f.name for f in dataclasses.fields(PointDC)]
    assert dataclasses.replace(p, label="q") == Point(1, 2, "q")
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "label": "p"}


@frozen_record
class WithFactory:
    name: str
    items: list[int] = dataclasses.field(default_factory=list)
    tag: str = dataclasses.field(default="t")


@record
class Counter:
    name: str
    hits: int = 0
    seen: list[str] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        self.seen.append("init")


def test_default_factory_makes_a_fresh_default() -> None:
    a, b = WithFactory("a"), WithFactory("b")
    assert a.items == [] and a.items is not b.items
    assert a.tag == "t"
    assert WithFactory("c", [1]).items == [1]
    assert dataclasses.replace(a, name="z") == WithFactory("z")


def test_mutable_record() -> None:
    c = Counter("c")
    assert c.seen == ["init"]
    c.hits += 1
    assert c == Counter("c", 1)
    assert repr(c) == "Counter(name='c', hits=1, seen=['init'])"
    with pytest.raises(TypeError):
        hash(c)
    with pytest.raises(AttributeError):
        c.other = 1  # type: ignore[attr-defined]  # slotted: no such field


@frozen_record
class OwnFactory:
    items: list[int] = field(default_factory=list)


def test_own_field_specifier_and_lazy_dataclass_fields() -> None:
    a, b = OwnFactory(), OwnFactory()
    assert a.items == [] and a.items is not b.items
    (spec,) = dataclasses.fields(OwnFactory)
    assert spec.name == "items" and spec.default_factory is list
    assert dataclasses.replace(a) == a


def test_extending_a_record_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot extend"):

        @frozen_record
        class Point3(Point):
            z: int = 0


@frozen_record
class WithPrivateSlot:
    """A record with state beyond its fields."""

    __slots__ = ("_note",)

    name: str
    _note: ClassVar[str]  # typed for mypy; a ClassVar is no field


def test_declared_slots_are_private_state_not_fields() -> None:
    a, b = WithPrivateSlot("n"), WithPrivateSlot("n")
    vars(WithPrivateSlot)["_note"].__set__(a, "set by the class's own code")
    assert vars(WithPrivateSlot)["__slots__"] == ("name", "_note")
    assert a == b and hash(a) == hash(b)
    assert repr(a) == "WithPrivateSlot(name='n')"
    assert [f.name for f in dataclasses.fields(a)] == ["name"]
    with pytest.raises(AttributeError):
        _ = b._note
    with pytest.raises(dataclasses.FrozenInstanceError):
        a._note = "x"  # type: ignore[misc]  # assigning is what must fail
