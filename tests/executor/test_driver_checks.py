"""The StartTask checks, with the driver's exact messages."""

from __future__ import annotations

import pytest

from nomadqemu.executor import driver_checks as checks
from nomadqemu.executor.driver_version import DriverGeneration
from nomadqemu.goquote import go_quote

ALLOC = "/srv/nomad/alloc/5f1c"
IMAGE_PATHS = ("/var/images", "/mnt/vm")


@pytest.mark.parametrize(
    "path",
    [
        "local/disk.img",
        "disk.img",
        "/var/images/base.img",
        "/var/images/sub/dir/base.img",
        "/mnt/vm/x.qcow2",
        f"{ALLOC}/web/local/disk.img",
        f"{ALLOC}",
        "local/../disk.img",
    ],
)
def test_allowed_image_paths(path: str) -> None:
    assert checks.check_image_path(path, IMAGE_PATHS, ALLOC) is None


@pytest.mark.parametrize(
    "path",
    [
        "/disk.img",
        "../disk.img",
        "local/../../escape.img",
        "/var/imagesdisk.img",  # a string prefix is not a parent
        "/var/other/disk.img",
        "/srv/nomad/alloc/5f1c-other/disk.img",
        "..disk.img",  # Go's Rel result starts with "..": the driver's quirk
    ],
)
def test_disallowed_image_paths(path: str) -> None:
    assert checks.check_image_path(path, IMAGE_PATHS, ALLOC) == (
        "image_path is not in the allowed paths"
    )


def test_relative_image_paths_entries_never_match_and_empty_path_is_its_own_error() -> None:
    assert not checks.is_allowed_image_path(["images"], ALLOC, "/images/a.img")
    assert checks.check_image_path("", IMAGE_PATHS, ALLOC) == "image_path must be set"


def test_args_allowlist_checks_flags_exactly() -> None:
    allow = ["-drive", "-net", "-snapshot"]
    assert checks.check_args(["-snapshot", "file=x", "-drive"], allow) is None
    assert checks.check_args(["-usbdevice"], allow) == '"-usbdevice" is not in args_allowlist'
    assert checks.check_args(["--snapshot"], allow) == '"--snapshot" is not in args_allowlist'
    assert checks.check_args([" -net"], allow) == '" -net" is not in args_allowlist'
    assert checks.check_args(["\t-net"], allow) == '"\\t-net" is not in args_allowlist'
    assert checks.check_args(["-anything"], []) is None


def test_emulator_allowlist_compares_the_raw_value() -> None:
    assert checks.check_emulator("x86_64", ["x86_64"]) is None
    assert checks.check_emulator("qemu-system-x86_64", ["x86_64"]) == (
        "'qemu-system-x86_64' is not an allowed emulator"
    )
    assert checks.check_emulator("", ["x86_64"]) == "'' is not an allowed emulator"
    assert checks.check_emulator("", []) is None


def test_memory_bounds_and_spelling_per_generation() -> None:
    assert checks.check_memory(128, DriverGeneration.V1_11_2) is None
    assert checks.check_memory(4_000_000, DriverGeneration.V1_7) is None
    assert checks.check_memory(127, DriverGeneration.V1_7) == "QEMU memory assignment out of bounds"
    assert checks.check_memory(64, DriverGeneration.V1_6) == "Qemu memory assignment out of bounds"
    assert checks.check_memory(4_000_001, DriverGeneration.V1_11_2) is not None


@pytest.mark.parametrize("interface", checks.DRIVE_INTERFACES)
def test_drive_interfaces_accepted(interface: str) -> None:
    assert checks.check_drive_interface(interface) is None


@pytest.mark.parametrize("interface", ["foo", "virtio-foo", "IDE", ""])
def test_drive_interfaces_rejected(interface: str) -> None:
    assert checks.check_drive_interface(interface) == "Unsupported drive_interface"


def test_socket_path_length() -> None:
    short = "/a/qm.sock"
    long = "/" + "d" * 100 + "/qm.sock"
    assert checks.check_socket_path(short) is None
    assert checks.check_socket_path(long) == (
        f"socket path {long} is longer than the maximum length allowed (108), "
        "try to reduce the task name or Nomad's data_dir if possible."
    )
    assert checks.check_socket_path(long[:106], "darwin") is not None
    assert checks.check_socket_path(long, "windows") is None


def test_port_labels_and_kvm_platform() -> None:
    assert checks.check_port_labels({"http": 80}, ["http", "ssh"]) is None
    assert checks.check_port_labels({"web": 80}, ["http"]) == 'Unknown port label "web"'
    new, old = DriverGeneration.V1_11_2, DriverGeneration.V1_7
    assert checks.check_kvm_platform("kvm", new, "linux") is None
    assert checks.check_kvm_platform("kvm", new, "darwin") == (
        "KVM accelerator is unsupported on the current platform"
    )
    assert checks.check_kvm_platform("kvm", old, "darwin") is None
    assert checks.check_kvm_platform("kvm", old, "windows") == (
        "KVM accelerator is unsupported on the Windows platform"
    )
    assert checks.check_kvm_platform("tcg", new, "windows") is None


def test_go_quote_escapes() -> None:
    assert go_quote('a"b\\c') == '"a\\"b\\\\c"'
    assert go_quote("\x01é\u200b") == '"\\x01é\\u200b"'
