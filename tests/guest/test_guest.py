"""The test-guest builder: its cpio writer, module order, images, and a real boot."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from nomadqemu.executor.monitor import system_powerdown
from nomadqemu.testguest import build_guest, cpio
from nomadqemu.testguest.init_script import render_init
from nomadqemu.testguest.kernel import GuestBuildError, find_kernel, module_files

BUSYBOX = shutil.which("busybox")
have_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("mformat", "mcopy", "syslinux", "xorriso")),
    reason="needs mtools, syslinux and xorriso",
)


@pytest.mark.skipif(BUSYBOX is None or shutil.which("cpio") is None, reason="needs busybox, cpio")
def test_newc_archive_is_read_back_by_cpio(tmp_path: Path) -> None:
    entries = [
        cpio.directory("bin"),
        cpio.regular("bin/hello", b"#!/bin/sh\necho hi\n", 0o755),
        cpio.regular("www/index.html", b"guest-ok\n"),
    ]
    archive = cpio.write_newc(entries)
    listing = subprocess.run(
        ["cpio", "-t"], input=archive, capture_output=True, check=True
    ).stdout.decode()
    assert listing.split() == ["bin", "bin/hello", "www/index.html"]
    subprocess.run(["cpio", "-id"], input=archive, cwd=tmp_path, capture_output=True, check=True)
    assert (tmp_path / "bin" / "hello").read_bytes() == b"#!/bin/sh\necho hi\n"
    assert (tmp_path / "bin" / "hello").stat().st_mode & 0o777 == 0o755


def test_init_script_loads_modules_in_the_given_order() -> None:
    script = render_init(["virtio", "virtio_net"]).decode()
    assert script.startswith("#!/bin/busybox sh\n")
    assert "for module in virtio virtio_net; do" in script
    assert script.index("Power Button") < script.index("httpd -p")  # watcher first
    assert "guest.powerbtn=ignore" not in script  # the variant is chosen on the cmdline


def test_modules_come_after_their_dependencies(tmp_path: Path) -> None:
    try:
        kernel = find_kernel("cloud-amd64", tmp_path)
    except GuestBuildError as exc:
        pytest.skip(str(exc))
    names = [p.stem for p in module_files(kernel, ("virtio_net", "button", "evdev"))]
    assert "virtio_net" in names and "net_failover" in names
    assert names.index("failover") < names.index("net_failover") < names.index("virtio_net")


@have_tools
def test_build_is_cached_and_makes_bootable_images(tmp_path: Path) -> None:
    started = time.monotonic()
    try:
        images = build_guest(tmp_path / "cache")
    except GuestBuildError as exc:  # no kernel installed and no package mirror
        pytest.skip(str(exc))
    first = time.monotonic() - started
    again = build_guest(tmp_path / "cache")
    assert again == images
    for path in (images.img, images.img_ignore, images.iso, images.iso_ignore):
        assert path is not None and path.stat().st_size > 1_000_000
    # The ISO is hybrid (an MBR boot signature) and the raw image a FAT boot sector.
    assert images.iso is not None
    assert images.iso.read_bytes()[510:512] == b"\x55\xaa"
    assert images.img.read_bytes()[510:512] == b"\x55\xaa"
    initrd = gzip.decompress((images.directory / "initrd.gz").read_bytes())
    assert b"guest-ok" in initrd
    assert first < 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.vm
@have_tools
def test_hybrid_iso_boots_from_a_plain_drive() -> None:
    if shutil.which("qemu-system-x86_64") is None:
        pytest.skip("needs qemu-system-x86_64")
    images = build_guest()
    assert images.iso is not None
    work = Path(tempfile.mkdtemp(prefix="nqiso", dir="/tmp"))
    disk = work / "guest.iso"
    shutil.copyfile(images.iso, disk)
    port, monitor = _free_port(), work / "m.sock"
    argv = [
        "qemu-system-x86_64", "-machine", "type=pc,accel=tcg", "-m", "128M",
        "-drive", f"file={disk},if=virtio", "-nographic",
        "-monitor", f"unix:{monitor},server=on,wait=off",
        "-netdev", f"user,id=user.0,hostfwd=tcp:127.0.0.1:{port}-:80",
        "-device", "virtio-net,netdev=user.0",
    ]  # fmt: skip
    qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        page = None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=0.5) as r:
                    page = r.read()
            except OSError:
                time.sleep(0.1)
        assert page == b"guest-ok\n"
        system_powerdown(str(monitor))
        assert qemu.wait(10) == 0
    finally:
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()
        shutil.rmtree(work, ignore_errors=True)
