"""Costly attributes are fingerprinted only when a reader asks for them."""

from __future__ import annotations

from nomadqemu.fingerprint.lazy import LazyAttributes


def test_probe_runs_once_and_only_for_its_prefix() -> None:
    calls: list[int] = []

    def probe() -> dict[str, str]:
        calls.append(1)
        return {"driver.qemu": "true", "driver.qemu.version": "8.2.2"}

    attributes = LazyAttributes({"kernel.name": "linux"}, "driver.qemu", probe)
    assert attributes["kernel.name"] == "linux"
    assert attributes.get("cpu.nope") is None
    assert calls == []
    assert attributes["driver.qemu.version"] == "8.2.2"
    assert dict(attributes) == {
        "kernel.name": "linux",
        "driver.qemu": "true",
        "driver.qemu.version": "8.2.2",
    }
    assert calls == [1]


def test_whole_mapping_reads_probe_first() -> None:
    attributes = LazyAttributes({"a": "1"}, "driver.qemu", lambda: {"driver.qemu": "true"})
    assert len(attributes) == 2
    assert "driver.qemu" in attributes


def test_probe_finding_nothing_leaves_the_key_missing() -> None:
    attributes = LazyAttributes({"a": "1"}, "driver.qemu", dict)
    assert attributes.get("driver.qemu.version") is None
    assert list(attributes) == ["a"]
