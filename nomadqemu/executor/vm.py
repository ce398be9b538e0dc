"""One qemu process: started so that it cannot outlive nomadqemu, logged, stopped like the driver.

- Own process group: a terminal's Ctrl-C reaches nomadqemu only (qemu quits at once on
  SIGINT, which would skip the graceful path).
- Parent-death signal: if nomadqemu dies, even by SIGKILL, the kernel kills qemu. The
  signal fires when the *thread* that forked exits, so VMs are started from the main
  thread only.
- stdin is /dev/null and stdout/stderr are pipes: with `-nographic` qemu would
  otherwise take over the terminal.
- Exits are observed by a thread blocked in waitpid, so stopping waits on an event
  (no polling) and qemu's exit status 0 is told apart by recording why it stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from nomadqemu.executor.monitor import MonitorError, system_powerdown

PR_SET_PDEATHSIG = 1
LineSink = Callable[[str, bytes], None]  # (stream name, line without newline)


class StopReason(StrEnum):
    GUEST_POWEROFF = "the guest powered off"  # exited on its own, not asked to
    CRASHED = "qemu exited"  # exited on its own with a non-zero status
    POWERDOWN = "powered off after system_powerdown"
    SIGNAL = "stopped by its kill signal after kill_timeout"
    KILLED = "killed with SIGKILL"
    FORCED = "killed with SIGKILL (forced stop)"


@dataclass(frozen=True)
class ExitResult:
    returncode: int
    reason: StopReason
    requested: bool  # the stop was asked for (Ctrl-C, SIGTERM, a sibling's failure)
    runtime_s: float
    stop_s: float | None  # from the stop request to the exit

    @property
    def successful(self) -> bool:
        return self.returncode == 0 or self.requested


def _pdeathsig_preexec(parent_pid: int) -> Callable[[], None]:
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # The parent may have died between fork and prctl: then nobody would kill us.
        if os.getppid() != parent_pid:
            os._exit(1)

    return preexec


class VirtualMachine:
    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        log_paths: Mapping[str, Path],
        sink: LineSink,
        monitor_socket: Path | None,
        cleanup: Sequence[Path] = (),
    ) -> None:
        self.argv = list(argv)
        self.cwd = cwd
        self.env = dict(env)
        self.log_paths = dict(log_paths)
        self.sink = sink
        self.monitor_socket = monitor_socket
        self.cleanup_paths = list(cleanup)
        self.exited = threading.Event()
        self.result: ExitResult | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self._stop_requested_at: float | None = None
        self._stop_reason: StopReason | None = None
        self._lock = threading.Lock()
        self._readers: list[threading.Thread] = []
        self.stderr_tail: deque[bytes] = deque(maxlen=5)  # for the failure message
        self._on_exit: Callable[[VirtualMachine], None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, on_exit: Callable[[VirtualMachine], None]) -> None:
        """Spawn qemu (call from the main thread); raises OSError when it cannot start."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("VMs must be started from the main thread (parent-death signal)")
        self._on_exit = on_exit
        self._started_at = time.monotonic()
        self._process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            process_group=0,
            preexec_fn=_pdeathsig_preexec(os.getpid()),  # noqa: PLW1509 -- only calls prctl
        )
        for name, pipe in (("stdout", self._process.stdout), ("stderr", self._process.stderr)):
            assert pipe is not None
            reader = threading.Thread(
                target=self._pump, args=(name, pipe), name=f"qemu-{name}", daemon=True
            )
            reader.start()
            self._readers.append(reader)
        threading.Thread(target=self._reap, name="qemu-reaper", daemon=True).start()

    def _pump(self, stream: str, pipe: IO[bytes]) -> None:
        with self.log_paths[stream].open("ab") as log:
            for line in pipe:
                log.write(line)
                log.flush()
                if stream == "stderr":
                    self.stderr_tail.append(line.rstrip(b"\r\n"))
                self.sink(stream, line.rstrip(b"\r\n"))
        pipe.close()

    def _reap(self) -> None:
        assert self._process is not None
        returncode = self._process.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        with self._lock:
            now = time.monotonic()
            requested = self._stop_requested_at is not None
            reason = self._stop_reason
            if reason is None:
                reason = StopReason.GUEST_POWEROFF if returncode == 0 else StopReason.CRASHED
            self.result = ExitResult(
                returncode=returncode,
                reason=reason,
                requested=requested,
                runtime_s=now - self._started_at,
                stop_s=(now - self._stop_requested_at) if self._stop_requested_at else None,
            )
        for path in self.cleanup_paths:
            with contextlib.suppress(OSError):
                path.unlink()
        self.exited.set()
        if self._on_exit is not None:
            self._on_exit(self)

    def _signal(self, sig: int) -> None:
        if self._process is not None and not self.exited.is_set():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._process.pid, sig)

    def _mark(self, reason: StopReason) -> None:
        with self._lock:
            if self._stop_requested_at is None:
                self._stop_requested_at = time.monotonic()
            self._stop_reason = reason

    def stop(self, kill_timeout: float, kill_signal: int, graceful: bool) -> None:
        """The driver's StopTask + executor Shutdown; blocks until qemu is gone.

        graceful: `system_powerdown` and up to kill_timeout for the guest to power off;
        then kill_signal and up to kill_timeout; then SIGKILL.
        """
        if self.exited.is_set():
            return
        if graceful and self.monitor_socket is not None:
            self._mark(StopReason.POWERDOWN)
            try:
                system_powerdown(str(self.monitor_socket))
            except MonitorError as exc:
                self.sink("nomadqemu", f"could not send system_powerdown: {exc}".encode())
            else:
                if self.exited.wait(kill_timeout):
                    return
        if kill_timeout > 0:
            self._mark(StopReason.SIGNAL)
            self._signal(kill_signal)
            if self.exited.wait(kill_timeout):
                return
        self._mark(StopReason.KILLED)
        self._signal(signal.SIGKILL)
        self.exited.wait(15)

    def force(self) -> None:
        self._mark(StopReason.FORCED)
        self._signal(signal.SIGKILL)
