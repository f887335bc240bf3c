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


DAY = 24 * 60


def _spans(entries: Any) -> list[tuple[Interval, Interval | None]]:
    """Each well-formed interval as (its part on its own day, its part on the next day or None).

    An interval that closes at or before it opens runs past midnight, as in
    opening-hours notations: a hotline open 22:00-02:00 is open from 22:00 to
    midnight and from midnight to 02:00 the next day; 08:00-08:00 is 24 hours.
    Malformed intervals are left to the format.
    """
    spans: list[tuple[Interval, Interval | None]] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        start, end = minutes(entry.get("opens")), minutes(entry.get("closes"))
        if start is None or end is None or start == DAY:
            continue
        if start < end:
            spans.append(((start, end), None))
        else:
            spans.append(((start, DAY), (0, end) if end > 0 else None))
    return spans


def day_intervals(entries: Any) -> list[Interval]:
    """The intervals that start on one day (an overnight one up to midnight), merged and sorted."""
    return merge([own for own, _ in _spans(entries)])


def week_intervals(weekly: Any) -> dict[str, list[Interval]]:
    """Every weekday's open intervals, with the hours that overnight intervals carry over from the day before.

    Sunday night runs into Monday morning: a week's schedule repeats.
    """
    weekly = weekly if isinstance(weekly, dict) else {}
    days: dict[str, list[Interval]] = {day: [] for day in WEEKDAYS}
    for index, day in enumerate(WEEKDAYS):
        for own, next_day in _spans(weekly.get(day)):
            days[day].append(own)
            if next_day is not None:
                days[WEEKDAYS[(index + 1) % 7]].append(next_day)
    return {day: merge(spans) for day, spans in days.items()}


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


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: Any) -> date | None:
    """A YYYY-MM-DD date as the format writes it; None for anything else (Python would also take 2025-W01-1)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
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


DEFAULT_REVIEW_CYCLE_MONTHS = 12
"""svcstd's reading where a charter sets no (valid) review cycle: ISO 11367 7.1.2.4 evaluates results annually."""


def effective_review_cycle(cycle_months: Any) -> int:
    """The charter's own review cycle, or svcstd's default of 12 months where it sets none the format accepts."""
    return review_cycle(cycle_months) or DEFAULT_REVIEW_CYCLE_MONTHS


def review_due(reviewed: date | None, cycle_months: Any) -> date | None:
    """When the next review falls due: the one answer check, render and report all use.

    The cycle is the charter's, or 12 months where it sets none (rule
    ISO-7.1.2-REVIEW-01 reports the missing cycle itself). None without a
    review date, or when the date would fall outside the calendar.
    """
    if reviewed is None:
        return None
    return add_months(reviewed, effective_review_cycle(cycle_months))
