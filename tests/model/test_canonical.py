"""api.Job.Canonicalize defaults per job type, and the job-to-group-to-task merges."""

from __future__ import annotations

import json
from typing import Any

from nomadqemu.jobspec.canonical import canonicalize, encode_canonical
from nomadqemu.jobspec.model import fields

SECOND = 1_000_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE


def job_of(job_type: str | None, **extra: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "ID": "app",
        "TaskGroups": [{"Name": "web", "Tasks": [{"Name": "server", "Driver": "qemu"}]}],
    }
    if job_type is not None:
        job["Type"] = job_type
    job.update(extra)
    return job


def only_group(job: dict[str, Any]) -> dict[str, Any]:
    group: dict[str, Any] = job["TaskGroups"][0]
    return group


def test_job_defaults() -> None:
    job = canonicalize({"ID": "app"})
    assert job["Name"] == "app"
    assert (job["Namespace"], job["Region"], job["Type"], job["Priority"]) == (
        "default",
        "global",
        "service",
        50,
    )
    assert job["Datacenters"] is None  # only the server fills ["*"]
    assert job["Stop"] is False and job["Version"] == 0 and job["NodePool"] == ""


def test_result_is_full_and_input_untouched() -> None:
    sparse = job_of("batch")
    before = json.dumps(sparse, sort_keys=True)
    job = canonicalize(sparse)
    assert json.dumps(sparse, sort_keys=True) == before
    assert list(job) == [field.json for field in fields("Job")]
    task = only_group(job)["Tasks"][0]
    assert list(task) == [field.json for field in fields("Task")]


def test_service_job_defaults() -> None:
    job = canonicalize(job_of("service"))
    assert job["Update"]["MaxParallel"] == 1 and job["Update"]["Stagger"] == 30 * SECOND
    group = only_group(job)
    assert group["Count"] == 1
    assert group["Update"] == job["Update"]
    assert group["ReschedulePolicy"] == {
        "Attempts": 0,
        "Interval": 0,
        "Delay": 30 * SECOND,
        "DelayFunction": "exponential",
        "MaxDelay": HOUR,
        "Unlimited": True,
    }
    assert group["Migrate"] == {
        "MaxParallel": 1,
        "HealthCheck": "checks",
        "MinHealthyTime": 10 * SECOND,
        "HealthyDeadline": 5 * MINUTE,
    }
    assert group["RestartPolicy"]["Attempts"] == 2
    assert group["RestartPolicy"]["Interval"] == 30 * MINUTE
    assert group["EphemeralDisk"] == {"Sticky": False, "SizeMB": 300, "Migrate": False}
    task = group["Tasks"][0]
    assert task["RestartPolicy"] == group["RestartPolicy"]
    assert task["KillTimeout"] == 5 * SECOND
    assert task["LogConfig"] == {
        "MaxFiles": 10,
        "MaxFileSizeMB": 10,
        "Enabled": None,
        "Disabled": False,
    }
    assert (task["Resources"]["CPU"], task["Resources"]["Cores"]) == (100, 0)
    assert task["Resources"]["MemoryMB"] == 300


def test_batch_job_defaults() -> None:
    job = canonicalize(job_of("batch"))
    assert job["Update"] is None
    group = only_group(job)
    assert group["Update"] is None and group["Migrate"] is None
    assert group["ReschedulePolicy"]["Attempts"] == 1
    assert group["ReschedulePolicy"]["Interval"] == 24 * HOUR
    assert group["ReschedulePolicy"]["DelayFunction"] == "constant"
    assert group["RestartPolicy"]["Attempts"] == 3
    assert group["RestartPolicy"]["Interval"] == 24 * HOUR


def test_system_job_defaults() -> None:
    job = canonicalize(job_of("system"))
    assert job["Update"]["HealthCheck"] == "checks"
    group = only_group(job)
    assert group["ReschedulePolicy"] is None and group["Migrate"] is None
    assert group["RestartPolicy"]["Attempts"] == 2


def test_sysbatch_job_with_job_reschedule_gets_zero_defaults() -> None:
    job = canonicalize(job_of("sysbatch", Reschedule={"Attempts": 4}))
    assert job["Update"] is None
    policy = only_group(job)["ReschedulePolicy"]
    assert policy["Attempts"] == 4 and policy["Delay"] == 0 and policy["DelayFunction"] == ""


def test_group_update_merges_over_job_update() -> None:
    sparse = job_of("service", Update={"MaxParallel": 3, "Canary": 1})
    only_group(sparse)["Update"] = {"Canary": 2, "AutoPromote": True}
    job = canonicalize(sparse)
    assert (job["Update"]["MaxParallel"], job["Update"]["Canary"]) == (3, 1)
    update = only_group(job)["Update"]
    assert (update["MaxParallel"], update["Canary"], update["AutoPromote"]) == (3, 2, True)
    assert update["HealthyDeadline"] == 5 * MINUTE


def test_batch_group_update_is_filled_without_job_update() -> None:
    sparse = job_of("batch")
    only_group(sparse)["Update"] = {"MaxParallel": 2}
    update = only_group(canonicalize(sparse))["Update"]
    assert update["MaxParallel"] == 2 and update["Stagger"] == 30 * SECOND


def test_reschedule_and_migrate_merge() -> None:
    sparse = job_of(
        "service",
        Reschedule={"Attempts": 5, "Delay": 10 * SECOND},
        Migrate={"MaxParallel": 2},
    )
    only_group(sparse)["ReschedulePolicy"] = {"Delay": 20 * SECOND}
    only_group(sparse)["Migrate"] = {"HealthCheck": "task_states"}
    group = only_group(canonicalize(sparse))
    assert group["ReschedulePolicy"]["Attempts"] == 5
    assert group["ReschedulePolicy"]["Delay"] == 20 * SECOND
    assert group["ReschedulePolicy"]["Unlimited"] is True
    assert group["Migrate"]["MaxParallel"] == 2
    assert group["Migrate"]["HealthCheck"] == "task_states"


def test_restart_merges_default_group_task() -> None:
    sparse = job_of("batch")
    group = only_group(sparse)
    group["RestartPolicy"] = {"Attempts": 7, "Mode": "delay"}
    group["Tasks"].append({"Name": "other", "RestartPolicy": {"Delay": 3 * SECOND}})
    canonical = only_group(canonicalize(sparse))
    assert canonical["RestartPolicy"]["Attempts"] == 7
    assert canonical["RestartPolicy"]["Interval"] == 24 * HOUR
    first, second = canonical["Tasks"]
    assert first["RestartPolicy"] == canonical["RestartPolicy"]
    assert second["RestartPolicy"]["Delay"] == 3 * SECOND
    assert second["RestartPolicy"]["Mode"] == "delay"


def test_count_follows_scaling_min() -> None:
    sparse = job_of("service")
    only_group(sparse)["Scaling"] = {"Min": 3, "Max": 10}
    group = only_group(canonicalize(sparse))
    assert group["Count"] == 3
    assert group["Scaling"]["Enabled"] is True and group["Scaling"]["Type"] == "horizontal"
    sparse = job_of("service")
    only_group(sparse).update(Count=4, Scaling={"Max": 10})
    assert only_group(canonicalize(sparse))["Scaling"]["Min"] == 4


def test_cores_leave_cpu_at_zero() -> None:
    sparse = job_of("service")
    only_group(sparse)["Tasks"][0]["Resources"] = {"Cores": 2}
    resources = only_group(canonicalize(sparse))["Tasks"][0]["Resources"]
    assert (resources["CPU"], resources["Cores"], resources["MemoryMB"]) == (0, 2, 300)


def test_services_checks_and_names() -> None:
    sparse = job_of("service")
    group = only_group(sparse)
    group["Services"] = [
        {
            "CheckRestart": {"Limit": 3},
            "Checks": [{"Type": "http"}, {"Type": "tcp", "CheckRestart": {"Limit": 1}}],
            "OnUpdate": "ignore",
            "Weights": {"Passing": 0, "Warning": 5},
            "Meta": {},
        }
    ]
    group["Tasks"][0]["Services"] = [{"Checks": [{"Type": "script"}]}]
    canonical = only_group(canonicalize(sparse))
    service = canonical["Services"][0]
    assert service["Name"] == "app-web"
    assert (service["Provider"], service["AddressMode"], service["Cluster"]) == (
        "consul",
        "auto",
        "default",
    )
    assert service["Meta"] is None
    assert service["Weights"] == {"Passing": 1, "Warning": 5}
    first, second = service["Checks"]
    assert first["CheckRestart"] == {"Limit": 3, "Grace": SECOND, "IgnoreWarnings": False}
    assert second["CheckRestart"]["Limit"] == 1
    assert first["OnUpdate"] == "ignore"
    task_service = canonical["Tasks"][0]["Services"][0]
    assert task_service["Name"] == "app-web-server"
    assert task_service["OnUpdate"] == "require_healthy"
    assert task_service["Checks"][0]["CheckRestart"] is None


def test_connect_defaults() -> None:
    sparse = job_of("service")
    only_group(sparse)["Services"] = [
        {
            "Name": "api",
            "Connect": {
                "SidecarService": {"Tags": [], "Proxy": {"Upstreams": [], "Config": {}}},
                "SidecarTask": {"Name": "proxy"},
            },
        },
        {
            "Name": "gw",
            "Connect": {"Gateway": {"Proxy": {}, "Ingress": {"Listeners": [{"Port": 80}]}}},
        },
    ]
    services = only_group(canonicalize(sparse))["Services"]
    sidecar = services[0]["Connect"]["SidecarService"]
    assert sidecar["Tags"] is None
    assert sidecar["Proxy"]["Upstreams"] is None and sidecar["Proxy"]["Config"] is None
    task = services[0]["Connect"]["SidecarTask"]
    assert task["Resources"]["CPU"] == 100 and task["KillTimeout"] == 5 * SECOND
    assert task["ShutdownDelay"] == 0
    gateway = services[1]["Connect"]["Gateway"]
    assert gateway["Proxy"]["ConnectTimeout"] == 5 * SECOND
    assert gateway["Ingress"]["Listeners"][0]["Protocol"] == "tcp"


def test_task_blocks_defaults() -> None:
    sparse = job_of("service")
    only_group(sparse)["Tasks"][0].update(
        Artifacts=[
            {"GetterSource": "https://example.com/disk.img", "GetterMode": "file"},
            {"GetterSource": "https://example.com/dir", "GetterOptions": {}},
        ],
        Templates=[{"ChangeMode": "signal"}, {"ChangeSignal": "sigusr1"}],
        Vault={"Policies": ["p"]},
        VolumeMounts=[{"Volume": "data"}],
        CSIPluginConfig={"ID": "x"},
    )
    task = only_group(canonicalize(sparse))["Tasks"][0]
    first, second = task["Artifacts"]
    assert first["RelativeDest"] == "local/disk.img"
    assert second["RelativeDest"] == "local/" and second["GetterOptions"] is None
    assert second["GetterMode"] == "any" and second["GetterInsecure"] is False
    signal, upper = task["Templates"]
    assert signal["ChangeSignal"] == "SIGHUP"
    assert upper["ChangeSignal"] == "SIGUSR1" and upper["ChangeMode"] == "restart"
    assert upper["Splay"] == 5 * SECOND and upper["Perms"] == "0644"
    assert upper["LeftDelim"] == "{{" and upper["RightDelim"] == "}}"
    assert task["Vault"]["Env"] is True and task["Vault"]["ChangeSignal"] == "SIGHUP"
    assert task["Vault"]["Cluster"] == "default"
    assert task["VolumeMounts"][0]["PropagationMode"] == "private"
    assert task["CSIPluginConfig"]["MountDir"] == "/csi"
    assert task["CSIPluginConfig"]["StagePublishBaseDir"] == "/local/csi"
    assert task["CSIPluginConfig"]["HealthTimeout"] == 30 * SECOND


def test_periodic_multiregion_spread_affinity() -> None:
    sparse = job_of(
        "batch",
        Periodic={"Spec": "@daily", "TimeZone": ""},
        Multiregion={"Regions": [{"Name": "east"}]},
        Spreads=[{"Attribute": "${node.datacenter}"}],
        Affinities=[{"LTarget": "${attr.cpu.arch}", "Weight": -20}],
    )
    job = canonicalize(sparse)
    assert job["Periodic"]["Enabled"] is True and job["Periodic"]["TimeZone"] == "UTC"
    assert job["Periodic"]["Specs"] == [] and job["Periodic"]["SpecType"] == "cron"
    assert job["Multiregion"]["Strategy"] == {"MaxParallel": 0, "OnFailure": ""}
    region = job["Multiregion"]["Regions"][0]
    assert (region["Count"], region["Datacenters"], region["Meta"]) == (1, [], {})
    assert job["Spreads"][0]["Weight"] == 50
    assert job["Affinities"][0]["Weight"] == -20


def test_group_consul_inherits_job_namespace() -> None:
    sparse = job_of("service", ConsulNamespace="team")
    only_group(sparse)["Consul"] = {}
    consul = only_group(canonicalize(sparse))["Consul"]
    assert consul["Namespace"] == "team" and consul["Cluster"] == "default"


def test_encode_canonical_prints_bare_job() -> None:
    text = encode_canonical(job_of("batch"))
    assert text.startswith('{\n    "Region": "global",\n')
    assert text.endswith("}\n")
    expected = canonicalize(job_of("batch"))
    # A nil CSIPluginConfig is `omitempty`: the full dict holds None, the text leaves it out.
    for task in only_group(expected)["Tasks"]:
        assert task.pop("CSIPluginConfig") is None
    assert json.loads(text) == expected
