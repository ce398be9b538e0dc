"""Node attributes whose costly part is fingerprinted only when somebody reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping


class LazyAttributes(Mapping[str, str]):
    """`static` attributes plus those `probe` returns, probed on the first read of a key
    starting with `prefix` (or of the whole mapping). Probing qemu means running it, and
    most task configs never interpolate `${attr.driver.qemu…}`: `run` should not pay."""

    def __init__(
        self, static: Mapping[str, str], prefix: str, probe: Callable[[], Mapping[str, str]]
    ) -> None:
        self._values = dict(static)
        self._prefix = prefix
        self._probe: Callable[[], Mapping[str, str]] | None = probe

    def _probed(self) -> dict[str, str]:
        if self._probe is not None:
            probe, self._probe = self._probe, None
            self._values.update(probe())
        return self._values

    def __getitem__(self, key: str) -> str:
        if key.startswith(self._prefix):
            return self._probed()[key]
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._probed())

    def __len__(self) -> int:
        return len(self._probed())
