"""The jobspec function library, built only when an expression calls a function."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


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
            from nomadqemu.functions.library import library

            self._loaded = library(*self._args)
        return self._loaded

    def __getitem__(self, name: str) -> Any:
        return self._library()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._library())

    def __len__(self) -> int:
        return len(self._library())


# Variable validations see the library without filesystem access (`Functions("", false)`).
VALIDATION_FUNCTIONS = LazyFunctions("", allow_fs=False)
