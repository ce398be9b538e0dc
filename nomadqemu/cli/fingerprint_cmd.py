"""`nomadqemu fingerprint`: this machine's attributes as a Nomad client reports them."""

from __future__ import annotations

import json
import os
import sys

import click

from nomadqemu.cli.errors import guarded


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object of attributes.")
@click.option("--nomad-version", help="Nomad version whose qemu fingerprint applies.")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def fingerprint(as_json: bool, nomad_version: str | None, debug: bool) -> None:
    """Print node attributes (kernel.*, cpu.*, os.*, unique.*, driver.qemu*)."""
    # An unexpected exception exits 3 with a short report (the traceback with --debug);
    # the output is built first and written in one piece, so nothing partial is printed.
    lines, qemu_note = guarded(debug, lambda: _describe(as_json, nomad_version))
    sys.stdout.write(lines)
    if qemu_note:
        click.echo(qemu_note, err=True)


def _describe(as_json: bool, nomad_version: str | None) -> tuple[str, str]:
    """The text to print, and a note on an undetected qemu driver (or "")."""
    from nomadqemu.fingerprint.local import local_node
    from nomadqemu.validate.driver_version import NomadVersionError, newest, parse_nomad_version

    try:
        version = parse_nomad_version(nomad_version) if nomad_version else newest()
    except NomadVersionError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    node, qemu = local_node(
        os.environ.get("PATH", ""), (), scan_path=version.checks_emulator_allowlist
    )
    attrs = dict(sorted(node.attributes.items()))
    if as_json:
        return json.dumps(attrs, indent=2) + "\n", ""
    width = max((len(k) for k in attrs), default=0)
    text = "".join(f"{key.ljust(width)} = {value}\n" for key, value in attrs.items())
    if qemu.detected:
        return text, ""
    reason = qemu.description or "no qemu-system-* found on PATH"
    return text, f"# qemu driver: undetected ({reason})"
