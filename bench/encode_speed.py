"""Encode throughput: `gojson.encode_job` against Python's `json.dumps` in the same run.

usage: python -m bench.encode_speed [--jobs N] [--groups N] [--repeat N]

The peers print the same canonical jobs: `json.dumps(indent=4)` (CPython's pure-Python
encoder, as it is whenever `indent` is set) and compact `json.dumps` (the C encoder).
`encode_job` also walks the struct model (field order, zero values for missing fields,
Go's escapes and float forms); on sparse jobs it prints every field the dict leaves out.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from nomadqemu.gojson import encode_job
from nomadqemu.jobspec.canonical import canonicalize


def sample_job(index: int, groups: int) -> dict[str, Any]:
    """A qemu job with `groups` groups of two tasks, services and checks."""
    task_groups = []
    for number in range(groups):
        tasks = [
            {
                "Name": f"vm{task}",
                "Driver": "qemu",
                "Config": {
                    "image_path": f"local/disk-{index}-{number}.qcow2",
                    "accelerator": "kvm",
                    "args": ["-nodefaults", "-smp", "2"],
                    "port_map": [{"ssh": 22, "http": 80}],
                    "ratio": 0.75,
                },
                "Env": {"ROLE": "web & api", "PORT": "${NOMAD_PORT_http}"},
                "Resources": {"CPU": 500, "MemoryMB": 1024},
                "KillTimeout": 30_000_000_000,
                "Artifacts": [{"GetterSource": "https://example.com/disk.qcow2"}],
            }
            for task in range(2)
        ]
        task_groups.append(
            {
                "Name": f"group{number}",
                "Count": 2,
                "Tasks": tasks,
                "Services": [
                    {"Name": f"svc{number}", "PortLabel": "http", "Checks": [{"Type": "http"}]}
                ],
            }
        )
    return {"ID": f"job-{index}", "Datacenters": ["dc1"], "TaskGroups": task_groups}


def measure(
    label: str, encode: Callable[[dict[str, Any]], str], jobs: list[Any], repeat: int
) -> float:
    best = float("inf")
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = sum(len(encode(job)) for job in jobs)
        best = min(best, time.perf_counter() - started)
    rate = len(jobs) / best
    print(f"{label:<34} {rate:>10.0f} jobs/s  {size / best / 1e6:>7.2f} MB/s  ({size} bytes)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sparse = [sample_job(i, args.groups) for i in range(args.jobs)]
    full = [canonicalize(job) for job in sparse]

    def dumps(job: dict[str, Any]) -> str:
        return json.dumps({"Job": job}, indent=4) + "\n"

    def dumps_compact(job: dict[str, Any]) -> str:
        return json.dumps({"Job": job})

    ours_sparse = measure("gojson.encode_job (sparse job)", encode_job, sparse, args.repeat)
    ours_full = measure("gojson.encode_job (canonical job)", encode_job, full, args.repeat)
    peer = measure("json.dumps indent=4 (canonical job)", dumps, full, args.repeat)
    compact = measure("json.dumps compact, C (canonical)", dumps_compact, full, args.repeat)
    print(f"encode_job vs json.dumps indent=4, same canonical jobs: {ours_full / peer:.2f}x")
    print(f"encode_job vs json.dumps compact (C encoder):           {ours_full / compact:.2f}x")
    print(f"encode_job on the sparse jobs vs json.dumps indent=4:    {ours_sparse / peer:.2f}x")


if __name__ == "__main__":
    main()
