"""`svcstd export`: charters written as open data into a folder, all or nothing.

Each export follows the same rule and the same writer as `render`: a charter
that cannot be read stops the run (exit 2, nothing written); one that `check`
would fail (the format or a standard) is exported with a warning naming what
it misses, or, with --strict, stops the run (exit 1, nothing written). Files
land through the site manifest, so a file svcstd did not write is never
replaced without --force and every file is written atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.errors import InputError, UsageError, one_of
from svcstd.facts import section, string
from svcstd.findings import refuse_repeated_keys
from svcstd.inputs import expand
from svcstd.judge import Judge
from svcstd.loader import Document, load_path
from svcstd.measure.compute import Measuring
from svcstd.output_folder import Page, slug_for, write_site

FORMATS = ("hsds", "ical", "standards")
"""hsds: every charter's services as HSDS 3.0 records in one file; ical: one iCalendar file per site; standards: the
service-standards table of every charter, as CSV and JSON."""


@dataclass
class Export:
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)
    """Charters `check` would fail, each with what it misses: exported with a warning, or (--strict) stopping the run."""


def _load(path: str) -> Document:
    try:
        return load_path(path)
    except InputError as error:
        raise UsageError(str(error)) from None


def export(
    paths: list[str],
    to: str,
    output: str,
    judge: Judge,
    *,
    year: int | None = None,
    measurements: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
    force: bool = False,
    strict: bool = False,
) -> Export:
    """Judged as `check` judges under the same configuration (svcstd.toml, custom packs, --fail-on): a charter check
    would pass is exported without a warning."""
    as_of = judge.engine.options.as_of
    one_of("--to", to, FORMATS)
    measuring = Measuring.from_options(measurements, period, sheet, as_of)
    inputs = expand(paths, judge.settings.exclude)
    if any(item.path == "-" for item in inputs):
        raise UsageError("export reads charter files, not standard input: their names name the files written")
    engine, fail_on = judge.engine, judge.settings.fail_on
    done = Export()
    pages: list[Page] = []
    table: list[dict[str, object]] = []
    records: list[dict[str, Any]] = []
    owners: dict[str, str] = {}
    for item in inputs:
        if item.error is not None:
            raise UsageError(str(item.error))
        document = _load(item.path)
        result = engine.check(document)
        if not result.passes(fail_on):
            missed = sorted({f.standard_id for f in result.failing(fail_on)})
            done.shortfalls.append(
                f"{item.path}: does not meet {', '.join(missed)} (`svcstd check {item.path}` says why)"
            )
            if strict:
                continue
        slug = slug_for(item.path)
        if to != "standards" and slug in owners:  # the file name seeds every identifier and names every file
            raise UsageError(
                f"{item.path} and {owners[slug]} would share the name {slug!r} (and every HSDS identifier); rename one"
            )
        owners[slug] = item.path
        if to != "standards":
            refuse_repeated_keys(document, item.path, "it can be exported")
        data = document.data
        organisation = string(section(data, "organisation").get("name")) or item.path
        if to == "ical":
            pages += _calendars(data, slug, year or as_of.year, as_of, item.path, done)
        elif to == "hsds":
            records += hsds_records(data, slug, as_of)
        else:
            if measuring is not None:  # figures counted on values the format rejects are never published
                from svcstd.measure.compute import refuse_malformed

                refuse_malformed(document, result.findings)
            table += _standards_rows(data, organisation, item.path, measuring, as_of, done)
    if strict and done.shortfalls:
        return done
    if to == "standards":
        from svcstd.export.standards_table import as_csv, as_json

        pages = [Page("service-standards.csv", as_csv(table)), Page("service-standards.json", as_json(table))]
    if to == "hsds":
        from svcstd.export import hsds

        try:
            flat = hsds.tables(records)
        except ValueError as error:  # two entries that the charters name alike: never merged into one record
            raise UsageError(f"{error}; give each charter, site and service its own name or id") from None
        pages = [
            Page("hsds-services.json", hsds.as_json(records)),
            *(Page(hsds.TABLES[name][0], hsds.as_csv(name, rows)) for name, rows in flat.items()),
            Page("datapackage.json", hsds.datapackage(list(flat))),
        ]
    names = [page.name for page in pages]
    if len(set(names)) != len(names):
        twice = sorted({name for name in names if names.count(name) > 1})[0]
        raise UsageError(f"two charters would both write {twice}; rename one")
    protected = frozenset(os.path.realpath(item.path) for item in inputs)
    done.written = write_site(output, pages, force=force, protected=protected)
    return done


def holidays_of(data: dict[str, Any], year: int) -> tuple[list[tuple[date, str]], str | None]:
    """The public holidays of the charter's calendar (or country) in the year, and the calendar's code; none where
    svcstd has no calendar for it."""
    from svcstd.measure.working_days import holiday_country
    from svcstd.public_holidays import holiday_year, known_countries

    country = holiday_country(data, section(data, "opening_hours"))
    if country and country in known_countries():
        return [(h.day, h.name) for h in holiday_year(country, year).holidays], country
    return [], country


def calendar_pages(data: dict[str, Any], slug: str, year: int, as_of: date) -> list[tuple[str, Page]]:
    """Each site's calendar (the site's name, its page), as `export --to ical` and `render --with-exports` write it."""
    from svcstd.export.hours_calendar import calendar_text, sites_of

    organisation = string(section(data, "organisation").get("name")) or slug
    sites = sites_of(data, slug, holidays_of(data, year)[0], year)
    return [(site.name, Page(f"{site.slug}.ics", calendar_text(organisation, site, year, as_of))) for site in sites]


def hsds_records(data: dict[str, Any], slug: str, as_of: date) -> list[dict[str, Any]]:
    from datetime import datetime, time

    from babel import Locale

    from svcstd.export import hsds

    english = Locale("en")
    return hsds.services(
        data, slug, datetime.combine(as_of, time(12, 0)), lambda code: english.languages.get(code, code)
    )


def _calendars(data: dict, slug: str, year: int, as_of: date, path: str, done: Export) -> list[Page]:
    holidays, country = holidays_of(data, year)
    if not holidays and section(data, "opening_hours").get("public_holidays") == "closed":
        done.warnings.append(f"{path}: no public holiday calendar for {country or 'its country'}; holidays left out")
    pages = [page for _, page in calendar_pages(data, slug, year, as_of)]
    if not pages:
        done.warnings.append(f"{path}: no weekly opening hours with a time zone; no calendar written")
    return pages


def _standards_rows(
    data: dict,
    organisation: str,
    path: str,
    measuring: Measuring | None,
    as_of: date,
    done: Export,
) -> list[dict[str, object]]:
    """The charter's rows, measured as `svcstd measure` measures them where its logs are in `measuring.folder`: an
    unreadable log stops the run naming it, and each row left out is a warning, as measure gives."""
    from svcstd.export.standards_table import rows

    report = None
    if measuring is not None:
        from svcstd.measure.compute import measure, parse_period
        from svcstd.measure.logs import log_paths, read_logs

        try:
            logs = log_paths(measuring.folder, path)
            if logs:
                period = parse_period(measuring.period, as_of)
                report = measure(data, path, read_logs(logs, data, measuring.sheet), period, as_of)
        except InputError as error:
            raise UsageError(str(error)) from None
        if report is not None:
            done.warnings += [row.warning() for row in report.bad_rows]
    return rows(data, organisation, report)
