"""Getting bytes: HTTP(S) with headers, timeouts, retries and a progress callback, and a
cache keyed by source and checksum (a download is only cached when it is verified)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nomadqemu.executor.artifacts.errors import ArtifactError
from nomadqemu.executor.artifacts.source import Checksum

Progress = Callable[[str, int, int | None], None]  # (name, bytes so far, total or None)
CHUNK = 1 << 20


@dataclass(frozen=True)
class FetchSettings:
    cache_dir: Path
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    attempts: int = 3
    progress: Progress | None = None


def file_digest(path: Path, kind: str) -> str:
    digest = hashlib.new(kind)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, checksum: Checksum, name: str) -> None:
    actual = file_digest(path, checksum.kind)
    if actual != checksum.digest:
        raise ArtifactError(
            f"checksums did not match for {name}: expected {checksum.kind} "
            f"{checksum.digest}, got {actual}"
        )


def _http_get(
    url: str,
    headers: Mapping[str, str],
    target: Path,
    name: str,
    settings: FetchSettings,
    *,
    insecure: bool = False,
) -> None:
    import requests  # lazily: `run --dry-run` and the other commands never need it

    last_error = ""
    for attempt in range(settings.attempts):
        if attempt:
            time.sleep(0.5 * 2 ** (attempt - 1))
        try:
            with requests.get(
                url,
                headers=dict(headers),
                stream=True,
                timeout=(settings.connect_timeout_s, settings.read_timeout_s),
                verify=not insecure,  # the artifact's `insecure = true`
            ) as response:
                if response.status_code != 200:
                    last_error = f"bad response code: {response.status_code}"
                    if response.status_code < 500:
                        break  # a client error does not get better by retrying
                    continue
                total = response.headers.get("Content-Length")
                expected = int(total) if total and total.isdigit() else None
                done = 0
                with target.open("wb") as out:
                    for block in response.iter_content(CHUNK):
                        out.write(block)
                        done += len(block)
                        if settings.progress:
                            settings.progress(name, done, expected)
                if expected is not None and done != expected:
                    last_error = f"connection closed after {done} of {expected} bytes"
                    continue
                return
        except requests.RequestException as exc:
            last_error = str(exc)
    target.unlink(missing_ok=True)
    raise ArtifactError(f"GET {url}: {last_error}")


def download_text(url: str, headers: Mapping[str, str], settings: FetchSettings) -> str:
    """A small file (a checksum listing) from http(s) or the filesystem."""
    if url.startswith(("http://", "https://")):
        with tempfile.TemporaryDirectory(prefix="nomadqemu-sum-") as tmp:
            target = Path(tmp) / "sums"
            _http_get(url, headers, target, "checksum file", settings)
            return target.read_text(errors="replace")
    path = Path(url.removeprefix("file://"))
    try:
        return path.read_text(errors="replace")
    except OSError as exc:
        raise ArtifactError(f"cannot read checksum file {path}: {exc.strerror}") from exc


def fetch_http(
    url: str,
    *,
    name: str,
    headers: Mapping[str, str],
    checksum: Checksum | None,
    settings: FetchSettings,
    scratch: Path,
    insecure: bool = False,
) -> Path:
    """A verified local copy of the URL: from the cache when possible."""
    if checksum is None:
        target = scratch / "download"
        _http_get(url, headers, target, name, settings, insecure=insecure)
        return target
    key = hashlib.sha256(f"{url}\0{checksum.kind}:{checksum.digest}".encode()).hexdigest()
    cached = settings.cache_dir / key[:32] / (name or "download")
    if cached.is_file():
        with contextlib.suppress(ArtifactError):
            verify(cached, checksum, name)
            return cached
        cached.unlink(missing_ok=True)  # a corrupted cache entry is fetched again
    cached.parent.mkdir(parents=True, exist_ok=True)
    fd, partial_name = tempfile.mkstemp(dir=cached.parent, prefix=".partial-")
    os.close(fd)
    partial = Path(partial_name)
    try:
        _http_get(url, headers, partial, name, settings, insecure=insecure)
        verify(partial, checksum, name)
        partial.replace(cached)  # atomic: readers see a whole file or none
    finally:
        partial.unlink(missing_ok=True)
    return cached


def copy_into(source: Path, target: Path) -> None:
    """A real copy, never a link: qemu locks its image, and two allocations sharing one
    file (or a cache entry) would fail with "Failed to get write lock"."""
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, target)
        shutil.copymode(source, target)
