"""The task environment and `${…}` interpolation of the task config."""

from __future__ import annotations

import pytest

from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.executor.plan import instances, task_specs
from nomadqemu.executor.ports import AllocatedPort
from nomadqemu.executor.taskenv import (
    InterpolationError,
    NodeInfo,
    TaskDirs,
    build_task_env,
    interpolate_config,
    process_env,
)
from tests.executor.jobs import group, job, qemu_task

NODE = NodeInfo(
    attributes={"kernel.name": "linux", "driver.qemu.version": "7.2.22"},
    node={"datacenter": "lab", "unique.name": "box"},
    meta={"rack": "r7"},
)
DIRS = TaskDirs("/a/1234", "/a/1234/vm")


def env_for(generation: DriverGeneration = DriverGeneration.V1_11_2) -> dict[str, str]:
    task = qemu_task(Env={"GREETING": "hi ${NOMAD_TASK_NAME} on ${node.unique.name}",
                          "LATER": "${NOMAD_UNKNOWN}"}, Meta={"owner": "ops"})  # fmt: skip
    grp = group("web", task, Count=2)
    spec_job = job(grp, Region="eu", Namespace="lab", Meta={"team": "x"})
    instance = instances(task_specs(spec_job), new_id=lambda: "0123456789abcdef")[1]
    return build_task_env(
        instance,
        DIRS,
        generation=generation,
        node=NODE,
        group_ports=[AllocatedPort("http", 25000, 80)],
        task_ports=[AllocatedPort("ssh", 25001, 0)],
    )


def test_nomad_variables() -> None:
    env = env_for()
    assert env["NOMAD_ALLOC_DIR"] == "/a/1234/alloc"
    assert env["NOMAD_TASK_DIR"] == "/a/1234/vm/local"
    assert env["NOMAD_SECRETS_DIR"] == "/a/1234/vm/secrets"
    assert env["NOMAD_ALLOC_INDEX"] == "1"
    assert env["NOMAD_ALLOC_NAME"] == "demo.web[1]"
    assert env["NOMAD_SHORT_ALLOC_ID"] == "01234567"
    assert (env["NOMAD_REGION"], env["NOMAD_NAMESPACE"], env["NOMAD_DC"]) == ("eu", "lab", "lab")
    assert (env["NOMAD_MEMORY_LIMIT"], env["NOMAD_CPU_LIMIT"]) == ("256", "500")
    assert env["NOMAD_META_team"] == "x" and env["NOMAD_META_OWNER"] == "ops"
    assert env["NOMAD_PORT_http"] == "80" and env["NOMAD_HOST_PORT_http"] == "25000"
    assert env["NOMAD_ADDR_http"] == "127.0.0.1:25000"
    assert env["NOMAD_PORT_ssh"] == "25001" and env["NOMAD_IP_ssh"] == "127.0.0.1"
    assert env["GREETING"] == "hi vm on box"
    assert env["LATER"] == "${NOMAD_UNKNOWN}"  # the env block is lenient
    assert list(env) == sorted(env)


def test_old_generations_use_container_paths() -> None:
    env = env_for(DriverGeneration.V1_11_1)
    assert (env["NOMAD_ALLOC_DIR"], env["NOMAD_TASK_DIR"]) == ("/alloc", "/local")


def test_config_interpolation() -> None:
    env = env_for()
    config = {
        "image_path": "${NOMAD_TASK_DIR}/disk.img",
        "args": ["-name", "${attr.kernel.name}-${meta.rack}", '${env["GREETING"]}', "$${literal}"],
        "port_map": [{"http": "${NOMAD_PORT_http}"}],
        "graceful_shutdown": True,
    }
    result = interpolate_config(config, env, NODE)
    assert result["image_path"] == "/a/1234/vm/local/disk.img"
    assert result["args"] == ["-name", "linux-r7", "hi vm on box", "${literal}"]
    assert result["port_map"] == [{"http": "80"}]
    assert result["graceful_shutdown"] is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${NOMAD_NOPE}", 'Unknown variable: There is no variable named "NOMAD_NOPE".'),
        ("${attr.cpu.nope}", 'This object does not have an attribute named "cpu.nope".'),
        ("${upper(NOMAD_TASK_NAME)}", "only references"),
    ],
)
def test_unknown_references_fail(text: str, message: str) -> None:
    with pytest.raises(InterpolationError, match=message.replace(".", r"\.").replace("(", r"\(")):
        interpolate_config({"image_path": text}, env_for(), NODE)


def test_process_env_has_guest_ports_and_filtered_host_env() -> None:
    host = {"PATH": "/bin", "VAULT_TOKEN": "s3cret", "HOME": "/root"}
    task_env = {"NOMAD_PORT_http": "25000", "NOMAD_TASK_NAME": "vm"}
    modern = process_env(task_env, host, {"http": 80}, DriverGeneration.V1_11_2)
    assert modern["NOMAD_PORT_http"] == "80"
    assert modern["PATH"] == "/bin" and "VAULT_TOKEN" not in modern
    old = process_env(task_env, host, {}, DriverGeneration.V1_7)
    assert old == task_env
