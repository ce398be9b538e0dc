"""`nomadqemu fingerprint`: this machine's attributes as a Nomad client reports them."""

from __future__ import annotations

import json
import os
import sys

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object of attributes.")
@click.option("--nomad-version", help="Nomad version whose qemu fingerprint applies.")
def fingerprint(as_json: bool, nomad_version: str | None) -> None:
    """Print node attributes (kernel.*, cpu.*, os.*, unique.*, driver.qemu*)."""
    from nomadqemu.fingerprint.local import local_node
    from nomadqemu.validate.driver_version import NomadVersionError, newest, parse_nomad_version

    try:
        version = parse_nomad_version(nomad_version) if nomad_version else newest()
    except NomadVersionError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    try:
        node, qemu = local_node(
            os.environ.get("PATH", ""), (), scan_path=version.checks_emulator_allowlist
        )
    except Exception as exc:  # a short report rather than a traceback
        click.echo(f"nomadqemu: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(3)
    attrs = dict(sorted(node.attributes.items()))
    if as_json:
        sys.stdout.write(json.dumps(attrs, indent=2) + "\n")
    else:
        width = max((len(k) for k in attrs), default=0)
        for key, value in attrs.items():
            click.echo(f"{key.ljust(width)} = {value}")
        if not qemu.detected:
            reason = qemu.description or "no qemu-system-* found on PATH"
            click.echo(f"# qemu driver: undetected ({reason})", err=True)
