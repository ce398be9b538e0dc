"""Cold-start timing shared by the bench scripts: wall and CPU time of fresh processes.

Python must be allowed to cache bytecode (as an installed wheel has it): with
`PYTHONDONTWRITEBYTECODE` set, every run would compile every module from source and
measure the compiler, not start-up. One untimed run fills the cache first.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def median_times(argv: list[str], runs: int = 7) -> tuple[float, float]:
    """Median wall time and median user+system CPU time of `runs` runs of `argv`, seconds."""
    env = environment()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)
