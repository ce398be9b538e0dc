"""Follows an evaluation, then its deployment, with blocking queries.

The `nomad` CLI polls the evaluation every second; here every read is a blocking query
that returns as soon as Nomad's state changes. The watcher reports what it sees as
`Event`s (the CLI renders them as text or JSON lines) and ends with an exit code:
0 success, 2 placement failure, 1 anything else, as `nomad job run` exits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.api.errors import NomadError, NotFoundError
from nomadqemu.api.planview import failed_group_header, format_alloc_metrics
from nomadqemu.goquote import go_quote

EXIT_SUCCESS = 0
EXIT_FAILURE = 1
EXIT_PLACEMENT = 2

EVAL_DONE = ("complete", "failed", "canceled", "cancelled")
DEPLOYMENT_DONE = ("successful", "failed", "cancelled", "blocked")


@dataclass(frozen=True, slots=True)
class Event:
    """One thing worth telling: `headline` events are the CLI's `==>` lines."""

    kind: str
    message: str
    headline: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Alloc:
    client: str
    desired: str


def short(identifier: str, length: int) -> str:
    return identifier[:length] if length else identifier


class Watcher:
    def __init__(
        self,
        client: NomadClient,
        emit: Callable[[Event], None],
        *,
        wait: float = 60.0,
        id_length: int = 8,
        expects_deployment: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._sleep = sleep
        self.client = client
        self.emit = emit
        self.wait = wait
        self.id_length = id_length
        # Only service jobs get deployments; others need not wait for one.
        self.expects_deployment = expects_deployment

    def _next_index(self, index: int, answered: int) -> int:
        """The index for the next blocking read. Nomad always sends X-Nomad-Index; a
        proxy that strips it would turn blocking reads into a busy loop, so without it
        the watcher falls back to polling once a second, as the `nomad` CLI does."""
        if answered == 0:
            self._sleep(1.0)
        return max(index, answered, 1)

    def _id(self, identifier: str) -> str:
        return go_quote(short(identifier, self.id_length))

    def run(self, eval_id: str, job_id: str, job_modify_index: int = 0) -> int:
        """Watches the evaluation chain, then the deployment; returns the exit code."""
        try:
            return self._run(eval_id, job_id, job_modify_index)
        except NomadError as exc:
            self.emit(Event("error", f"Error while monitoring: {exc}", True, {"error": str(exc)}))
            return EXIT_FAILURE

    def _run(self, eval_id: str, job_id: str, job_modify_index: int) -> int:
        current: str | None = eval_id
        deployment_id = ""
        placement_failed = False
        while current:
            ev = self._watch_eval(current)
            if ev is None:
                return self._after_gone(current, job_id, job_modify_index)
            placement_failed = placement_failed or bool(ev.get("FailedTGAllocs"))
            deployment_id = str(ev.get("DeploymentID") or deployment_id)
            current = str(ev.get("NextEval") or "") or None
            if current:
                self.emit(
                    Event(
                        "next-evaluation",
                        f"Monitoring next evaluation {self._id(current)}",
                        True,
                        {"eval_id": current},
                    )
                )
        if deployment_id:
            # As `nomad job run`: a successful deployment outweighs a placement failure
            # (the blocked evaluation placed the rest), a failed one is exit 1.
            return self.watch_deployment(deployment_id)
        return EXIT_PLACEMENT if placement_failed else EXIT_SUCCESS

    def _watch_eval(self, eval_id: str) -> dict[str, Any] | None:
        """Returns the finished evaluation, or None when Nomad no longer has it."""
        self.emit(
            Event(
                "evaluation",
                f"Monitoring evaluation {self._id(eval_id)}",
                True,
                {"eval_id": eval_id},
            )
        )
        index = 0
        status = "pending"
        seen: dict[str, _Alloc] = {}
        said: set[str] = set()
        while True:
            try:
                answer = endpoints.evaluation(self.client, eval_id, index=index, wait=self.wait)
            except NotFoundError:
                return None
            ev = answer.data if isinstance(answer.data, dict) else {}
            index = self._next_index(index, answer.index)
            self._triggers(ev, said)
            allocs = endpoints.evaluation_allocations(self.client, eval_id).data
            self._allocations(ev, allocs if isinstance(allocs, list) else [], seen)
            new_status = str(ev.get("Status") or "")
            if new_status and new_status not in (status, "pending"):
                self.emit(
                    Event(
                        "evaluation-status",
                        f"Evaluation status changed: {go_quote(status)} -> {go_quote(new_status)}",
                        data={"eval_id": eval_id, "from": status, "to": new_status},
                    )
                )
                status = new_status
            if new_status in EVAL_DONE:
                self._finished(ev)
                return ev

    def _triggers(self, ev: Mapping[str, Any], said: set[str]) -> None:
        for key, text in (
            ("NodeID", "Evaluation triggered by node {}"),
            ("JobID", "Evaluation triggered by job {}"),
            ("DeploymentID", "Evaluation within deployment: {}"),
        ):
            value = str(ev.get(key) or "")
            if value and key not in said:
                said.add(key)
                shown = go_quote(value) if key == "JobID" else self._id(value)
                self.emit(Event("evaluation-trigger", text.format(shown), data={key: value}))

    def _allocations(
        self, ev: Mapping[str, Any], allocs: list[Any], seen: dict[str, _Alloc]
    ) -> None:
        eval_index = int(ev.get("CreateIndex") or 0)
        for alloc in allocs:
            if not isinstance(alloc, Mapping):
                continue
            alloc_id = str(alloc.get("ID") or "")
            state = _Alloc(
                str(alloc.get("ClientStatus") or ""), str(alloc.get("DesiredStatus") or "")
            )
            before = seen.get(alloc_id)
            seen[alloc_id] = state
            where = (
                f"node {self._id(str(alloc.get('NodeID') or ''))}, "
                f"group {go_quote(str(alloc.get('TaskGroup') or ''))}"
            )
            data = {
                "alloc_id": alloc_id,
                "node_id": alloc.get("NodeID"),
                "group": alloc.get("TaskGroup"),
                "client_status": state.client,
            }
            if before is None and int(alloc.get("CreateIndex") or 0) < eval_index:
                self.emit(
                    Event(
                        "allocation-modified",
                        f"Allocation {self._id(alloc_id)} modified: {where}",
                        data=data,
                    )
                )
            elif before is None and state.desired == "run":
                self.emit(
                    Event(
                        "allocation-created",
                        f"Allocation {self._id(alloc_id)} created: {where}",
                        data=data,
                    )
                )
            elif before is not None and before.client != state.client:
                desc = str(alloc.get("ClientDescription") or "")
                extra = f" ({desc})" if desc else ""
                self.emit(
                    Event(
                        "allocation-status",
                        f"Allocation {self._id(alloc_id)} status changed: "
                        f"{go_quote(before.client)} -> {go_quote(state.client)}{extra}",
                        data=data,
                    )
                )

    def _finished(self, ev: Mapping[str, Any]) -> None:
        eval_id, status = str(ev.get("ID") or ""), str(ev.get("Status") or "")
        failed = ev.get("FailedTGAllocs")
        if not isinstance(failed, Mapping) or not failed:
            self.emit(
                Event(
                    "evaluation-finished",
                    f"Evaluation {self._id(eval_id)} finished with status {go_quote(status)}",
                    True,
                    {"eval_id": eval_id, "status": status},
                )
            )
            return
        self.emit(
            Event(
                "placement-failed",
                f"Evaluation {self._id(eval_id)} finished with status {go_quote(status)} "
                "but failed to place all allocations:",
                True,
                {"eval_id": eval_id, "status": status, "failed": dict(failed)},
            )
        )
        for group in sorted(failed):
            metrics = failed[group] if isinstance(failed[group], Mapping) else {}
            lines = [
                failed_group_header(str(group), metrics),
                *format_alloc_metrics(metrics, "  ").split("\n"),
            ]
            for line in lines:
                self.emit(Event("placement-detail", line, data={"group": group}))
        blocked = str(ev.get("BlockedEval") or "")
        if blocked:
            self.emit(
                Event(
                    "blocked-evaluation",
                    f"Evaluation {self._id(blocked)} waiting for additional capacity "
                    "to place remainder",
                    data={"eval_id": blocked},
                )
            )

    def _after_gone(self, eval_id: str, job_id: str, job_modify_index: int) -> int:
        """Nomad garbage-collected the evaluation: follow the job's newest deployment.

        The deployment may not exist yet, so a service job's latest deployment is read
        with blocking queries until one from this registration appears or `wait` ends.
        """
        self.emit(
            Event(
                "evaluation-gone",
                f"Evaluation {self._id(eval_id)} no longer exists (garbage-collected); "
                f"following the latest deployment of job {go_quote(job_id)}",
                True,
                {"eval_id": eval_id},
            )
        )
        deadline = time.monotonic() + (self.wait if self.expects_deployment else 0.0)
        index = 0
        while True:
            answer = endpoints.latest_deployment(self.client, job_id, index=index, wait=self.wait)
            latest = answer.data
            if (
                isinstance(latest, Mapping)
                and int(latest.get("CreateIndex") or 0) >= job_modify_index
            ):
                return self.watch_deployment(str(latest.get("ID") or ""))
            left = deadline - time.monotonic()
            if left <= 0:
                break
            index = self._next_index(index, answer.index)
        self.emit(
            Event(
                "no-deployment", "The job was registered; it has no deployment to follow", True, {}
            )
        )
        return EXIT_SUCCESS

    def watch_deployment(self, deployment_id: str) -> int:
        self.emit(
            Event(
                "deployment",
                f"Monitoring deployment {self._id(deployment_id)}",
                True,
                {"deployment_id": deployment_id},
            )
        )
        index = 0
        last: Any = None
        while True:
            answer = endpoints.deployment(self.client, deployment_id, index=index, wait=self.wait)
            deploy = answer.data if isinstance(answer.data, dict) else {}
            index = self._next_index(index, answer.index)
            snapshot = (deploy.get("Status"), deploy.get("TaskGroups"))
            if snapshot != last:
                last = snapshot
                self.emit(Event("deployment-update", str(deploy.get("Status") or ""), data=deploy))
            status = str(deploy.get("Status") or "")
            if status in DEPLOYMENT_DONE:
                mark = "✓" if status == "successful" else "!"
                self.emit(
                    Event(
                        "deployment-finished",
                        f"{mark} Deployment {self._id(deployment_id)} {status}",
                        True,
                        {
                            "deployment_id": deployment_id,
                            "status": status,
                            "description": deploy.get("StatusDescription", ""),
                        },
                    )
                )
                return EXIT_SUCCESS if status == "successful" else EXIT_FAILURE
