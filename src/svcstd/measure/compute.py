"""Delivery against the charter's own promises, from its logs, in its working days.

A measured standard is a promise with a number of working days: replies to
correspondence (Belize Appendix D.2), acknowledging and resolving complaints
(Appendix B, responsiveness), and each service's own standard. For each, over
the items received in the period:

* volume: items closed, plus items still open past their deadline (a breach
  that is not yet answered is still a breach); items open but not yet due
  are counted apart as pending;
* share within the standard, and the median and 90th percentile turnaround
  of closed items;
* a verdict against the target and minimum the charter sets for it (a KPI
  that `measures` it, or the service's target_percent and minimum_percent, as
  ISO 11367 7.1.2.4 asks): met, below target, below minimum, or no target.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svcstd import __version__
from svcstd.checks import Recorded
from svcstd.errors import UsageError
from svcstd.facts import items, mapping, number, section, string, words
from svcstd.findings import Finding
from svcstd.loader import Document
from svcstd.measure.logs import BadRow, Item, Log
from svcstd.measure.working_days import (
    WorkingCalendar,
    holiday_country,
    opens_on_holidays,
    percentile_of_counts,
    receipt_convention,
)
from svcstd.rule_ids import FORMAT_STANDARD
from svcstd.schedule import add_days, add_months

MET, BELOW_TARGET, BELOW_MINIMUM, NO_TARGET, NO_DATA = "met", "below target", "below minimum", "no target", "no data"


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def stretches(period: Period) -> tuple[bool, list[Period]]:
    """The calendar quarters (months, for a period under a year) the period covers, each cut to the period."""
    by_month = (period.end - period.start).days < 364
    found = []
    year, month = period.start.year, period.start.month
    if not by_month:
        month = 3 * ((month - 1) // 3) + 1
    step = 1 if by_month else 3
    while date(year, month, 1) <= period.end:
        after = (year + (month + step - 1) // 12, (month + step - 1) % 12 + 1)
        last = date.fromordinal(date(after[0], after[1], 1).toordinal() - 1) if after[0] <= 9999 else date.max
        start, end = max(date(year, month, 1), period.start), min(last, period.end)
        found.append(Period(start, end, f"{start.isoformat()}..{end.isoformat()}"))
        if after[0] > 9999:
            break
        year, month = after
    return by_month, found


def parse_period(text: str | None, as_of: date) -> Period:
    """2025, 2025-Q3, 2025-07, or 2025-01-01..2025-06-30; default: exactly the twelve months up to and including as_of."""
    if text is None:
        year_before = add_months(as_of, -12)
        start = add_days(year_before, 1) if year_before is not None else date.min
        start = start or date.min
        return Period(start, as_of, f"{start.isoformat()}..{as_of.isoformat()}")
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return Period(date(int(text), 1, 1), date(int(text), 12, 31), text)
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            year, quarter = int(match[1]), int(match[2])
            end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            return Period(date(year, 3 * quarter - 2, 1), date.fromordinal(end.toordinal() - 1), text)
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match[1]), int(match[2])
            end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return Period(date(year, month, 1), date.fromordinal(end.toordinal() - 1), text)
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            if start <= end:
                return Period(start, end, text)
    except ValueError:
        pass
    raise UsageError(
        f"--period {text!r} is not a year (2025), quarter (2025-Q3), month (2025-07) or range (2025-01-01..2025-06-30)"
    )


@dataclass(frozen=True)
class Measuring:
    """`--measurements DIR [--period P] [--sheet NAME]` of the commands that read logs: where each charter's logs
    are (named after the charter), the period measured (default: the last twelve months) and a workbook's sheet."""

    folder: str
    period: str | None = None
    sheet: str | None = None
    gap: float | None = None
    """How far a KPI's stated latest result may be from its records before the page's run warns (`allowed_gap`)."""

    @classmethod
    def from_options(
        cls, folder: str | None, period: str | None, sheet: str | None, as_of: date, gap: float | None = None
    ) -> Measuring | None:
        """--measurements, --period and --sheet as every command that reads logs takes them (check, render, report,
        export), checked before anything is read; `gap`, how far a KPI's stated result may be from its records
        before the run warns (the configuration's reading, `kpi_records.allowed_gap`)."""
        if folder is None:
            if period is not None or sheet is not None:
                raise UsageError("--period and --sheet say what --measurements measures: give --measurements DIR too")
            return None
        if not os.path.isdir(folder):
            raise UsageError(f"--measurements {folder} is not a directory")
        parse_period(period, as_of)  # a bad --period is a usage error now, not on the first charter with logs
        return cls(folder, period, sheet, gap)


@dataclass(frozen=True, slots=True)
class Standard:
    """One promise that can be measured: where its items come from and which date closes them."""

    key: str
    label: str
    days: float
    """Working days as the charter writes them: 0 is the same day, 2.5 is met by a turnaround of 2 (whole days)."""
    log: str
    step: str
    clause: str
    service: str | None = None
    target: float | None = None
    minimum: float | None = None


@dataclass(slots=True)
class Measurement:
    standard: Standard
    volume: int = 0
    within: int = 0
    pending: int = 0
    overdue_open: int = 0
    median: float | None = None
    p90: float | None = None
    verdict: str = NO_DATA

    @property
    def share(self) -> float | None:
        return 100 * self.within / self.volume if self.volume else None

    @property
    def shown_share(self) -> float | None:
        """The share as every report shows it, and as its verdict is judged."""
        return shown(self.share)


def shown(share: float | None) -> float | None:
    """A share as every report shows it (two decimals): the figure a page, a JSON report and a verdict agree on."""
    return None if share is None else round(share, 2)


@dataclass
class KpiResult:
    id: str
    indicator: str
    measures: str
    target: float | None
    minimum: float | None
    value: float | None
    verdict: str


@dataclass(slots=True)
class MeasureReport:
    charter: str
    organisation: str
    period: Period
    as_of: date
    measurements: list[Measurement]
    kpis: list[KpiResult]
    bad_rows: list[BadRow] = field(default_factory=list)
    items: dict[str, int] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    """svcstd's version, the counting conventions, each year's calendar source and the inputs' SHA-256."""
    warnings: list[str] = field(default_factory=list)
    """What the figures rest on that the charter leaves open (an office that closes on public holidays but names
    no country), said on standard error so no reader mistakes a guess for the department's word."""
    stated: list[Stated] = field(default_factory=list)
    """Each KPI's stated latest result beside its records for the same period (`measure_document`)."""

    @property
    def falls_short(self) -> bool:
        verdicts = [m.verdict for m in self.measurements] + [k.verdict for k in self.kpis]
        return any(v in (BELOW_TARGET, BELOW_MINIMUM) for v in verdicts)


def working_days_limit(value: Any) -> float | None:
    """A standard's working days as the format allows them, 0 (the same day) and fractions included: reading only
    positive whole numbers once dropped a same-day standard, and its KPI, from the report without a word."""
    found = number(value)
    return found if found is not None and found >= 0 else None


def _number(value: Any) -> float | None:
    return float(found) if (found := number(value)) is not None else None


def standards_of(data: dict[str, Any]) -> list[Standard]:
    """The measurable promises a charter makes, with the targets it sets for them."""
    kpis: dict[str, dict[str, Any]] = {}
    for kpi in items(data.get("kpis")):  # the first KPI of a standard sets its target: one reading per standard
        if key := string(kpi.get("measures")):
            kpis.setdefault(key, kpi)

    def standard(
        key: str,
        label: str,
        days: float,
        log: str,
        step: str,
        clause: str,
        service: str | None = None,
        target: Any = None,
        minimum: Any = None,
    ) -> Standard:
        """A KPI that measures this standard sets its target and minimum, as a pair; else the charter's own beside the
        standard (a KPI with only a target never borrows the service's minimum)."""
        kpi = kpis.get(key, {})
        if "target" in kpi or "minimum" in kpi:
            target, minimum = kpi.get("target"), kpi.get("minimum")
        return Standard(
            key,
            label,
            days,
            log,
            step,
            clause,
            service,
            _number(target),
            _number(minimum),
        )

    found = []
    letters = section(data, "correspondence")
    if (days := working_days_limit(letters.get("reply_within_working_days"))) is not None:
        found.append(
            standard(
                "correspondence.reply",
                "Replies to letters and emails",
                days,
                "correspondence",
                "replied",
                "Belize Appendix D, item 2",
            )
        )
    complaints = section(data, "complaints")
    if (days := working_days_limit(complaints.get("acknowledge_within_working_days"))) is not None:
        found.append(
            standard(
                "complaints.acknowledge",
                "Complaints acknowledged",
                days,
                "complaints",
                "acknowledged",
                "Belize Appendix B, responsiveness",
            )
        )
    if (days := working_days_limit(complaints.get("resolve_within_working_days"))) is not None:
        found.append(
            standard(
                "complaints.resolve",
                "Complaints resolved",
                days,
                "complaints",
                "resolved",
                "Belize Appendix B, responsiveness",
            )
        )
    for service in items(data.get("services")):
        if not string(service.get("id")):
            continue
        own = section(service, "standard")
        if (days := working_days_limit(own.get("within_working_days"))) is not None:
            found.append(
                standard(
                    f"service:{service['id']}",
                    words(service.get("name")) or service["id"],
                    days,
                    "correspondence",
                    "replied",
                    "ISO 11367 7.1.2.4",
                    service["id"],
                    own.get("target_percent"),
                    own.get("minimum_percent"),
                )
            )
    return found


def counted_on(path: tuple[Any, ...]) -> bool:
    """Whether a value decides a count: a value the format rejects there is refused, never replaced by a default
    (`receipt_on_closed_day: next_day` once fell back silently to day_of_receipt while check reported it). A
    service's missing name or a KPI's wording counts nothing and stays check's to report."""
    head, rest = path[0], path[1:]
    if head in ("measurement", "opening_hours"):
        return True
    if head in ("correspondence", "complaints"):
        return not rest or str(rest[0]).endswith("_working_days")
    fields = {
        "sites": ("name", "opening_hours"),
        "services": ("id", "standard"),
        "kpis": ("measures", "target", "minimum"),
    }
    return head in fields and (len(rest) < 2 or rest[1] in fields[head])


def refuse_malformed(document: Document, findings: Iterable[Finding] | None = None) -> None:
    """The first format finding in a section measure counts on, as one error line at its line. `findings`: the
    charter's own, where a command has judged it already (report, export), so no second engine is built."""
    if findings is None:
        from svcstd.catalogue import load_catalogue
        from svcstd.engine import Engine, Options

        findings = Engine(load_catalogue([]), Options(date.today())).structural_findings(document)
    for finding in findings:
        # a holiday calendar is refused by Calendars.check, which also suggests the code meant ("did you mean 'BZ'?")
        if (
            finding.standard_id == FORMAT_STANDARD
            and finding.path
            and counted_on(finding.path)
            and finding.path[-1] != "holiday_calendar"
        ):
            raise UsageError(
                f"{document.path}:{finding.line}: {finding.detail}; measure counts on it, so nothing was measured "
                f"(`svcstd check {document.path}` lists every finding)"
            )


LOG_STANDARDS = {
    "correspondence": "correspondence.reply_within_working_days or a service's standard.within_working_days",
    "complaints": "complaints.acknowledge_within_working_days or complaints.resolve_within_working_days",
}


def nothing_to_measure(data: dict[str, Any], charter: str, kinds: list[str]) -> None:
    """Refuse a log the charter sets no standard for: an empty table with exit 0 would read as "nothing late"."""
    measured = {standard.log for standard in standards_of(data)}
    for kind in kinds:
        if kind not in measured:
            raise UsageError(f"{charter}: no {kind} standard to measure --{kind} against (give {LOG_STANDARDS[kind]})")


def verdict(share: float | None, target: float | None, minimum: float | None) -> str:
    """Judged on the share as every report shows it (two decimals): 66.67% shown is 66.67% judged."""
    share = shown(share)
    if share is None:
        return NO_DATA
    if target is None and minimum is None:
        return NO_TARGET
    if minimum is not None and share < minimum:
        return BELOW_MINIMUM
    if target is not None and share < target:
        return BELOW_TARGET
    return MET


@dataclass(frozen=True)
class Conventions:
    """The counting choices offices differ on, set in the charter's `measurement` section; every report states them."""

    receipt_on_closed_day: str = "day_of_receipt"
    service_items_in_correspondence: bool = True
    """Whether a letter about a service also counts against the correspondence standard (it is correspondence too)."""

    @classmethod
    def from_charter(cls, data: dict[str, Any]) -> Conventions:
        counts = section(data, "measurement").get("service_items_in_correspondence")
        return cls(receipt_convention(data), counts if isinstance(counts, bool) else True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "receipt_on_closed_day": self.receipt_on_closed_day,
            "service_items_in_correspondence": self.service_items_in_correspondence,
            "turnaround": "working days after the day counting starts, up to and including the day of the step",
            "deadline": "the Nth working day after receipt, and the closed days right after it",
            "period": "an item belongs to the period of its receipt date",
            "as_of": "items received after --as-of are left out; steps dated after it are treated as not yet done",
            "percentiles": "median and 90th percentile over closed items, PERCENTILE.INC",
        }


class Calendars:
    """Each office's working calendar, built once: a log row counts the days of the site that handled it."""

    def __init__(self, data: dict[str, Any], charter: str = "charter"):
        self.data = data
        self.by_site: dict[str | None, WorkingCalendar] = {}
        self.check(charter)

    def check(self, charter: str) -> None:
        """A holiday calendar svcstd cannot look up is an error, never an empty calendar."""
        from svcstd.public_holidays import check_country

        places = [("opening_hours", section(self.data, "opening_hours"))]
        sites = self.data.get("sites")
        for index, site in enumerate(sites if isinstance(sites, list) else []):
            if isinstance(site, dict):
                places.append((f"sites[{index}].opening_hours", mapping(site.get("opening_hours"))))
        for prefix, hours in places:  # each place's own key named: a site's calendar is the site's to fix
            if opens_on_holidays(hours):
                continue
            if (country := holiday_country(self.data, hours)) is not None:
                where = (
                    f"{prefix}.holiday_calendar" if string(hours.get("holiday_calendar")) else "organisation.country"
                )
                check_country(country, f"{charter}: {where}")

    def unknown_holidays(self, charter: str) -> list[str]:
        """Each office used that closes on public holidays but names no calendar or country: its holidays are counted
        as working days, which the reader is told."""
        found = []
        for site, calendar in self.by_site.items():
            hours = section(self.data, "opening_hours") if site is None else self._site_hours(site)
            if calendar.country is None and not opens_on_holidays(hours):
                place = "the main office" if site is None else f"site {site}"
                found.append(
                    f"{charter}: {place} closes on public holidays but names no holiday_calendar and the charter no "
                    "organisation.country: public holidays are counted as working days"
                )
        return found

    def _site_hours(self, site: str) -> dict[str, Any]:
        return next(
            (section(place, "opening_hours") for place in items(self.data.get("sites")) if place.get("name") == site),
            {},
        )

    def of(self, site: str | None) -> WorkingCalendar:
        if site not in self.by_site:
            self.by_site[site] = WorkingCalendar.from_charter(self.data, site)
        return self.by_site[site]

    def sources(self, period: Period, as_of: date) -> list[dict[str, Any]]:
        """Where every year's holidays came from, for each calendar used: an auditor's first question."""
        from svcstd.public_holidays import holiday_year

        found: dict[tuple[str, int], dict[str, Any]] = {}
        last = min(max(period.end, as_of), date(9999, 12, 31)).year
        for calendar in self.by_site.values():
            if calendar.country is None:
                continue
            for year in range(period.start.year, min(last, period.start.year + 20) + 1):
                entry = holiday_year(calendar.country, year)
                found[(calendar.country, year)] = {
                    "country": calendar.country,
                    "year": year,
                    "source": entry.source,
                    "published": entry.published,
                }
        return [found[key] for key in sorted(found)]


class Tally:
    """One standard's running figures, fed one log item at a time: a log is read once for all its standards."""

    def __init__(self, standard: Standard, calendars: Calendars, period: Period, as_of: date, conventions: Conventions):
        self.standard, self.calendars, self.period, self.as_of = standard, calendars, period, as_of
        self.skip_service_items = (
            standard.key == "correspondence.reply" and not conventions.service_items_in_correspondence
        )
        self.result = Measurement(standard)
        self.turnarounds: dict[int, int] = {}
        """How many closed items took each number of working days."""

    def add(self, item: Item, rows: int = 1) -> None:
        """Count an item (given by `rows` rows of the log) as known on `as_of`: items received later are not yet known,
        steps dated later not yet done."""
        received = item.received
        if not self.period.contains(received) or received > self.as_of or item.kind == "compliment":
            return
        standard = self.standard
        if standard.service is not None and item.service != standard.service:
            return
        if self.skip_service_items and item.service is not None:
            return
        calendar = self.calendars.of(item.site)
        received = calendar.effective_receipt(received)
        closed = item.steps.get(standard.step)
        result = self.result
        if closed is None or closed > self.as_of:
            if self.as_of > calendar.due(received, standard.days):
                result.volume += rows
                result.overdue_open += rows
            else:
                result.pending += rows
            return
        days = calendar.turnaround(received, closed)
        self.turnarounds[days] = self.turnarounds.get(days, 0) + rows
        result.volume += rows
        if days <= standard.days:
            result.within += rows

    def measurement(self) -> Measurement:
        result, turnarounds = self.result, sorted(self.turnarounds.items())
        if turnarounds:
            result.median = percentile_of_counts(turnarounds, 0.5)
            result.p90 = percentile_of_counts(turnarounds, 0.9)
        result.verdict = verdict(result.share, self.standard.target, self.standard.minimum)
        return result


def measure_standard(
    standard: Standard,
    log: Log,
    calendars: Calendars,
    period: Period,
    as_of: date,
    conventions: Conventions | None = None,
) -> Measurement:
    """One standard's figures from one log, as known on `as_of`."""
    tally = Tally(standard, calendars, period, as_of, conventions or Conventions())
    for item, rows in log.counted():
        tally.add(item, rows)
    return tally.measurement()


def measure_log(log: Log, tallies: list[Tally]) -> None:
    """Feed every item of the log, read once, to the standards it counts for: all rows to a log-wide standard,
    a service's rows to that service's standards."""
    general = [t for t in tallies if t.standard.service is None]
    by_service: dict[str, list[Tally]] = {}
    for tally in tallies:
        if tally.standard.service is not None:
            by_service.setdefault(tally.standard.service, []).append(tally)
    for item, rows in log.counted():
        for tally in general:
            tally.add(item, rows)
        if item.service is not None:
            for tally in by_service.get(item.service, ()):
                tally.add(item, rows)


def measure(data: dict[str, Any], charter: str, logs: dict[str, Log], period: Period, as_of: date) -> MeasureReport:
    """Every measurable standard for which a log was given, and every KPI that measures one of them."""
    return measure_each(data, charter, logs, [period], as_of)[0]


def measure_each(
    data: dict[str, Any], charter: str, logs: dict[str, Log], periods: Sequence[Period], as_of: date
) -> list[MeasureReport]:
    """`measure` for each period, every log read once for all of them: a page's year, its quarters and each KPI's
    own period cost one pass over a million-row log, not six."""
    calendars = Calendars(data, charter)
    conventions = Conventions.from_charter(data)
    calendars.of(None)
    standards = [s for s in standards_of(data) if s.log in logs]
    tallies = [[Tally(s, calendars, period, as_of, conventions) for s in standards] for period in periods]
    for kind, log in logs.items():  # each log read once, whatever the number of its standards and periods
        measure_log(log, [t for each in tallies for t in each if t.standard.log == kind])
    inputs = [{"file": path, "sha256": sha256_of(path)} for path in [charter, *(log.file for log in logs.values())]]
    return [
        _report(data, charter, logs, period, as_of, [t.measurement() for t in each], calendars, conventions, inputs)
        for period, each in zip(periods, tallies, strict=True)
    ]


def _report(
    data: dict[str, Any],
    charter: str,
    logs: dict[str, Log],
    period: Period,
    as_of: date,
    measured: list[Measurement],
    calendars: Calendars,
    conventions: Conventions,
    inputs: list[dict[str, Any]],
) -> MeasureReport:
    by_key = {m.standard.key: m for m in measured}
    kpis = []
    for kpi in items(data.get("kpis")):
        if (m := by_key.get(string(kpi.get("measures")) or "")) is not None:
            kpis.append(
                KpiResult(
                    string(kpi.get("id")) or kpi["measures"],
                    words(kpi.get("indicator")) or "",
                    kpi["measures"],
                    _number(kpi.get("target")),
                    _number(kpi.get("minimum")),
                    m.share,
                    verdict(m.share, _number(kpi.get("target")), _number(kpi.get("minimum"))),
                )
            )
    provenance = {
        "svcstd_version": __version__,
        "conventions": conventions.as_dict(),
        "calendars": calendars.sources(period, as_of),
        "inputs": inputs,
    }
    return MeasureReport(
        charter,
        string(section(data, "organisation").get("name")) or charter,
        period,
        as_of,
        measured,
        kpis,
        [row for log in logs.values() for row in log.bad_rows],
        {kind: log.count for kind, log in logs.items()},
        provenance,
        calendars.unknown_holidays(charter),
    )


def sha256_of(path: str) -> str | None:
    """The file's SHA-256, so an auditor can tell the inputs are the ones reported; None for standard input."""
    import hashlib

    if path == "-":
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class Stated(Recorded):
    """A KPI's latest result as the charter states it, beside what its records give for the same period (the
    `recorded` share rounded as measure shows it), and the standard it measures: what `check --measurements` judges
    (checks.Recorded), with what measure's JSON says besides. `gap` is the distance the configuration allows
    (`max_stated_gap_points` of the rules `kpi_records` serves; None: no rule asks for the comparison)."""

    measures: str
    gap: float | None = None

    @property
    def disagrees(self) -> bool:
        return self.gap is not None and self.apart(self.gap)

    def warning(self, charter: str, line: int | None) -> str:
        where = f"{charter}:{line}" if line else charter
        return (
            f"{where}: kpis[{self.index}] ({self.kpi}) states {self.stated:g}% for {self.period}, but the records give "
            f"{self.recorded:g}% (more than {self.gap:g} point apart); publish what the records show"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "measures": self.measures,
            "period": self.period,
            "stated_percent": self.stated,
            "recorded_percent": self.recorded,
            "allowed_gap_points": self.gap,
            "disagrees": self.disagrees,
        }


Claims = list[tuple[str, Period, list[tuple[int, dict[str, Any], float]]]]
"""Each period the charter's KPIs state a latest result for: as written, as read, and the KPIs (index, KPI, value)."""


def stated_claims(data: dict[str, Any], as_of: date) -> Claims:
    """Each KPI that measures a standard and states a latest result for a period svcstd can read (2025, 2025-Q3,
    2025-07, or a range), grouped by that period."""
    wanted: dict[str, list[tuple[int, dict[str, Any], float]]] = {}
    for index, kpi in enumerate(items(data.get("kpis"))):
        latest = mapping(kpi.get("latest"))
        value, period = _number(latest.get("value")), latest.get("period")
        if isinstance(period, int) and not isinstance(period, bool):
            period = str(period)  # `period: 2025` unquoted is a year all the same
        if string(kpi.get("measures")) and value is not None and isinstance(period, str):
            wanted.setdefault(period.strip(), []).append((index, kpi, value))
    claims = []
    for text, stated in wanted.items():
        try:
            claims.append((text, parse_period(text, as_of), stated))
        except UsageError:
            continue  # a period written otherwise ("FY 2024/25") is the charter's to explain, not svcstd's to guess
    return claims


def stated_against(claims: Claims, reports: Sequence[MeasureReport], gap: float | None) -> list[Stated]:
    """The claims beside what the records give, `reports` being `measure_each` of the claims' periods in order, a
    claim further than `gap` points from them disagreeing."""
    found = []
    for (text, _, stated), report in zip(claims, reports, strict=True):
        by_key = {m.standard.key: m for m in report.measurements}
        for index, kpi, value in stated:
            if (m := by_key.get(kpi["measures"])) is not None:
                kpi_id = string(kpi.get("id")) or kpi["measures"]
                found.append(Stated(index, kpi_id, text, value, m.shown_share, measures=kpi["measures"], gap=gap))
    return sorted(found, key=lambda s: s.index)


def stated_against_records(data: dict[str, Any], charter: str, logs: dict[str, Log], as_of: date) -> list[Stated]:
    """Each KPI's stated latest result against what the records give for its period, the logs read once."""
    claims = stated_claims(data, as_of)
    if not claims:
        return []
    return stated_against(claims, measure_each(data, charter, logs, [period for _, period, _ in claims], as_of), None)


def measure_document(
    document: Document,
    paths: dict[str, str],
    period: Period,
    as_of: date,
    sheet: str | None = None,
    gap: float | None = None,
) -> MeasureReport:
    """`svcstd measure` of one charter: its figures for `period`, and each KPI's stated latest result held to its
    records, one further than `gap` points from them being a warning at the KPI's line; the logs are read once."""
    from svcstd.measure.logs import read_logs

    refuse_malformed(document)
    data = document.data
    claims = stated_claims(data, as_of)
    report, *claimed = measure_each(
        data, document.path, read_logs(paths, data, sheet), [period, *(p for _, p, _ in claims)], as_of
    )
    report.stated = stated_against(claims, claimed, gap)
    report.warnings += disagreements(document, report.stated)
    return report


def disagreements(document: Document, stated: list[Stated]) -> list[str]:
    """The warning for each KPI whose stated latest result its records contradict, at the KPI's line."""
    return [
        s.warning(document.path, document.position(("kpis", s.index, "latest", "value"))[0])
        for s in stated
        if s.disagrees
    ]
