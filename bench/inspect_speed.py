"""Speed of `nomadqemu inspect`: parse + evaluate + encode, warm and cold.

Run `python -m bench.inspect_speed`. Beside each figure it prints python-hcl2's `loads`
of the same text in the same run (a parser only: no evaluation, no Nomad decoding,
no Go JSON encoding), so the ratio is meaningful on a busy machine.

Inputs: the 97 conformance inputs `../shared/conformance/*.nomad` when they exist beside
the repository (each job with the `-var` values of its `NAME.vars`; an error case costs
what `inspect` does to report it), the project's `fixtures/jobs/*.nomad` and examples,
and one large generated job.
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


Input = tuple[str, str, tuple[str, ...]]  # name, text, `-var` values


def conformance_inputs() -> list[Input]:
    found: list[Input] = []
    for path in sorted(CORPUS.glob("*.nomad")) if CORPUS.is_dir() else ():
        var_file = path.with_suffix(".vars")
        lines = var_file.read_text("utf-8").splitlines() if var_file.exists() else []
        found.append((path.name, path.read_text("utf-8"), tuple(v for v in lines if v.strip())))
    return found


def project_inputs() -> list[Input]:
    paths = sorted([*(ROOT / "fixtures" / "jobs").glob("*.nomad"), *ROOT.glob("examples/*.nomad")])
    return [(path.name, path.read_text("utf-8"), ()) for path in paths]


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The best CPU time of `runs` runs (the machine is shared: wall time varies with load)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def warm(texts: list[Input]) -> None:
    from nomadqemu.gojson import encode_job
    from nomadqemu.jobspec.errors import JobspecError
    from nomadqemu.jobspec.load import load_source

    sources = [(name, text.encode(), arg_vars) for name, text, arg_vars in texts]
    failing = 0
    for name, source, arg_vars in sources:
        try:
            load_source(source, name, arg_vars=arg_vars, environ={})
        except JobspecError:
            failing += 1

    def ours(chosen: list[tuple[str, bytes, tuple[str, ...]]]) -> None:
        for name, source, arg_vars in chosen:
            try:
                encode_job(load_source(source, name, arg_vars=arg_vars, environ={}).job)
            except JobspecError as problem:
                str(problem)  # what `inspect` prints for an error case

    import hcl2

    def hcl2_reads(source: bytes) -> bool:
        try:
            hcl2.loads(source.decode())
        except Exception:  # python-hcl2 rejects some valid HCL2 (and the error cases)
            return False
        return True

    common = [entry for entry in sources if hcl2_reads(entry[1])]

    def peer() -> None:
        for _, source, _ in common:
            hcl2.loads(source.decode())

    size = sum(len(s) for _, s, _ in sources) / 1024
    common_size = sum(len(s) for _, s, _ in common) / 1024
    ours_s = best_of(3, lambda: ours(sources))
    ours_common_s = best_of(3, lambda: ours(common))
    peer_s = best_of(3, peer)
    print(f"  {len(sources)} files ({failing} reported as errors), {size:.1f} KB")
    print(f"  nomadqemu parse+evaluate+encode: {size / ours_s:8.1f} KB/s (CPU time)")
    print(
        f"  python-hcl2 loads (parse only):  {common_size / peer_s:8.1f} KB/s"
        f" ({len(common)} files it reads)"
    )
    print(f"  ratio on those files: {peer_s / ours_common_s:.2f}x")


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
    corpus = conformance_inputs()
    if corpus:
        print("warm, the conformance inputs:")
        warm(corpus)
    print("warm, the project's job fixtures and examples:")
    warm(project_inputs())
    print("warm, one large generated job:")
    warm([("large.nomad", large_job(), ())])
    print("cold start:")
    cold(str(ROOT / "examples" / "web-vm.nomad"))


if __name__ == "__main__":
    main()
