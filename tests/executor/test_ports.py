"""Port allocation: static ports must be free, dynamic ones come from 20000–32000."""

from __future__ import annotations

import random
import socket

import pytest

from nomadqemu.executor.plan import PortSpec
from nomadqemu.executor.ports import DYNAMIC_MAX, DYNAMIC_MIN, PortError, allocate, port_is_free


def test_static_then_dynamic_in_job_order() -> None:
    specs = [PortSpec("ssh", 0, 22), PortSpec("http", 8080, 80)]
    ports = allocate(specs, taken=(), is_free=lambda _: True, rng=random.Random(1))
    assert [p.label for p in ports] == ["ssh", "http"]
    ssh, http = ports
    assert DYNAMIC_MIN <= ssh.value <= DYNAMIC_MAX and ssh.inner == 22
    assert (http.value, http.to, http.inner) == (8080, 80, 80)


def test_dynamic_ports_avoid_taken_and_busy_ports() -> None:
    busy = set(range(DYNAMIC_MIN, DYNAMIC_MAX - 5))
    ports = allocate(
        [PortSpec(f"p{i}", 0, 0) for i in range(3)],
        taken={DYNAMIC_MAX},
        is_free=lambda port: port not in busy,
        rng=random.Random(7),
    )
    values = [p.value for p in ports]
    assert len(set(values)) == 3
    assert all(DYNAMIC_MAX - 5 <= v < DYNAMIC_MAX for v in values)


def test_static_port_collision_is_an_error() -> None:
    with pytest.raises(PortError, match=r'static port 8080 \(label "http"\) is already in use'):
        allocate([PortSpec("http", 8080, 0)], taken={8080}, is_free=lambda _: True)


def test_real_probe_sees_a_listening_socket() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert not port_is_free(port)
    with socket.socket() as holder, pytest.raises(PortError):
        holder.bind(("0.0.0.0", 0))
        allocate([PortSpec("x", holder.getsockname()[1], 0)], taken=())
