"""`nomadqemu push` against the double: watching, exit codes 0/1/2, check-index, TLS."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.cli import JOB, nomadqemu, write_job
from tests.api.nomad_double.certs import LoopbackPKI
from tests.api.nomad_double.scenarios import (
    COLLECTED_EVALUATION,
    FLAKY_LEADER,
    FOLLOW_UP_EVALUATION,
    HEALTHY_DEPLOYMENT,
    LEADER_LOST,
    MANAGEMENT,
    NO_QEMU_ANYWHERE,
    SECURED,
    UNHEALTHY_DEPLOYMENT,
    Fault,
    Scenario,
)
from tests.api.nomad_double.server import running


def _events(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_healthy_deployment_exits_0_with_the_monitor_output(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(HEALTHY_DEPLOYMENT) as double:
        proc = nomadqemu("push", "-address", double.address, str(job))
        [register] = double.requests("PUT", "/v1/jobs")
        conversation = double.conversation()
    assert proc.returncode == 0, proc.stdout + proc.stderr + conversation
    dialogue = conversation.splitlines()
    assert dialogue[0] == "PUT /v1/jobs -> 200"
    assert dialogue[-1].startswith("GET /v1/deployment/") and dialogue[-1].endswith("-> 200")
    assert all(line.endswith("-> 200") for line in dialogue)
    out = proc.stdout
    assert "==> " in out and ': Monitoring evaluation "' in out
    assert 'Evaluation triggered by job "vm"' in out
    assert out.count('" created: node "') == 2
    assert 'finished with status "complete"' in out
    assert "Status      = successful" in out
    assert out.rstrip().endswith("successful")
    assert '✓ Deployment "' in out
    # Blocking queries, not polling: every watch read after the first carries an index.
    reads = double.requests("GET", "/v1/deployment/")
    assert all("index" in r.query for r in reads[1:])
    assert register.query == {}


def test_json_lines_and_the_submission_sent(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(HEALTHY_DEPLOYMENT) as double:
        proc = nomadqemu("push", "--json", "-var", "cpus=3", "-address", double.address, str(job))
        stored = double.cluster.submissions[("default", "vm")]
        sent_job = double.cluster.jobs[("default", "vm")]
    assert proc.returncode == 0, proc.stderr
    events = _events(proc.stdout)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "evaluation"
    assert kinds[-1] == "deployment-finished"
    assert events[-1]["status"] == "successful"
    assert "allocation-created" in kinds
    assert stored == {
        "Source": JOB,
        "Format": "hcl2",
        "VariableFlags": {"cpus": "3"},
        "Variables": "",
    }
    assert sent_job["TaskGroups"][0]["Tasks"][0]["Config"]["args"] == ["-smp", "3"]


def test_placement_failure_exits_2_with_metrics(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(NO_QEMU_ANYWHERE) as double:
        proc = nomadqemu("push", "-address", double.address, str(job))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "but failed to place all allocations:" in proc.stdout
    assert 'Task Group "vm" (failed to place 2 allocations):' in proc.stdout
    assert (
        '* Constraint "${attr.driver.qemu.version} version >= 8.0": 1 nodes excluded' in proc.stdout
    )
    assert "waiting for additional capacity to place remainder" in proc.stdout


def test_failed_deployment_exits_1(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(UNHEALTHY_DEPLOYMENT) as double:
        proc = nomadqemu("push", "--json", "-address", double.address, str(job))
    assert proc.returncode == 1
    final = _events(proc.stdout)[-1]
    assert (final["event"], final["status"]) == ("deployment-finished", "failed")
    assert str(final["message"]).startswith('! Deployment "')


def test_garbage_collected_evaluation_follows_the_jobs_deployment(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(COLLECTED_EVALUATION) as double:
        proc = nomadqemu("push", "--json", "-address", double.address, str(job))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kinds = [e["event"] for e in _events(proc.stdout)]
    assert kinds[:2] == ["evaluation", "evaluation-gone"]
    assert kinds[-1] == "deployment-finished"


def test_next_evaluation_is_followed(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(FOLLOW_UP_EVALUATION) as double:
        proc = nomadqemu("push", "--json", "-address", double.address, str(job))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    events = _events(proc.stdout)
    evaluations = [e["eval_id"] for e in events if e["event"] == "evaluation"]
    assert len(set(evaluations)) == 2
    assert "next-evaluation" in [e["event"] for e in events]


def test_a_server_error_mid_watch_is_retried(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(FLAKY_LEADER) as double:
        proc = nomadqemu("push", "--json", "-address", double.address, str(job))
        reads = [r.status for r in double.requests("GET", "/v1/deployment/")]
        conversation = double.conversation()
    assert proc.returncode == 0, proc.stdout + proc.stderr + conversation
    assert reads[:2] == [500, 200]  # the failed read, then its retry


def test_a_lasting_server_error_mid_watch_exits_1_with_nomads_text(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(LEADER_LOST) as double:
        proc = nomadqemu("push", "-address", double.address, str(job))
    assert proc.returncode == 1
    assert (
        "Error while monitoring: Unexpected response code: 500 (rpc error: No cluster leader)"
        in proc.stdout
    )


def test_check_index_conflict_says_job_not_updated(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(HEALTHY_DEPLOYMENT) as double:
        first = nomadqemu("push", "-detach", "-address", double.address, str(job))
        again = nomadqemu("push", "--check-index", "0", "-address", double.address, str(job))
    assert first.returncode == 0
    assert first.stdout.startswith("Job registration successful\nEvaluation ID: ")
    assert again.returncode == 1
    assert again.stderr == "Enforcing job modify index 0: job already exists\nJob not updated\n"


def test_plan_file_refuses_a_job_that_changed_and_checks_the_index(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    plan = tmp_path / "plan.json"
    with running(HEALTHY_DEPLOYMENT) as double:
        planned = nomadqemu("plan", "--out", str(plan), "-address", double.address, str(job))
        changed = nomadqemu(
            "push", "--plan", str(plan), "-var", "cpus=8", "-address", double.address, str(job)
        )
        sent_after_change = len(double.requests("PUT", "/v1/jobs"))
        pushed = nomadqemu(
            "push", "--plan", str(plan), "-detach", "-address", double.address, str(job)
        )
        [register] = double.requests("PUT", "/v1/jobs")
        stale = nomadqemu(
            "push", "--plan", str(plan), "-detach", "-address", double.address, str(job)
        )
        elsewhere = nomadqemu(
            "push", "--plan", str(plan), "-region", "eu", "-address", double.address, str(job)
        )
    assert planned.returncode == 1
    assert changed.returncode == 1
    assert "differs from the one planned" in changed.stderr
    assert sent_after_change == 0
    assert pushed.returncode == 0, pushed.stderr
    assert stale.returncode == 1
    assert "Enforcing job modify index 0: job already exists" in stale.stderr
    assert register.method == "PUT"
    assert elsewhere.returncode == 1
    assert "was made for namespace '(default)', region '(default)', not" in elsewhere.stderr


def test_wrong_token_exits_1_without_printing_it(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    secret = "7f0e-a-token-that-does-not-exist"
    with running(SECURED) as double:
        proc = nomadqemu("push", "-address", double.address, str(job), env={"NOMAD_TOKEN": secret})
        ok = nomadqemu(
            "push", "-detach", "-token", MANAGEMENT.secret, "-address", double.address, str(job)
        )
    assert proc.returncode == 1
    assert (
        proc.stderr == "Error submitting job: Unexpected response code: 403 (ACL token not found)\n"
    )
    assert secret not in proc.stdout + proc.stderr
    assert ok.returncode == 0, ok.stderr


def test_invalid_job_usage_and_connection_errors_exit_1(tmp_path: Path) -> None:
    write_job(tmp_path, JOB, "ok.nomad")
    job = write_job(tmp_path, JOB.replace("memory = 512", "memory = 64"))
    with running(HEALTHY_DEPLOYMENT) as double:
        invalid = nomadqemu("push", "-address", double.address, str(job))
        assert double.transcript == []
    assert invalid.returncode == 1
    assert "vm.nomad:" in invalid.stderr
    usage = nomadqemu("push", "--check-index", "x", str(job))
    assert usage.returncode == 1
    both = nomadqemu("push", "--check-index", "1", "--plan", "p.json", str(job))
    assert both.returncode == 1
    refused = nomadqemu("push", "-address", "http://127.0.0.1:9", str(job.parent / "ok.nomad"))
    assert refused.returncode == 1


def test_periodic_jobs_are_not_monitored(tmp_path: Path) -> None:
    text = JOB.replace(
        'datacenters = ["dc1"]',
        'datacenters = ["dc1"]\n  type = "batch"\n  periodic {\n    crons = ["@daily"]\n  }',
    )
    job = write_job(tmp_path, text)
    with running(HEALTHY_DEPLOYMENT) as double:
        proc = nomadqemu("push", "-address", double.address, str(job))
        reads = double.requests("GET")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Job registration successful\n"
    assert reads == []


def test_push_over_mutual_tls_from_environment_variables(
    tmp_path: Path, pki: LoopbackPKI, server_tls: object
) -> None:
    job = write_job(tmp_path)
    env = {
        "NOMAD_CACERT": str(pki.ca_cert),
        "NOMAD_CLIENT_CERT": str(pki.client_cert),
        "NOMAD_CLIENT_KEY": str(pki.client_key),
    }
    with running(HEALTHY_DEPLOYMENT, tls=server_tls) as double:  # type: ignore[arg-type]
        env["NOMAD_ADDR"] = double.address
        proc = nomadqemu("push", "--json", str(job), env=env)
        refused = nomadqemu("push", "-ca-cert", str(pki.other_ca_cert), str(job), env=env)
    assert proc.returncode == 0, proc.stderr
    assert refused.returncode == 1
    assert "certificate verify failed" in refused.stderr


def test_job_namespace_overrides_the_flag(tmp_path: Path) -> None:
    job = write_job(tmp_path, JOB.replace('job "vm" {', 'job "vm" {\n  namespace = "dev"'))
    with running(SECURED) as double:
        proc = nomadqemu(
            "push",
            "-detach",
            "-namespace",
            "default",
            "-token",
            MANAGEMENT.secret,
            "-address",
            double.address,
            str(job),
        )
        [register] = double.requests("PUT", "/v1/jobs")
    assert proc.returncode == 0, proc.stderr
    assert register.query == {"namespace": "dev"}


def test_status_and_stop(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    with running(HEALTHY_DEPLOYMENT) as double:
        assert nomadqemu("push", "-address", double.address, str(job)).returncode == 0
        status = nomadqemu("status", "-address", double.address, "v")
        stopped = nomadqemu("stop", "-address", double.address, "vm")
        after = nomadqemu("status", "--json", "-address", double.address, "vm")
        purged = nomadqemu("stop", "-purge", "-detach", "-address", double.address, "vm")
        missing = nomadqemu("status", "-address", double.address, "vm")
    assert status.returncode == 0, status.stderr
    assert "Status        = running" in status.stdout
    assert "Latest Deployment\nID          = " in status.stdout
    assert "vm          0       0         2        0" in status.stdout
    assert stopped.returncode == 0, stopped.stderr
    assert 'finished with status "complete"' in stopped.stdout
    assert json.loads(after.stdout)["Stop"] is True
    assert purged.returncode == 0
    assert missing.returncode == 1
    assert missing.stderr == 'No job(s) with prefix or ID "vm" found\n'


def test_a_prefix_matching_several_jobs_is_listed(tmp_path: Path) -> None:
    first = write_job(tmp_path, JOB, "a.nomad")
    second = write_job(tmp_path, JOB.replace('job "vm"', 'job "vm2"'), "b.nomad")
    with running(HEALTHY_DEPLOYMENT) as double:
        for job in (first, second):
            assert (
                nomadqemu("push", "-detach", "-address", double.address, str(job)).returncode == 0
            )
        both = nomadqemu("stop", "-address", double.address, "v")
        exact = nomadqemu("status", "-address", double.address, "vm")
    assert both.returncode == 1
    assert both.stderr.startswith(
        "Prefix matched multiple jobs\n\nID   Type     Priority  Status\n"
    )
    assert exact.returncode == 0
    assert exact.stdout.startswith("ID            = vm\n")


def test_an_answer_of_the_wrong_shape_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    job = write_job(tmp_path)
    odd = Scenario("odd", faults=(Fault("GET", "/v1/job/vm", 200, "not a job"),))
    with running(odd) as double:
        assert nomadqemu("push", "-detach", "-address", double.address, str(job)).returncode == 0
        proc = nomadqemu("status", "-address", double.address, "vm", env={"NOMAD_TOKEN": "tk"})
    assert proc.returncode == 1
    assert proc.stderr.startswith("nomadqemu: internal error: ")
    assert "Traceback" not in proc.stderr
