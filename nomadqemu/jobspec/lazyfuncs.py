"""The jobspec function library, built only when an expression calls a function."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

# Tables already built, by (base directory, filesystem access): building one costs
# about 0.1 ms, as much as reading a small job. Sharing is safe: the functions keep no
# state (filesystem ones resolve paths when called), and the table is read-only.
_TABLES: dict[tuple[str, bool], Mapping[str, Any]] = {}
_MAX_TABLES = 32  # a bound: each job file's folder may be a base directory of its own


class LazyFunctions(Mapping[str, Any]):
    """The jobspec function library, built on first use.

    Importing the library (hashing, YAML, date and CIDR helpers) is a large part of a
    cold start, and many jobs call no function at all.
    """

    def __init__(self, base_dir: str, allow_fs: bool) -> None:
        self._args = (base_dir, allow_fs)
        self._loaded: Mapping[str, Any] | None = None

    def _library(self) -> Mapping[str, Any]:
        if self._loaded is None:
            table = _TABLES.get(self._args)
            if table is None:
                from nomadqemu.functions.library import library

                if len(_TABLES) >= _MAX_TABLES:
                    _TABLES.clear()
                table = _TABLES[self._args] = MappingProxyType(library(*self._args))
            self._loaded = table
        return self._loaded

    def __getitem__(self, name: str) -> Any:
        return self._library()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._library())

    def __len__(self) -> int:
        return len(self._library())


# Variable validations see the library without filesystem access (`Functions("", false)`).
VALIDATION_FUNCTIONS = LazyFunctions("", allow_fs=False)
