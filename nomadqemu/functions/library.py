"""Nomad's jobspec function table (`jobspec2/functions.go`), minus `try` and `can`.

`try` and `can` need unevaluated arguments and belong to the evaluator.
"""

from __future__ import annotations

from nomadqemu.functions import (
    cidr,
    collections,
    conversion,
    crypto,
    ctyyaml,
    datetime,
    encoding,
    filesystem,
    format,
    maps,
    numeric,
    sets,
    strings,
)
from nomadqemu.functions.spec import Function


def library(base_dir: str, allow_fs: bool = True, fips: bool = False) -> dict[str, Function]:
    """Every jobspec function; filesystem ones resolve relative paths against `base_dir`.

    With `allow_fs` false the filesystem functions exist but fail when called, as
    Nomad's `/v1/jobs/parse` has them; with `fips` true, md5 and sha1 are absent.
    """
    table: dict[str, Function] = {}
    for family in (
        numeric.functions(),
        collections.functions(),
        maps.functions(),
        sets.functions(),
        strings.functions(),
        format.functions(),
        encoding.functions(),
        ctyyaml.functions(),
        crypto.functions(fips),
        datetime.functions(),
        cidr.functions(),
        conversion.functions(),
    ):
        table.update(family)
    fs = filesystem.make_functions(base_dir)
    if not allow_fs:
        fs = {name: filesystem.disabled(f) for name, f in fs.items()}
    table.update(fs)
    return dict(sorted(table.items()))
