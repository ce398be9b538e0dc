"""Speed of `nomadqemu inspect`: parse + evaluate + encode, warm and cold.

Run `python -m bench.inspect_speed`. Beside each figure it prints python-hcl2's `loads`
of the same text in the same run (a parser only: no evaluation, no Nomad decoding,
no Go JSON encoding), so the ratio is meaningful on a busy machine.

Inputs: the conformance corpus `../shared/conformance/*.nomad` when it exists beside
the repository (error cases and jobs that fail to parse are skipped), the project's
`fixtures/jobs/*.nomad`, and one large generated job.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "conformance"


def large_job(groups: int = 40, tasks: int = 5) -> str:
    """A generated job of `groups` x `tasks` qemu tasks with the usual blocks."""
    parts = ['variable "dc" {\n  default = "dc1"\n}\n\njob "large" {\n  datacenters = [var.dc]\n']
    for g in range(groups):
        parts.append(f'  group "g{g}" {{\n    count = {g % 3 + 1}\n')
        parts.append('    network {\n      port "ssh" {}\n      port "http" { to = 80 }\n    }\n')
        for t in range(tasks):
            parts.append(
                f'    task "t{t}" {{\n      driver = "qemu"\n'
                f'      config {{\n        image_path = "local/vm{t}.img"\n'
                '        accelerator = "kvm"\n        args = ["-smp", "2"]\n'
                "        port_map {\n          ssh = 22\n          http = 80\n        }\n"
                "      }\n"
                f'      env {{\n        INDEX = "{t}"\n        NAME = "${{NOMAD_TASK_NAME}}"\n'
                "      }\n"
                "      resources {\n        cpu = 500\n        memory = 512\n      }\n"
                '      kill_timeout = "30s"\n    }\n'
            )
        parts.append("  }\n")
    parts.append("}\n")
    return "".join(parts)


def inputs() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.nomad")):
            if not path.name.startswith("err_"):
                found.append((path.name, path.read_text("utf-8")))
    for path in sorted((ROOT / "fixtures" / "jobs").glob("*.nomad")):
        found.append((path.name, path.read_text("utf-8")))
    return found


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The best CPU time of `runs` runs (the machine is shared: wall time varies with load)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def warm(texts: list[tuple[str, str]]) -> None:
    from nomadqemu.gojson import encode_job
    from nomadqemu.jobspec.errors import JobspecError
    from nomadqemu.jobspec.load import load_source

    usable: list[tuple[str, bytes]] = []
    for name, text in texts:
        try:
            load_source(text.encode(), name, environ={})
        except JobspecError:
            continue
        usable.append((name, text.encode()))

    def ours() -> None:
        for name, source in usable:
            encode_job(load_source(source, name, environ={}).job)

    import hcl2

    def peer() -> None:
        for _, source in usable:
            hcl2.loads(source.decode())

    size = sum(len(s) for _, s in usable) / 1024
    ours_s, peer_s = best_of(3, ours), best_of(3, peer)
    print(f"  {len(usable)} files, {size:.1f} KB")
    print(f"  nomadqemu parse+evaluate+encode: {size / ours_s:8.1f} KB/s (CPU time)")
    print(f"  python-hcl2 loads (parse only):  {size / peer_s:8.1f} KB/s")
    print(f"  ratio: {peer_s / ours_s:.2f}x")


def cold(path: str, runs: int = 7) -> None:
    from bench.coldstart import median_times

    def show(label: str, argv: list[str]) -> None:
        wall, cpu = median_times(argv, runs)
        print(f"  {label:<32}{wall * 1000:6.0f} ms wall, {cpu * 1000:4.0f} ms CPU (median)")

    print(f"  ({runs} fresh processes each, after one untimed run that caches bytecode)")
    show(
        f"nomadqemu inspect {Path(path).name}:",
        [sys.executable, "-m", "nomadqemu", "inspect", path],
    )
    show(
        "python-hcl2 loads, same file:",
        [sys.executable, "-c", f"import hcl2; hcl2.loads(open({str(path)!r}).read())"],
    )
    show("python -c pass:", [sys.executable, "-c", "pass"])
    show("python -S -c pass:", [sys.executable, "-S", "-c", "pass"])


def main() -> None:
    print("warm, conformance corpus and fixtures:")
    warm(inputs())
    print("warm, one large generated job:")
    warm([("large.nomad", large_job())])
    print("cold start:")
    cold(str(ROOT / "examples" / "web-vm.nomad"))


if __name__ == "__main__":
    main()
