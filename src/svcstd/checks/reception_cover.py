"""Reception is staffed throughout opening hours, at every site (Belize Appendix D, item 4).

"Reception areas are to be manned at all times during the normal business
hours": for each site and weekday, every opening interval must lie inside the
reception's staffed intervals. An unstaffed lunch hour is the classic gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status
from svcstd.loader import Document, JsonPath
from svcstd.schedule import WEEKDAYS, clock, uncovered, week_intervals

RULES = ("BZ-D4-02",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
READS = (
    ("opening_hours", "weekly"),
    ("reception", "staffed_hours"),
    ("sites", "*", "opening_hours", "weekly"),
    ("sites", "*", "reception", "staffed_hours"),
)


def locations(document: Document) -> Iterator[tuple[JsonPath, str]]:
    """The main office (the charter's top level) and each further site."""
    yield (), "the main office"
    sites = document.data.get("sites")
    for index, site in enumerate(sites if isinstance(sites, list) else []):
        if isinstance(site, dict):
            yield ("sites", index), str(site.get("name") or f"site {index + 1}")


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    """A place with no opening hours leaves its cover unknown: not evidenced, never met by absence."""
    for prefix, name in locations(document):
        weekly = document.get((*prefix, "opening_hours", "weekly"))
        if not isinstance(weekly, dict):
            yield Outcome(
                Status.NOT_EVIDENCED,
                (*prefix, "opening_hours", "weekly"),
                f"no opening hours for {name} to compare reception cover with",
            )
            continue
        staffed = document.get((*prefix, "reception", "staffed_hours"))
        if not isinstance(staffed, dict):
            yield Outcome(
                Status.NOT_EVIDENCED, (*prefix, "reception", "staffed_hours"), f"no reception staffed hours for {name}"
            )
            continue
        yield from _gaps(prefix, name, weekly, staffed)


def _gaps(prefix: JsonPath, name: str, weekly: dict[str, Any], staffed: dict[str, Any]) -> Iterator[Outcome]:
    open_hours, staffed_hours = week_intervals(weekly), week_intervals(staffed)
    for day in WEEKDAYS:
        gaps = uncovered(open_hours[day], staffed_hours[day])
        if gaps:
            spans = ", ".join(f"{clock(start)}-{clock(end)}" for start, end in gaps)
            yield Outcome(
                Status.NOT_MET,
                (*prefix, "reception", "staffed_hours", day),
                f"{name} is open but reception is not staffed on {day.capitalize()} {spans}",
            )
