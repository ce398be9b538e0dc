"""Golden qemu command lines: one per config field and driver generation."""

from __future__ import annotations

from typing import Any

import pytest

from nomadqemu.executor.argv import ArgvRequest, NetworkForwarding, build_argv
from nomadqemu.executor.driver_version import DriverGeneration, generation_for
from nomadqemu.executor.task_config import decode_config

G = DriverGeneration
BIN = "/usr/bin/qemu-system-x86_64"
TASK_DIR = "/var/nq/alloc/1234/vm"


def argv_for(
    config: dict[str, Any],
    generation: DriverGeneration,
    *,
    memory: int = 512,
    cores: tuple[int, ...] = (),
    network: NetworkForwarding | None = None,
    binary: str = BIN,
) -> str:
    request = ArgvRequest(
        config=decode_config(config, generation),
        generation=generation,
        binary_path=binary,
        task_dir=TASK_DIR,
        memory_mb=memory,
        cpuset_cpus=cores,
        network=network,
    )
    return " ".join(build_argv(request))


HEAD = f"{BIN} -machine type=pc,accel=tcg -name disk.img -m 512M -drive file=local/disk.img"
MINIMAL_OLD = f"{HEAD},if=ide -nographic"
MINIMAL_NEW = f"{HEAD},if=ide,id=image0 -nographic"


@pytest.mark.parametrize(
    ("generation", "expected"),
    [
        (G.V1_6, MINIMAL_OLD),
        (G.V1_7, MINIMAL_OLD),
        (G.V1_11_1, MINIMAL_NEW),
        (G.V1_11_2, MINIMAL_NEW),
    ],
)
def test_minimal_config_per_generation(generation: DriverGeneration, expected: str) -> None:
    assert argv_for({"image_path": "local/disk.img"}, generation) == expected


def test_version_strings_map_to_generations() -> None:
    assert generation_for("1.6.0") is G.V1_6
    assert generation_for("1.6.9") is G.V1_6
    assert generation_for("1.7.0") is G.V1_7
    assert generation_for("v1.11.0") is G.V1_7
    assert generation_for("1.11.1") is G.V1_11_1
    assert generation_for("1.11.2") is G.V1_11_2
    assert generation_for("2.0.5") is G.V1_11_2
    with pytest.raises(ValueError, match="oldest supported"):
        generation_for("1.5.3")
    with pytest.raises(ValueError, match="invalid Nomad version"):
        generation_for("latest")


def test_head_example_with_every_common_field() -> None:
    config = {
        "image_path": "local/linux.img",
        "accelerator": "kvm",
        "graceful_shutdown": True,
        "args": ["-nodefaults"],
        "port_map": [{"ssh": 22}],
    }
    network = NetworkForwarding(host_ports={"ssh": 22000})
    assert argv_for(config, G.V1_11_2, cores=(0, 1), network=network) == (
        f"{BIN} -machine type=pc,accel=kvm -name linux.img -m 512M "
        "-drive file=local/linux.img,if=ide,id=image0 -nographic "
        f"-monitor unix:{TASK_DIR}/qm.sock,server=on,wait=off -nodefaults "
        "-netdev user,id=user.0,hostfwd=udp::22000-:22,hostfwd=tcp::22000-:22 "
        "-device virtio-net,netdev=user.0 -enable-kvm -smp 2"
    )


def test_old_kvm_adds_cpu_host_and_unconditional_smp() -> None:
    config = {"image_path": "/img/a.qcow2", "accelerator": "kvm", "args": ["-smp", "4"]}
    assert argv_for(config, G.V1_7, cores=(2, 3)) == (
        f"{BIN} -machine type=pc,accel=kvm -name a.qcow2 -m 512M "
        "-drive file=/img/a.qcow2,if=ide -nographic -smp 4 -enable-kvm -cpu host -smp 2"
    )


def test_modern_kvm_respects_user_smp_and_needs_cores() -> None:
    config = {"image_path": "/img/a.qcow2", "accelerator": "kvm", "args": ["-smp", "4"]}
    assert argv_for(config, G.V1_11_1, cores=(2, 3)).endswith("-nographic -smp 4 -enable-kvm")
    no_cores = argv_for({"image_path": "/img/a.qcow2", "accelerator": "kvm"}, G.V1_11_2)
    assert no_cores.endswith("-nographic -enable-kvm")


@pytest.mark.parametrize(
    ("generation", "monitor"),
    [
        (G.V1_6, f"unix:{TASK_DIR}/qm.sock,server,nowait"),
        (G.V1_11_1, f"unix:{TASK_DIR}/qm.sock,server,nowait"),
        (G.V1_11_2, f"unix:{TASK_DIR}/qm.sock,server=on,wait=off"),
    ],
)
def test_monitor_socket_syntax(generation: DriverGeneration, monitor: str) -> None:
    argv = argv_for({"image_path": "a.img", "graceful_shutdown": "true"}, generation).split()
    assert argv[argv.index("-monitor") + 1] == monitor


@pytest.mark.parametrize(
    ("generation", "options"),
    [(G.V1_7, "server,nowait"), (G.V1_11_2, "server=on,wait=off")],
)
def test_guest_agent_chardev(generation: DriverGeneration, options: str) -> None:
    argv = argv_for({"image_path": "a.img", "guest_agent": True}, generation)
    assert argv.endswith(
        f"-nographic -chardev socket,path={TASK_DIR}/qa.sock,{options},id=qga0 "
        "-device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"
    )


def test_monitor_precedes_agent_precedes_args() -> None:
    config = {"image_path": "a.img", "guest_agent": True, "graceful_shutdown": True, "args": ["-x"]}
    argv = argv_for(config, G.V1_11_2).split()
    assert argv.index("-monitor") < argv.index("-chardev") < argv.index("-x")


def test_emulator_machine_type_and_drive_interface() -> None:
    config = {
        "image_path": "/srv/images/arm.img",
        "emulator": "qemu-system-aarch64",
        "machine_type": "virt",
        "drive_interface": "virtio",
    }
    modern = argv_for(config, G.V1_11_2, binary="/usr/bin/qemu-system-aarch64")
    assert modern == (
        "/usr/bin/qemu-system-aarch64 -machine type=virt,accel=tcg -name arm.img -m 512M "
        "-drive file=/srv/images/arm.img,if=virtio,id=image0 -nographic"
    )
    decoded = decode_config(config, G.V1_11_2)
    assert decoded.binary_name == "qemu-system-aarch64"
    assert decoded.raw_emulator == "qemu-system-aarch64"
    assert decode_config({"image_path": "x", "emulator": "riscv64"}, G.V1_11_2).binary_name == (
        "qemu-system-riscv64"
    )
    # v1.11.1 takes the emulator as a full binary name, without stripping or adding.
    assert decode_config({"image_path": "x", "emulator": "qemu-kvm"}, G.V1_11_1).binary_name == (
        "qemu-kvm"
    )


def test_old_generations_reject_emulator_and_machine_type() -> None:
    with pytest.raises(ValueError, match='No argument or block type is named "machine_type"'):
        decode_config({"image_path": "x", "machine_type": "q35"}, G.V1_7)


def test_memory_is_formatted_with_suffix() -> None:
    assert " -m 1152M " in argv_for({"image_path": "a.img"}, G.V1_11_2, memory=1152)


def test_image_path_commas_are_not_escaped() -> None:
    argv = argv_for({"image_path": "local/a,snapshot=on"}, G.V1_11_2).split()
    assert argv[argv.index("-drive") + 1] == "file=local/a,snapshot=on,if=ide,id=image0"
    assert argv[argv.index("-name") + 1] == "a,snapshot=on"


def test_port_map_udp_then_tcp_for_each_label_with_dns() -> None:
    network = NetworkForwarding(
        host_ports={"http": 25000, "ssh": 25001, "unused": 25002},
        dns_servers=("1.1.1.1", "8.8.8.8"),
        dns_searches=("corp.example", "example"),
    )
    config = {"image_path": "a.img", "port_map": [{"ssh": 22}, {"http": "80"}]}
    argv = argv_for(config, G.V1_11_2, network=network).split()
    assert argv[argv.index("-netdev") + 1] == (
        "user,id=user.0,dns=1.1.1.1,dnssearch=corp.example,dnssearch=example,"
        "hostfwd=udp::25000-:80,hostfwd=tcp::25000-:80,"
        "hostfwd=udp::25001-:22,hostfwd=tcp::25001-:22"
    )
    assert argv[-2:] == ["-device", "virtio-net,netdev=user.0"]


def test_no_netdev_without_task_network_or_without_anything_to_add() -> None:
    config = {"image_path": "a.img", "port_map": [{"http": 80}]}
    assert "-netdev" not in argv_for(config, G.V1_11_2)
    empty = argv_for({"image_path": "a.img"}, G.V1_11_2, network=NetworkForwarding({"http": 1}))
    assert "-netdev" not in empty


def test_unknown_port_label_is_the_drivers_error() -> None:
    config = {"image_path": "a.img", "port_map": [{"web": 80}]}
    with pytest.raises(ValueError, match=r'^Unknown port label "web"$'):
        argv_for(config, G.V1_11_2, network=NetworkForwarding({"http": 25000}))


def test_config_errors_use_the_task_runners_wording() -> None:
    with pytest.raises(ValueError) as caught:
        decode_config({"graceful_shutdown": "maybe", "extra": 1}, G.V1_11_2)
    message = str(caught.value)
    assert message.startswith("failed to parse config: ")
    assert 'No argument or block type is named "extra"' in message
    assert 'The argument "image_path" is required' in message
    assert 'attribute "graceful_shutdown": a bool is required' in message


FULL = {
    "image_path": "/srv/vm/root.qcow2",
    "accelerator": "kvm",
    "drive_interface": "virtio",
    "graceful_shutdown": True,
    "guest_agent": True,
    "args": ["-nodefaults", "-vga", "none"],
    "port_map": [{"ssh": 22}, {"http": 80}],
}
NETWORK = NetworkForwarding({"http": 28080, "ssh": 28022}, ("10.0.0.53",), ("lab",))
MONITOR = f"-monitor unix:{TASK_DIR}/qm.sock"
AGENT = f"-chardev socket,path={TASK_DIR}/qa.sock"
GUEST_DEVICES = (
    "-device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"
)
NETDEV = (
    "-netdev user,id=user.0,dns=10.0.0.53,dnssearch=lab,"
    "hostfwd=udp::28080-:80,hostfwd=tcp::28080-:80,"
    "hostfwd=udp::28022-:22,hostfwd=tcp::28022-:22 -device virtio-net,netdev=user.0"
)


@pytest.mark.parametrize(
    ("generation", "extra", "expected"),
    [
        (
            G.V1_6,
            {},
            f"{BIN} -machine type=pc,accel=kvm -name root.qcow2 -m 1024M "
            "-drive file=/srv/vm/root.qcow2,if=virtio -nographic "
            f"{MONITOR},server,nowait {AGENT},server,nowait,id=qga0 {GUEST_DEVICES} "
            f"-nodefaults -vga none {NETDEV} -enable-kvm -cpu host -smp 4",
        ),
        (
            G.V1_7,
            {},
            f"{BIN} -machine type=pc,accel=kvm -name root.qcow2 -m 1024M "
            "-drive file=/srv/vm/root.qcow2,if=virtio -nographic "
            f"{MONITOR},server,nowait {AGENT},server,nowait,id=qga0 {GUEST_DEVICES} "
            f"-nodefaults -vga none {NETDEV} -enable-kvm -cpu host -smp 4",
        ),
        (
            G.V1_11_1,
            {"machine_type": "q35", "emulator": "qemu-system-x86_64"},
            f"{BIN} -machine type=q35,accel=kvm -name root.qcow2 -m 1024M "
            "-drive file=/srv/vm/root.qcow2,if=virtio,id=image0 -nographic "
            f"{MONITOR},server,nowait {AGENT},server,nowait,id=qga0 {GUEST_DEVICES} "
            f"-nodefaults -vga none {NETDEV} -enable-kvm -smp 4",
        ),
        (
            G.V1_11_2,
            {"machine_type": "q35", "emulator": "x86_64"},
            f"{BIN} -machine type=q35,accel=kvm -name root.qcow2 -m 1024M "
            "-drive file=/srv/vm/root.qcow2,if=virtio,id=image0 -nographic "
            f"{MONITOR},server=on,wait=off {AGENT},server=on,wait=off,id=qga0 {GUEST_DEVICES} "
            f"-nodefaults -vga none {NETDEV} -enable-kvm -smp 4",
        ),
    ],
)
def test_every_field_per_generation(
    generation: DriverGeneration, extra: dict[str, Any], expected: str
) -> None:
    config = {**FULL, **extra}
    assert argv_for(config, generation, memory=1024, cores=(0, 1, 2, 3), network=NETWORK) == (
        expected
    )
