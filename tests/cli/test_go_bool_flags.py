"""Go's `-flag=bool` spellings of the cluster commands' boolean flags."""

import subprocess
import sys

import click
import pytest

from nomadqemu.cli.cluster_cmd import plan, push
from nomadqemu.cli.options import go_bool_args


def test_on_off_flag_takes_go_booleans() -> None:
    assert go_bool_args(plan, ["-diff=false", "job.nomad"]) == ["-no-diff", "job.nomad"]
    assert go_bool_args(plan, ["--diff=1", "job.nomad"]) == ["-diff", "job.nomad"]


def test_plain_flag_true_is_set_and_false_is_dropped() -> None:
    assert go_bool_args(push, ["-detach=true", "-verbose=F", "j.nomad"]) == ["-detach", "j.nomad"]


def test_arguments_after_double_dash_are_untouched() -> None:
    assert go_bool_args(push, ["--", "-detach=true"]) == ["--", "-detach=true"]


def test_other_options_pass_through() -> None:
    args = ["-address=http://127.0.0.1:1", "-var", "a=b", "j.nomad"]
    assert go_bool_args(push, args) == args


def test_bad_boolean_is_a_usage_error_in_gos_words() -> None:
    with pytest.raises(click.UsageError, match=r'invalid boolean value "maybe" for -detach'):
        go_bool_args(push, ["-detach=maybe", "j.nomad"])


def test_bad_boolean_exits_with_pushs_usage_code() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "nomadqemu", "push", "-detach=maybe", "j.nomad"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1  # `nomad job run` exits 1 on usage errors
    assert 'invalid boolean value "maybe" for -detach' in proc.stderr
