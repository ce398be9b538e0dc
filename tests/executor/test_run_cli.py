"""`nomadqemu run --dry-run` and the failures that happen before any VM starts."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.executor.cli import run_cli, write_job
from tests.executor.jobs import SECOND, group, job, qemu_task

needs_qemu = pytest.mark.skipif(
    shutil.which("qemu-system-x86_64") is None, reason="needs qemu-system-x86_64 on PATH"
)


def web_job() -> dict[str, Any]:
    vm = qemu_task(
        "vm",
        config={
            "image_path": "local/disk.img",
            "graceful_shutdown": True,
            "port_map": [{"http": 80}],
            "args": ["-snapshot"],
        },
        networks=[{"DynamicPorts": [{"Label": "http"}]}],
        KillTimeout=7 * SECOND,
    )
    helper = qemu_task("helper", config={"image_path": "local/h.img"})
    return job(group("web", vm, helper, Count=2, Networks=[{"DynamicPorts": [{"Label": "db"}]}]))


@needs_qemu
def test_dry_run_json_lists_every_task_instance(tmp_path: Path) -> None:
    # A short base: qm.sock's path must stay within the 108-byte socket limit.
    short = Path(tempfile.mkdtemp(prefix="nq", dir="/tmp"))
    path = write_job(tmp_path / "web.json", web_job())
    done = run_cli(["run", "--dry-run", "--json", "--alloc-dir", str(short / "allocs"), str(path)])
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert [(i["group"], i["task"], i["alloc_index"]) for i in items] == [
        ("web", "vm", 0),
        ("web", "vm", 1),
        ("web", "helper", 0),
        ("web", "helper", 1),
    ]
    vm0 = items[0]
    assert set(vm0) == {
        "group",
        "task",
        "alloc_index",
        "alloc_id",
        "alloc_dir",
        "argv",
        "env",
        "ports",
    }
    assert vm0["alloc_dir"] == str(short / "allocs" / vm0["alloc_id"])
    [http] = [p for p in vm0["ports"] if p["label"] == "http"]
    host = http["value"]
    assert 20000 <= host <= 32000 and http["guest_port"] == 80
    argv = vm0["argv"]
    assert argv[0] == str(Path(shutil.which("qemu-system-x86_64") or "").resolve())
    assert argv[1:] == [
        "-machine", "type=pc,accel=tcg", "-name", "disk.img", "-m", "256M",
        "-drive", "file=local/disk.img,if=ide,id=image0", "-nographic",
        "-monitor", f"unix:{vm0['alloc_dir']}/vm/qm.sock,server=on,wait=off",
        "-snapshot",
        "-netdev", f"user,id=user.0,hostfwd=udp::{host}-:80,hostfwd=tcp::{host}-:80",
        "-device", "virtio-net,netdev=user.0",
    ]  # fmt: skip
    assert vm0["env"]["NOMAD_HOST_PORT_http"] == str(host)
    assert vm0["env"]["NOMAD_TASK_DIR"] == f"{vm0['alloc_dir']}/vm/local"
    # Tasks of one allocation share its id and its group ports; allocations differ.
    helper0 = items[2]
    assert helper0["alloc_id"] == vm0["alloc_id"] != items[1]["alloc_id"]
    assert helper0["env"]["NOMAD_HOST_PORT_db"] == vm0["env"]["NOMAD_HOST_PORT_db"]
    assert vm0["env"]["NOMAD_HOST_PORT_db"] != items[1]["env"]["NOMAD_HOST_PORT_db"]
    all_hosts = [p["value"] for i in items for p in i["ports"] if i["task"] == "vm"]
    assert len(set(all_hosts)) == 4  # http and db, twice, all distinct
    assert not (short / "allocs").exists()  # a dry run creates nothing
    short.rmdir()


@needs_qemu
def test_dry_run_per_nomad_version_and_text_output(tmp_path: Path) -> None:
    path = write_job(tmp_path / "web.json", web_job())
    old = run_cli(["run", "--dry-run", "--nomad-version", "1.10.0", str(path)])
    assert old.returncode == 0, old.stderr
    assert ",server,nowait -snapshot" in old.stdout
    assert "file=local/disk.img,if=ide -nographic" in old.stdout
    assert "NOMAD_TASK_DIR=/local" in old.stdout


@needs_qemu
def test_group_ports_are_ignored_unless_opted_in(tmp_path: Path) -> None:
    vm = qemu_task(config={"image_path": "local/d.img", "port_map": [{"http": 80}]})
    path = write_job(
        tmp_path / "g.json",
        job(
            group(
                "g",
                vm,
                Networks=[{"DynamicPorts": [{"Label": "http"}, {"Label": "ssh", "To": 22}]}],
            )
        ),
    )
    ignored = run_cli(["run", "--dry-run", "--json", str(path)])
    assert ignored.returncode == 0, ignored.stderr
    assert "-netdev" not in json.loads(ignored.stdout)[0]["argv"]
    assert "port_map is ignored for group network ports" in ignored.stderr
    forwarded = run_cli(["run", "--dry-run", "--json", "--forward-group-ports", str(path)])
    [item] = json.loads(forwarded.stdout)
    ports = {p["label"]: p for p in item["ports"]}
    netdev = item["argv"][item["argv"].index("-netdev") + 1]
    assert f"hostfwd=tcp::{ports['http']['value']}-:80" in netdev
    assert f"hostfwd=tcp::{ports['ssh']['value']}-:22" in netdev
    assert "differs from the cluster's" in forwarded.stderr


def test_missing_qemu_binary_fails_clearly(tmp_path: Path) -> None:
    path = write_job(tmp_path / "j.json", job(group("g", qemu_task())))
    done = run_cli(["run", "--no-validate", "--dry-run", str(path)], env={"PATH": str(tmp_path)})
    assert done.returncode == 1
    assert (
        'g[0].vm: failed to resolve path to "qemu-system-x86_64" executable: '
        'exec: "qemu-system-x86_64": executable file not found in $PATH'
    ) in done.stderr
    assert "Traceback" not in done.stderr
    # Validation runs first (when this build has it) and finds the missing driver too.
    validated = run_cli(["run", str(path)], env={"PATH": str(tmp_path)})
    assert validated.returncode == 1
    assert "Traceback" not in validated.stderr


@needs_qemu
def test_plugin_policy_from_client_config(tmp_path: Path) -> None:
    client = tmp_path / "client.hcl"
    client.write_text(
        'data_dir = "/opt/nomad"\n'
        'plugin "qemu" {\n  config {\n    image_paths = ["/srv/images"]\n'
        '    args_allowlist = ["-snapshot"]\n  }\n}\n'
    )
    outside = write_job(
        tmp_path / "a.json", job(group("g", qemu_task(config={"image_path": "/tmp/x.img"})))
    )
    done = run_cli(["run", "--no-validate", "--client-config", str(client), str(outside)])
    assert done.returncode == 1
    assert "g[0].vm: image_path is not in the allowed paths" in done.stderr
    inside = write_job(
        tmp_path / "b.json",
        job(group("g", qemu_task(config={"image_path": "/srv/images/x.img", "args": ["-S"]}))),
    )
    done = run_cli(["run", "--no-validate", "--client-config", str(client), str(inside)])
    assert done.returncode == 1 and '"-S" is not in args_allowlist' in done.stderr
    ok = write_job(
        tmp_path / "c.json", job(group("g", qemu_task(config={"image_path": "/srv/images/x.img"})))
    )
    done = run_cli(
        ["run", "--no-validate", "--dry-run", "--json", "--client-config", str(client), str(ok)]
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["alloc_dir"].startswith("/opt/nomad/alloc/")


@needs_qemu
@pytest.mark.parametrize(
    ("task", "message"),
    [
        (qemu_task(memory=64), "QEMU memory assignment out of bounds"),
        (
            qemu_task(config={"image_path": "a.img", "drive_interface": "usb"}),
            "Unsupported drive_interface",
        ),
        (
            qemu_task(config={"image_path": "a.img", "bogus": 1}),
            'No argument or block type is named "bogus"',
        ),
        (
            qemu_task(config={"image_path": "${NOMAD_NOPE}"}),
            'There is no variable named "NOMAD_NOPE"',
        ),
        (
            qemu_task(
                config={"image_path": "a.img", "port_map": [{"web": 80}]},
                networks=[{"DynamicPorts": [{"Label": "http"}]}],
            ),
            'Unknown port label "web"',
        ),
        ({"Name": "t", "Driver": "docker", "Config": {}}, 'driver "docker" is not supported'),
        (qemu_task(KillSignal="SIGNOPE"), 'unknown kill_signal "SIGNOPE"'),
    ],
)
def test_start_task_errors(tmp_path: Path, task: dict[str, Any], message: str) -> None:
    path = write_job(tmp_path / "j.json", job(group("g", task)))
    done = run_cli(["run", "--no-validate", str(path)])
    assert done.returncode == 1, done.stderr
    assert message in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    path = write_job(tmp_path / "j.json", job(group("g", qemu_task())))
    assert run_cli(["run", "--nomad-version", "0.9", str(path)]).returncode == 2
    assert run_cli(["run", "--json", str(path)]).returncode == 2
    missing = run_cli(["run", str(tmp_path / "nope.nomad")])
    assert missing.returncode == 2 and "cannot read" in missing.stderr


@needs_qemu
def test_bad_checksum_and_hostile_archive_fail_before_any_vm(tmp_path: Path) -> None:
    import hashlib
    import io
    import tarfile

    site = tmp_path / "site"
    site.mkdir()
    (site / "disk.img").write_bytes(b"not really a disk")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("../../escape.img")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    (site / "evil.tar.gz").write_bytes(buffer.getvalue())
    wrong = hashlib.sha256(b"something else").hexdigest()
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {
                "GetterSource": f"file://{site}/disk.img",
                "GetterOptions": {"checksum": f"sha256:{wrong}"},
            },
            "checksums did not match for disk.img",
        ),
        ({"GetterSource": f"{site}/evil.tar.gz"}, "escapes the destination"),
    ]
    for artifact, message in cases:
        task = qemu_task(config={"image_path": "local/disk.img"}, Artifacts=[artifact])
        path = write_job(tmp_path / "j.json", job(group("g", task)))
        allocs = Path(tempfile.mkdtemp(prefix="nq", dir="/tmp"))
        done = run_cli(["run", "--no-validate", "--alloc-dir", str(allocs), str(path)])
        assert done.returncode == 1, done.stderr
        assert f'g[0].vm: failed to download artifact "{artifact["GetterSource"]}": ' in done.stderr
        assert message in done.stderr
        assert "started qemu" not in done.stderr
        assert list(allocs.iterdir()) == []  # nothing left behind without --keep
        allocs.rmdir()


@needs_qemu
def test_accelerator_override_warns_that_the_argv_differs(tmp_path: Path) -> None:
    task = qemu_task(config={"image_path": "local/d.img", "accelerator": "kvm"})
    task["Resources"]["Cores"] = 2
    path = write_job(tmp_path / "k.json", job(group("g", task)))
    cluster = run_cli(["run", "--no-validate", "--dry-run", "--json", str(path)])
    assert json.loads(cluster.stdout)[0]["argv"][-3:] == ["-enable-kvm", "-smp", "2"]
    local = run_cli(
        ["run", "--no-validate", "--dry-run", "--json", "--accelerator", "tcg", str(path)]
    )
    argv = json.loads(local.stdout)[0]["argv"]
    assert argv[2] == "type=pc,accel=tcg" and "-enable-kvm" not in argv
    assert '--accelerator tcg overrides accelerator "kvm"' in local.stderr
    assert "differs from the cluster's" in local.stderr


def test_hcl_job_with_variables(tmp_path: Path) -> None:
    pytest.importorskip("tree_sitter_hcl")
    source = tmp_path / "vm.nomad"
    source.write_text(
        'variable "mem" {\n  type = number\n}\n'
        'job "vm" {\n  group "g" {\n    task "t" {\n      driver = "qemu"\n'
        '      config {\n        image_path = "local/${NOMAD_TASK_NAME}.img"\n      }\n'
        "      resources {\n        memory = var.mem\n      }\n    }\n  }\n}\n"
    )
    done = run_cli(["run", "--no-validate", "--dry-run", "--json", "-var", "mem=640", str(source)])
    if done.returncode != 0 and "executable file not found" in done.stderr:
        pytest.skip("needs qemu-system-x86_64")
    assert done.returncode == 0, done.stderr
    argv = json.loads(done.stdout)[0]["argv"]
    assert argv[argv.index("-m") + 1] == "640M"
    assert argv[argv.index("-drive") + 1].startswith("file=local/t.img,")


@needs_qemu
def test_artifact_fields_are_interpolated_with_the_task_env(tmp_path: Path) -> None:
    artifact = {
        "GetterSource": f"{tmp_path}/${{NOMAD_TASK_NAME}}.img",
        "GetterOptions": {"checksum": "md5:${NOMAD_META_sum}"},
    }
    task = qemu_task(Artifacts=[artifact], Meta={"sum": "0" * 32})
    (tmp_path / "vm.img").write_bytes(b"image")
    path = write_job(tmp_path / "j.json", job(group("g", task)))
    allocs = Path(tempfile.mkdtemp(prefix="nq", dir="/tmp"))
    done = run_cli(["run", "--no-validate", "--alloc-dir", str(allocs), str(path)])
    shutil.rmtree(allocs, ignore_errors=True)
    assert done.returncode == 1
    assert f'failed to download artifact "{tmp_path}/vm.img"' in done.stderr
    assert f"expected md5 {'0' * 32}" in done.stderr


@needs_qemu
def test_the_bundled_example_job_plans_as_the_demo_runs_it() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "test-guest.nomad"
    args = ["-var", "image_url=http://127.0.0.1:1/guest.img", "-var", "image_sha256=" + "0" * 64]
    done = run_cli(["run", "--dry-run", "--json", *args, "-var", "accelerator=tcg", str(example)])
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)
    argv = item["argv"]
    assert argv[1:3] == ["-machine", "type=pc,accel=tcg"]
    assert "file=local/guest.img,if=virtio,id=image0" in argv
    assert any(a.startswith("user,id=user.0,hostfwd=udp::") for a in argv)
