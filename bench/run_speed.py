"""`nomadqemu run` against plain qemu: time to the guest's port answering, and stop time.

    python -m bench.run_speed [--runs 10]

Each round starts the test guest twice, alternately: once with `nomadqemu run` (with its
default validation, artifact copy and all) and once with the very argv it builds, run
with plain `qemu-system-x86_64` from a prepared task dir. "Ready" is the first
`GET /` through the forwarded port that returns the guest's page, polled every 20 ms.
Stopping compares Ctrl-C (SIGINT to nomadqemu) to exit against `system_powerdown`
written straight to plain qemu's monitor (the guest's own power-off time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nomadqemu.executor.monitor import system_powerdown  # noqa: E402 -- after sys.path
from nomadqemu.testguest import build_guest  # noqa: E402 -- after sys.path


def job_for(image: Path) -> dict[str, Any]:
    task = {
        "Name": "vm",
        "Driver": "qemu",
        "KillTimeout": 20_000_000_000,
        "Config": {
            "image_path": "local/guest.img",
            "drive_interface": "virtio",
            "accelerator": "tcg",
            "graceful_shutdown": True,
            "port_map": [{"http": 80}],
        },
        "Artifacts": [{"GetterSource": f"file://{image}", "RelativeDest": "local/"}],
        "Resources": {
            "CPU": 500,
            "MemoryMB": 128,
            "Networks": [{"DynamicPorts": [{"Label": "http"}]}],
        },
    }
    return {
        "Job": {"ID": "bench", "Name": "bench", "TaskGroups": [{"Name": "web", "Tasks": [task]}]}
    }


def env() -> dict[str, str]:
    result = dict(os.environ)
    result["PYTHONPATH"] = str(REPO) + os.pathsep + result.get("PYTHONPATH", "")
    # As installed: byte-code cached (an installed wheel ships it compiled).
    result.pop("PYTHONDONTWRITEBYTECODE", None)
    return result


def wait_ready(port: int, started: float, process: subprocess.Popen[bytes], console: Path) -> float:
    # First the guest's console line, then real requests: polling the forwarded port
    # from the first millisecond floods slirp with half-open connections while the
    # guest boots, which slows both sides unevenly.
    while b"GUEST-READY" not in console.read_bytes():
        if process.poll() is not None:
            raise RuntimeError("the VM exited before it was ready")
        time.sleep(0.01)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=0.3) as reply:
                if reply.read() == b"guest-ok\n":
                    return time.monotonic() - started
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError("the VM exited before answering")
        time.sleep(0.02)


def wait_exactly(process: subprocess.Popen[bytes]) -> None:
    """A blocking waitpid: Popen.wait(timeout) polls with sleeps of up to 50 ms, which
    would quantize the stop times being measured. A timer bounds it instead."""
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        process.wait()
    finally:
        watchdog.cancel()


def nomadqemu_round(job: Path, work: Path) -> tuple[float, float, float]:
    err_path, out_path = work / "err", work / "out"
    started = time.monotonic()
    with err_path.open("wb") as err, out_path.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "nomadqemu", "run", "--alloc-dir", str(work / "a"), str(job)],
            env=env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    try:
        port = 0
        while not port:
            match = re.search(r"reachable at 127\.0\.0\.1:(\d+)", err_path.read_text())
            port = int(match.group(1)) if match else 0
            if not port:
                if process.poll() is not None:
                    raise RuntimeError(err_path.read_text())
                time.sleep(0.005)
        # qemu has been spawned when the port line is printed (5 ms polling).
        spawned = time.monotonic() - started
        ready = wait_ready(port, started, process, out_path)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        wait_exactly(process)
        return ready, time.monotonic() - sent, spawned
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def plain_round(job: Path, image: Path, work: Path) -> tuple[float, float]:
    dry = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "run", "--dry-run", "--json", "--no-validate",
         "--alloc-dir", str(work / "p"), str(job)],
        env=env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    [item] = json.loads(dry.stdout)
    task_dir = Path(item["alloc_dir"]) / "vm"
    (task_dir / "local").mkdir(parents=True)
    shutil.copyfile(image, task_dir / "local" / "guest.img")
    port = next(p["value"] for p in item["ports"] if p["label"] == "http")
    console = work / "console"
    with console.open("wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            item["argv"], cwd=task_dir, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        ready = wait_ready(port, started, process, console)
        sent = time.monotonic()
        system_powerdown(str(task_dir / "qm.sock"))
        wait_exactly(process)
        return ready, time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(work / "p", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    image = build_guest(iso=False).img
    work = Path(tempfile.mkdtemp(prefix="nqb", dir="/tmp"))  # short: socket paths
    job = work / "bench.json"
    job.write_text(json.dumps(job_for(image)))
    subprocess.run(  # warm-up: byte-code and the page cache, as on a second run
        [sys.executable, "-m", "nomadqemu", "run", "--dry-run", str(job)],
        env=env(), capture_output=True, check=True,
    )  # fmt: skip
    nq_spawn: list[float] = []
    nq_ready: list[float] = []
    nq_stop: list[float] = []
    plain_ready: list[float] = []
    plain_stop: list[float] = []
    try:
        for index in range(args.runs):
            # Alternate which side goes first, so that drifting load hits both alike.
            for side in ("nomadqemu", "plain") if index % 2 == 0 else ("plain", "nomadqemu"):
                if side == "nomadqemu":
                    ready, stop, spawned = nomadqemu_round(job, work)
                    nq_spawn.append(spawned)
                    nq_ready.append(ready)
                    nq_stop.append(stop)
                else:
                    ready, stop = plain_round(job, image, work)
                    plain_ready.append(ready)
                    plain_stop.append(stop)
            print(
                f"round {index + 1:2}: ready nomadqemu {nq_ready[-1]:.3f}s "
                f"plain {plain_ready[-1]:.3f}s; stop nomadqemu {nq_stop[-1]:.3f}s "
                f"plain {plain_stop[-1]:.3f}s",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    nq, plain = statistics.median(nq_ready), statistics.median(plain_ready)
    nq_s, plain_s = statistics.median(nq_stop), statistics.median(plain_stop)
    print()
    version = subprocess.run(
        ["qemu-system-x86_64", "--version"], capture_output=True, text=True, check=False
    )
    print(version.stdout.splitlines()[0], f"(TCG), {os.cpu_count()} CPUs")
    print(f"runs: {args.runs} each, medians")
    print(f"start → guest port answering: nomadqemu run {nq:.3f}s, plain qemu {plain:.3f}s")
    print(f"  ratio {nq / plain:.3f} (target ≤ 1.05), overhead {1000 * (nq - plain):.0f} ms")
    print(
        "nomadqemu's own work before qemu starts (validation, planning, artifact copy): "
        f"{1000 * statistics.median(nq_spawn):.0f} ms"
    )
    print(
        f"stop: Ctrl-C → exit {1000 * nq_s:.0f} ms, guest power-off alone {1000 * plain_s:.0f} ms"
    )
    print(f"  overhead {1000 * (nq_s - plain_s):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
