"""A qemu task's `config` decoded as the driver decodes it, defaults applied.

The driver's schema differs per release (`emulator` and `machine_type` arrived in
v1.11.1). Decoding follows cty's conversions (`"true"` → bool, `"22"` → number) and
reports problems with the task runner's wording (`failed to parse config: …`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.executor.driver_version import DriverGeneration

DEFAULT_EMULATOR = "x86_64"
EMULATOR_PREFIX = "qemu-system-"

_BASE_FIELDS = (
    "image_path",
    "drive_interface",
    "accelerator",
    "graceful_shutdown",
    "guest_agent",
    "args",
    "port_map",
)
_V1_11_1_FIELDS = ("emulator", "machine_type")


@dataclass(frozen=True)
class QemuConfig:
    """The driver's `TaskConfig` after StartTask applied its defaults."""

    image_path: str
    raw_emulator: str = ""  # as written; the emulator allowlist compares this value
    binary_name: str = "qemu-system-x86_64"
    machine_type: str = "pc"
    accelerator: str = "tcg"
    drive_interface: str = "ide"
    graceful_shutdown: bool = False
    guest_agent: bool = False
    args: tuple[str, ...] = ()
    port_map: Mapping[str, int] = field(default_factory=dict)


class ConfigError(ValueError):
    """The task runner's `failed to parse config: …` validation failure."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("failed to parse config: " + "; ".join(problems))


def allowed_fields(generation: DriverGeneration) -> tuple[str, ...]:
    if generation >= DriverGeneration.V1_11_1:
        return _BASE_FIELDS + _V1_11_1_FIELDS
    return _BASE_FIELDS


def _type_error(name: str, what: str) -> str:
    return f'Incorrect attribute value type: Inappropriate value for attribute "{name}": {what}.'


def _format_number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_string(name: str, value: Any, problems: list[str]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _format_number(value)
    problems.append(_type_error(name, "string required"))
    return ""


def _as_bool(name: str, value: Any, problems: list[str]) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    what = "a bool is required" if isinstance(value, str) else "bool required"
    problems.append(_type_error(name, what))
    return False


def _as_port(name: str, value: Any, problems: list[str]) -> int | None:
    if isinstance(value, bool):
        problems.append(_type_error(name, "number required"))
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
        problems.append(_type_error(name, "a number is required"))
        return None
    problems.append(_type_error(name, "number required"))
    return None


def _as_port_map(value: Any, problems: list[str]) -> dict[str, int]:
    # HCL gives a list of one map per `port_map { … }` block; API JSON may give one map.
    maps = [value] if isinstance(value, dict) else value
    if not isinstance(maps, list) or not all(isinstance(m, dict) for m in maps):
        problems.append(_type_error("port_map", "list of map of number required"))
        return {}
    merged: dict[str, int] = {}
    for mapping in maps:
        for label, port in mapping.items():
            number = _as_port("port_map", port, problems)
            if number is not None:
                merged[str(label)] = number
    return merged


def _emulator_binary(raw: str, generation: DriverGeneration) -> str:
    if generation < DriverGeneration.V1_11_1:
        return "qemu-system-x86_64"
    if generation == DriverGeneration.V1_11_1:
        # v1.11.1 took the emulator as the full binary name.
        return raw or "qemu-system-x86_64"
    arch = raw.removeprefix(EMULATOR_PREFIX) or DEFAULT_EMULATOR
    return EMULATOR_PREFIX + arch


def decode_config(config: Mapping[str, Any], generation: DriverGeneration) -> QemuConfig:
    """Decode an (already interpolated) task config; raises `ConfigError`."""
    problems: list[str] = []
    known = allowed_fields(generation)
    for key in config:
        if key not in known:
            problems.append(f'Invalid label: No argument or block type is named "{key}".')
    if "image_path" not in config:
        problems.append(
            'Missing required argument: The argument "image_path" is required, '
            "but no definition was found."
        )

    def text(name: str, default: str) -> str:
        if config.get(name) is None:
            return default
        return _as_string(name, config[name], problems) or default

    def flag(name: str) -> bool:
        return config.get(name) is not None and _as_bool(name, config[name], problems)

    raw_args = config.get("args")
    args: list[str] = []
    if raw_args is not None:
        if isinstance(raw_args, list):
            args = [_as_string("args", item, problems) for item in raw_args]
        else:
            problems.append(_type_error("args", "list of string required"))
    port_map = _as_port_map(config["port_map"], problems) if config.get("port_map") else {}
    image_path = (
        _as_string("image_path", config["image_path"], problems) if "image_path" in config else ""
    )
    raw_emulator = text("emulator", "") if "emulator" in known else ""
    result = QemuConfig(
        image_path=image_path,
        raw_emulator=raw_emulator,
        binary_name=_emulator_binary(raw_emulator, generation),
        machine_type=text("machine_type", "pc") if "machine_type" in known else "pc",
        accelerator=text("accelerator", "tcg"),
        drive_interface=text("drive_interface", "ide"),
        graceful_shutdown=flag("graceful_shutdown"),
        guest_agent=flag("guest_agent"),
        args=tuple(args),
        port_map=port_map,
    )
    if problems:
        raise ConfigError(problems)
    return result
