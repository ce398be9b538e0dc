"""Go path and string helpers that canonicalization relies on."""

from __future__ import annotations

import pytest

from nomadqemu.jobspec.canonical_base import go_clean_join, go_path_base, go_upper


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("", "."),
        ("/", "/"),
        ("///", "/"),
        ("https://example.com/a/disk.img", "disk.img"),
        ("dir/sub/", "sub"),
        ("file.txt?archive=false", "file.txt?archive=false"),
    ],
)
def test_path_base(path: str, base: str) -> None:
    assert go_path_base(path) == base


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (("local", "disk.img"), "local/disk.img"),
        (("local", "."), "local"),
        (("local", ".."), "."),
        (("local", "/"), "local"),
        (("", ""), ""),
        (("//a", "b"), "/a/b"),
    ],
)
def test_clean_join(parts: tuple[str, ...], joined: str) -> None:
    assert go_clean_join(*parts) == joined


def test_upper_maps_rune_for_rune() -> None:
    assert go_upper("sighup") == "SIGHUP"
    assert go_upper("straße") == "STRAßE"
    assert go_upper("éa") == "ÉA"
