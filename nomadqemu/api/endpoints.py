"""The endpoints the cluster commands use, as thin typed calls on `NomadClient`.

Paths and bodies follow `api/jobs.go` of the Go client: the job is sent in full, as
`nomad job run -output` prints it, and IDs are path-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nomadqemu.api.client import NomadClient, Response, escape


@dataclass(frozen=True, slots=True)
class Submission:
    """The job's original source, stored by Nomad beside the job (`JobSubmission`)."""

    source: str
    format: str = "hcl2"  # or "json"
    variable_flags: Mapping[str, str] = field(default_factory=dict)
    variables: str = ""

    def to_api(self) -> dict[str, Any]:
        return {
            "Source": self.source,
            "Format": self.format,
            "VariableFlags": dict(self.variable_flags) or None,
            "Variables": self.variables,
        }


def register(
    client: NomadClient,
    job: Mapping[str, Any],
    *,
    submission: Submission | None = None,
    check_index: int | None = None,
    policy_override: bool = False,
    preserve_counts: bool = False,
    eval_priority: int = 0,
) -> Response:
    """PUT /v1/jobs. With `check_index`, Nomad registers only if the index still matches."""
    body: dict[str, Any] = {"Job": dict(job)}
    if submission is not None:
        body["Submission"] = submission.to_api()
    if check_index is not None:
        body["EnforceIndex"] = True
        body["JobModifyIndex"] = check_index
    if policy_override:
        body["PolicyOverride"] = True
    if preserve_counts:
        body["PreserveCounts"] = True
    if eval_priority:
        body["EvalPriority"] = eval_priority
    return client.put("/v1/jobs", body)


def plan(client: NomadClient, job: Mapping[str, Any], *, policy_override: bool = False) -> Response:
    """PUT /v1/job/:id/plan, always with the diff (the CLI needs it for its exit code)."""
    body = {"Job": dict(job), "Diff": True, "PolicyOverride": policy_override}
    return client.put(f"/v1/job/{escape(str(job.get('ID') or ''))}/plan", body)


def parse(client: NomadClient, hcl: str, variables: str = "") -> Response:
    """PUT /v1/jobs/parse: the server's own HCL parse, not canonicalized."""
    body = {"JobHCL": hcl, "Canonicalize": False, "Variables": variables}
    return client.put("/v1/jobs/parse", body)


def jobs(client: NomadClient, prefix: str = "") -> Response:
    """GET /v1/jobs: job stubs, optionally those whose ID starts with `prefix`."""
    return client.get("/v1/jobs", {"prefix": prefix} if prefix else None)


def job_info(client: NomadClient, job_id: str) -> Response:
    return client.get(f"/v1/job/{escape(job_id)}")


def job_summary(client: NomadClient, job_id: str) -> Response:
    return client.get(f"/v1/job/{escape(job_id)}/summary")


def job_allocations(client: NomadClient, job_id: str) -> Response:
    return client.get(f"/v1/job/{escape(job_id)}/allocations", {"all": True})


def latest_deployment(
    client: NomadClient, job_id: str, *, index: int = 0, wait: float | None = None
) -> Response:
    return client.get(f"/v1/job/{escape(job_id)}/deployment", index=index, wait=wait)


def stop(
    client: NomadClient, job_id: str, *, purge: bool = False, global_: bool = False
) -> Response:
    params: dict[str, str | int | bool] = {}
    if purge:
        params["purge"] = True
    if global_:
        params["global"] = True
    return client.delete(f"/v1/job/{escape(job_id)}", params)


def evaluation(
    client: NomadClient, eval_id: str, *, index: int = 0, wait: float | None = None
) -> Response:
    return client.get(f"/v1/evaluation/{escape(eval_id)}", index=index, wait=wait)


def evaluation_allocations(client: NomadClient, eval_id: str) -> Response:
    return client.get(f"/v1/evaluation/{escape(eval_id)}/allocations")


def deployment(
    client: NomadClient, deployment_id: str, *, index: int = 0, wait: float | None = None
) -> Response:
    return client.get(f"/v1/deployment/{escape(deployment_id)}", index=index, wait=wait)


def nodes(client: NomadClient) -> Response:
    return client.get("/v1/nodes")


def node(client: NomadClient, node_id: str) -> Response:
    return client.get(f"/v1/node/{escape(node_id)}")
