"""go-getter's decompressors, refusing hostile archives.

An archive is checked completely before anything is written: absolute names, `..`
components, links that point out of the destination and special files all fail the
fetch with a message naming the member. Extraction goes to a fresh directory that the
caller moves into place, so a failure leaves no partial file.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import posixpath
import shutil
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

from nomadqemu.executor.artifacts.errors import ArtifactError

# Longest suffixes first: `.tar.gz` must win over `.gz`.
FORMATS = (
    ("tar.gz", "tar.gz"),
    ("tgz", "tar.gz"),
    ("tar.bz2", "tar.bz2"),
    ("tbz2", "tar.bz2"),
    ("tar.xz", "tar.xz"),
    ("txz", "tar.xz"),
    ("tar.zst", "tar.zst"),
    ("tzst", "tar.zst"),
    ("tar", "tar"),
    ("zip", "zip"),
    ("gz", "gz"),
    ("bz2", "bz2"),
    ("xz", "xz"),
    ("zst", "zst"),
)
SINGLE_FILE = ("gz", "bz2", "xz", "zst")


def detect_format(name: str, archive_option: str | None) -> str | None:
    """The archive format from the `archive` option, else from the file name."""
    if archive_option is not None:
        if archive_option.lower() == "false":
            return None
        for suffix, fmt in FORMATS:
            if archive_option == suffix:
                return fmt
        raise ArtifactError(f"unsupported archive format {archive_option!r}")
    lowered = name.lower()
    for suffix, fmt in FORMATS:
        if lowered.endswith("." + suffix):
            return fmt
    return None


def strip_format_suffix(name: str) -> str:
    lowered = name.lower()
    for suffix, _ in FORMATS:
        if lowered.endswith("." + suffix):
            return name[: -len(suffix) - 1]
    return name


def _zstd_reader(path: Path) -> IO[bytes]:
    try:
        import zstandard
    except ImportError as exc:  # an optional speed-up library may be missing
        raise ArtifactError("zstd archives need the zstandard Python package") from exc
    stream: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(path.open("rb"))
    return stream


def _open_single(path: Path, fmt: str) -> IO[bytes]:
    """A decompressing stream; the caller closes it."""
    if fmt == "zst":
        return _zstd_reader(path)
    module: Any = {"gz": gzip, "bz2": bz2, "xz": lzma}[fmt]
    stream: IO[bytes] = module.open(path, "rb")
    return stream


def _check_name(name: str) -> str:
    """A member name made relative and checked; raises on escapes."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArtifactError(f"archive member {name!r} has an absolute path")
    normalized = posixpath.normpath(name)
    if normalized == ".." or normalized.startswith("../") or "/../" in f"/{name}/":
        raise ArtifactError(f"archive member {name!r} escapes the destination")
    return normalized


def _check_link(member: str, target: str, hard: bool) -> None:
    if target.startswith("/"):
        raise ArtifactError(f"archive member {member!r} links to an absolute path {target!r}")
    base = "" if hard else posixpath.dirname(member)
    resolved = posixpath.normpath(posixpath.join(base, target))
    if resolved == ".." or resolved.startswith("../"):
        raise ArtifactError(f"archive member {member!r} links out of the destination ({target!r})")


@contextlib.contextmanager
def _open_tar(path: Path, fmt: str) -> Iterator[tarfile.TarFile]:
    with contextlib.ExitStack() as stack:
        archive = _open_tar_file(path, fmt, stack)
        stack.enter_context(archive)
        yield archive


def _open_tar_file(path: Path, fmt: str, stack: contextlib.ExitStack) -> tarfile.TarFile:
    try:
        if fmt == "tar.zst":
            # tarfile never closes a stream it was given: the stack does.
            stream = stack.enter_context(_zstd_reader(path))
            return tarfile.open(fileobj=stream, mode="r|")
        modes: dict[str, Literal["r:", "r:gz", "r:bz2", "r:xz"]] = {
            "tar": "r:",
            "tar.gz": "r:gz",
            "tar.bz2": "r:bz2",
            "tar.xz": "r:xz",
        }
        return tarfile.open(path, modes[fmt])
    except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
        raise ArtifactError(f"cannot read {fmt} archive: {exc}") from exc


def _tar_members(path: Path, fmt: str) -> None:
    with _open_tar(path, fmt) as archive:
        for member in archive:
            name = _check_name(member.name)
            if member.issym():
                _check_link(name, member.linkname, hard=False)
            elif member.islnk():
                _check_link(name, _check_name(member.linkname), hard=True)
            elif not (member.isfile() or member.isdir()):
                raise ArtifactError(f"archive member {member.name!r} is a special file")


def _extract_tar(path: Path, fmt: str, into: Path) -> None:
    _tar_members(path, fmt)  # first pass: nothing is written from a hostile archive
    with _open_tar(path, fmt) as archive:
        try:
            # The "data" filter re-checks what _tar_members checked, and drops setuid bits.
            archive.extractall(into, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ArtifactError(f"cannot unpack {fmt} archive: {exc}") from exc


def _extract_zip(path: Path, into: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArtifactError(f"cannot read zip archive: {exc}") from exc
    with archive:
        links: dict[str, str] = {}
        for info in archive.infolist():
            name = _check_name(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                target = archive.read(info).decode()
                _check_link(name, target, hard=False)
                links[name] = target
        for info in archive.infolist():
            name = posixpath.normpath(info.filename)
            destination = into / name
            if name in links:
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.symlink_to(links[name])
            elif info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as member, destination.open("wb") as out:
                    shutil.copyfileobj(member, out, 1 << 20)
                mode = (info.external_attr >> 16) & 0o777
                if mode:
                    destination.chmod(mode)


def unpack(path: Path, fmt: str, into: Path, single_name: str) -> None:
    """Unpack into the empty directory `into`; a single-file format writes `single_name`."""
    if fmt in SINGLE_FILE:
        try:
            with _open_single(path, fmt) as source, (into / single_name).open("wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
        except (OSError, EOFError, lzma.LZMAError) as exc:
            raise ArtifactError(f"cannot decompress {fmt} file: {exc}") from exc
    elif fmt == "zip":
        _extract_zip(path, into)
    else:
        _extract_tar(path, fmt, into)
