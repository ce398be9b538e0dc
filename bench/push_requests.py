"""HTTP requests and wall time to push a job and watch it to a successful deployment.

usage: python -m bench.push_requests [--eval-after S] [--deployed-after S]

Both flows run against the Nomad API double (a real HTTP server on loopback) playing
the same story: the evaluation completes after `--eval-after` seconds, allocations
start, and the deployment turns healthy after `--deployed-after` seconds.

- nomadqemu: `push`'s own code path (register, then blocking queries throughout).
- nomad CLI model: the request pattern of `nomad job run` (`command/monitor.go`): the
  evaluation and its allocations polled every second, then the deployment read with
  blocking queries.
"""

from __future__ import annotations

import argparse
import time

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.api.connection import Connection
from nomadqemu.api.watch import DEPLOYMENT_DONE, EVAL_DONE, Watcher
from tests.api.helpers import api_job
from tests.api.nomad_double.scenarios import Scenario, Step
from tests.api.nomad_double.server import running


def story(eval_after: float, deployed_after: float) -> Scenario:
    return Scenario(
        "bench: a two-allocation deployment",
        story=(
            Step(eval_after, "evaluation", "complete"),
            Step(eval_after + 0.5, "allocations", "running"),
            Step((eval_after + deployed_after) / 2 + 0.5, "deployment", "running", healthy=1),
            Step(deployed_after, "deployment", "successful"),
        ),
    )


def nomadqemu_flow(address: str) -> int:
    with NomadClient(Connection(address)) as client:
        result = endpoints.register(client, api_job()).data
        watcher = Watcher(client, lambda event: None)
        return watcher.run(result["EvalID"], "vm", result["JobModifyIndex"])


def nomad_cli_flow(address: str) -> int:
    """The `nomad job run` monitor's requests, one for one."""
    with NomadClient(Connection(address)) as client:
        eval_id = endpoints.register(client, api_job()).data["EvalID"]
        while True:
            ev = endpoints.evaluation(client, eval_id).data
            endpoints.evaluation_allocations(client, eval_id)
            if ev["Status"] in EVAL_DONE:
                break
            time.sleep(1.0)  # updateWait
        deployment_id = ev["DeploymentID"]
        answer = endpoints.deployment(client, deployment_id)
        while answer.data["Status"] not in DEPLOYMENT_DONE:
            answer = endpoints.deployment(client, deployment_id, index=answer.index)
        return 0 if answer.data["Status"] == "successful" else 1


def measure(name: str, scenario: Scenario, flow: str) -> tuple[str, int, float, int]:
    with running(scenario) as double:
        start = time.perf_counter()
        code = (
            nomadqemu_flow(double.address)
            if flow == "nomadqemu"
            else nomad_cli_flow(double.address)
        )
        elapsed = time.perf_counter() - start
        return name, len(double.transcript), elapsed, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval-after", type=float, default=2.5)
    parser.add_argument("--deployed-after", type=float, default=5.0)
    args = parser.parse_args()
    scenario = story(args.eval_after, args.deployed_after)
    rows = [
        measure("nomadqemu push (blocking queries)", scenario, "nomadqemu"),
        measure("nomad job run (1 s eval polling)", scenario, "cli"),
    ]
    print(
        f"evaluation completes after {args.eval_after} s, deployment healthy after "
        f"{args.deployed_after} s"
    )
    print(f"{'flow':<36} {'requests':>8} {'wall s':>7} {'exit':>4}")
    for name, count, elapsed, code in rows:
        print(f"{name:<36} {count:>8} {elapsed:>7.2f} {code:>4}")


if __name__ == "__main__":
    main()
