"""A go-getter source as qemu jobs use it: http(s), file URLs and local paths, plus the
`options` that go-getter reads from the URL query (`checksum`, `archive`)."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nomadqemu.executor.artifacts.errors import ArtifactError

HASH_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
HASH_TYPES = ("md5", "sha1", "sha256", "sha512")
_FORCED = re.compile(r"^([a-z0-9]+)::(.+)$")
_UNSUPPORTED = ("s3", "gcs", "git", "hg")


@dataclass(frozen=True)
class Source:
    scheme: str  # "http", "https" or "file"
    url: str  # without the getter's own query parameters; a plain path for "file"
    name: str  # the last path element: decides the archive type and the file name
    checksum: str | None  # "type:hex" or "file:<url>", as written
    archive: str | None  # None: detect from the name; "false": never unpack; else a format


def parse_source(raw: str, options: Mapping[str, str], task_dir: Path) -> Source:
    """go-getter's detection: forced getters (`https::…`), URLs, then filesystem paths,
    relative ones resolved against the task dir (go-getter's pwd in Nomad)."""
    forced = _FORCED.match(raw)
    text = forced.group(2) if forced else raw
    getter = forced.group(1) if forced else None
    if getter in _UNSUPPORTED or text.startswith(tuple(f"{g}::" for g in _UNSUPPORTED)):
        raise ArtifactError(f"the {getter} getter is not supported by nomadqemu run")
    parsed = urllib.parse.urlsplit(text)
    scheme = parsed.scheme.lower() if len(parsed.scheme) > 1 else ""
    query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
    query.update(options)  # Nomad appends the options to the URL's query
    checksum = query.pop("checksum", None) or None
    archive = query.pop("archive", None) or None
    if scheme in ("http", "https"):
        rest = urllib.parse.urlencode(query)
        url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path, rest, ""))
        return Source(scheme, url, posixpath.basename(parsed.path), checksum, archive)
    if scheme == "file":
        path = urllib.parse.unquote(parsed.path)
    elif scheme:
        raise ArtifactError(f"unsupported artifact source scheme {scheme!r} in {raw!r}")
    else:
        path = text.split("?", 1)[0]
    resolved = Path(path) if Path(path).is_absolute() else task_dir / path
    return Source("file", str(resolved), resolved.name, checksum, archive)


@dataclass(frozen=True)
class Checksum:
    kind: str
    digest: str


def parse_checksum(text: str) -> tuple[str | None, str]:
    """`sha256:abc…` → ("sha256", "abc…"); `abc…` → (None, "abc…") (guessed by length);
    `file:<url>` → ("file", url)."""
    kind, sep, value = text.partition(":")
    if not sep:
        return None, text.strip()
    return kind.lower(), value.strip()


def resolve_kind(kind: str | None, digest: str) -> Checksum:
    if kind is None:
        kind = HASH_LENGTHS.get(len(digest))
        if kind is None:
            raise ArtifactError(f"cannot tell the checksum type of {digest!r} from its length")
    if kind not in HASH_TYPES:
        raise ArtifactError(f"unsupported checksum type {kind!r}: use md5, sha1, sha256 or sha512")
    digest = digest.lower()
    if not re.fullmatch(r"[0-9a-f]+", digest) or HASH_LENGTHS.get(len(digest)) != kind:
        raise ArtifactError(f"invalid {kind} checksum {digest!r}")
    return Checksum(kind, digest)


def checksum_from_listing(listing: str, name: str) -> tuple[str | None, str]:
    """A digest from a `sha256sum`-style or BSD-style (`SHA256 (f) = …`) checksum file."""
    for line in listing.splitlines():
        bsd = re.match(r"^(\w+) \((.+)\) = ([0-9a-fA-F]+)$", line.strip())
        if bsd and posixpath.basename(bsd.group(2)) == name:
            return bsd.group(1).lower(), bsd.group(3)
        parts = line.split()
        if len(parts) >= 2 and posixpath.basename(parts[1].lstrip("*")) == name:
            return None, parts[0]
        if len(parts) == 1 and len(line.splitlines()) == 1:
            return None, parts[0]
    raise ArtifactError(f"the checksum file has no entry for {name!r}")
