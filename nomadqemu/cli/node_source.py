"""Where the node for constraint checks comes from: this machine, a JSON file, or none."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nomadqemu.clientconfig import ClientConfig
from nomadqemu.constraints.node import Node, node_from_json
from nomadqemu.validate.driver_version import NomadVersion

if TYPE_CHECKING:
    from nomadqemu.executor.taskenv import NodeInfo

NodeFactory = Callable[[], tuple[Node | None, list[str]]]


class NodeFileError(ValueError):
    """A node description named on the command line or in settings cannot be used."""


def node_factory(
    setting: str, version: NomadVersion, client: ClientConfig | None
) -> NodeFactory | None:
    if setting == "none":
        return None
    if setting == "local":
        return lambda: _local(version, client)
    # A file the user named is read now: one that cannot be used is a usage error, not a
    # silently skipped check (`nomad job validate` exits 0 having checked less, #13063).
    node = _from_file(setting)
    return lambda: (node, [])


def _local(version: NomadVersion, client: ClientConfig | None) -> tuple[Node | None, list[str]]:
    from dataclasses import replace

    from nomadqemu.fingerprint.local import local_node

    allowlist = client.emulators_allowlist if client and version.checks_emulator_allowlist else ()
    node, qemu = local_node(
        os.environ.get("PATH", ""), allowlist, scan_path=version.checks_emulator_allowlist
    )
    missing: list[str] = []
    if not qemu.detected:
        why = qemu.description or "no qemu-system-* on PATH"
        missing.append(f"qemu driver fingerprint on this machine ({why})")
        node = replace(node, drivers={}, unknowable=("${attr.driver.qemu",))
    return node, missing


def _from_file(path: str) -> Node:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise NodeFileError(f"cannot read node description {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise NodeFileError(f"cannot read node description {path}: {exc}") from None
    try:
        return node_from_json(json.loads(text))
    except ValueError as exc:
        raise NodeFileError(f"invalid node description {path}: {exc}") from None


def run_node(nomad_version: str, client: ClientConfig) -> NodeInfo:
    """What `${attr.*}`, `${node.*}` and `${meta.*}` read in `nomadqemu run`: this
    machine's fingerprint (qemu probed only if a task config reads `driver.qemu*`)."""
    import uuid

    from nomadqemu.executor.taskenv import NodeInfo
    from nomadqemu.fingerprint.local import lazy_node_attributes

    # `run` fingerprints the driver as the pre-1.11.2 clients did: qemu-system-x86_64 only.
    attributes = lazy_node_attributes(
        os.environ.get("PATH", ""), (), scan_path=False, extra={"nomad.version": nomad_version}
    )
    hostname = attributes["unique.hostname"]
    node = {
        "unique.id": str(uuid.uuid5(uuid.NAMESPACE_DNS, hostname)),
        "unique.name": hostname,
        "datacenter": client.datacenter,
        "class": client.node_class,
        "pool": "default",
        "region": "global",
    }
    return NodeInfo(attributes=attributes, node=node, meta=dict(client.meta))
