"""Runs prepared tasks: artifacts, VMs, logs, restarts, signals, exit status.

The main thread owns every process start (the parent-death signal is tied to the
thread that forks) and reacts to events from a SimpleQueue, whose put() may be called
from signal handlers. Stops run in one thread per VM, so VMs power off in parallel.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Protocol

from nomadqemu.executor import allocdir
from nomadqemu.executor.artifacts import ArtifactError, FetchSettings, fetch_artifact
from nomadqemu.executor.plan import BATCH_TYPES, SECOND_NS
from nomadqemu.executor.prepare import PreparedTask
from nomadqemu.executor.vm import ExitResult, VirtualMachine

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_FORCED = 130


class Reporter(Protocol):
    def log(self, task: PreparedTask, stream: str, line: bytes) -> None: ...
    def info(self, message: str) -> None: ...
    def warn(self, message: str) -> None: ...
    def progress(self, name: str, done: int, total: int | None) -> None: ...


def kill_signal(name: str) -> int:
    """The task's `kill_signal` (default SIGINT, as the executor uses)."""
    if not name:
        return int(signal.SIGINT)
    try:
        return int(signal.Signals[name.upper()])
    except KeyError:
        raise ValueError(f'unknown kill_signal "{name}"') from None


@dataclass
class TaskRun:
    prepared: PreparedTask
    vm: VirtualMachine | None = None
    restarts: list[float] = field(default_factory=list)
    restart_at: float | None = None
    done: bool = False
    failed: bool = False
    outcome: str = ""
    exit_handled: bool = True  # False from a start until its exit event is handled

    @property
    def running(self) -> bool:
        return self.vm is not None and not self.vm.exited.is_set()


@dataclass(frozen=True)
class RunOutcome:
    exit_code: int
    tasks: tuple[TaskRun, ...]


class Runner:
    def __init__(
        self,
        prepared: Sequence[PreparedTask],
        *,
        reporter: Reporter,
        fetch_settings: FetchSettings,
        keep: bool,
        max_kill_timeout_s: float,
        remove_base: Path | None = None,
    ) -> None:
        self.tasks = [TaskRun(p) for p in prepared]
        self.reporter = reporter
        self.fetch_settings = fetch_settings
        self.keep = keep
        self.max_kill_timeout_s = max_kill_timeout_s
        self.remove_base = remove_base  # a fresh base folder created for this run
        self.events: queue.SimpleQueue[tuple[str, object]] = queue.SimpleQueue()
        self.stopping = False
        self.forced = False
        self.stoppers: list[threading.Thread] = []

    # --- setup ---------------------------------------------------------------------

    def _create_dirs(self) -> None:
        by_alloc: dict[Path, list[str]] = {}
        for task in self.tasks:
            by_alloc.setdefault(task.prepared.alloc_dir.path, []).append(
                task.prepared.instance.spec.task
            )
        for path, names in by_alloc.items():
            allocdir.create(path.parent, path.name, names)

    def _fetch_artifacts(self) -> bool:
        for task in self.tasks:
            for artifact in task.prepared.artifacts:
                try:
                    fetch_artifact(artifact, task.prepared.task_dir, self.fetch_settings)
                except ArtifactError as exc:
                    label = task.prepared.label
                    self.reporter.warn(
                        f'{label}: failed to download artifact "{artifact.source}": {exc}'
                    )
                    task.failed, task.done, task.outcome = True, True, f"artifact: {exc}"
                    return False
                self.reporter.info(
                    f"{task.prepared.label}: fetched {artifact.source} into {artifact.destination}"
                )
        return True

    # --- processes -----------------------------------------------------------------

    def _sink(self, task: TaskRun) -> Callable[[str, bytes], None]:
        def sink(stream: str, line: bytes) -> None:
            if stream in ("stdout", "stderr"):
                self.reporter.log(task.prepared, stream, line)
            else:  # the VM's own notices (an unreachable monitor)
                self.reporter.warn(f"{task.prepared.label}: {line.decode(errors='replace')}")

        return sink

    def _start(self, task: TaskRun) -> None:
        prepared = task.prepared
        alloc = prepared.alloc_dir
        name = prepared.instance.spec.task
        vm = VirtualMachine(
            prepared.argv,
            cwd=prepared.task_dir,
            env=prepared.process_env,
            log_paths={
                "stdout": alloc.log_file(name, "stdout"),
                "stderr": alloc.log_file(name, "stderr"),
            },
            sink=self._sink(task),
            monitor_socket=prepared.monitor_socket,
            cleanup=prepared.sockets,
        )
        task.vm, task.restart_at = vm, None
        task.exit_handled = False
        try:
            vm.start(on_exit=lambda _vm: self.events.put(("exit", task)))
        except OSError as exc:
            task.failed, task.done, task.exit_handled = True, True, True
            task.outcome = f"could not start qemu: {exc}"
            self.reporter.warn(f"{prepared.label}: {task.outcome}")
            return
        self.reporter.info(f"{prepared.label}: started qemu (pid {vm.pid})")
        for forward in prepared.forwards:
            self.reporter.info(
                f"{prepared.label}: port {forward.label} reachable at "
                f"127.0.0.1:{forward.host_port} (guest port {forward.guest_port})"
            )

    def _kill_timeout(self, task: TaskRun) -> float:
        spec = task.prepared.instance.spec
        return min(spec.kill_timeout_ns / SECOND_NS, self.max_kill_timeout_s)

    def _stop(self, task: TaskRun) -> None:
        vm = task.vm
        if vm is None or vm.exited.is_set():
            return
        spec = task.prepared.instance.spec
        stopper = threading.Thread(
            target=vm.stop,
            args=(
                self._kill_timeout(task),
                kill_signal(spec.kill_signal),
                task.prepared.config.graceful_shutdown,
            ),
            name=f"stop-{task.prepared.label}",
            daemon=True,
        )
        stopper.start()
        self.stoppers.append(stopper)

    # --- events --------------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.events.put(("signal", signum))

    def _handle_signal(self, signum: int) -> None:
        if not self.stopping:
            self.stopping = True
            name = signal.Signals(signum).name
            self.reporter.info(f"{name} received: stopping (press Ctrl-C again to force)")
            for task in self.tasks:
                task.restart_at = None
                self._stop(task)
            return
        self.forced = True
        self.reporter.warn("forced stop: killing every VM")
        for task in self.tasks:
            if task.vm is not None:
                task.vm.force()

    def _describe(self, task: TaskRun, result: ExitResult) -> str:
        text = f"{result.reason.value} (exit status {result.returncode}"
        if result.stop_s is not None:
            text += f", {result.stop_s:.2f}s after the stop request"
        text += ")"
        if task.vm is not None and result.returncode != 0 and task.vm.stderr_tail:
            text += ": " + task.vm.stderr_tail[-1].decode(errors="replace")
        return text

    def _handle_exit(self, task: TaskRun) -> None:
        assert task.vm is not None and task.vm.result is not None
        task.exit_handled = True
        result = task.vm.result
        label = task.prepared.label
        description = self._describe(task, result)
        if self.stopping or result.requested:
            task.done, task.outcome = True, description
            self.reporter.info(f"{label}: {description}")
            return
        spec = task.prepared.instance.spec
        if spec.job_type in BATCH_TYPES and result.returncode == 0:
            task.done, task.outcome = True, description
            self.reporter.info(f"{label}: completed: {description}")
            return
        policy = spec.restart
        now = time.monotonic()
        interval = policy.interval_ns / SECOND_NS
        recent = [t for t in task.restarts if now - t < interval]
        if len(recent) < policy.attempts:
            delay = policy.delay_ns / SECOND_NS
            task.restarts.append(now)
            task.restart_at = now + delay
            self.reporter.warn(
                f"{label}: {description}; restarting in {delay:g}s "
                f"(attempt {len(recent) + 1} of {policy.attempts} in {interval:g}s)"
            )
        elif policy.mode == "delay" and recent:
            task.restarts = []
            task.restart_at = recent[0] + interval
            self.reporter.warn(f"{label}: {description}; restart attempts exhausted, waiting")
        else:
            task.done, task.failed = True, True
            task.outcome = f"{description}; exceeded allowed restart attempts"
            self.reporter.warn(f"{label}: failed: {task.outcome}")
            self._stop_siblings(task)

    def _stop_siblings(self, failed: TaskRun) -> None:
        """A failed task fails its allocation: the other tasks of that alloc are stopped."""
        alloc_id = failed.prepared.instance.alloc_id
        for task in self.tasks:
            if task is not failed and task.prepared.instance.alloc_id == alloc_id:
                task.restart_at = None
                self._stop(task)

    def _loop(self) -> None:
        while True:
            waiting = [t.restart_at for t in self.tasks if t.restart_at is not None]
            # A VM counts until its exit event is handled, not merely until it exited:
            # the event that decides about a restart may still be on its way.
            if not waiting and all(t.exit_handled for t in self.tasks):
                return
            timeout = max(0.0, min(waiting) - time.monotonic()) if waiting else None
            try:
                kind, payload = self.events.get(timeout=timeout)
            except queue.Empty:
                kind, payload = "timer", None
            if kind == "signal":
                assert isinstance(payload, int)
                self._handle_signal(payload)
            elif kind == "exit":
                assert isinstance(payload, TaskRun)
                self._handle_exit(payload)
            now = time.monotonic()
            for task in self.tasks:
                if task.restart_at is not None and task.restart_at <= now and not self.stopping:
                    self._start(task)

    # --- the whole run -------------------------------------------------------------

    def run(self) -> RunOutcome:
        previous: dict[int, object] = {}
        try:
            self._create_dirs()
            if not self._fetch_artifacts():
                return RunOutcome(EXIT_FAILED, tuple(self.tasks))
            if threading.current_thread() is threading.main_thread():
                for handled in (signal.SIGINT, signal.SIGTERM):
                    previous[handled] = signal.signal(handled, self._on_signal)
            for task in self.tasks:
                if not self.stopping:
                    self._start(task)
            self._loop()
        finally:
            for task in self.tasks:
                if task.running and task.vm is not None:
                    task.vm.force()
                    task.vm.exited.wait(15)
            for signum, handler in previous.items():
                signal.signal(signum, handler)  # type: ignore[arg-type] # saved by signal.signal
            self._cleanup()
        if self.forced:
            code = EXIT_FORCED
        elif any(t.failed for t in self.tasks):
            code = EXIT_FAILED
        else:
            code = EXIT_OK
        return RunOutcome(code, tuple(self.tasks))

    def _cleanup(self) -> None:
        if self.keep:
            for path in sorted({t.prepared.alloc_dir.path for t in self.tasks}):
                self.reporter.info(f"kept alloc dir {path}")
            return
        for task in self.tasks:
            allocdir.remove(task.prepared.alloc_dir.path)
        if self.remove_base is not None:
            with contextlib.suppress(OSError):
                self.remove_base.rmdir()
