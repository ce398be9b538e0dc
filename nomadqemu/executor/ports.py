"""Port allocation as a client does it: static ports must be free, dynamic ones are
picked at random from 20000–32000, `to` maps the port inside the network namespace.

`allocate` is pure given `is_free`; `port_is_free` is the real probe (binds TCP and UDP
on every interface, as qemu's hostfwd will).
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from nomadqemu.executor.plan import PortSpec

DYNAMIC_MIN = 20000
DYNAMIC_MAX = 32000


@dataclass(frozen=True)
class AllocatedPort:
    label: str
    value: int  # the host port
    to: int  # the mapped port (0: same as value)
    ip: str = "127.0.0.1"

    @property
    def inner(self) -> int:
        return self.to or self.value


class PortError(RuntimeError):
    pass


def port_is_free(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                return False
    return True


def allocate(
    specs: Iterable[PortSpec],
    taken: Collection[int],
    is_free: Callable[[int], bool] = port_is_free,
    rng: random.Random | None = None,
) -> list[AllocatedPort]:
    """Allocate one network's ports, avoiding `taken` (ports given to earlier allocations)."""
    rng = rng or random.Random()
    used = set(taken)
    result: list[AllocatedPort] = []
    ordered = list(specs)
    for spec in ordered:
        if spec.static:
            if spec.static in used or not is_free(spec.static):
                raise PortError(
                    f'static port {spec.static} (label "{spec.label}") is already in use'
                )
            used.add(spec.static)
            result.append(AllocatedPort(spec.label, spec.static, spec.to))
    for spec in ordered:
        if not spec.static:
            port = _pick_dynamic(used, is_free, rng)
            used.add(port)
            result.append(AllocatedPort(spec.label, port, spec.to))
    # Keep the job's order so that printed addresses follow the job file.
    order = {spec.label: i for i, spec in enumerate(ordered)}
    return sorted(result, key=lambda p: order.get(p.label, 0))


def _pick_dynamic(used: set[int], is_free: Callable[[int], bool], rng: random.Random) -> int:
    # The client tries random ports, then falls back to a scan (network_index.go).
    for _ in range(100):
        port = rng.randint(DYNAMIC_MIN, DYNAMIC_MAX)
        if port not in used and is_free(port):
            return port
    for port in range(DYNAMIC_MIN, DYNAMIC_MAX + 1):
        if port not in used and is_free(port):
            return port
    raise PortError(f"no free dynamic port between {DYNAMIC_MIN} and {DYNAMIC_MAX}")
