"""A site's opening hours as an iCalendar file (RFC 5545) a citizen can add to a phone.

Each weekly interval is one event repeating every week of the chosen year
(RRULE), in the charter's time zone (a VTIMEZONE is included, so calendar
apps need no time-zone lookup). Days the office is closed (the charter's
closures and, where it closes on them, the country's public holidays) are
taken out of the repetition (EXDATE) and listed as all-day "Closed" events.
An interval that closes at or before it opens runs past midnight, as the
charter format reads it. Every value is derived from the charter, the year
and the as-of date, so two runs write the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from svcstd.facts import items, mapping, section, string, words
from svcstd.schedule import DAY, WEEKDAYS, minutes, parse_date
from svcstd.text import ascii_slug, one_line
from svcstd.timezones import is_known

BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
PRODID = "-//svcstd//charter opening hours//EN"


@dataclass(frozen=True)
class Closed:
    day: date
    why: str


@dataclass(frozen=True)
class SiteHours:
    """What one calendar says: a site's weekly intervals, its time zone and the days it is closed in the year."""

    name: str
    slug: str
    timezone: str
    weekly: dict[str, list[tuple[int, int]]]
    closed: list[Closed]


def weekly_intervals(weekly: Any) -> dict[str, list[tuple[int, int]]]:
    """Each day's intervals as written, in minutes from that day's midnight; an overnight one ends after 24:00."""
    found: dict[str, list[tuple[int, int]]] = {}
    for day in WEEKDAYS:
        spans = []
        for entry in items(mapping(weekly).get(day)):
            start, end = minutes(entry.get("opens")), minutes(entry.get("closes"))
            if start is None or end is None or start == DAY:
                continue
            spans.append((start, end if end > start else end + DAY))
        if spans:
            found[day] = sorted(spans)
    return found


def closed_days(opening: dict[str, Any], holidays: list[tuple[date, str]], year: int) -> list[Closed]:
    """The charter's closures in the year, and the public holidays when the site closes on them."""
    found: dict[date, Closed] = {}
    if opening.get("public_holidays") == "closed":
        for holiday, name in holidays:
            found[holiday] = Closed(holiday, f"Closed: {name} (public holiday)")
    for entry in items(opening.get("closures")):
        day = parse_date(entry.get("date"))
        if day is not None and day.year == year:
            reason = words(entry.get("reason"))  # given per language: its first language's
            found[day] = Closed(day, f"Closed: {reason}" if reason else "Closed")
    return [found[day] for day in sorted(found)]


def calendar_text(organisation: str, site: SiteHours, year: int, stamp: date) -> str:
    """The iCalendar file of one site: its weekly hours repeating through `year`, its closed days taken out."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(site.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # a name is one line of text: a line break or control character in it would start a line of its own (RFC 5545 3.1)
    place = one_line(site.name)
    title = place if place == one_line(organisation) else f"{one_line(organisation)}: {place}"
    calendar.add("x-wr-calname", f"{title} opening hours {year}")
    calendar.add("x-wr-timezone", site.timezone)
    dtstamp = datetime.combine(stamp, time(0, 0), tzinfo=ZoneInfo("UTC"))
    # RFC 5545: with a DTSTART in a time zone, UNTIL is given in UTC
    until = datetime.combine(date(year, 12, 31), time(23, 59, 59), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    for day, spans in site.weekly.items():
        first = _first(date(year, 1, 1), WEEKDAYS.index(day))
        for index, (start, end) in enumerate(spans, 1):
            event = Event()
            opens = datetime.combine(first, time(0, 0), tzinfo=zone) + timedelta(minutes=start)
            event.add("uid", f"{site.slug}-{year}-{day}-{index}@svcstd")
            event.add("dtstamp", dtstamp)
            event.add("summary", f"{place}: open")
            event.add("dtstart", opens)
            event.add("dtend", _wall(opens, end - start, zone))
            event.add("rrule", {"freq": "weekly", "byday": BYDAY[day], "until": until})
            skipped = [c.day for c in site.closed if c.day.weekday() == WEEKDAYS.index(day)]
            for skipped_day in skipped:
                event.add("exdate", datetime.combine(skipped_day, time(0, 0), tzinfo=zone) + timedelta(minutes=start))
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    for closed in site.closed:
        event = Event()
        event.add("uid", f"{site.slug}-{closed.day.isoformat()}-closed@svcstd")
        event.add("dtstamp", dtstamp)
        event.add("summary", one_line(f"{place}: {closed.why}"))
        event.add("dtstart", closed.day)
        event.add("dtend", closed.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def _first(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _wall(opens: datetime, length: int, zone: ZoneInfo) -> datetime:
    """The closing time on the wall clock: the same minutes later by the clock, across a change of offset too."""
    naive = opens.replace(tzinfo=None) + timedelta(minutes=length)
    return naive.replace(tzinfo=zone)


def sites_of(data: dict[str, Any], slug: str, holidays: list[tuple[date, str]], year: int) -> list[SiteHours]:
    """The main office and each site with weekly hours and a time zone (the main office's when a site names none)."""
    organisation = section(data, "organisation")
    main = section(data, "opening_hours")
    default_zone = string(main.get("timezone"))
    found = []
    places = [(string(organisation.get("name")) or slug, slug, main)]
    for entry in items(data.get("sites")):
        if name := string(entry.get("name")):
            places.append((name, f"{slug}-{ascii_slug(name)}", section(entry, "opening_hours")))
    for name, place_slug, opening in places:
        zone = string(opening.get("timezone")) or default_zone
        weekly = weekly_intervals(opening.get("weekly"))
        if zone and weekly and is_known(zone):  # a zone the format rejects gives no calendar (check reports it)
            found.append(SiteHours(name, place_slug, zone, weekly, closed_days(opening, holidays, year)))
    return found
