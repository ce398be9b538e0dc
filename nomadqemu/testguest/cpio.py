"""A `newc` cpio writer: the initramfs format the kernel unpacks."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    path: str  # without a leading "/"
    mode: int  # file type and permission bits
    data: bytes = b""  # file contents, or a symlink's target


def _header(inode: int, entry: Entry, size: int) -> bytes:
    name = entry.path.encode() + b"\0"
    fields = [inode, entry.mode, 0, 0, 1, 0, size, 0, 0, 0, 0, len(name), 0]
    header = b"070701" + b"".join(f"{value:08X}".encode() for value in fields)
    return _pad(header + name)


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def write_newc(entries: Iterable[Entry]) -> bytes:
    """The archive; parents must come before their children."""
    out = bytearray()
    for inode, entry in enumerate(entries, start=1):
        body = entry.data if (stat.S_ISREG(entry.mode) or stat.S_ISLNK(entry.mode)) else b""
        out += _header(inode, entry, len(body))
        out += _pad(body)
    out += _header(0, Entry("TRAILER!!!", 0), 0)
    return bytes(out)


def directory(path: str) -> Entry:
    return Entry(path, stat.S_IFDIR | 0o755)


def regular(path: str, data: bytes, perm: int = 0o644) -> Entry:
    return Entry(path, stat.S_IFREG | perm, data)
