"""Public holidays: the Government's published dates where svcstd ships them, the `holidays` package elsewhere.

A department must be able to defend every working day it counts. The
`holidays` package computes holidays from rules, and where a government moves
a holiday by notice (Belize does each October) the rules can be wrong. So
`calendars/<COUNTRY>.yaml` holds the published dates per year, each year with
the notice it was checked against, and those years take precedence; other
years come from the package and say so. A country neither knows is an error,
never an empty calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from svcstd.errors import UsageError
from svcstd.resources import resource_dir


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class HolidayYear:
    country: str
    year: int
    holidays: tuple[Holiday, ...]
    source: str
    """The Government notice the dates were checked against, or the package's rules (unconfirmed)."""
    published: bool

    @property
    def days(self) -> frozenset[date]:
        return frozenset(holiday.day for holiday in self.holidays)


@cache
def _published(country: str) -> dict[str, Any] | None:
    path = resource_dir("calendars") / f"{country}.yaml"
    if not path.is_file():
        return None
    import yaml

    return yaml.safe_load(
        path.read_text(encoding="utf-8")
    )  # bundled data, checked against schemas/calendar.schema.json by the tests


@cache
def _package_countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


@cache
def known_countries() -> frozenset[str]:
    shipped = frozenset(path.stem for path in resource_dir("calendars").glob("*.yaml"))
    return shipped | _package_countries()


def check_country(country: str, where: str) -> None:
    """A calendar svcstd cannot look up is an error naming where it was asked for, with a did-you-mean."""
    if country in known_countries():
        return
    import difflib

    close = [c for c in known_countries() if c == country.upper()] or difflib.get_close_matches(
        country.upper(), sorted(known_countries()), n=1
    )
    hint = (
        f"; did you mean {close[0]!r}?"
        if close
        else "; use an ISO 3166-1 alpha-2 code the holidays package knows, or set public_holidays: open"
    )
    raise UsageError(f"{where}: no public holiday calendar for {country!r}{hint}")


@cache
def holiday_year(country: str, year: int) -> HolidayYear:
    data = _published(country)
    entry = (data or {}).get("years", {}).get(str(year))
    if entry is not None:
        holidays = tuple(Holiday(date.fromisoformat(item["date"]), item["name"]) for item in entry["holidays"])
        return HolidayYear(country, year, holidays, " ".join(entry["source"].split()), True)
    if country not in _package_countries():
        return HolidayYear(country, year, (), "no calendar", False)
    import holidays as package

    found = package.country_holidays(country, years=year)
    listed = tuple(Holiday(day, name) for day, name in sorted(found.items()))
    return HolidayYear(
        country,
        year,
        listed,
        f"holidays package {package.__version__} rules (not confirmed against a Government notice)",
        False,
    )


def json_text(entry: HolidayYear) -> str:
    """`svcstd calendar -f json`: the year's holidays with their source."""
    from svcstd.text import dump_json

    return dump_json(
        {
            "country": entry.country,
            "year": entry.year,
            "published": entry.published,
            "source": entry.source,
            "holidays": [
                {"date": h.day.isoformat(), "weekday": h.day.strftime("%A"), "name": h.name} for h in entry.holidays
            ],
        }
    )


def write_table(entry: HolidayYear, console: Any) -> None:
    """`svcstd calendar`: the year's holidays as a table, then where the dates come from."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Public holidays, {escape(entry.country)} {entry.year}", title_justify="left")
    for column in ("Date", "Day", "Holiday"):
        table.add_column(column)
    for holiday in entry.holidays:
        table.add_row(holiday.day.isoformat(), holiday.day.strftime("%A"), escape(holiday.name))
    console.print(table)
    console.print(f"Source: {escape(entry.source)}", soft_wrap=True)
