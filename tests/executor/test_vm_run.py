"""`nomadqemu run` with real VMs: the project's test guest under TCG (no mocks of qemu)."""

from __future__ import annotations

import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nomadqemu.testguest import GuestImages, build_guest
from nomadqemu.testguest.kernel import GuestBuildError
from tests.executor.httpserver import serve
from tests.executor.vmjob import RunningJob, guest_job, http_get, process_alive

pytestmark = pytest.mark.vm


@pytest.fixture(scope="module")
def guest() -> GuestImages:
    if shutil.which("qemu-system-x86_64") is None:
        pytest.skip("needs qemu-system-x86_64")
    try:
        return build_guest(iso=False)
    except GuestBuildError as exc:
        pytest.skip(f"cannot build the test guest: {exc}")


@pytest.fixture(scope="module")
def image_server(guest: GuestImages) -> Iterator[str]:
    with serve(guest.directory) as (url, _):
        yield url


@pytest.fixture
def workdir() -> Iterator[Path]:
    # Short paths: the monitor socket must fit in 108 bytes.
    path = Path(tempfile.mkdtemp(prefix="nqvm", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_boots_serves_and_powers_off_gracefully_on_ctrl_c(
    guest: GuestImages, image_server: str, workdir: Path
) -> None:
    spec = guest_job("web", f"{image_server}/guest.img", guest.img, kill_timeout_s=20)
    allocs = workdir / "allocs"
    running = RunningJob(spec, workdir / "job", "--keep", "--alloc-dir", str(allocs))
    try:
        port = running.port()
        qemu = running.qemu_pid()
        running.wait_ready(port)
        # Ctrl-C in a terminal signals the foreground process group: qemu, in a group of
        # its own, must not see it, or it would quit before the graceful path runs.
        sent = running.signal_group(signal.SIGINT)
        assert running.wait(30) == 0, running.stderr
        stop_seconds = time.monotonic() - sent
    finally:
        running.close()
    assert stop_seconds < 10, "powered off well before kill_timeout (20 s)"
    assert "powered off after system_powerdown" in running.stderr
    assert not process_alive(qemu)
    assert http_get(port, timeout=0.3) is None
    [alloc] = list(allocs.iterdir())
    logs = alloc / "alloc" / "logs"
    assert "GUEST-READY" in (logs / "vm.stdout.0").read_text(errors="replace")
    assert (logs / "vm.stderr.0").exists()
    assert {p.name for p in (alloc / "vm").iterdir()} >= {"local", "secrets", "tmp"}
    assert not (alloc / "vm" / "qm.sock").exists()  # sockets are cleaned up
    assert "web[0].vm | GUEST-READY" in running.stdout  # logs on the terminal, prefixed


def test_two_jobs_at_once_distinct_ports_and_kill_timeout_escalation(
    guest: GuestImages, image_server: str, workdir: Path
) -> None:
    polite = guest_job("polite", f"{image_server}/guest.img", guest.img, kill_timeout_s=20)
    stubborn = guest_job(
        "stubborn", f"{image_server}/guest-ignore.img", guest.img_ignore, kill_timeout_s=3
    )
    first = RunningJob(polite, workdir / "a")
    second = RunningJob(stubborn, workdir / "b")
    try:
        ports = first.port(), second.port()
        assert ports[0] != ports[1]
        first.wait_ready(ports[0])
        second.wait_ready(ports[1])
        second.signal(signal.SIGINT)
        first.signal(signal.SIGINT)
        assert first.wait(30) == 0, first.stderr
        polite_s = time.monotonic() - first.stop_sent
        assert second.wait(30) == 0, second.stderr
        stubborn_s = time.monotonic() - second.stop_sent
    finally:
        first.close()
        second.close()
    assert polite_s < 10
    assert 3 <= stubborn_s < 10, "the ignoring guest is stopped by its signal after kill_timeout"
    assert "stopped by its kill signal after kill_timeout" in second.stderr


def test_sigkill_of_nomadqemu_leaves_no_qemu(
    guest: GuestImages, image_server: str, workdir: Path
) -> None:
    spec = guest_job("orphan", f"{image_server}/guest.img", guest.img)
    running = RunningJob(spec, workdir / "job")
    try:
        qemu = running.qemu_pid()
        assert process_alive(qemu)
        running.signal(signal.SIGKILL)
        running.wait(10)
        deadline = time.monotonic() + 5
        while process_alive(qemu) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_alive(qemu), "qemu outlived nomadqemu"
    finally:
        running.close()


def test_restart_policy_applies_when_the_vm_stops_on_its_own(
    guest: GuestImages, image_server: str, workdir: Path
) -> None:
    from nomadqemu.executor.monitor import system_powerdown

    restart = {"Attempts": 1, "Delay": 500_000_000, "Interval": 600 * 1_000_000_000, "Mode": "fail"}
    spec = guest_job("flaky", f"{image_server}/guest.img", guest.img, restart=restart)
    allocs = workdir / "allocs"
    running = RunningJob(spec, workdir / "job", "--alloc-dir", str(allocs))
    try:
        port = running.port()
        running.wait_ready(port)
        [alloc] = list(allocs.iterdir())
        monitor = str(alloc / "vm" / "qm.sock")
        system_powerdown(monitor)  # the guest powers off: not a stop nomadqemu asked for
        running.wait_for(r"restarting in 0\.5s \(attempt 1 of 1")
        running.wait_for(r"started qemu \(pid \d+\)[\s\S]*started qemu \(pid \d+\)")
        running.wait_ready(port)
        system_powerdown(monitor)
        assert running.wait(30) == 1
    finally:
        running.close()
    assert "exceeded allowed restart attempts" in running.stderr


def test_second_ctrl_c_forces_and_exits_130(
    guest: GuestImages, image_server: str, workdir: Path
) -> None:
    spec = guest_job(
        "force", f"{image_server}/guest-ignore.img", guest.img_ignore, kill_timeout_s=25
    )
    running = RunningJob(spec, workdir / "job")
    try:
        qemu = running.qemu_pid()
        # Once the firmware runs, the monitor socket is up: the powerdown is delivered
        # (and ignored). Before that, the driver skips the wait and signals at once.
        running.wait_for("Booting from", stream="stdout")
        running.signal(signal.SIGTERM)  # SIGTERM starts the same graceful stop
        running.wait_for(r"SIGTERM received: stopping")
        time.sleep(0.3)
        running.signal(signal.SIGINT)
        assert running.wait(10) == 130, running.stderr
        assert time.monotonic() - running.stop_sent < 5
    finally:
        running.close()
    assert not process_alive(qemu)
    assert "forced stop" in running.stderr
