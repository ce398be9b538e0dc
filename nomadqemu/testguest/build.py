"""Builds (or takes from the cache) the test guest's raw disk images and hybrid ISOs."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nomadqemu.testguest import cpio
from nomadqemu.testguest.init_script import render_init
from nomadqemu.testguest.kernel import (
    WANTED_MODULES,
    GuestBuildError,
    find_busybox,
    find_kernel,
    module_files,
    scratch_dir,
)

BUILDER_VERSION = "1"  # bump when the guest's contents change
ISOLINUX_DIR = Path("/usr/lib/ISOLINUX")
SYSLINUX_MODULES = Path("/usr/lib/syslinux/modules/bios")
INSTALL_HINT = (
    "install them with: apt-get install -y --no-install-recommends "
    "mtools syslinux syslinux-common isolinux xorriso"
)


@dataclass(frozen=True)
class GuestImages:
    """Paths of the built images; `*_ignore` variants do not react to the power button."""

    directory: Path
    img: Path
    img_ignore: Path
    iso: Path | None
    iso_ignore: Path | None
    port: int  # where httpd listens inside the guest


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nomadqemu" / "test-guest"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(argv: list[str]) -> None:
    if shutil.which(argv[0]) is None:
        raise GuestBuildError(f"{argv[0]} is not installed; {INSTALL_HINT}")
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise GuestBuildError(f"{' '.join(argv)} failed: {done.stderr.strip()}")


def _initramfs(busybox: Path, modules: list[Path]) -> bytes:
    names = [path.stem for path in modules]
    entries = [cpio.directory(d) for d in ("bin", "dev", "proc", "sys", "tmp", "www", "lib")]
    entries.append(cpio.directory("lib/modules"))
    entries.append(cpio.regular("bin/busybox", busybox.read_bytes(), 0o755))
    entries.append(cpio.regular("init", render_init(names), 0o755))
    entries.append(cpio.regular("www/index.html", b"guest-ok\n"))
    entries += [cpio.regular(f"lib/modules/{p.name}", p.read_bytes()) for p in modules]
    return gzip.compress(cpio.write_newc(entries), compresslevel=9, mtime=0)


def _append_line(port: int, ignore: bool) -> str:
    line = f"console=ttyS0 quiet guest.port={port}"
    return line + " guest.powerbtn=ignore" if ignore else line


def _boot_config(port: int, ignore: bool, kernel: str, initrd: str) -> str:
    return (
        f"DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL {kernel}\n"
        f"  INITRD {initrd}\n  APPEND {_append_line(port, ignore)}\n"
    )


def _raw_image(out: Path, vmlinuz: Path, initrd: Path, port: int, ignore: bool) -> None:
    """A FAT "superfloppy" with SYSLINUX in its boot sector; SeaBIOS boots it as a disk."""
    payload = vmlinuz.stat().st_size + initrd.stat().st_size
    sectors = (payload + (2 << 20)) // 512
    sectors += -sectors % 64  # whole cylinders of 2 heads × 32 sectors
    config = out.with_suffix(".cfg")
    config.write_text(_boot_config(port, ignore, "/VMLINUZ", "/INITRD.GZ"))
    _run(
        [
            "mformat",
            "-C",
            "-i",
            str(out),
            "-T",
            str(sectors),
            "-h",
            "2",
            "-s",
            "32",
            "-v",
            "GUEST",
            "::",
        ]
    )
    for source, name in ((vmlinuz, "VMLINUZ"), (initrd, "INITRD.GZ"), (config, "SYSLINUX.CFG")):
        _run(["mcopy", "-i", str(out), str(source), f"::{name}"])
    _run(["syslinux", "--install", str(out)])
    config.unlink()


def _iso_image(out: Path, vmlinuz: Path, initrd: Path, port: int, ignore: bool) -> None:
    tree = out.with_suffix(".tree")
    (tree / "isolinux").mkdir(parents=True)
    shutil.copy(ISOLINUX_DIR / "isolinux.bin", tree / "isolinux")
    shutil.copy(SYSLINUX_MODULES / "ldlinux.c32", tree / "isolinux")
    config = _boot_config(port, ignore, "/vmlinuz", "/initrd.gz")
    (tree / "isolinux" / "isolinux.cfg").write_text(config)
    shutil.copy(vmlinuz, tree / "vmlinuz")
    shutil.copy(initrd, tree / "initrd.gz")
    _run([
        "xorriso", "-as", "mkisofs", "-quiet", "-R", "-o", str(out),
        "-isohybrid-mbr", str(ISOLINUX_DIR / "isohdpfx.bin"),
        "-c", "isolinux/boot.cat", "-b", "isolinux/isolinux.bin",
        "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", str(tree),
    ])  # fmt: skip
    shutil.rmtree(tree)


def _images(directory: Path, iso: bool, port: int) -> GuestImages:
    return GuestImages(
        directory=directory,
        img=directory / "guest.img",
        img_ignore=directory / "guest-ignore.img",
        iso=directory / "guest.iso" if iso else None,
        iso_ignore=directory / "guest-ignore.iso" if iso else None,
        port=port,
    )


def build_guest(
    cache_dir: Path | None = None,
    *,
    flavour: str = "cloud-amd64",
    iso: bool = True,
    port: int = 80,
) -> GuestImages:
    """Build once per kernel, busybox and builder version; later calls return the cache."""
    if flavour not in WANTED_MODULES:
        raise GuestBuildError(
            f"unknown kernel flavour {flavour!r}: use one of {sorted(WANTED_MODULES)}"
        )
    cache_dir = cache_dir or default_cache_dir()
    with scratch_dir() as scratch_name:
        scratch = Path(scratch_name)
        kernel = find_kernel(flavour, scratch)
        busybox = find_busybox(scratch)
        modules = module_files(kernel, WANTED_MODULES[flavour])
        key = hashlib.sha256(
            "\0".join(
                [BUILDER_VERSION, kernel.release, _sha256(kernel.vmlinuz), _sha256(busybox),
                 str(iso), str(port)]
            ).encode()
        ).hexdigest()[:16]  # fmt: skip
        final = cache_dir / f"{kernel.release}-{key}"
        images = _images(final, iso, port)
        if (final / "complete").exists():
            return images
        work = scratch / "out"
        work.mkdir()
        initrd = work / "initrd.gz"
        initrd.write_bytes(_initramfs(busybox, modules))
        vmlinuz = work / "vmlinuz"
        shutil.copy(kernel.vmlinuz, vmlinuz)
        _raw_image(work / "guest.img", vmlinuz, initrd, port, ignore=False)
        _raw_image(work / "guest-ignore.img", vmlinuz, initrd, port, ignore=True)
        if iso:
            _iso_image(work / "guest.iso", vmlinuz, initrd, port, ignore=False)
            _iso_image(work / "guest-ignore.iso", vmlinuz, initrd, port, ignore=True)
        (work / "complete").write_text(kernel.release + "\n")
        final.parent.mkdir(parents=True, exist_ok=True)
        # Build aside, then rename: a concurrent or interrupted build never leaves a
        # half-written image in the cache.
        try:
            shutil.move(str(work), str(final))
        except OSError:
            if not (final / "complete").exists():
                raise
        return images
