"""From the API job to task instances, with the client's defaults."""

from __future__ import annotations

import itertools

from nomadqemu.executor.plan import instances, task_specs
from tests.executor.jobs import SECOND, group, job, qemu_task


def test_defaults_match_canonicalize() -> None:
    [spec] = task_specs(job(group("g", {"Name": "t", "Driver": "qemu", "Config": {}})))
    assert (spec.job_type, spec.region, spec.namespace) == ("service", "global", "default")
    assert (spec.count, spec.cpu_mhz, spec.memory_mb, spec.secrets_mb) == (1, 100, 300, 0)
    assert spec.kill_timeout_ns == 5 * SECOND
    assert spec.restart.attempts == 2 and spec.restart.mode == "fail"
    assert spec.restart.interval_ns == 30 * 60 * SECOND
    assert spec.task_network is None and spec.group_network is None


def test_batch_restart_defaults_and_merging() -> None:
    task = qemu_task(RestartPolicy={"Attempts": 0})
    grp = group("g", task, RestartPolicy={"Delay": 2 * SECOND, "Mode": "delay"})
    [spec] = task_specs(job(grp, Type="batch"))
    assert spec.restart.attempts == 0  # the task's block wins
    assert spec.restart.delay_ns == 2 * SECOND  # from the group
    assert spec.restart.mode == "delay"
    assert spec.restart.interval_ns == 24 * 3600 * SECOND  # batch default


def test_allocated_memory_adds_secrets_and_cores_zero_cpu() -> None:
    task = qemu_task(memory=512)
    task["Resources"].update({"SecretsMB": 64, "Cores": 2})
    del task["Resources"]["CPU"]
    [spec] = task_specs(job(group("g", task)))
    assert spec.allocated_memory_mb == 576
    assert spec.cpu_mhz == 0 and spec.cores == 2


def test_networks_ports_dns_and_artifact_defaults() -> None:
    task_net = {
        "DynamicPorts": [{"Label": "ssh"}],
        "ReservedPorts": [{"Label": "http", "Value": 8080}],
    }
    task = qemu_task(
        networks=[task_net],
        Artifacts=[
            {"GetterSource": "https://example.com/a/disk.img?x=1", "GetterMode": "file"},
            {"GetterSource": "https://example.com/b.tgz", "GetterOptions": {"checksum": "md5:0"}},
        ],
    )
    grp = group(
        "g",
        task,
        Count=2,
        Networks=[{"Mode": "bridge", "DNS": {"Servers": ["1.1.1.1"], "Searches": ["lan"]}}],
    )
    [spec] = task_specs(job(grp))
    assert spec.task_network is not None
    assert [(p.label, p.static) for p in spec.task_network.ports] == [("http", 8080), ("ssh", 0)]
    assert spec.group_network is not None and spec.group_network.mode == "bridge"
    assert spec.group_network.dns_servers == ("1.1.1.1",)
    file_mode, archive = spec.artifacts
    assert file_mode.destination == "local/disk.img"
    assert archive.destination == "local/" and archive.mode == "any"
    assert archive.options == {"checksum": "md5:0"}


def test_instances_share_alloc_ids_within_a_group_instance() -> None:
    grp = group("g", qemu_task("a"), qemu_task("b"), Count=2)
    other = group("h", qemu_task("c"))
    counter = itertools.count()
    result = instances(task_specs(job(grp, other)), new_id=lambda: f"id-{next(counter)}")
    assert [(i.spec.task, i.alloc_index, i.alloc_id) for i in result] == [
        ("a", 0, "id-0"),
        ("a", 1, "id-1"),
        ("b", 0, "id-0"),
        ("b", 1, "id-1"),
        ("c", 0, "id-2"),
    ]
    assert result[1].alloc_name == "demo.g[1]"


def test_count_from_scaling_min() -> None:
    [spec] = task_specs(job(group("g", qemu_task(), Scaling={"Min": 3})))
    assert spec.count == 3
