"""The clearing-house view of many charters: compliance per standard, reviews due, delivery, change.

The Belize policy asks for annual compliance and performance reports against
the service standards (policy directive 1) and a monitoring report across
ministries; ISO 11367 7.1.1 and 7.1.2.4 ask that charters be reviewed on a
cycle and KPIs evaluated. This module gathers those facts for a portfolio;
portfolio/pages.py lays them out.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from svcstd.batch import judging_error
from svcstd.diff.compare import Change as PromiseChange
from svcstd.diff.compare import compare_facts
from svcstd.diff.facts import Fact, facts_as_json, facts_from_json, promise_facts
from svcstd.engine import Engine
from svcstd.errors import InputError, UsageError
from svcstd.facts import section
from svcstd.files import relative_to_root, repository_root
from svcstd.findings import Status
from svcstd.inputs import Input
from svcstd.loader import decode_text, load_path, read_bytes
from svcstd.measure.compute import (
    BELOW_MINIMUM,
    MeasureReport,
    Period,
    measure_each,
    refuse_malformed,
    shown,
    stretches,
)
from svcstd.measure.logs import BadRow, log_paths, read_logs
from svcstd.resources import json_resource
from svcstd.schedule import parse_date, review_due
from svcstd.text import dump_json, excerpt

PORTFOLIO_VERSION = 1
COUNTED = (Status.MET, Status.NOT_MET, Status.NOT_EVIDENCED, Status.WAIVED)


@dataclass(slots=True)
class Department:
    file: str
    name: str
    ministry: str | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    compliant: bool = False
    last_reviewed: date | None = None
    review_due: date | None = None
    error: str | None = None
    delivery: MeasureReport | None = None
    trend: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Per kind of standard (TREND_KINDS), the cases kept within the time and all cases in each quarter (or month)
    of the period: counts, so the portfolio's share is the share of all its cases, not an average of shares."""
    below_minimum: list[tuple[str, float, float]] = field(default_factory=list)
    """Each standard (key, share, minimum) whose share in the latest quarter fell below the minimum it sets."""
    promises_json: str = "{}"
    """The charter's promises (svcstd diff's facts) as compact JSON, for portfolio.json and the next report's baseline:
    a few kilobytes of text instead of sixty objects; `spill` moves it to the report's spool file."""
    spilled: tuple[BinaryIO, int, int] | None = field(default=None, repr=False, compare=False)
    """Where `spill` put the department's portfolio.json entry: the spool file, the offset and the length."""

    def spill(self, spool: BinaryIO) -> None:
        """Keep on disk what only portfolio.json needs (the promises, the provenance of the figures, the KPI
        results): ten thousand departments' entries are hundreds of megabytes, read back one at a time as
        portfolio.json is written. What the pages show (statuses, delivery rows, rows left out) stays."""
        data = dump_json(department_json(self)).encode("utf-8")
        offset = spool.seek(0, os.SEEK_END)
        spool.write(data)
        self.spilled, self.promises_json = (spool, offset, len(data)), ""
        if self.delivery is not None:
            self.delivery.provenance, self.delivery.kpis, self.delivery.stated = {}, [], []

    def entry_text(self) -> str:
        """The department's portfolio.json entry, as department_json gives it, from the spool when spilled."""
        if self.spilled is None:
            return dump_json(department_json(self))
        spool, offset, length = self.spilled
        spool.seek(offset)
        return spool.read(length).decode("utf-8")

    def promises_text(self) -> str:
        if self.spilled is None:
            return self.promises_json
        return json.dumps(json.loads(self.entry_text())["promises"], ensure_ascii=False, separators=(",", ":"))

    @property
    def promises(self) -> dict[str, Fact]:
        return facts_from_json(json.loads(self.promises_text()))

    @property
    def key(self) -> str:
        return department_key(self.file)

    def overdue_days(self, as_of: date) -> int | None:
        """Days past the review date; None when not overdue. A charter without review dates is overdue from the start."""
        if self.error is not None:
            return None
        if self.review_due is None:
            return 0
        return (as_of - self.review_due).days if as_of > self.review_due else None


@dataclass
class StandardSummary:
    id: str
    title: str
    clause: str
    counts: Counter = field(default_factory=Counter)

    @property
    def judged(self) -> int:
        return sum(self.counts[status.value] for status in COUNTED)

    @property
    def percent_met(self) -> float | None:
        met = self.counts[Status.MET.value] + self.counts[Status.WAIVED.value]
        return 100 * met / self.judged if self.judged else None


@dataclass
class Change:
    file: str
    name: str
    standard: str
    before: str
    after: str


@dataclass
class Portfolio:
    as_of: date
    standards: list[StandardSummary]
    departments: list[Department]
    period: Period | None = None
    baseline: dict[str, Any] | None = None
    baseline_file: str | None = None

    @property
    def readable(self) -> list[Department]:
        return [d for d in self.departments if d.error is None]

    @property
    def overdue(self) -> list[Department]:
        return sorted(
            (d for d in self.readable if d.overdue_days(self.as_of) is not None),
            key=lambda d: -(d.overdue_days(self.as_of) or 0),
        )

    @property
    def stretches(self) -> tuple[bool, list[Period]]:
        """Whether the trend is by month (a period under a year), and its quarters or months."""
        return stretches(self.period) if self.period is not None else (False, [])

    @property
    def trend(self) -> dict[str, list[tuple[int, int]]]:
        """Per kind of standard, the portfolio's cases kept within the time and all its cases, quarter by quarter."""
        _, parts = self.stretches
        summed: dict[str, list[tuple[int, int]]] = {}
        for department in self.readable:
            for kind, counts in department.trend.items():
                total = summed.setdefault(kind, [(0, 0)] * len(parts))
                summed[kind] = [(a + c, b + d) for (a, b), (c, d) in zip(total, counts, strict=True)]
        return {kind: summed[kind] for kind in TREND_KINDS if kind in summed}

    @property
    def below_minimum(self) -> list[tuple[Department, str, float, float]]:
        """Departments whose share fell below the minimum they set in the latest quarter (or month), worst first."""
        found = [(d, key, share, minimum) for d in self.readable for key, share, minimum in d.below_minimum]
        return sorted(found, key=lambda entry: entry[2] - entry[3])

    def baseline_percent(self, standard_id: str) -> float | None:
        if not self.baseline:
            return None
        for entry in self.baseline.get("standards", []):
            if entry.get("id") == standard_id and isinstance(entry.get("percent_met"), (int, float)):
                return float(entry["percent_met"])
        return None

    @property
    def bad_rows(self) -> list[tuple[Department, BadRow]]:
        """Every log row measurement left out, with its department: a report must not drop them silently."""
        return [(d, row) for d in self.readable if d.delivery for row in d.delivery.bad_rows]

    def _baseline_departments(self) -> dict[str, dict[str, Any]]:
        """The baseline's departments by stable key (an old baseline without keys: its file path, normalised)."""
        found: dict[str, dict[str, Any]] = {}
        for entry in self.baseline.get("departments", []) if self.baseline else []:
            if isinstance(entry, dict):
                key = entry["key"] if isinstance(entry.get("key"), str) else department_key(str(entry.get("file", "")))
                found[key] = entry
        return found

    def _then(self, part: str) -> Iterator[tuple[Department, dict[str, Any]]]:
        """Each readable department with the baseline's mapping `part` ("statuses", "promises") for it."""
        before = self._baseline_departments()
        for department in self.readable:
            old = before.get(department.key)
            if old and isinstance(old.get(part), dict):
                yield department, old[part]

    @property
    def changes(self) -> list[Change]:
        """Standard by standard, each department whose status moved since the baseline."""
        found = []
        for department, statuses in self._then("statuses"):
            for standard_id, status in department.statuses.items():
                previous = statuses.get(standard_id)
                if isinstance(previous, str) and previous != status:
                    found.append(Change(department.file, department.name, standard_id, previous, status))
        return found

    @property
    def weakened(self) -> list[tuple[Department, list[PromiseChange]]]:
        """Departments whose promises got weaker since the baseline, by the same comparison as `svcstd diff`."""
        found = []
        for department, promises in self._then("promises"):
            changes = [c for c in compare_facts(facts_from_json(promises), department.promises) if c.weakens]
            if changes:
                found.append((department, changes))
        return found

    @property
    def new_departments(self) -> list[Department]:
        if not self.baseline:
            return []
        known = self._baseline_departments()
        return [d for d in self.readable if d.key not in known]


def department_key(path: str) -> str:
    """A department's identity between reports: its charter's path relative to the repository root, normalised.

    `./charters/a.yaml`, `charters/a.yaml` and `/abs/repo/charters/a.yaml`
    are one department, whichever directory each report was run from.
    """
    if path in ("-", ""):
        return path
    return relative_to_root(path, repository_root()) or Path(os.path.abspath(path)).as_posix()


def department(
    item: Input,
    engine: Engine,
    as_of: date,
    measurements: str | None,
    period: Period | None,
    fail_on: str = "error",
    sheet: str | None = None,
) -> Department:
    try:
        if item.error is not None:
            raise item.error
        document = load_path(item.path)
    except InputError as error:
        return Department(item.path, item.path, error=str(error))
    data = document.data
    organisation, meta = section(data, "organisation"), section(data, "charter")
    try:
        result = engine.check(document)
    except Exception as error:
        return Department(item.path, item.path, error=str(judging_error(item.path, error)))
    reviewed, cycle = parse_date(meta.get("last_reviewed")), meta.get("review_cycle_months")
    due = review_due(reviewed, cycle)
    ministry = organisation.get("ministry") if isinstance(organisation.get("ministry"), str) else None
    found = Department(
        item.path,
        str(organisation.get("name") or item.path),
        ministry,
        {s.standard_id: s.status.value for s in result.standards},
        result.passes(fail_on),
        reviewed,
        due,
    )
    found.promises_json = json.dumps(facts_as_json(promise_facts(data)), ensure_ascii=False, separators=(",", ":"))
    if measurements is not None and period is not None:
        try:
            logs = log_paths(measurements, item.path)
            if not logs:
                return found
            refuse_malformed(document, result.findings)  # as measure refuses it: a department's error
            _, parts = stretches(period)
            found.delivery, *quarters = measure_each(
                data, item.path, read_logs(logs, data, sheet), [period, *parts], as_of
            )
            _quarters(found, quarters)
        except (InputError, UsageError) as error:  # an unreadable log, or a holiday calendar svcstd cannot look up
            found.error = str(error)
    return found


TREND_KINDS = ("correspondence.reply", "complaints.acknowledge", "complaints.resolve", "service")
"""What the portfolio's trend sums across departments: the three promises every charter shares, and every
service's own standard taken together (each service's is its own, so only their sum compares across a portfolio)."""
TREND_LABELS = {
    "correspondence.reply": "Replies to letters and emails",
    "complaints.acknowledge": "Complaints acknowledged",
    "complaints.resolve": "Complaints resolved",
    "service": "Services' own standards",
}


def trend_kind(key: str) -> str:
    return "service" if key.startswith("service:") else key


def _quarters(found: Department, parts: list[MeasureReport]) -> None:
    """The department's cases per quarter (month, under a year), and its standards below their minimum in the last."""
    found.trend = {kind: [(0, 0)] * len(parts) for kind in TREND_KINDS}
    for index, report in enumerate(parts):
        for m in report.measurements:
            within, volume = found.trend[trend_kind(m.standard.key)][index]
            found.trend[trend_kind(m.standard.key)][index] = (within + m.within, volume + m.volume)
            if index == len(parts) - 1 and m.verdict == BELOW_MINIMUM:
                assert m.shown_share is not None and m.standard.minimum is not None  # what that verdict rests on
                found.below_minimum.append((m.standard.key, m.shown_share, m.standard.minimum))
    found.trend = {kind: counts for kind, counts in found.trend.items() if any(volume for _, volume in counts)}


def _department(shared: tuple[Engine, date, str | None, Period | None, str, str | None], item: Input) -> Department:
    engine, as_of, measurements, period, fail_on, sheet = shared
    return department(item, engine, as_of, measurements, period, fail_on, sheet)


def build(
    inputs: list[Input],
    engine: Engine,
    as_of: date,
    measurements: str | None = None,
    period: Period | None = None,
    baseline: str | None = None,
    fail_on: str = "error",
    jobs: int = 1,
    sheet: str | None = None,
) -> Portfolio:
    """Every department judged (across `jobs` forked workers, in input order) and summed up per standard."""
    import tempfile

    from svcstd.batch import map_in_order

    shared = (engine, as_of, measurements, period, fail_on, sheet)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (it lives as long as the departments that read it back)
    departments = []
    for found in map_in_order(_department, shared, inputs, 1 if any(i.path == "-" for i in inputs) else jobs):
        found.spill(spool)
        departments.append(found)
    standards = [StandardSummary(s.id, s.title, s.clause) for s in engine.shown_standards if not s.missing_from_source]
    by_id = {s.id: s for s in standards}
    for found in departments:
        for standard_id, status in found.statuses.items():
            if standard_id in by_id:
                by_id[standard_id].counts[status] += 1
    return Portfolio(as_of, standards, departments, period, read_baseline(baseline) if baseline else None, baseline)


MAX_BASELINE_BYTES = 64 * 1024 * 1024
"""A portfolio.json of 10,000 departments is a few megabytes; a bigger "baseline" is not one."""


def read_baseline(path: str) -> dict[str, Any]:
    """An earlier report's portfolio.json, refused unless it has that shape: it is read, then trusted by the pages."""
    try:
        raw = read_bytes(path, MAX_BASELINE_BYTES, "a baseline portfolio.json")
        data = json.loads(decode_text(raw, path, "a JSON text file"))
    except InputError as error:
        raise UsageError(f"--baseline {error}") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"--baseline {path}:{error.lineno}: not JSON ({error.msg}); give the portfolio.json of an earlier report"
        ) from None
    except RecursionError:
        raise UsageError(f"--baseline {path}: nested too deeply to be a portfolio.json") from None
    if not isinstance(data, dict) or data.get("portfolio_version") != PORTFOLIO_VERSION:
        raise UsageError(f"--baseline {path}: not a portfolio.json written by `svcstd report`")
    import jsonschema

    wrong = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(json_resource("portfolio.schema.json")).iter_errors(data)
    )
    if wrong is not None:
        where = "/".join(str(step) for step in wrong.absolute_path) or "(top level)"
        raise UsageError(
            f"--baseline {path}: not a portfolio.json written by `svcstd report`: at {where}: {excerpt(wrong.message, 120, quote=False)}"
        )
    return data


def as_json(portfolio: Portfolio) -> dict[str, Any]:
    """The machine-readable report; the next run's --baseline."""
    return {**_head(portfolio), "departments": [json.loads(d.entry_text()) for d in portfolio.departments]}


def as_json_text(portfolio: Portfolio) -> str:
    """The whole portfolio.json as text (for tests and library use; `report` streams it with write_json)."""
    import io

    buffer = io.StringIO()
    write_json(portfolio, buffer)
    return buffer.getvalue()


def write_json(portfolio: Portfolio, stream: TextIO) -> None:
    """json.dumps(as_json(portfolio), indent=2) to the byte, written one department at a time: the whole report as
    one object took gigabytes at ten thousand departments, and as one string hundreds of megabytes."""
    if not portfolio.departments:
        stream.write(dump_json(as_json(portfolio)))
        return
    head = dump_json({**_head(portfolio), "departments": [0]}).rstrip("\n")
    before, _, after = head.rpartition("\n    0\n")  # the placeholder is the last line of that shape
    stream.write(before + "\n")
    for index, department in enumerate(portfolio.departments):
        entry = "    " + department.entry_text().rstrip("\n").replace("\n", "\n    ")
        stream.write(("" if index == 0 else ",\n") + entry)
    stream.write(f"\n{after}\n")


def share(within: int, volume: int) -> float | None:
    return shown(100 * within / volume) if volume else None


def _trend_json(portfolio: Portfolio) -> dict[str, Any]:
    by_month, parts = portfolio.stretches
    return {
        "by": "month" if by_month else "quarter",
        "stretches": [{"start": part.start.isoformat(), "end": part.end.isoformat()} for part in parts],
        "standards": {
            kind: [{"within": w, "volume": v, "share_percent": share(w, v)} for w, v in counts]
            for kind, counts in portfolio.trend.items()
        },
        "below_minimum_latest": [
            {"key": d.key, "name": d.name, "standard": key, "share_percent": value, "minimum_percent": minimum}
            for d, key, value, minimum in portfolio.below_minimum
        ],
    }


def _head(portfolio: Portfolio) -> dict[str, Any]:
    trend = {"trend": _trend_json(portfolio)} if portfolio.period is not None and portfolio.trend else {}
    return {
        "portfolio_version": PORTFOLIO_VERSION,
        "as_of": portfolio.as_of.isoformat(),
        "standards": [
            {
                "id": s.id,
                "title": s.title,
                "clause": s.clause,
                "counts": {k: s.counts[k.value] for k in Status if s.counts[k.value]},
                "percent_met": None if s.percent_met is None else round(s.percent_met, 1),
            }
            for s in portfolio.standards
        ],
        **trend,
    }


def department_json(d: Department) -> dict[str, Any]:
    return {
        "key": d.key,
        "file": d.file,
        "name": d.name,
        "ministry": d.ministry,
        "error": d.error,
        "compliant": d.compliant,
        "statuses": d.statuses,
        "last_reviewed": d.last_reviewed.isoformat() if d.last_reviewed else None,
        "review_due": d.review_due.isoformat() if d.review_due else None,
        "delivery": None
        if d.delivery is None
        else [
            {
                "standard": m.standard.key,
                "volume": m.volume,
                "share_percent": None if m.share is None else round(m.share, 1),
                "verdict": m.verdict,
            }
            for m in d.delivery.measurements
        ],
        "provenance": None if d.delivery is None else d.delivery.provenance,
        "promises": json.loads(d.promises_text()),
    }
