"""Artifacts with go-getter's behaviour, against a real HTTP server and real archives."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nomadqemu.executor.artifacts import ArtifactError, FetchSettings, fetch_artifact
from nomadqemu.executor.plan import ArtifactSpec
from tests.executor.httpserver import serve

Site = tuple[str, Path, list[dict[str, str]]]
PAYLOAD = b"disk image bytes\n" * 100


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    root = tmp_path / "site"
    root.mkdir()
    with serve(root) as (url, seen):
        yield url, root, seen


@pytest.fixture
def task_dir(tmp_path: Path) -> Path:
    path = tmp_path / "alloc" / "vm"
    (path / "local").mkdir(parents=True)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> FetchSettings:
    return FetchSettings(cache_dir=tmp_path / "cache", attempts=2)


def spec(source: str, **kwargs: object) -> ArtifactSpec:
    values: dict[str, object] = {"destination": "local/", "mode": "any"}
    values.update(kwargs)
    return ArtifactSpec(source=source, **values)  # type: ignore[arg-type] # test helper


def leftovers(task_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(task_dir)) for p in task_dir.rglob("*") if p.is_file())


def tar_bytes(
    members: dict[str, bytes], links: dict[str, str] | None = None, mode: str = "w:gz"
) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload] # test helper
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def test_http_with_sha256_checksum_and_headers(
    site: Site, task_dir: Path, settings: FetchSettings
) -> None:
    url, root, seen = site
    (root / "disk.img").write_bytes(PAYLOAD)
    digest = hashlib.sha256(PAYLOAD).hexdigest()
    artifact = spec(
        f"{url}/disk.img",
        options={"checksum": f"sha256:{digest}"},
        headers={"X-Token": "abc"},
    )
    fetch_artifact(artifact, task_dir, settings)
    assert (task_dir / "local" / "disk.img").read_bytes() == PAYLOAD
    assert seen[-1]["X-Token"] == "abc"
    # A second fetch is served from the cache: no new request, and a copy, not a link.
    fetch_artifact(artifact, task_dir, settings)
    assert len(seen) == 1
    assert (task_dir / "local" / "disk.img").stat().st_nlink == 1


@pytest.mark.parametrize("kind", ["md5", "sha1", "sha512"])
def test_other_checksum_types_and_bare_digests(
    site: Site, task_dir: Path, settings: FetchSettings, kind: str
) -> None:
    url, root, _ = site
    (root / "disk.img").write_bytes(PAYLOAD)
    digest = hashlib.new(kind, PAYLOAD).hexdigest()
    fetch_artifact(spec(f"{url}/disk.img?checksum={digest}"), task_dir, settings)
    assert (task_dir / "local" / "disk.img").read_bytes() == PAYLOAD


def test_checksum_mismatch_fails_and_leaves_nothing(
    site: Site, task_dir: Path, settings: FetchSettings
) -> None:
    url, root, _ = site
    (root / "disk.img").write_bytes(PAYLOAD)
    wrong = hashlib.sha256(b"other").hexdigest()
    with pytest.raises(
        ArtifactError, match=f"checksums did not match for disk.img: expected sha256 {wrong}"
    ):
        fetch_artifact(
            spec(f"{url}/disk.img", options={"checksum": f"sha256:{wrong}"}), task_dir, settings
        )
    assert leftovers(task_dir) == []
    assert not any(p.is_file() for p in settings.cache_dir.rglob("*"))


def test_checksum_file_url(site: Site, task_dir: Path, settings: FetchSettings) -> None:
    url, root, _ = site
    (root / "disk.img").write_bytes(PAYLOAD)
    digest = hashlib.sha256(PAYLOAD).hexdigest()
    (root / "SHA256SUMS").write_text(f"{'0' * 64}  other.img\n{digest}  disk.img\n")
    artifact = spec(f"{url}/disk.img", options={"checksum": f"file:{url}/SHA256SUMS"})
    fetch_artifact(artifact, task_dir, settings)
    assert (task_dir / "local" / "disk.img").read_bytes() == PAYLOAD


def test_http_errors_are_clear(site: Site, task_dir: Path, settings: FetchSettings) -> None:
    url, _, _ = site
    with pytest.raises(ArtifactError, match="bad response code: 404"):
        fetch_artifact(spec(f"{url}/missing.img"), task_dir, settings)
    with pytest.raises(ArtifactError, match="bad response code: 503"):
        fetch_artifact(spec(f"{url}/status/503"), task_dir, settings)


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("b.tar.gz", "w:gz"),
        ("b.tgz", "w:gz"),
        ("b.tar", "w"),
        ("b.tar.bz2", "w:bz2"),
        ("b.tar.xz", "w:xz"),
    ],
)
def test_tar_archives_unpack_into_the_destination(
    site: Site, task_dir: Path, settings: FetchSettings, name: str, mode: str
) -> None:
    url, root, _ = site
    (root / name).write_bytes(tar_bytes({"disk.img": PAYLOAD, "conf/a.txt": b"a"}, mode=mode))
    fetch_artifact(spec(f"{url}/{name}", destination="local/vm"), task_dir, settings)
    assert (task_dir / "local" / "vm" / "disk.img").read_bytes() == PAYLOAD
    assert (task_dir / "local" / "vm" / "conf" / "a.txt").read_bytes() == b"a"


def test_zip_and_zstd_tar(tmp_path: Path, task_dir: Path, settings: FetchSettings) -> None:
    import zstandard

    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("disk.img", PAYLOAD)
    plain = tar_bytes({"z.img": PAYLOAD}, mode="w")
    (tmp_path / "c.tar.zst").write_bytes(zstandard.ZstdCompressor().compress(plain))
    fetch_artifact(spec(str(tmp_path / "b.zip")), task_dir, settings)
    fetch_artifact(spec(f"file://{tmp_path / 'c.tar.zst'}"), task_dir, settings)
    assert (task_dir / "local" / "disk.img").read_bytes() == PAYLOAD
    assert (task_dir / "local" / "z.img").read_bytes() == PAYLOAD


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [("gz", gzip.compress), ("bz2", bz2.compress), ("xz", lzma.compress)],
)
def test_single_file_compression_needs_file_mode(
    tmp_path: Path,
    task_dir: Path,
    settings: FetchSettings,
    suffix: str,
    compress: Callable[[bytes], bytes],
) -> None:
    source = tmp_path / f"disk.img.{suffix}"
    source.write_bytes(compress(PAYLOAD))
    with pytest.raises(ArtifactError, match="can only unarchive to a single file"):
        fetch_artifact(spec(str(source)), task_dir, settings)
    fetch_artifact(spec(str(source), mode="file", destination="local/disk.img"), task_dir, settings)
    assert (task_dir / "local" / "disk.img").read_bytes() == PAYLOAD
    assert leftovers(task_dir) == ["local/disk.img"]


def test_archive_false_keeps_the_archive(
    tmp_path: Path, task_dir: Path, settings: FetchSettings
) -> None:
    source = tmp_path / "b.tar.gz"
    source.write_bytes(tar_bytes({"disk.img": PAYLOAD}))
    fetch_artifact(spec(str(source), options={"archive": "false"}), task_dir, settings)
    assert leftovers(task_dir) == ["local/b.tar.gz"]


@pytest.mark.parametrize(
    "case",
    [
        ({"../evil": b"x"}, None, "escapes the destination"),
        ({"ok/../../evil": b"x"}, None, "escapes the destination"),
        ({"/etc/evil": b"x"}, None, "absolute path"),
        ({"a": b"x"}, {"link": "../../outside"}, "links out of the destination"),
        ({"a": b"x"}, {"link": "/etc/passwd"}, "links to an absolute path"),
    ],
)
def test_hostile_tar_archives_fail_without_writing(
    tmp_path: Path,
    task_dir: Path,
    settings: FetchSettings,
    case: tuple[dict[str, bytes], dict[str, str] | None, str],
) -> None:
    members, links, message = case
    source = tmp_path / "evil.tar.gz"
    source.write_bytes(tar_bytes(members, links))
    with pytest.raises(ArtifactError, match=message):
        fetch_artifact(spec(str(source)), task_dir, settings)
    assert leftovers(task_dir) == []
    assert not (tmp_path / "evil").exists() and not (task_dir.parent / "evil").exists()


def test_hostile_zip_fails(tmp_path: Path, task_dir: Path, settings: FetchSettings) -> None:
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("fine.txt", b"ok")
        archive.writestr("../../evil.txt", b"x")
    with pytest.raises(ArtifactError, match="escapes the destination"):
        fetch_artifact(spec(str(tmp_path / "evil.zip")), task_dir, settings)
    assert leftovers(task_dir) == []


def test_destination_may_not_escape(
    tmp_path: Path, task_dir: Path, settings: FetchSettings
) -> None:
    source = tmp_path / "disk.img"
    source.write_bytes(PAYLOAD)
    with pytest.raises(ArtifactError, match="escapes the alloc directory"):
        fetch_artifact(spec(str(source), destination="../../x"), task_dir, settings)
    fetch_artifact(spec(str(source), destination="/local/abs"), task_dir, settings)
    assert (task_dir / "local" / "abs" / "disk.img").exists()


def test_local_paths_relative_to_the_task_dir_and_modes(
    tmp_path: Path, task_dir: Path, settings: FetchSettings
) -> None:
    (task_dir / "local" / "src").mkdir()
    (task_dir / "local" / "src" / "f.txt").write_text("x")
    fetch_artifact(spec("local/src", destination="local/copy"), task_dir, settings)
    assert (task_dir / "local" / "copy" / "f.txt").read_text() == "x"
    with pytest.raises(ArtifactError, match="is a directory, but the artifact mode is file"):
        fetch_artifact(spec("local/src", mode="file"), task_dir, settings)
    with pytest.raises(ArtifactError, match="single file, but the artifact mode is dir"):
        fetch_artifact(spec("local/src/f.txt", mode="dir"), task_dir, settings)
    with pytest.raises(ArtifactError, match="no such file"):
        fetch_artifact(spec(str(tmp_path / "nope.img")), task_dir, settings)
    with pytest.raises(ArtifactError, match="not supported"):
        fetch_artifact(spec("git::https://example.com/repo"), task_dir, settings)


def test_bad_checksum_spellings(tmp_path: Path, task_dir: Path, settings: FetchSettings) -> None:
    source = tmp_path / "disk.img"
    source.write_bytes(PAYLOAD)
    for checksum, message in [
        ("crc32:abcd", "unsupported checksum type"),
        ("abc", "cannot tell"),
        ("sha256:zz", "invalid sha256"),
    ]:
        with pytest.raises(ArtifactError, match=message):
            fetch_artifact(spec(str(source), options={"checksum": checksum}), task_dir, settings)
