from __future__ import annotations

import pytest

from nomadqemu.jobspec.duration import DurationError, parse_duration


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("0", 0),
        ("30s", 30_000_000_000),
        ("1m30s", 90_000_000_000),
        ("1.5h", 5_400_000_000_000),
        ("-2ms", -2_000_000),
        ("+7us", 7_000),
        ("7µs", 7_000),
        ("3ns", 3),
        (".5s", 500_000_000),
        ("1h2m3s4ms5us6ns", 3_723_004_005_006),
    ],
)
def test_go_durations(text: str, nanos: int) -> None:
    assert parse_duration(text) == nanos


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'time: invalid duration ""'),
        ("10", 'time: missing unit in duration "10"'),
        ("10x", 'time: unknown unit "x" in duration "10x"'),
        ("5 s", 'time: unknown unit " s" in duration "5 s"'),
        (".s", 'time: invalid duration ".s"'),
        ("3000000h", 'time: invalid duration "3000000h"'),
        ("1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
    ],
)
def test_go_duration_errors(text: str, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert str(caught.value) == message
