"""One `artifact` block: source → checksum → unpack → destination, all or nothing."""

from __future__ import annotations

import posixpath
import shutil
import tempfile
from pathlib import Path

from nomadqemu.executor.artifacts.download import (
    FetchSettings,
    copy_into,
    download_text,
    fetch_http,
    verify,
)
from nomadqemu.executor.artifacts.errors import ArtifactError
from nomadqemu.executor.artifacts.source import (
    Checksum,
    Source,
    checksum_from_listing,
    parse_checksum,
    parse_source,
    resolve_kind,
)
from nomadqemu.executor.artifacts.unpack import SINGLE_FILE, detect_format, unpack
from nomadqemu.executor.plan import ArtifactSpec


def destination_path(task_dir: Path, relative: str) -> Path:
    """`destination` joined to the task dir (even when absolute, as Go's Join does)."""
    joined = posixpath.normpath(posixpath.join(str(task_dir), relative.lstrip("/")))
    root = posixpath.normpath(str(task_dir))
    if joined != root and not joined.startswith(root + "/"):
        raise ArtifactError("artifact destination path escapes the alloc directory")
    return Path(joined)


def _checksum(source: Source, spec: ArtifactSpec, settings: FetchSettings) -> Checksum | None:
    if source.checksum is None:
        return None
    kind, value = parse_checksum(source.checksum)
    if kind == "file":
        kind, value = checksum_from_listing(
            download_text(value, spec.headers, settings), source.name
        )
    return resolve_kind(kind, value)


def _install(staged: Path, destination: Path) -> None:
    """Move a staged file or the staged directory's entries into place."""
    if staged.is_dir():
        destination.mkdir(parents=True, exist_ok=True)
        for entry in staged.iterdir():
            target = destination / entry.name
            if target.is_dir() and entry.is_dir():
                _install(entry, target)
            else:
                entry.replace(target)
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
        staged.replace(destination)


def fetch_artifact(spec: ArtifactSpec, task_dir: Path, settings: FetchSettings) -> Path:
    """Fetch into the task dir; returns the destination. Raises ArtifactError, leaving
    nothing behind (downloads and unpacking happen in a scratch dir inside the task dir)."""
    if spec.mode not in ("any", "file", "dir"):
        raise ArtifactError(f'invalid artifact mode "{spec.mode}": use any, file or dir')
    destination = destination_path(task_dir, spec.destination)
    source = parse_source(spec.source, spec.options, task_dir)
    checksum = _checksum(source, spec, settings)
    with tempfile.TemporaryDirectory(dir=task_dir, prefix=".artifact-") as scratch_name:
        scratch = Path(scratch_name)
        if source.scheme == "file":
            local = Path(source.url)
            if not local.exists():
                raise ArtifactError(f"source path error: stat {local}: no such file or directory")
        else:
            local = fetch_http(
                source.url,
                name=source.name,
                headers=spec.headers,
                checksum=checksum,
                settings=settings,
                scratch=scratch,
                insecure=spec.insecure,
            )
        if local.is_dir():
            if spec.mode == "file":
                raise ArtifactError(f"{local} is a directory, but the artifact mode is file")
            staged = scratch / "staged"
            copy_into(local, staged)
            _install(staged, destination)
            return destination
        if checksum is not None:
            verify(local, checksum, source.name)
        try:
            fmt = detect_format(source.name, source.archive)
        except ArtifactError:
            raise
        staged = scratch / "staged"
        if fmt is None:
            if spec.mode == "dir":
                raise ArtifactError(f"{source.name} is a single file, but the artifact mode is dir")
            staged.mkdir()
            copy_into(local, staged / (source.name or "download"))
            if spec.mode == "file":
                _install(staged / (source.name or "download"), destination)
            else:
                _install(staged, destination)
            return destination
        staged.mkdir()
        if fmt in SINGLE_FILE:
            if spec.mode != "file":
                raise ArtifactError(
                    f"{fmt}-compressed files can only unarchive to a single file: "
                    'set mode = "file" and a destination file name'
                )
            unpack(local, fmt, staged, "file")
            _install(staged / "file", destination)
            return destination
        if spec.mode == "file":
            raise ArtifactError(f"{source.name} is a {fmt} archive, but the artifact mode is file")
        unpack(local, fmt, staged, "")
        _install(staged, destination)
    shutil.rmtree(scratch, ignore_errors=True)
    return destination
