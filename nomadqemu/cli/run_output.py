"""How `nomadqemu run` talks to the terminal: task-prefixed logs, notices, progress,
and the `--dry-run` listing (text or JSON)."""

from __future__ import annotations

import json
import re
import shlex
import sys
import threading
from collections.abc import Sequence
from typing import Any, TextIO

from nomadqemu.executor.prepare import PreparedTask

# The guest console is full of VT100 sequences (screen clears, cursor moves): they are
# kept in the log files but must not drive the user's terminal.
_ESCAPES = re.compile(rb"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_]|c)|[\x00-\x08\x0b-\x1f\x7f]")


class TerminalReporter:
    def __init__(self, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> None:
        self.out = out
        self.err = err
        self.lock = threading.Lock()
        self.show_progress = err.isatty()
        self._progress_open = False

    def _end_progress(self) -> None:
        if self._progress_open:
            self.err.write("\n")
            self._progress_open = False

    def log(self, task: PreparedTask, stream: str, line: bytes) -> None:
        text = _ESCAPES.sub(b"", line).decode(errors="replace").rstrip()
        if not text:
            return
        marker = "!" if stream == "stderr" else "|"
        with self.lock:
            self._end_progress()
            self.out.write(f"{task.label} {marker} {text}\n")
            self.out.flush()

    def info(self, message: str) -> None:
        with self.lock:
            self._end_progress()
            self.err.write(f"==> {message}\n")
            self.err.flush()

    def warn(self, message: str) -> None:
        with self.lock:
            self._end_progress()
            self.err.write(f"==> warning: {message}\n")
            self.err.flush()

    def progress(self, name: str, done: int, total: int | None) -> None:
        if not self.show_progress:
            return
        with self.lock:
            if total:
                width = 30
                filled = width * done // total
                bar = "#" * filled + "-" * (width - filled)
                text = f"\r    {name} [{bar}] {done / 1e6:.1f}/{total / 1e6:.1f} MB"
            else:
                text = f"\r    {name} {done / 1e6:.1f} MB"
            self.err.write(text)
            self.err.flush()
            self._progress_open = True
            if total and done >= total:
                self._end_progress()


def _ports(task: PreparedTask) -> list[dict[str, Any]]:
    guests = {f.label: f.guest_port for f in task.forwards}
    return [
        {
            "label": port.label,
            "value": port.value,
            "to": port.to,
            "host_ip": port.ip,
            "guest_port": guests.get(port.label),
        }
        for port in task.ports
    ]


def dry_run_json(tasks: Sequence[PreparedTask]) -> str:
    items = [
        {
            "group": t.instance.spec.group,
            "task": t.instance.spec.task,
            "alloc_index": t.instance.alloc_index,
            "alloc_id": t.instance.alloc_id,
            "alloc_dir": str(t.alloc_dir.path),
            "argv": list(t.argv),
            "env": dict(t.env),
            "ports": _ports(t),
        }
        for t in tasks
    ]
    return json.dumps(items, indent=2) + "\n"


def dry_run_text(tasks: Sequence[PreparedTask]) -> str:
    lines: list[str] = []
    for task in tasks:
        lines.append(f"{task.label} (alloc {task.instance.alloc_id})")
        lines.append(f"  alloc dir: {task.alloc_dir.path}")
        lines.append(f"  cwd:       {task.task_dir}")
        lines.append(f"  argv:      {shlex.join(task.argv)}")
        for port in _ports(task):
            guest = f" -> guest port {port['guest_port']}" if port["guest_port"] else ""
            lines.append(f"  port:      {port['label']} {port['host_ip']}:{port['value']}{guest}")
        lines.append("  env:")
        lines.extend(f"    {key}={value}" for key, value in task.env.items())
        lines.append("")
    return "\n".join(lines)
