"""Formatting throughput (files per second) beside `inspect`'s on the same job files, same run.

Usage: python -m bench.fmt_speed [FOLDER]   (default: the shared conformance `fmt` inputs
when present beside this checkout, else the project's own fmt fixtures). Prints one line
per measurement: `fmt` (parse check + layout, what the command does per file), `layout`
(tokens and layout alone), `inspect` (load_job + Nomad's JSON), and the start-up cost of
one `nomadqemu fmt --stdout` process, which is what a pre-commit hook pays per batch.
"""

from __future__ import annotations

import importlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "conformance" / "fmt"


def job_files(folder: Path) -> list[Path]:
    if folder.is_dir():
        found = sorted(p for p in folder.glob("*.nomad") if not p.name.endswith(".formatted.nomad"))
        if found:
            return found
    return sorted((ROOT / "fixtures" / "fmt").glob("*.in"))


def rate(label: str, files: list[Path], work: Callable[[Path], bool], rounds: int = 5) -> None:
    """Best of `rounds` passes over all files; `work` returns False when a file fails.

    CPU time, not wall time: other processes on a shared machine then skew it less.
    """
    best = float("inf")
    ok = 0
    for _ in range(rounds):
        started = time.process_time()
        ok = sum(1 for path in files if work(path))
        best = min(best, time.process_time() - started)
    print(f"{label:8} {len(files) / best:9.1f} files/s  ({ok}/{len(files)} ok, {len(files)} files)")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    files = job_files(folder)
    sources = {path: path.read_bytes() for path in files}

    from nomadqemu.fmt import format_source, format_text

    rate("fmt", files, lambda p: format_source(sources[p], str(p))[0] is not None)
    texts = {path: data.decode("utf-8", "surrogateescape") for path, data in sources.items()}
    rate("layout", files, lambda p: bool(format_text(texts[p]) or True))

    # Looked up by name: the bench also runs on checkouts that predate `load_job`.
    jobspec = importlib.import_module("nomadqemu.jobspec")
    load_job = getattr(jobspec, "load_job", None)
    if load_job is None:
        print("inspect  not available in this checkout")
    else:
        from nomadqemu.gojson import encode_job

        def inspect(path: Path) -> bool:
            try:
                encode_job(load_job(str(path)).job)
            except Exception:  # a job that needs variables, or a decoder gap: counted, not fatal
                return False
            return True

        rate("inspect", files, inspect)

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = 5
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for _ in range(runs):
        subprocess.run(
            [sys.executable, "-m", "nomadqemu", "fmt", "--stdout", str(files[0])],
            env=env,
            capture_output=True,
            check=True,
        )
    wall = (time.perf_counter() - started) / runs
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / runs
    print(
        f"process  {cpu * 1000:9.1f} ms CPU, {wall * 1000:.1f} ms wall per `fmt --stdout FILE` run"
    )


if __name__ == "__main__":
    main()
