"""The watcher in-process against the double, and how its events are printed."""

from __future__ import annotations

import io
import json
import time
from dataclasses import replace

import pytest

from nomadqemu.api import endpoints
from nomadqemu.api.client import NomadClient
from nomadqemu.api.connection import Connection
from nomadqemu.api.errors import BadRequestError
from nomadqemu.api.watch import Event, Watcher
from nomadqemu.cli.cluster_render import EventPrinter, format_kv, format_list
from tests.api.helpers import api_job
from tests.api.nomad_double.scenarios import HEALTHY_DEPLOYMENT, NO_QEMU_ANYWHERE, Scenario
from tests.api.nomad_double.server import running


def _watch(
    scenario: Scenario, count: int = 2, sleeps: list[float] | None = None
) -> tuple[int, list[Event]]:
    events: list[Event] = []

    def pause(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)
        time.sleep(seconds)

    with running(scenario) as double, NomadClient(Connection(double.address)) as client:
        result = endpoints.register(client, api_job(count=count)).data
        code = Watcher(client, events.append, wait=5, sleep=pause).run(
            result["EvalID"], "vm", result["JobModifyIndex"]
        )
    return code, events


def test_events_in_the_order_nomad_reports_them() -> None:
    code, events = _watch(HEALTHY_DEPLOYMENT)
    kinds = [e.kind for e in events]
    assert code == 0
    assert kinds[0] == "evaluation"
    assert kinds.index("evaluation-finished") < kinds.index("deployment")
    assert kinds[-1] == "deployment-finished"
    assert events[-1].message.startswith('✓ Deployment "')
    updates = [e.data["Status"] for e in events if e.kind == "deployment-update"]
    assert updates[-1] == "successful"
    assert len(updates) == len(
        {json.dumps(dict(e.data), sort_keys=True) for e in events if e.kind == "deployment-update"}
    )


def test_placement_failure_without_deployment_is_exit_2() -> None:
    code, events = _watch(NO_QEMU_ANYWHERE, count=3)
    assert code == 2
    details = [e.message for e in events if e.kind == "placement-detail"]
    assert details[0] == 'Task Group "vm" (failed to place 3 allocations):'
    assert any(e.kind == "blocked-evaluation" for e in events)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_deployment_block_is_redrawn_in_place_on_a_terminal() -> None:
    screen = _Terminal()
    printer = EventPrinter(json_lines=False, id_length=8, out=screen)
    deploy = {"ID": "0123456789", "JobID": "vm", "Status": "running", "TaskGroups": {}}
    printer(Event("deployment-update", "running", data=deploy))
    printer(Event("deployment-update", "successful", data={**deploy, "Status": "successful"}))
    text = screen.getvalue()
    assert text.count("ID          = 01234567") == 2
    assert "\x1b[7F\x1b[J" in text  # back over the 7 lines drawn before


def test_plain_output_prefixes_headlines() -> None:
    out = io.StringIO()
    printer = EventPrinter(json_lines=False, id_length=8, out=out)
    printer(Event("evaluation", 'Monitoring evaluation "abc"', headline=True))
    printer(Event("evaluation-trigger", 'Evaluation triggered by job "vm"'))
    first, second = out.getvalue().splitlines()
    assert first.startswith("==> ") and first.endswith(': Monitoring evaluation "abc"')
    assert second.startswith("    ") and second.endswith(': Evaluation triggered by job "vm"')


def test_tables_line_up_like_the_cli() -> None:
    assert format_kv([("ID", "x"), ("Job Version", "0")]) == "ID          = x\nJob Version = 0"
    assert format_list([["Task Group", "Desired"], ["vm", "2"]]) == (
        "Task Group  Desired\nvm          2"
    )


def test_double_validate_endpoint_answers_200_with_errors() -> None:
    with running(Scenario("empty")) as double, NomadClient(Connection(double.address)) as client:
        answer = client.put("/v1/validate/job", {"Job": api_job(Priority=0, TaskGroups=[])})
        with pytest.raises(BadRequestError) as caught:
            client.request("GET", "/v1/job/vm", {"index": 1, "wait": "soon"})
    assert answer.status == 200
    assert answer.data["ValidationErrors"] == [
        "Job priority must be between [1, 100]",
        "Missing job task groups",
    ]
    assert caught.value.text == "Invalid wait time"


def test_without_index_headers_the_watch_polls_once_a_second() -> None:
    sleeps: list[float] = []
    code, events = _watch(replace(HEALTHY_DEPLOYMENT, sends_index=False), sleeps=sleeps)
    assert code == 0
    assert events[-1].kind == "deployment-finished"
    assert sleeps and set(sleeps) == {1.0}


def test_a_batch_job_ends_with_its_evaluation() -> None:
    events: list[Event] = []
    with running(HEALTHY_DEPLOYMENT) as double, NomadClient(Connection(double.address)) as client:
        result = endpoints.register(client, api_job(Type="batch")).data
        code = Watcher(client, events.append, wait=5, expects_deployment=False).run(
            result["EvalID"], "vm", result["JobModifyIndex"]
        )
    assert code == 0
    assert events[-1].kind == "evaluation-finished"
    assert not any(e.kind.startswith("deployment") for e in events)
