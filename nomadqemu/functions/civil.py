"""Proleptic Gregorian dates for any year, as Go's `time` package handles them.

Python's `datetime` stops at years 1..9999; Go accepts year 0 in RFC 3339 input and
prints years past 9999 after arithmetic, so the functions do their own calendar math
(the classic days-from-civil algorithm).
"""

from __future__ import annotations

from dataclasses import dataclass

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


@dataclass(frozen=True)
class Moment:
    """A wall-clock time in a fixed UTC offset (seconds), with nanoseconds."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    offset: int = 0
    nanos: int = 0

    def add_nanos(self, delta: int) -> Moment:
        total = self.nanos + delta
        seconds, nanos = divmod(total, 1_000_000_000)
        clock = self.hour * 3600 + self.minute * 60 + self.second + seconds
        extra_days, clock = divmod(clock, 86400)
        year, month, day = civil_from_days(
            days_from_civil(self.year, self.month, self.day) + extra_days
        )
        hour, rest = divmod(clock, 3600)
        return Moment(year, month, day, hour, rest // 60, rest % 60, self.offset, nanos)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[(days_from_civil(self.year, self.month, self.day) + 4) % 7]

    def year_text(self) -> str:
        """Go's "2006": four digits, a minus sign for years before 1."""
        if self.year < 0:
            return f"-{-self.year:04d}"
        return f"{self.year:04d}"
