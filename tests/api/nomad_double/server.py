"""The HTTP side of the double: routing, ACLs, namespaces, regions, blocking queries,
scripted faults, TLS and unix sockets. Every request is written to `transcript`
(method, path, query; never the token) so tests can read the conversation back.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import socketserver
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.api.nomad_double import planner
from tests.api.nomad_double.scenarios import Scenario
from tests.api.nomad_double.state import Cluster, Refusal

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DURATION = re.compile(r"^(\d+)(ms|s|m)$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0}
# Nomad's wait cap (MaxBlockingRPCQueryTime): the double keeps tests quick instead.
MAX_WAIT = 300.0


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    had_token: bool
    basic_auth_user: str = ""  # the user of an HTTP basic Authorization header
    status: int = 0  # what the double answered (0 while the answer is pending)


@dataclass
class Double:
    scenario: Scenario
    address: str = ""
    cluster: Cluster = field(init=False)
    transcript: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cluster = Cluster(self.scenario)

    def conversation(self) -> str:
        """The transcript as a dialogue, IDs shortened: `PUT /v1/jobs -> 200`."""
        lines = []
        for r in self.transcript:
            path = _UUID.sub(lambda m: m.group(0)[:8], r.path)
            query = "&".join(f"{k}={v}" for k, v in sorted(r.query.items()))
            lines.append(f"{r.method} {path}{'?' + query if query else ''} -> {r.status}")
        return "\n".join(lines)

    def requests(self, method: str | None = None, prefix: str = "") -> list[Request]:
        return [
            r
            for r in self.transcript
            if (method is None or r.method == method) and r.path.startswith(prefix)
        ]


def _basic_user(header: str | None) -> str:
    if not header or not header.startswith("Basic "):
        return ""
    return base64.b64decode(header[6:]).decode().partition(":")[0]


def _capabilities(double: Double, secret: str | None, namespace: str) -> set[str]:
    tokens = double.scenario.tokens
    if not tokens:
        return {"*"}
    if not secret:
        raise Refusal(403, "Permission denied")
    for token in tokens:
        if token.secret == secret:
            return set(token.capabilities.get("*", ())) | set(token.capabilities.get(namespace, ()))
    raise Refusal(403, "ACL token not found")


def _need(caps: set[str], *wanted: str) -> None:
    if "*" not in caps and not caps.intersection(wanted):
        raise Refusal(403, "Permission denied")


class _Handler(BaseHTTPRequestHandler):
    double: Double
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_POST(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        secret = self.headers.get("X-Nomad-Token")
        request = Request(
            method, path, query, bool(secret), _basic_user(self.headers.get("Authorization"))
        )
        transcript = self.double.transcript
        transcript.append(request)
        number = len(transcript) - 1
        fault = self.double.cluster.take_fault(method, path)
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status:
                transcript[number] = replace(request, status=fault.status)
                self._answer(fault.status, fault.text, None)
                return
        try:
            body = json.loads(raw) if raw else {}
            status, payload = 200, self._route(method, path, query, body, secret)
        except Refusal as refusal:
            status, payload = refusal.status, refusal.text
        except ValueError:
            status, payload = 400, "Failed to decode request body: invalid JSON"
        transcript[number] = replace(request, status=status)
        index = self.double.cluster.index if self.double.scenario.sends_index else None
        self._answer(status, payload, index)

    def _answer(self, status: int, payload: Any, index: int | None) -> None:
        if isinstance(payload, str) and status != 200:
            data, kind = payload.encode(), "text/plain; charset=utf-8"
        else:
            data, kind = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if index is not None:
            self.send_header("X-Nomad-Index", str(index))
            self.send_header("X-Nomad-KnownLeader", "true")
        self.end_headers()
        # A client that gave up (a timeout test) leaves nobody to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _block(self, query: dict[str, str]) -> None:
        if "index" not in query:
            return
        if not query["index"].isdigit():
            raise Refusal(400, "Invalid index")
        wait = 5 * 60.0
        if "wait" in query:
            match = _DURATION.match(query["wait"])
            if match is None:
                raise Refusal(400, "Invalid wait time")
            wait = int(match.group(1)) * _UNITS[match.group(2)]
        self.double.cluster.wait_past(int(query["index"]), min(wait, MAX_WAIT))

    def _route(
        self, method: str, path: str, query: dict[str, str], body: Any, secret: str | None
    ) -> Any:
        cluster = self.double.cluster
        body = body if isinstance(body, dict) else {}
        job = body.get("Job") if isinstance(body.get("Job"), dict) else None
        # regionForJob: the query parameter, the request body, then the job itself.
        region = query.get("region") or body.get("Region") or (job or {}).get("Region")
        known = (self.double.scenario.region, *self.double.scenario.federated)
        if region and region not in known:
            raise Refusal(500, "No path to region")
        namespace = query.get("namespace") or (job or {}).get("Namespace") or "default"
        caps = _capabilities(self.double, secret, namespace)
        if namespace not in self.double.scenario.namespaces and namespace != "*":
            raise Refusal(400, f'namespace "{namespace}" not found')
        segments = [s for s in path.split("/") if s][1:]
        if method == "GET":
            _need(caps, "read-job", "node-read")
            self._block(query)
            return cluster.snapshot(self._read(segments, namespace, query))
        if method == "PUT" and segments == ["jobs"]:
            _need(caps, "submit-job", "register-job")
            if job is None:
                raise Refusal(400, "Job must be specified")
            return cluster.register(job, namespace, body)
        if method == "PUT" and segments == ["jobs", "parse"]:
            _need(caps, "parse-job", "submit-job")
            if self.double.scenario.server_parse is None:
                raise Refusal(400, "Failed to parse job: input.hcl:1,1-1: unsupported")
            return self.double.scenario.server_parse
        if method == "PUT" and segments == ["validate", "job"]:
            _need(caps, "read-job")
            errors = cluster.validate(job or {})
            return {
                "DriverConfigValidated": True,
                "ValidationErrors": errors,
                "Error": "; ".join(errors),
                "Warnings": "",
            }
        if (
            method == "PUT"
            and len(segments) == 3
            and segments[0] == "job"
            and segments[2] == "plan"
        ):
            _need(caps, "submit-job", "plan-job")
            if job is None:
                raise Refusal(400, "Job must be specified")
            if job.get("ID") != segments[1]:
                raise Refusal(400, "Job ID does not match")
            return planner.plan(cluster, job, namespace)
        if method == "DELETE" and len(segments) == 2 and segments[0] == "job":
            _need(caps, "submit-job")
            return cluster.stop(namespace, segments[1], query.get("purge") == "true")
        raise Refusal(405, "Invalid method")

    def _read(self, segments: list[str], namespace: str, query: dict[str, str]) -> Any:
        cluster = self.double.cluster
        match segments:
            case ["nodes"]:
                return [
                    {k: v for k, v in n.items() if k not in ("Attributes", "Meta")}
                    for n in cluster.nodes
                ]
            case ["node", node_id]:
                for node in cluster.nodes:
                    if node["ID"] == node_id:
                        return node
                raise Refusal(404, "node not found")
            case ["jobs"]:
                prefix = query.get("prefix", "")
                return [
                    {k: job.get(k) for k in ("ID", "Name", "Type", "Priority", "Status")}
                    for (ns, job_id), job in sorted(cluster.jobs.items())
                    if ns == namespace and job_id.startswith(prefix)
                ]
            case ["job", job_id]:
                return cluster.job(namespace, job_id)
            case ["job", job_id, "summary"]:
                return _summary(cluster, namespace, job_id)
            case ["job", job_id, "allocations"]:
                cluster.job(namespace, job_id)
                return [a for a in cluster.allocs.values() if a["JobID"] == job_id]
            case ["job", job_id, "deployment"]:
                found = [d for d in cluster.deployments.values() if d["JobID"] == job_id]
                return max(found, key=lambda d: d["CreateIndex"]) if found else None
            case ["evaluation", eval_id]:
                if eval_id not in cluster.evals:
                    raise Refusal(404, "eval not found")
                return cluster.evals[eval_id]
            case ["evaluation", eval_id, "allocations"]:
                return [a for a in cluster.allocs.values() if a["EvalID"] == eval_id]
            case ["deployment", deployment_id]:
                if deployment_id not in cluster.deployments:
                    raise Refusal(404, "deployment not found")
                return cluster.deployments[deployment_id]
        raise Refusal(404, "Invalid URL")


def _summary(cluster: Cluster, namespace: str, job_id: str) -> dict[str, Any]:
    job = cluster.job(namespace, job_id)
    summary = {}
    for group in job.get("TaskGroups") or []:
        counts = dict.fromkeys(
            ("Queued", "Complete", "Failed", "Running", "Starting", "Lost", "Unknown"), 0
        )
        for alloc in cluster.allocs.values():
            if alloc["JobID"] == job_id and alloc["TaskGroup"] == group["Name"]:
                key = {
                    "pending": "Starting",
                    "running": "Running",
                    "failed": "Failed",
                    "complete": "Complete",
                }.get(alloc["ClientStatus"], "Unknown")
                counts[key] += 1
        summary[group["Name"]] = counts
    return {"JobID": job_id, "Namespace": namespace, "Summary": summary}


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self) -> tuple[Any, Any]:
        sock, _ = super().get_request()
        # BaseHTTPRequestHandler expects an (address, port) pair for its logs.
        return sock, ("unix", 0)


@contextmanager
def running(
    scenario: Scenario,
    *,
    tls: ssl.SSLContext | None = None,
    unix_path: str | None = None,
) -> Iterator[Double]:
    """Starts the double on 127.0.0.1 (ephemeral port) or a unix socket; stops it after."""
    double = Double(scenario)
    handler = type("Handler", (_Handler,), {"double": double})
    server: socketserver.BaseServer
    if unix_path is not None:
        server = _UnixServer(unix_path, handler)
        double.address = f"unix://{unix_path}"
    else:
        http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        http.daemon_threads = True
        if tls is not None:
            http.socket = tls.wrap_socket(http.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        double.address = f"{scheme}://127.0.0.1:{http.server_address[1]}"
        server = http
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield double
    finally:
        double.cluster.close()
        server.shutdown()
        server.server_close()
