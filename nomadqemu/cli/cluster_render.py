"""How the cluster commands print: watcher events as text or JSON lines, and the
`formatKV`/`formatList` tables of the `nomad` CLI."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from nomadqemu.api.markup import mark, paint
from nomadqemu.api.watch import Event, short
from nomadqemu.cli import color as colors


def format_time(moment: datetime.datetime | None = None) -> str:
    """The CLI's `formatTime`: RFC 3339 in local time."""
    moment = moment or datetime.datetime.now().astimezone()
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def format_kv(rows: Sequence[tuple[str, str]]) -> str:
    """`formatKV`: `Key = value` with the `=` signs lined up."""
    width = max((len(k) for k, _ in rows), default=0)
    return "\n".join(f"{k.ljust(width)} = {v}".rstrip() for k, v in rows)


def format_list(rows: Sequence[Sequence[str]]) -> str:
    """`formatList`: columns separated by two spaces, padded to the widest cell."""
    if not rows:
        return ""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def deployment_text(deploy: Mapping[str, Any], id_length: int) -> str:
    """`formatDeployment`: the summary and the per-group table."""
    text = format_kv(
        [
            ("ID", short(str(deploy.get("ID") or ""), id_length)),
            ("Job ID", str(deploy.get("JobID") or "")),
            ("Job Version", str(deploy.get("JobVersion") or 0)),
            ("Status", str(deploy.get("Status") or "")),
            ("Description", str(deploy.get("StatusDescription") or "")),
        ]
    )
    groups = deploy.get("TaskGroups")
    if not isinstance(groups, Mapping) or not groups:
        return text
    canaries = any(int(g.get("DesiredCanaries") or 0) > 0 for g in groups.values())
    header = ["Task Group", *(["Promoted"] if canaries else []), "Desired"]
    header += [*(["Canaries"] if canaries else []), "Placed", "Healthy", "Unhealthy"]
    rows = [header]
    for name in sorted(groups):
        g = groups[name]
        row = [str(name)]
        if canaries:
            row.append(str(g.get("Promoted", False)).lower() if g.get("DesiredCanaries") else "N/A")
        row.append(str(g.get("DesiredTotal") or 0))
        if canaries:
            row.append(str(g.get("DesiredCanaries") or 0))
        row += [str(g.get(k) or 0) for k in ("PlacedAllocs", "HealthyAllocs", "UnhealthyAllocs")]
        rows.append(row)
    return f"{text}\n\n{mark('bold')}Deployed{mark('reset')}\n{format_list(rows)}"


class EventPrinter:
    """Prints watcher events: JSON lines, or the CLI's text (redrawn in place on a TTY)."""

    def __init__(self, *, json_lines: bool, id_length: int, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.json_lines = json_lines
        self.id_length = id_length
        self.tty = self.out.isatty()
        self._drawn = 0  # lines of the live deployment block on screen

    def __call__(self, event: Event) -> None:
        if self.json_lines:
            record = {"time": format_time(), "event": event.kind, "message": event.message}
            record.update({k: v for k, v in event.data.items() if k not in record})
            self.out.write(json.dumps(record, sort_keys=False) + "\n")
            self.out.flush()
            return
        if event.kind == "deployment-update":
            self._deployment(event.data)
            return
        if event.kind == "deployment-finished":
            self._drawn = 0
            self.out.write(f"  {event.message}\n")
            self.out.flush()
            return
        prefix = "==> " if event.headline else "    "
        self.out.write(paint(f"{prefix}{format_time()}: {event.message}", False) + "\n")
        self.out.flush()

    def _deployment(self, deploy: Mapping[str, Any]) -> None:
        block = f"\n{format_time()}\n{deployment_text(deploy, self.id_length)}"
        lines = ["    " + line if line else "" for line in block.split("\n")]
        text = paint("\n".join(lines), colors.enabled(self.out))
        if self.tty and self._drawn:
            # Move up over the previous block and clear it: progress in place.
            self.out.write(f"\x1b[{self._drawn}F\x1b[J")
        self.out.write(text + "\n")
        self.out.flush()
        self._drawn = len(lines)
