"""The client's `plugin "qemu"` policy: emulator allowlist, args allowlist, image paths."""

from __future__ import annotations

import re
from typing import Any

from nomadqemu.clientconfig import ClientConfig
from nomadqemu.executor.driver_checks import (
    check_args,
    check_emulator,
    check_image_path,
    is_allowed_image_path,
)
from nomadqemu.validate.context import ValidationContext
from nomadqemu.validate.reporter import Reporter

_INTERPOLATION = re.compile(r"\$\{[^}]*\}")


def interpolate_known(text: str, env: dict[str, str]) -> str | None:
    """Replace `${NAME}` task variables we can know offline; None if any remain unknown."""
    unknown = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(0)[2:-1].strip()
        if name in env:
            return env[name]
        unknown = True
        return match.group(0)

    result = _INTERPOLATION.sub(replace, text)
    return None if unknown else result


def check_policy(
    config: dict[str, Any],
    cfg_path: str,
    env: dict[str, str],
    ctx: ValidationContext,
    *,
    client: ClientConfig,
    report: Reporter,
) -> None:
    version = ctx.nomad_version
    if version.checks_emulator_allowlist and client.emulators_allowlist:
        raw = config.get("emulator")
        emulator = "" if raw is None else str(raw)
        emulator_error = check_emulator(emulator, client.emulators_allowlist)
        if emulator_error is not None:
            hint = "allowed: " + ", ".join(client.emulators_allowlist)
            if emulator.startswith("qemu-system-"):
                hint += "; the allowlist is compared with the raw value, so write the suffix"
            elif emulator == "":
                hint += "; an omitted emulator is compared as '' and rejected: set it"
            report.add(
                "NQ304",
                emulator_error,
                f"{cfg_path}.emulator" if raw is not None else cfg_path,
                hint=hint,
            )

    args = config.get("args")
    if client.args_allowlist and isinstance(args, list):
        allowed = set(client.args_allowlist)
        for i, raw_arg in enumerate(args):
            arg = interpolate_known(str(raw_arg), env)
            if arg is None:
                if str(raw_arg).strip().startswith("-"):
                    report.note(
                        "NQ501",
                        f"args[{i}] {str(raw_arg)!r} uses runtime interpolation; "
                        "its args_allowlist check was not verified",
                        f"{cfg_path}.args[{i}]",
                    )
                continue
            args_error = check_args([arg], client.args_allowlist)
            if args_error is not None:
                arg_hint = None
                if arg.strip() != arg and arg.strip() in allowed:
                    arg_hint = "the allowlist compares untrimmed: remove the surrounding whitespace"
                report.add(
                    "NQ303",
                    args_error,
                    f"{cfg_path}.args[{i}]",
                    hint=arg_hint,
                )

    image = config.get("image_path")
    alloc_dir = client.example_alloc_dir
    if isinstance(image, str) and image and alloc_dir is not None:
        _check_image(image, f"{cfg_path}.image_path", alloc_dir, ctx, client=client, report=report)


def _check_image(
    image: str,
    path: str,
    alloc_dir: str,
    ctx: ValidationContext,
    *,
    client: ClientConfig,
    report: Reporter,
) -> None:
    allowed = list(client.image_paths)
    image_error = check_image_path(image, allowed, alloc_dir)
    if image_error is not None:
        hint = "allowed: the allocation directory"
        if allowed:
            hint += ", " + ", ".join(allowed)
        report.add("NQ301", image_error, path, hint=hint)
        return
    if ctx.resolve_symlinks is None or not image.startswith("/"):
        return
    real = ctx.resolve_symlinks(image)
    if real is not None and real != image and not is_allowed_image_path(allowed, alloc_dir, real):
        report.add(
            "NQ302",
            f"image_path passes Nomad's lexical check, but on this machine it resolves to "
            f"{real}, outside the allowed paths",
            path,
            hint="Nomad does not resolve symlinks; the VM would read a file outside image_paths",
        )


__all__ = ["check_policy", "interpolate_known"]
