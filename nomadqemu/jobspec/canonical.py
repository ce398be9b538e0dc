"""`api.Job.Canonicalize`: the defaults Nomad's API client and `/v1/jobs/parse` fill in.

`canonicalize` takes a sparse API job and returns a new, full one: every field of every
struct present (Go zero values where Nomad leaves them zero), with the defaults of
`api/jobs.go`, `api/tasks.go`, `api/resources.go`, `api/services.go`, `api/consul.go` and
`api/scaling.go` applied in the same order Nomad applies them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from nomadqemu.gojson import encode_struct
from nomadqemu.jobspec.canonical_base import Struct, child, default, nil_if_empty, structs
from nomadqemu.jobspec.canonical_group import (
    canonicalize_group,
    canonicalize_update,
    default_update,
)
from nomadqemu.jobspec.model import GoType, fields

# Pointer fields of api.Job and the value Canonicalize gives them when nil, in Nomad's order.
JOB_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("ParentID", ""),
    ("Namespace", "default"),
    ("Priority", 50),
    ("Stop", False),
    ("Region", "global"),
    ("NodePool", ""),
    ("Type", "service"),
    ("AllAtOnce", False),
    ("ConsulNamespace", ""),
    ("VaultNamespace", ""),
    ("NomadTokenID", ""),
    ("Status", ""),
    ("StatusDescription", ""),
    ("Stable", False),
    ("Version", 0),
    ("CreateIndex", 0),
    ("ModifyIndex", 0),
    ("JobModifyIndex", 0),
)


def canonicalize(job: Mapping[str, Any]) -> dict[str, Any]:
    """A full, canonical copy of a sparse API job (the input is not changed)."""
    result: Struct = copy.deepcopy(dict(job))
    default(result, "ID", "")
    default(result, "Name", result["ID"])
    for key, value in JOB_DEFAULTS:
        default(result, key, value)
    periodic = child(result, "Periodic")
    if periodic is not None:
        canonicalize_periodic(periodic)
    update = child(result, "Update")
    if update is not None:
        canonicalize_update(update)
    elif result["Type"] in ("service", "system"):
        result["Update"] = default_update()
    multiregion = child(result, "Multiregion")
    if multiregion is not None:
        canonicalize_multiregion(multiregion)
    for group in structs(result, "TaskGroups"):
        canonicalize_group(group, result)
    for spread in structs(result, "Spreads"):
        default(spread, "Weight", 50)
    for affinity in structs(result, "Affinities"):
        default(affinity, "Weight", 50)
    ui = child(result, "UI")
    if ui is not None:
        nil_if_empty(ui, "Links")
    return fill_struct(result, "Job")


def canonicalize_periodic(periodic: Struct) -> None:
    default(periodic, "Enabled", True)
    default(periodic, "Spec", "")
    default(periodic, "Specs", [])
    default(periodic, "SpecType", "cron")
    default(periodic, "ProhibitOverlap", False)
    if not periodic.get("TimeZone"):
        periodic["TimeZone"] = "UTC"


def canonicalize_multiregion(multiregion: Struct) -> None:
    strategy = child(multiregion, "Strategy")
    if strategy is None:
        strategy = multiregion["Strategy"] = {}
    default(strategy, "MaxParallel", 0)
    default(strategy, "OnFailure", "")
    default(multiregion, "Regions", [])
    for region in structs(multiregion, "Regions"):
        default(region, "Count", 1)
        default(region, "Datacenters", [])
        default(region, "Meta", {})


def fill_struct(value: Mapping[str, Any], struct: str) -> dict[str, Any]:
    """`value` with every field of `struct` present, zero values where it had none."""
    return {field.json: fill(value.get(field.json), field.type) for field in fields(struct)}


def fill(value: Any, kind: GoType) -> Any:
    """`value` of Go type `kind` with its nested structs filled; the zero value for None."""
    tag = kind.kind
    if tag == "pointer":
        return None if value is None else fill(value, kind.element)
    if tag == "struct":
        assert kind.struct is not None
        return fill_struct(value or {}, kind.struct)
    if value is None:
        return _ZEROS.get(tag)
    if tag == "slice":
        return [fill(item, kind.element) for item in value]
    if tag == "map":
        return {key: fill(item, kind.element) for key, item in value.items()}
    return value


# Zero values of Go's non-nilable scalar kinds; nilable kinds are None.
_ZEROS: dict[str, Any] = {
    "string": "",
    "bool": False,
    "int": 0,
    "uint": 0,
    "duration": 0,
    "float": 0.0,
}


def encode_canonical(job: Mapping[str, Any]) -> str:
    """What `inspect --canonical` prints: the bare canonical job, indented, with a newline."""
    return encode_struct(canonicalize(job), "Job") + "\n"


__all__ = ["canonicalize", "encode_canonical", "fill", "fill_struct"]
