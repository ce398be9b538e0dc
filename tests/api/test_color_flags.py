"""Colour in cluster output follows the `nomad` CLI: a terminal or `-force-color`
colours, `-no-color` (or `NOMAD_CLI_NO_COLOR`) always wins."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from nomadqemu.cli import color
from tests.api.cli import nomadqemu, write_job
from tests.api.nomad_double.scenarios import Scenario
from tests.api.nomad_double.server import running

ANSI = "\x1b["


@pytest.mark.parametrize(
    ("flags", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        (("-force-color",), {}, True),
        (("--force-color",), {}, True),
        ((), {"NOMAD_CLI_FORCE_COLOR": "1"}, True),
        (("-no-color", "-force-color"), {}, False),
        (("-force-color",), {"NOMAD_CLI_NO_COLOR": "1"}, False),
        (("--no-color",), {"NOMAD_CLI_FORCE_COLOR": "1"}, False),
    ],
)
def test_plan_output_colour(
    tmp_path: Path, flags: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    job = write_job(tmp_path)
    with running(Scenario("empty cluster")) as double:
        proc = nomadqemu("plan", *flags, "-address", double.address, str(job), env=env)
    assert proc.returncode == 1, proc.stderr
    assert (ANSI in proc.stdout) is coloured
    # The text is the same either way, colour codes aside.
    assert re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout).startswith('+ Job: "vm"\n')


def test_a_terminal_is_coloured_unless_turned_off() -> None:
    leader, follower = os.openpty()
    try:
        with open(follower, "w", encoding="utf-8", closefd=False) as terminal:
            color.configure(None, None, environ={})
            assert color.enabled(terminal)
            color.configure(True, None, environ={})
            assert not color.enabled(terminal)
            color.configure(None, None, environ={"NOMAD_CLI_NO_COLOR": "yes"})
            assert not color.enabled(terminal)
    finally:
        os.close(leader)
        os.close(follower)
        color.configure(None, None, environ={})
    assert not color.enabled(io.StringIO())
