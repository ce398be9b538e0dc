"""How `nomadqemu run` writes to the terminal: prefixed logs, notices, progress."""

from __future__ import annotations

import io
from pathlib import Path

from nomadqemu.cli.run_output import TerminalReporter, dry_run_json, dry_run_text
from nomadqemu.executor.allocdir import AllocDir
from nomadqemu.executor.plan import instances, task_specs
from nomadqemu.executor.ports import AllocatedPort
from nomadqemu.executor.prepare import Forward, PreparedTask
from nomadqemu.executor.task_config import QemuConfig


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def prepared_task() -> PreparedTask:
    job = {
        "ID": "j",
        "TaskGroups": [{"Name": "web", "Tasks": [{"Name": "vm", "Driver": "qemu"}]}],
    }
    [instance] = instances(task_specs(job), new_id=lambda: "a1")
    return PreparedTask(
        instance=instance,
        alloc_dir=AllocDir(Path("/allocs/a1")),
        config=QemuConfig(image_path="local/x.img"),
        argv=("/usr/bin/qemu-system-x86_64", "-name", "x y.img"),
        env={"NOMAD_TASK_NAME": "vm"},
        process_env={},
        ports=(AllocatedPort("http", 25000, 0),),
        forwards=(Forward("http", 25000, 80),),
        monitor_socket=None,
        sockets=(),
        warnings=(),
    )


def test_log_lines_are_prefixed_and_stripped_of_terminal_escapes() -> None:
    out, err = io.StringIO(), io.StringIO()
    reporter = TerminalReporter(out, err)
    task = prepared_task()
    reporter.log(task, "stdout", b"\x1bc\x1b[?7l\x1b[2JGUEST-READY port=80\r")
    reporter.log(task, "stderr", b"qemu-system-x86_64: warning")
    reporter.log(task, "stdout", b"\x1b[0m")  # nothing left: not printed
    assert (
        out.getvalue()
        == "web[0].vm | GUEST-READY port=80\nweb[0].vm ! qemu-system-x86_64: warning\n"
    )
    reporter.info("hello")
    reporter.warn("careful")
    assert err.getvalue() == "==> hello\n==> warning: careful\n"


def test_progress_only_on_a_terminal() -> None:
    plain = io.StringIO()
    TerminalReporter(io.StringIO(), plain).progress("disk.img", 5, 10)
    assert plain.getvalue() == ""
    tty = FakeTty()
    reporter = TerminalReporter(io.StringIO(), tty)
    reporter.progress("disk.img", 5_000_000, 10_000_000)
    reporter.progress("disk.img", 10_000_000, 10_000_000)
    text = tty.getvalue()
    assert "\r    disk.img [###############---------------] 5.0/10.0 MB" in text
    assert text.endswith("10.0/10.0 MB\n")


def test_dry_run_renderings() -> None:
    task = prepared_task()
    text = dry_run_text([task])
    assert "argv:      /usr/bin/qemu-system-x86_64 -name 'x y.img'" in text
    assert "port:      http 127.0.0.1:25000 -> guest port 80" in text
    assert "    NOMAD_TASK_NAME=vm" in text
    json_text = dry_run_json([task])
    assert '"alloc_dir": "/allocs/a1"' in json_text
    assert '"guest_port": 80' in json_text
