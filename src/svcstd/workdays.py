"""Working days as a charter defines them: its opening days, less public holidays and its own closures.

Belize Appendix D counts reply times in working days ("within 5 working
days"), and a working day is one the office is open: the weekdays the
charter's weekly hours name, except the public holidays of its country when
it closes on them (the `holidays` package knows Belize's, including those
moved to a Monday) and the closures it lists. Turnaround counts the working
days after the day of receipt up to and including the day of the reply, so a
reply on the day of receipt takes 0 days and one on the next working day 1.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from svcstd.calendar import WEEKDAYS, day_intervals, parse_date
from svcstd.facts import items, mapping, section, string

MAX_SEARCH_DAYS = 3660
"""A deadline further than ten years of calendar days away means the calendar has (almost) no working days."""


@dataclass
class WorkingCalendar:
    open_weekdays: frozenset[int]
    """0 is Monday, as date.weekday() counts."""
    country: str | None = None
    closures: frozenset[date] = frozenset()
    _holidays: dict[int, frozenset[date]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_charter(cls, data: dict[str, Any], site: str | None = None) -> WorkingCalendar:
        """The calendar of the main office, or of the site of that name.

        A site without weekly hours of its own keeps the main office's; a
        charter without weekly hours works Monday to Friday.
        """
        hours = section(data, "opening_hours")
        for place in items(data.get("sites")) if site is not None else []:
            if place.get("name") == site and isinstance(mapping(place.get("opening_hours")).get("weekly"), dict):
                hours = mapping(place.get("opening_hours"))
        weekly = mapping(hours.get("weekly"))
        days = frozenset(index for index, name in enumerate(WEEKDAYS) if day_intervals(weekly.get(name)))
        closes_on_holidays = hours.get("public_holidays", "closed") in ("closed", "reduced_hours")
        country = string(hours.get("holiday_calendar")) or string(section(data, "organisation").get("country"))
        closed = frozenset(day for item in items(hours.get("closures")) if (day := parse_date(item.get("date"))))
        return cls(days or frozenset(range(5)), country if closes_on_holidays else None, closed)

    def holidays(self, year: int) -> frozenset[date]:
        if self.country is None:
            return frozenset()
        if year not in self._holidays:
            import holidays

            known = self.country in holidays.list_supported_countries()  # an unknown country: no public holidays assumed
            self._holidays[year] = frozenset(holidays.country_holidays(self.country, years=year)) if known else frozenset()
        return self._holidays[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.open_weekdays and day not in self.closures and day not in self.holidays(day.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; 0 when end is not after start."""
        count, day = 0, start
        while day < end:  # never steps past `end`, so a log dated 9999-12-31 cannot overflow the calendar
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def nth_working_day(self, start: date, working_days: int) -> date:
        """The day on which `working_days` working days after `start` have passed (start itself for 0)."""
        day, left = start, working_days
        for _ in range(MAX_SEARCH_DAYS):
            if left == 0:
                return day
            if day == date.max:  # the calendar ends (year 9999) before the deadline: never late
                return day
            day += timedelta(days=1)
            left -= self.is_working_day(day)
        return day

    def deadline(self, received: date, working_days: int) -> date:
        """The last day a reply still meets "within `working_days` working days": the nth working day and the
        closed days after it (a reply on the Saturday after a Friday deadline has taken no extra working day)."""
        day = self.nth_working_day(received, working_days)
        for _ in range(MAX_SEARCH_DAYS):
            if day == date.max or self.is_working_day(day + timedelta(days=1)):
                break
            day += timedelta(days=1)
        return day


def percentile(sorted_values: list[int], fraction: float) -> float:
    """Linear interpolation between closest ranks (the method spreadsheets call PERCENTILE.INC)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def rank_of(sorted_values: list[int], value: int) -> int:
    """How many values are at most `value`."""
    return bisect_right(sorted_values, value)
