"""The qemu task `config` block against the driver's schema for a Nomad version."""

from __future__ import annotations

from typing import Any

from nomadqemu.namesuggest import first_suggestion
from nomadqemu.validate.driver_version import NomadVersion
from nomadqemu.validate.reporter import Reporter
from nomadqemu.validate.schemas import is_valid, load_schema, validator_for

# HCL's wording for a failed conversion, by the schema definition a field refers to.
_TYPE_WORDS = {
    "#/$defs/string": "string required",
    "#/$defs/bool": "bool required",
    "#/$defs/number": "number required",
    "#/$defs/stringList": "list of string required",
    "#/$defs/portMap": "list of map of number required",
}
_NEWER_FIELDS = {"emulator", "machine_type"}


def check_config(
    config: Any, path: str, version: NomadVersion, report: Reporter
) -> dict[str, Any] | None:
    """Report schema problems; returns the config when it is usable for further checks."""
    name = version.schema_name
    schema = load_schema(name)
    if not isinstance(config, dict):
        report.add(
            "NQ201",
            'Missing required argument; The argument "image_path" is required, '
            "but no definition was found.",
            path,
        )
        return None
    if is_valid(name, config):
        return config
    properties: dict[str, Any] = schema["properties"]
    for error in validator_for(name).iter_errors(config):
        if error.validator == "required":
            report.add(
                "NQ201",
                'Missing required argument; The argument "image_path" is required, '
                "but no definition was found.",
                path,
            )
        elif error.validator == "additionalProperties":
            for key in config:
                if key not in properties:
                    _unknown_key(key, list(properties), path, version, report)
        else:
            key = str(error.absolute_path[0]) if error.absolute_path else ""
            ref = properties.get(key, {}).get("$ref", "")
            words = _TYPE_WORDS.get(ref, "a different type required")
            report.add(
                "NQ203",
                f'Incorrect attribute value type; Inappropriate value for attribute "{key}": '
                f"{words}.",
                f"{path}.{key}",
            )
    # Nomad stops at the decode error; later checks still run here so that one pass
    # reports every problem.
    return config


def _unknown_key(
    key: str, known: list[str], path: str, version: NomadVersion, report: Reporter
) -> None:
    detail = f'No argument or block type is named "{key}".'
    hint = None
    if key in _NEWER_FIELDS and not version.has_emulator_field:
        hint = f"`{key}` exists from Nomad 1.11.1; this job targets Nomad {version}"
    else:
        near = first_suggestion(key, known)
        if near:
            detail += f' Did you mean "{near}"?'
            hint = f'did you mean "{near}"?'
    report.add("NQ202", f"Invalid label; {detail}", f"{path}.{key}", hint=hint)
