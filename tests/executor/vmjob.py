"""Drives a real `nomadqemu run` process booting the project's test guest."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.executor.cli import cli_argv, cli_env, write_job
from tests.executor.jobs import SECOND, group, job, qemu_task


def guest_job(
    name: str,
    image_url: str,
    image: Path,
    *,
    kill_timeout_s: int = 20,
    restart: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One VM that fetches the image over HTTP (sha256-checked) and forwards http → 80."""
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    task = qemu_task(
        "vm",
        memory=128,
        config={
            "image_path": f"local/{image.name}",
            "drive_interface": "virtio",  # boots ~2 s faster than IDE under TCG
            "accelerator": "tcg",
            "graceful_shutdown": True,
            "port_map": [{"http": 80}],
        },
        networks=[{"DynamicPorts": [{"Label": "http"}]}],
        KillTimeout=kill_timeout_s * SECOND,
        Artifacts=[{"GetterSource": image_url, "GetterOptions": {"checksum": f"sha256:{digest}"}}],
    )
    grp = group("web", task, RestartPolicy=restart) if restart else group("web", task)
    return job(grp, ID=name, Name=name)


def http_get(port: int, timeout: float = 0.5) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=timeout) as reply:
            return str(reply.read().decode())
    except OSError:
        return None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return False


class RunningJob:
    def __init__(self, job_spec: dict[str, Any], workdir: Path, *extra: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.path = write_job(workdir / f"{job_spec['ID']}.json", job_spec)
        self.stdout_path = workdir / "stdout.txt"
        self.stderr_path = workdir / "stderr.txt"
        self.started = time.monotonic()
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                cli_argv("run", *extra, str(self.path)),
                env=cli_env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                # Its own process group, like a shell's foreground job: signal_group()
                # then does what a terminal's Ctrl-C does.
                process_group=0,
            )

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float = 60, stream: str = "stderr") -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.stderr if stream == "stderr" else self.stdout)
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"no {pattern!r} in nomadqemu's output:\n{self.stderr}")

    def port(self, label: str = "http") -> int:
        return int(self.wait_for(rf"port {label} reachable at 127\.0\.0\.1:(\d+)").group(1))

    def qemu_pid(self) -> int:
        return int(self.wait_for(r"started qemu \(pid (\d+)\)").group(1))

    def wait_ready(self, port: int, timeout: float = 90) -> float:
        """Seconds from `nomadqemu run` to the guest's page through the forwarded port."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if http_get(port) == "guest-ok\n":
                return time.monotonic() - self.started
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"the guest never answered on port {port}:\n{self.stderr}\n{self.stdout}")

    def signal(self, sig: int) -> float:
        self.stop_sent = time.monotonic()
        self.process.send_signal(sig)
        return self.stop_sent

    def signal_group(self, sig: int) -> float:
        """Signal the whole process group, as a terminal's Ctrl-C does."""
        self.stop_sent = time.monotonic()
        os.killpg(self.process.pid, sig)
        return self.stop_sent

    def wait(self, timeout: float = 60) -> int:
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
