"""Working days as a charter defines them: its opening days, less public holidays and its own closures.

Belize Appendix D counts reply times in working days ("within 5 working
days"), and a working day is one the office is open: the weekdays the
charter's weekly hours name, except the public holidays of its country when
it closes on them (the Government's published dates where svcstd ships them,
calendars/*.yaml, else the `holidays` package's rules), less the closures it
lists, plus the days it lists under `open_on`. Turnaround counts the working
days after the day of receipt up to and including the day of the reply, so a
reply on the day of receipt takes 0 days and one on the next working day 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from svcstd.facts import items, section, string
from svcstd.schedule import WEEKDAYS, day_intervals, parse_date

MAX_SEARCH_DAYS = 3660
"""A deadline further than ten years of calendar days away means the calendar has (almost) no working days."""


MEMO_LIMIT = 100_000
"""Remembered turnarounds and deadlines per calendar: ten years of daily pairs, a few megabytes at most."""

RECEIPT_CONVENTIONS = ("day_of_receipt", "next_working_day")
"""How an item received on a closed day is counted (`measurement.receipt_on_closed_day`):
day_of_receipt (default) counts from the day it arrived, so the next working day is day 1;
next_working_day treats it as received on the next working day, which is then day 0."""

HOLIDAY_WORKING = {"closed": False, "open": True, "reduced_hours": True}
"""Whether public holidays are working days, by `opening_hours.public_holidays` (absent: closed).
An office that opens on holidays, even for reduced hours, is open to deal with correspondence."""


@dataclass
class WorkingCalendar:
    open_weekdays: frozenset[int]
    """0 is Monday, as date.weekday() counts."""
    country: str | None = None
    """Whose public holidays are closed days; None when the office opens on them or the charter names no country."""
    closures: frozenset[date] = frozenset()
    open_on: frozenset[date] = frozenset()
    """Days the office opens although its weekly hours or a holiday say closed (`opening_hours.open_on`)."""
    receipt: str = "day_of_receipt"
    _holidays: dict[int, frozenset[date]] = field(default_factory=dict, repr=False)
    _totals: dict[int, tuple[int, list[int]]] = field(default_factory=dict, repr=False)
    _turnarounds: dict[tuple[date, date], int] = field(default_factory=dict, repr=False)
    _deadlines: dict[tuple[date, float], date] = field(default_factory=dict, repr=False)

    @classmethod
    def from_charter(cls, data: dict[str, Any], site: str | None = None) -> WorkingCalendar:
        """The calendar of the main office, or of the site of that name.

        A site's calendar is its own opening hours (closures, open days, public
        holidays, holiday calendar); only the weekly hours a site leaves out are
        the main office's, so a site with no weekly hours of its own still closes
        on its own closures. Weekly hours that name no open day are closed every
        week (the format: a day left out is closed), opening only on `open_on`
        days; a charter with no weekly hours at all is counted Monday to Friday.
        """
        hours = section(data, "opening_hours")
        for place in items(data.get("sites")) if site is not None else []:
            if place.get("name") == site:
                own = section(place, "opening_hours")
                hours = own if isinstance(own.get("weekly"), dict) else {**own, "weekly": hours.get("weekly")}
        weekly = hours.get("weekly")
        if isinstance(weekly, dict):
            days = frozenset(index for index, name in enumerate(WEEKDAYS) if day_intervals(weekly.get(name)))
        else:
            days = frozenset(range(5))
        country = holiday_country(data, hours)
        closed = frozenset(day for item in items(hours.get("closures")) if (day := parse_date(item.get("date"))))
        opened = frozenset(day for item in _list(hours.get("open_on")) if (day := parse_date(item)))
        return cls(days, None if opens_on_holidays(hours) else country, closed, opened, receipt_convention(data))

    def holidays(self, year: int) -> frozenset[date]:
        if self.country is None:
            return frozenset()
        if year not in self._holidays:
            from svcstd.public_holidays import holiday_year

            self._holidays[year] = holiday_year(self.country, year).days
        return self._holidays[year]

    def effective_receipt(self, received: date) -> date:
        """The day counting starts from: the day of receipt, or under next_working_day the first working day from it."""
        if self.receipt != "next_working_day" or self.is_working_day(received):
            return received
        day = received
        for _ in range(MAX_SEARCH_DAYS):
            if day == date.max or self.is_working_day(day):
                break
            day += timedelta(days=1)
        return day

    def is_working_day(self, day: date) -> bool:
        if day in self.open_on:
            return True
        return day.weekday() in self.open_weekdays and day not in self.closures and day not in self.holidays(day.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; 0 when end is not after start.

        Counted from running totals kept per year (each year's days judged
        once per calendar), so a row costs two lookups however far apart its
        dates are, plus one total for each whole year between them.
        """
        if end <= start:
            return 0
        if start.year == end.year:
            return self._through(end) - self._through(start)
        middle = sum(self._year(year)[1][-1] for year in range(start.year + 1, end.year))
        return self._year(start.year)[1][-1] - self._through(start) + middle + self._through(end)

    def _through(self, day: date) -> int:
        """Working days from 1 January of its year up to and including `day`."""
        before, totals = self._year(day.year)
        return totals[day.toordinal() - before]

    def _year(self, year: int) -> tuple[int, list[int]]:
        """(the ordinal of the day before 1 January, running totals): totals[i] counts the working days among the
        year's first i days, so a day's count is one subtraction and one lookup, and totals[-1] is the year's."""
        cached = self._totals.get(year)
        if cached is None:
            first = date(year, 1, 1).toordinal()
            totals, running = [0], 0
            for ordinal in range(first, date(year, 12, 31).toordinal() + 1):  # each day judged by the one definition
                running += self.is_working_day(date.fromordinal(ordinal))
                totals.append(running)
            cached = self._totals[year] = (first - 1, totals)
        return cached

    def nth_working_day(self, start: date, working_days: float) -> date:
        """The day on which `working_days` working days after `start` have passed (start itself for 0).

        The first day whose count reaches it, found by bisection over at most
        MAX_SEARCH_DAYS days (a calendar with almost no working days stops
        there, as does the end of the calendar in year 9999).
        """
        if working_days <= 0:
            return start
        low, high = start, _add(start, MAX_SEARCH_DAYS)
        if self.working_days_between(start, high) < working_days:
            return high
        while low < high:  # the count never falls as the day moves on: the first day reaching it is unique
            middle = low + timedelta(days=(high - low).days // 2)
            if self.working_days_between(start, middle) >= working_days:
                high = middle
            else:
                low = middle + timedelta(days=1)
        return low

    def turnaround(self, received: date, closed: date) -> int:
        """working_days_between, remembered: a log's rows share a few thousand (receipt, reply) pairs."""
        found = self._turnarounds.get((received, closed))
        if found is None:
            found = _remember(self._turnarounds, (received, closed), self.working_days_between(received, closed))
        return found

    def due(self, received: date, working_days: float) -> date:
        """deadline, remembered likewise."""
        found = self._deadlines.get((received, working_days))
        if found is None:
            found = _remember(self._deadlines, (received, working_days), self.deadline(received, working_days))
        return found

    def deadline(self, received: date, working_days: float) -> date:
        """The last day a reply still meets "within `working_days` working days": the nth working day and the
        closed days after it (a reply on the Saturday after a Friday deadline has taken no extra working day)."""
        day = self.nth_working_day(received, working_days)
        for _ in range(MAX_SEARCH_DAYS):
            if day == date.max or self.is_working_day(day + timedelta(days=1)):
                break
            day += timedelta(days=1)
        return day


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    """Store memo[key] = value; a memo that reaches MEMO_LIMIT starts afresh, so memory stays bounded."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _add(day: date, days: int) -> date:
    """`day` plus `days`, or the calendar's last day when that would pass year 9999."""
    return day + timedelta(days=days) if (date.max - day).days >= days else date.max


def opens_on_holidays(hours: dict[str, Any]) -> bool:
    """Whether public holidays are working days under `public_holidays` (absent or unknown: closed)."""
    return HOLIDAY_WORKING.get(string(hours.get("public_holidays")) or "closed", False)


def receipt_convention(data: dict[str, Any]) -> str:
    """The charter's `measurement.receipt_on_closed_day`, or the default where it names none svcstd knows."""
    receipt = string(section(data, "measurement").get("receipt_on_closed_day"))
    return receipt if receipt in RECEIPT_CONVENTIONS else "day_of_receipt"


def holiday_country(data: dict[str, Any], hours: dict[str, Any]) -> str | None:
    """The country whose public holidays apply: opening_hours.holiday_calendar, else organisation.country."""
    return string(hours.get("holiday_calendar")) or string(section(data, "organisation").get("country"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def percentile(sorted_values: list[int], fraction: float) -> float:
    """Linear interpolation between closest ranks (the method spreadsheets call PERCENTILE.INC)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def percentile_of_counts(counted: list[tuple[int, int]], fraction: float) -> float:
    """percentile() of the list holding each value as many times as counted, without building that list:
    `counted` is (value, times) in ascending order of value."""
    total = sum(times for _, times in counted)
    if not total:
        raise ValueError("no values")
    position = (total - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, total - 1)
    low = high = None
    seen = 0
    for value, times in counted:
        seen += times
        if low is None and lower < seen:
            low = value
        if upper < seen:
            high = value
            break
    assert low is not None and high is not None
    return low + (high - low) * (position - lower)
