"""The simulated cluster: jobs, evaluations, allocations, deployments and nodes.

One Raft-like index counts every write; blocking readers wait on a condition until
it passes their index. After a registration the scenario's story is played by a
timer thread, so state moves on its own as on a real cluster.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from tests.api.nomad_double.scenarios import Fault, NodeSpec, Scenario, Step


class Refusal(Exception):  # an HTTP answer, not a bug
    def __init__(self, status: int, text: str) -> None:
        self.status = status
        self.text = text
        super().__init__(text)


def _node(spec: NodeSpec, index: int) -> dict[str, Any]:
    attributes = {"kernel.name": "linux", "cpu.arch": "amd64", "nomad.version": "2.0.5"}
    drivers: dict[str, Any] = {}
    if spec.qemu_version is not None:
        attributes["driver.qemu"] = "1"
        attributes["driver.qemu.version"] = spec.qemu_version
        drivers["qemu"] = {
            "Detected": True,
            "Healthy": spec.healthy,
            "HealthDescription": "Healthy" if spec.healthy else "qemu-system-x86_64 not found",
            "Attributes": {"driver.qemu.version": spec.qemu_version},
        }
    attributes.update(spec.attributes)
    return {
        "ID": str(uuid.uuid5(uuid.NAMESPACE_DNS, spec.name)),
        "Name": spec.name,
        "Datacenter": spec.datacenter,
        "NodePool": spec.node_pool,
        "NodeClass": "",
        "Status": "ready",
        "SchedulingEligibility": "eligible",
        "Attributes": attributes,
        "Meta": dict(spec.meta),
        "Drivers": drivers,
        "CreateIndex": index,
        "ModifyIndex": index,
    }


def _constraint_passes(constraint: dict[str, Any], node: dict[str, Any]) -> bool:
    """The few operators the scenarios use, written independently of the project."""
    left = str(constraint.get("LTarget") or "")
    op = str(constraint.get("Operand") or "=")
    right = str(constraint.get("RTarget") or "")
    if left.startswith("${attr."):
        value = node["Attributes"].get(left[7:-1])
    elif left == "${node.datacenter}":
        value = node["Datacenter"]
    else:
        value = left
    if op == "is_set":
        return value is not None
    if value is None:
        return False
    if op in ("=", "==", "is"):
        return bool(value == right)
    if op == "version":
        want = right.rsplit(maxsplit=1)[-1]
        parts = [int(p) for p in str(value).split(".")]
        limit = [int(p) for p in want.split(".")]
        return parts >= limit if right.startswith(">=") else parts == limit
    return True


def _group_constraints(job: dict[str, Any], group: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(job.get("Constraints") or []) + list(group.get("Constraints") or [])
    for task in group.get("Tasks") or []:
        found += list(task.get("Constraints") or [])
    return found


def canonical(job: dict[str, Any]) -> dict[str, Any]:
    """The server canonicalizes what the client left unset before storing or diffing."""
    stored = copy.deepcopy(job)
    stored["Type"] = stored.get("Type") or "service"
    stored["Priority"] = stored.get("Priority") or 50
    return stored


class Cluster:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.cond = threading.Condition()
        self.index = 10
        self.nodes = [_node(spec, 5) for spec in scenario.nodes]
        self.jobs: dict[tuple[str, str], dict[str, Any]] = {}
        self.evals: dict[str, dict[str, Any]] = {}
        self.allocs: dict[str, dict[str, Any]] = {}
        self.deployments: dict[str, dict[str, Any]] = {}
        self.submissions: dict[tuple[str, str], Any] = {}
        self._timers: list[threading.Timer] = []
        self._faults_left = [fault.times for fault in scenario.faults]

    # -- plumbing -------------------------------------------------------------------
    def bump(self) -> int:
        """Called with the lock held: one write, one new index, wake blocked readers."""
        self.index += 1
        self.cond.notify_all()
        return self.index

    def wait_past(self, index: int, wait: float) -> None:
        deadline = time.monotonic() + wait
        with self.cond:
            while self.index <= index:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self.cond.wait(left)

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.cond:
            for number, fault in enumerate(self.scenario.faults):
                left = self._faults_left[number]
                if left > 0 and method == fault.method and path.startswith(fault.path_prefix):
                    self._faults_left[number] = left - 1
                    return fault
        return None

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()

    def _later(self, delay: float, action: Callable[[], None]) -> None:
        def run() -> None:
            with self.cond:
                action()
                self.bump()

        timer = threading.Timer(delay, run)
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    # -- jobs -----------------------------------------------------------------------
    def job(self, namespace: str, job_id: str) -> dict[str, Any]:
        found = self.jobs.get((namespace, job_id))
        if found is None:
            raise Refusal(404, "job not found")
        return found

    def validate(self, job: dict[str, Any]) -> list[str]:
        errors = []
        if not job.get("ID"):
            errors.append("Missing job ID")
        priority = job.get("Priority")
        if priority is not None and not 1 <= int(priority) <= 100:
            errors.append("Job priority must be between [1, 100]")
        if not job.get("TaskGroups"):
            errors.append("Missing job task groups")
        for group in job.get("TaskGroups") or []:
            if not group.get("Tasks"):
                errors.append(f"Task group {group.get('Name')} validation failed: Missing tasks")
        return errors

    def placement_failures(self, job: dict[str, Any]) -> dict[str, Any]:
        failed: dict[str, Any] = {}
        for group in job.get("TaskGroups") or []:
            filtered: dict[str, int] = {}
            fits = 0
            for node in self.nodes:
                qemu = node["Drivers"].get("qemu")
                if not (qemu and qemu["Detected"] and qemu["Healthy"]):
                    filtered["missing drivers"] = filtered.get("missing drivers", 0) + 1
                    continue
                for constraint in _group_constraints(job, group):
                    if not _constraint_passes(constraint, node):
                        key = " ".join(
                            str(constraint.get(k) or "") for k in ("LTarget", "Operand", "RTarget")
                        )
                        filtered[key] = filtered.get(key, 0) + 1
                        break
                else:
                    fits += 1
            if fits == 0:
                failed[group["Name"]] = {
                    "NodesEvaluated": len(self.nodes),
                    "NodesFiltered": len(self.nodes),
                    "NodesAvailable": {"dc1": len(self.nodes)},
                    "ConstraintFiltered": {
                        k: v for k, v in filtered.items() if k != "missing drivers"
                    },
                    "ClassFiltered": None,
                    "NodesExhausted": 0,
                    "CoalescedFailures": max(int(group.get("Count") or 1) - 1, 0),
                }
        return failed

    def register(self, job: dict[str, Any], namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        errors = self.validate(job)
        if errors:
            lines = "".join(f"\t* {e}\n" for e in errors)
            noun = "error" if len(errors) == 1 else "errors"
            raise Refusal(500, f"{len(errors)} {noun} occurred:\n{lines}\n")
        with self.cond:
            existing = self.jobs.get((namespace, job["ID"]))
            if body.get("EnforceIndex"):
                want = int(body.get("JobModifyIndex") or 0)
                prefix = f"Enforcing job modify index {want}"
                if existing is not None and want == 0:
                    raise Refusal(500, f"{prefix}: job already exists")
                if existing is not None and want != existing["JobModifyIndex"]:
                    raise Refusal(
                        500,
                        f"{prefix}: job exists with conflicting job modify index: "
                        f"{existing['JobModifyIndex']}",
                    )
                if existing is None and want != 0:
                    raise Refusal(500, f"{prefix}: job does not exist")
            index = self.bump()
            stored = canonical(job)
            stored.update(
                Namespace=namespace,
                Version=0 if existing is None else existing["Version"] + 1,
                Status="pending",
                Stop=False,
                CreateIndex=index if existing is None else existing["CreateIndex"],
                ModifyIndex=index,
                JobModifyIndex=index,
                SubmitTime=time.time_ns(),
            )
            self.jobs[(namespace, job["ID"])] = stored
            self.submissions[(namespace, job["ID"])] = body.get("Submission")
            ev = self._new_eval(stored, "job-register", index)
            self._play(stored, ev)
            return {
                "EvalID": ev["ID"],
                "EvalCreateIndex": index,
                "JobModifyIndex": index,
                "Warnings": "",
            }

    def _new_eval(self, job: dict[str, Any], trigger: str, index: int) -> dict[str, Any]:
        ev = {
            "ID": str(uuid.uuid4()),
            "Namespace": job["Namespace"],
            "JobID": job["ID"],
            "Type": job.get("Type") or "service",
            "TriggeredBy": trigger,
            "Status": "pending",
            "DeploymentID": "",
            "NextEval": "",
            "BlockedEval": "",
            "FailedTGAllocs": None,
            "CreateIndex": index,
            "ModifyIndex": index,
        }
        self.evals[ev["ID"]] = ev
        return ev

    def _play(self, job: dict[str, Any], first: dict[str, Any]) -> None:
        """Schedules the scenario's story for this registration."""
        current = {"eval": first, "deployment": None}
        for step in self.scenario.story:
            self._later(step.after, functools.partial(self._apply, step, job, current))

    def _apply(self, step: Step, job: dict[str, Any], current: dict[str, Any]) -> None:
        ev = current["eval"]
        index = self.index + 1
        if step.subject == "gc":
            self.evals.pop(ev["ID"], None)
        elif step.subject == "evaluation" and step.to == "complete-with-next":
            follow = self._new_eval(job, "job-register", index)
            ev.update(Status="complete", NextEval=follow["ID"], ModifyIndex=index)
            current["eval"] = follow
        elif step.subject == "evaluation":
            self._complete(job, ev, index, current)
        elif step.subject == "allocations":
            for alloc in self.allocs.values():
                if alloc["EvalID"] == ev["ID"]:
                    alloc.update(ClientStatus=step.to, ModifyIndex=index)
            job["Status"] = "running" if step.to == "running" else job["Status"]
        elif step.subject == "deployment" and current["deployment"] is not None:
            self._deploy(current["deployment"], step, index)

    def _complete(
        self, job: dict[str, Any], ev: dict[str, Any], index: int, current: dict[str, Any]
    ) -> None:
        failed = self.placement_failures(job)
        ev.update(Status="complete", ModifyIndex=index)
        if failed:
            blocked = self._new_eval(job, "queued-allocs", index)
            blocked["Status"] = "blocked"
            ev.update(FailedTGAllocs=failed, BlockedEval=blocked["ID"])
            return
        groups = {}
        for group in job.get("TaskGroups") or []:
            count = int(group.get("Count") if group.get("Count") is not None else 1)
            groups[group["Name"]] = {
                "AutoRevert": False,
                "Promoted": False,
                "DesiredCanaries": 0,
                "DesiredTotal": count,
                "PlacedAllocs": count,
                "HealthyAllocs": 0,
                "UnhealthyAllocs": 0,
                "ProgressDeadline": 600_000_000_000,
            }
            for n in range(count):
                alloc_id = str(uuid.uuid4())
                self.allocs[alloc_id] = {
                    "ID": alloc_id,
                    "EvalID": ev["ID"],
                    "JobID": job["ID"],
                    "Namespace": job["Namespace"],
                    "TaskGroup": group["Name"],
                    "Name": f"{job['ID']}.{group['Name']}[{n}]",
                    "NodeID": self.nodes[n % len(self.nodes)]["ID"],
                    "DesiredStatus": "run",
                    "ClientStatus": "pending",
                    "JobVersion": job["Version"],
                    "CreateIndex": index,
                    "ModifyIndex": index,
                }
        if (job.get("Type") or "service") == "service":
            deployment = {
                "ID": str(uuid.uuid4()),
                "Namespace": job["Namespace"],
                "JobID": job["ID"],
                "JobVersion": job["Version"],
                "Status": "running",
                "StatusDescription": "Deployment is running",
                "TaskGroups": groups,
                "CreateIndex": index,
                "ModifyIndex": index,
            }
            self.deployments[deployment["ID"]] = deployment
            current["deployment"] = deployment
            ev["DeploymentID"] = deployment["ID"]

    def _deploy(self, deployment: dict[str, Any], step: Step, index: int) -> None:
        descriptions = {
            "running": "Deployment is running",
            "successful": "Deployment completed successfully",
            "failed": "Failed due to unhealthy allocations",
            "cancelled": "Cancelled because job is stopped",
        }
        deployment.update(
            Status=step.to, StatusDescription=descriptions.get(step.to, ""), ModifyIndex=index
        )
        for state in deployment["TaskGroups"].values():
            if step.to == "successful":
                state["HealthyAllocs"] = state["DesiredTotal"]
            elif step.to == "failed":
                state["UnhealthyAllocs"] = state["PlacedAllocs"]
            else:
                state["HealthyAllocs"] = min(step.healthy, state["DesiredTotal"])

    def stop(self, namespace: str, job_id: str, purge: bool) -> dict[str, Any]:
        with self.cond:
            job = self.job(namespace, job_id)
            index = self.bump()
            if purge:
                del self.jobs[(namespace, job_id)]
            else:
                job.update(Stop=True, Status="dead", ModifyIndex=index, JobModifyIndex=index)
            ev = self._new_eval(job, "job-deregister", index)
            ev["Status"] = "complete"
            for alloc in self.allocs.values():
                if alloc["JobID"] == job_id:
                    alloc.update(DesiredStatus="stop", ClientStatus="complete", ModifyIndex=index)
            return {"EvalID": ev["ID"], "EvalCreateIndex": index, "JobModifyIndex": index}

    def snapshot(self, value: Any) -> Any:
        """A copy taken under the lock, so a response never sees a half-applied step."""
        with self.cond:
            return json.loads(json.dumps(value))
