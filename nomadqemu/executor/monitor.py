"""The HMP monitor socket: `system_powerdown`, sent so that qemu really gets it.

Writing the command and closing at once loses it most of the time (qemu has not read
it yet when the connection goes away), so the client waits for the `(qemu) ` prompt,
writes, and waits for the next prompt (the reply) before closing.
"""

from __future__ import annotations

import socket
import time

PROMPT = b"(qemu) "


class MonitorError(OSError):
    pass


def _read_until_prompt(sock: socket.socket, deadline: float) -> bytes:
    seen = b""
    while PROMPT not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise MonitorError("timed out waiting for the qemu monitor prompt")
        sock.settimeout(remaining)
        chunk = sock.recv(4096)
        if not chunk:
            raise MonitorError("the qemu monitor closed the connection")
        seen += chunk
    return seen


def send_command(path: str, command: str, timeout: float = 3.0) -> str:
    """Run one HMP command and return its output (echo and escapes included)."""
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(path)
            _read_until_prompt(sock, deadline)
            sock.sendall(command.encode() + b"\n")
            reply = _read_until_prompt(sock, deadline)
        except OSError as exc:
            raise MonitorError(f"qemu monitor {path}: {exc}") from exc
    return reply.decode(errors="replace")


def system_powerdown(path: str, timeout: float = 3.0) -> None:
    """Press the guest's ACPI power button; raises MonitorError when it could not be sent."""
    send_command(path, "system_powerdown", timeout)
