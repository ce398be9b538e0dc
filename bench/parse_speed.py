"""HCL parse throughput (KB/s) beside python-hcl2's `hcl2.loads` on the same files, same run.

Usage: python -m bench.parse_speed [FOLDER]   (default: the shared conformance job files
when present beside this checkout, else the project's own fixtures). Prints KB/s for
`parse_file` (the line reader, tree-sitter and the walk where it needs them, Go's syntax
checks where they can find something), for Go's syntax checks alone, and for
`hcl2.loads` (which builds plain dicts) over the files it accepts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "conformance"


def job_files(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.nomad")) + sorted(folder.glob("fmt/*.nomad"))
    found = [p for p in found if not p.name.startswith("err_")]
    return found or sorted(ROOT.glob("fixtures/**/*.nomad"))


def rate(
    label: str, sources: list[bytes], work: Callable[[bytes], object], rounds: int = 5
) -> None:
    """Best of `rounds` passes over all sources, in KB/s of source text."""
    size_kb = sum(map(len, sources)) / 1024
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for source in sources:
            work(source)
        best = min(best, time.perf_counter() - started)
    print(f"{label:24} {size_kb / best:9.0f} KB/s  ({len(sources)} files, {size_kb:.0f} KB)")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    sources = [p.read_bytes() for p in job_files(folder)]
    if not sources:
        print("no job files found")
        return

    from nomadqemu.hcl import parse_file
    from nomadqemu.hcl.goparse import go_diagnostics

    parse_file(b"warm = 1\n", "warm.hcl")  # builds the tree-sitter language once
    rate("nomadqemu parse_file", sources, lambda s: parse_file(s, "job.nomad"))
    rate("  Go syntax checks only", sources, lambda s: go_diagnostics(s, str))

    import hcl2

    def loads(source: bytes) -> bool:
        try:
            hcl2.loads(source.decode())
        except Exception:  # python-hcl2 rejects some valid HCL2; those are left out
            return False
        return True

    accepted = [s for s in sources if loads(s)]
    rate("nomadqemu (same files)", accepted, lambda s: parse_file(s, "job.nomad"))
    rate("python-hcl2 hcl2.loads", accepted, loads)


if __name__ == "__main__":
    main()
