"""Times of day and weekly schedules, as minutes since midnight.

Charters state opening hours and reception cover as lists of "HH:MM"
intervals per weekday; comparing them is interval arithmetic.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])|24:00")

Interval = tuple[int, int]


def minutes(text: Any) -> int | None:
    """Minutes since midnight of an "HH:MM" text, or None when it is not one."""
    if not isinstance(text, str) or not _TIME.fullmatch(text):
        return None
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def clock(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def day_intervals(entries: Any) -> list[Interval]:
    """The well-formed intervals of one day, merged and sorted; malformed ones are left to the schema."""
    spans: list[Interval] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        start, end = minutes(entry.get("opens")), minutes(entry.get("closes"))
        if start is not None and end is not None and start < end:
            spans.append((start, end))
    return merge(spans)


def merge(spans: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def uncovered(needed: list[Interval], cover: list[Interval]) -> list[Interval]:
    """The parts of `needed` that no interval of `cover` reaches."""
    gaps: list[Interval] = []
    for start, end in needed:
        cursor = start
        for c_start, c_end in cover:
            if c_end <= cursor or c_start >= end:
                continue
            if c_start > cursor:
                gaps.append((cursor, c_start))
            cursor = max(cursor, c_end)
        if cursor < end:
            gaps.append((cursor, end))
    return gaps


def parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def add_months(day: date, months: int) -> date | None:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).

    None when that day is outside the calendar (before year 1 or after 9999):
    a charter reviewed in 9999 or with a cycle of a million months must give
    a finding, never an internal error.
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        return None
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_days(day: date, days: int) -> date | None:
    """`day` moved by `days` (negative: earlier), or None outside the calendar."""
    try:
        return date.fromordinal(day.toordinal() + days)
    except (ValueError, OverflowError):
        return None


REVIEW_CYCLE_MONTHS = range(1, 121)
"""Review cycles the charter format accepts (1 to 120 months); anything else is a format finding."""


def review_cycle(value: Any) -> int | None:
    """The charter's review cycle in months, or None when it is missing or not one the format accepts."""
    if isinstance(value, int) and not isinstance(value, bool) and value in REVIEW_CYCLE_MONTHS:
        return value
    return None


def review_due(reviewed: date | None, cycle_months: Any) -> date | None:
    """When the next review falls due: the one answer check, render and report all use.

    None without a review date, with a cycle the format does not accept, or
    when the date would fall outside the calendar.
    """
    cycle = review_cycle(cycle_months)
    if reviewed is None or cycle is None:
        return None
    return add_months(reviewed, cycle)
