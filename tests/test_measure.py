"""Working days, `svcstd measure` and the portfolio report, through the command where a user would call them."""

from __future__ import annotations

import csv
import json
import runpy
import sys
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, svcstd
from svcstd.loader import load_path
from svcstd.measure.working_days import WorkingCalendar, percentile

LOGS = EXAMPLES / "logs"
BELIZE = WorkingCalendar(frozenset(range(5)), "BZ")


# --- working-day arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "received,replied,expected",
    [
        ("2025-03-03", "2025-03-03", 0),  # same day
        ("2025-03-14", "2025-03-17", 1),  # Friday to Monday: the weekend does not count
        (
            "2025-03-06",
            "2025-03-11",
            2,
        ),  # Thursday to Tuesday over Heroes and Benefactors Day, observed Monday 10 March
        ("2025-09-19", "2025-09-23", 1),  # Independence Day (Sunday 21 September) moved to Monday 22 September
        ("2025-10-10", "2025-10-14", 1),  # Indigenous Peoples' Resistance Day moved to Monday 13 October
        ("2025-04-17", "2025-04-22", 1),  # Good Friday, Holy Saturday, Easter Monday
        ("2025-12-24", "2026-01-02", 4),  # the year end: Christmas, Boxing Day and New Year's Day are holidays
        ("2025-12-31", "2026-01-05", 2),  # across the year boundary
        ("2025-03-10", "2025-03-03", 0),  # a reply before receipt never counts negative
    ],
)
def test_working_days_in_belize(received, replied, expected):
    assert BELIZE.working_days_between(date.fromisoformat(received), date.fromisoformat(replied)) == expected


def test_the_holiday_package_knows_the_moved_belize_holidays():
    known = holidays.country_holidays("BZ", years=2025)
    assert date(2025, 9, 22) in known and date(2025, 10, 13) in known and date(2025, 9, 21) not in known


def test_the_charter_decides_the_calendar():
    registry = WorkingCalendar.from_charter(load_path(str(EXAMPLES / "vital-statistics-registry.yaml")).data)
    assert not registry.is_working_day(date(2025, 12, 24))  # its own closure: staff training
    assert registry.country == "BZ" and registry.open_weekdays == frozenset(range(5))
    weekend = WorkingCalendar.from_charter(
        {
            "opening_hours": {
                "weekly": {"saturday": [{"opens": "08:00", "closes": "12:00"}]},
                "public_holidays": "open",
                "holiday_calendar": "BZ",
            }
        }
    )
    assert weekend.is_working_day(date(2025, 3, 8)) and not weekend.is_working_day(date(2025, 3, 7))
    assert weekend.working_days_between(date(2025, 3, 1), date(2025, 3, 15)) == 2
    assert WorkingCalendar.from_charter({}).open_weekdays == frozenset(range(5))  # no hours stated: Monday to Friday


def test_deadline_is_the_last_day_within_the_standard():
    received = date(2025, 9, 18)  # Thursday; Monday 22 September is a holiday
    assert BELIZE.deadline(received, 2) == date(2025, 9, 23)
    assert BELIZE.deadline(received, 0) == received


def test_percentile_interpolates_between_ranks():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([0, 10], 0.9) == 9
    assert percentile([7], 0.9) == 7


days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=60))
@example(date(2024, 12, 31), 1, 0)  # across the turn of a year (two years' running totals)
@example(date(2023, 1, 1), 400, 60)  # the widest span the property draws
def test_turnaround_is_never_negative_and_grows_with_the_reply_date(received, later, more):
    first = received + timedelta(days=later)
    second = first + timedelta(days=more)
    a = BELIZE.working_days_between(received, first)
    b = BELIZE.working_days_between(received, second)
    assert 0 <= a <= b <= a + more
    assert BELIZE.working_days_between(received, received - timedelta(days=later)) == 0


@settings(max_examples=200, deadline=None)
@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=80))
@example(date(2025, 3, 3), 4, 5)  # received Monday, due Friday: a reply on Saturday has taken no extra working day
@example(date(2025, 3, 3), 4, 7)  # ... and one on the Monday after has (the case only a random seed used to find)
@example(date(2025, 3, 3), 0, 0)  # a zero-day standard met on the day of receipt
@example(date(2025, 12, 22), 3, 9)  # over Christmas, Boxing Day and a weekend
def test_within_the_standard_exactly_when_on_or_before_the_deadline(received, standard, later):
    replied = received + timedelta(days=later)
    assert (BELIZE.working_days_between(received, replied) <= standard) == (
        replied <= BELIZE.deadline(received, standard)
    )


# --- svcstd measure ------------------------------------------------------------------------------


def measure(name: str, *args: str):
    return svcstd(
        "measure",
        str(EXAMPLES / f"{name}.yaml"),
        "--correspondence",
        str(LOGS / f"{name}.correspondence.csv"),
        "--complaints",
        str(LOGS / f"{name}.complaints.csv"),
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
        *args,
    )


def naive_turnaround(received: date, replied: date, closed: set[date]) -> int:
    """An independent count: every day after receipt, Monday to Friday, not a Belize holiday or closure."""
    known = holidays.country_holidays("BZ", years=range(received.year, replied.year + 1))
    return sum(
        1
        for n in range(1, (replied - received).days + 1)
        if (d := received + timedelta(days=n)).weekday() < 5 and d not in known and d not in closed
    )


def test_measure_lands_against_an_independent_count():
    result = measure("lands-department", "-f", "json")
    assert result.code == 1  # title searches are below their minimum
    report = json.loads(result.stdout)["reports"][0]
    by_key = {s["key"]: s for s in report["standards"]}
    rows = list(csv.DictReader((LOGS / "lands-department.correspondence.csv").open(encoding="utf-8")))
    searches = []
    for row in rows:
        try:
            received = date.fromisoformat(row["received"])
        except ValueError:
            continue
        replied = date.fromisoformat(row["replied"]) if row["replied"] else None
        if row["service"] == "land-title-search" and (replied is None or replied >= received):
            searches.append((received, replied))
    closed = [naive_turnaround(r, p, set()) for r, p in searches if p]
    late_open = sum(1 for r, p in searches if p is None and naive_turnaround(r, date(2026, 1, 15), set()) > 2)
    title = by_key["service:land-title-search"]
    assert title["volume"] == len(closed) + late_open and title["open_overdue"] == late_open
    assert title["within"] == sum(1 for days in closed if days <= 2)
    assert title["share_percent"] == round(100 * title["within"] / title["volume"], 2)
    assert title["verdict"] == "below minimum" and title["target_percent"] == 90 and title["minimum_percent"] == 75
    assert [k["verdict"] for k in report["kpis"]] == ["below minimum", "below minimum"]  # titles and complaints
    assert {(b["line"], b["reason"].split(" ")[0]) for b in report["bad_rows"]} == {(42, "received"), (92, "replied")}
    assert "is before received" in next(b["reason"] for b in report["bad_rows"] if b["line"] == 92)
    assert by_key["correspondence.reply"]["verdict"] == "no target"
    assert "examples/logs/lands-department.correspondence.csv:92: replied" in result.stderr.replace(str(ROOT) + "/", "")


def test_measure_registry_meets_its_kpis():
    result = measure("vital-statistics-registry", "-f", "json")
    report = json.loads(result.stdout)["reports"][0]
    assert [(k["id"], k["verdict"]) for k in report["kpis"]] == [
        ("certificates-on-time", "met"),
        ("complaints-resolved-on-time", "met"),
    ]
    assert report["bad_rows"] == [] and report["items_read"] == {"correspondence": 981, "complaints": 103}
    for standard in report["standards"]:
        assert standard["median_working_days"] <= standard["p90_working_days"]
    assert result.code == 1  # marriage certificates are below their target


def test_measure_table_and_markdown():
    table = measure("lands-department")
    assert "Land title" in table.stdout and "below minimum" in table.stdout and "bad row" in table.stdout
    markdown = measure("lands-department", "-f", "markdown")
    assert markdown.stdout.startswith("# Delivery against the service standards: Lands and Surveys Department")
    assert "| Land title search | 2 working days |" in markdown.stdout and "line 92" in markdown.stdout


def test_open_items_past_their_deadline_are_breaches(tmp_path):
    log = tmp_path / "letters.csv"
    log.write_text("received,replied\n2025-03-03,2025-03-04\n2025-03-03,\n2025-03-14,\n", encoding="utf-8")
    result = svcstd(
        "measure",
        str(EXAMPLES / "lands-department.yaml"),
        "--correspondence",
        str(log),
        "--period",
        "2025-03",
        "--as-of",
        "2025-03-19",
        "-f",
        "json",
    )
    reply = json.loads(result.stdout)["reports"][0]["standards"][0]
    # 3 March + 10 working days (10 March is a holiday) = 18 March: the first open letter is late on the 19th;
    # the one received on the 14th is not yet due
    assert (reply["volume"], reply["within"], reply["open_overdue"], reply["open_pending"]) == (2, 1, 1, 1)


@pytest.mark.parametrize(
    "content,message",
    [
        ("when,what\n2025-01-01,x\n", "has no column received, replied"),
        ("received,replied\n\x00\n", "binary content"),
    ],
)
def test_unusable_logs_are_one_line_errors(tmp_path, content, message):
    log = tmp_path / "log.csv"
    log.write_text(content, encoding="utf-8")
    result = svcstd("measure", str(EXAMPLES / "lands-department.yaml"), "--correspondence", str(log))
    assert (
        result.code == 2 and message in result.stderr and str(log) in result.stderr and result.stderr.count("\n") == 1
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["--period", "2025-13"], "--period '2025-13'"),
        (["--period", "last year"], "--period 'last year'"),
        ([], "give a log to measure"),
    ],
)
def test_bad_measure_options(args, message):
    result = svcstd(
        "measure",
        str(EXAMPLES / "lands-department.yaml"),
        *args,
        *(["--correspondence", str(LOGS / "lands-department.correspondence.csv")] if args else []),
    )
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_bad_rows_are_reported_not_dropped(tmp_path):
    log = tmp_path / "complaints.csv"
    log.write_text(
        "received,type,acknowledged,resolved\n2025-02-03,complaint,2025-02-04,2025-02-10\n2025-02-03,grumble,,\n"
        "2025-02-05,complaint,2025-02-07,2025-02-06\nnot a date,complaint,,\n2025-02-05,complaint,2025-02-04,\n",
        encoding="utf-8",
    )
    result = svcstd(
        "measure", str(EXAMPLES / "lands-department.yaml"), "--complaints", str(log), "--period", "2025", "-f", "json"
    )
    report = json.loads(result.stdout)["reports"][0]
    assert [row["line"] for row in report["bad_rows"]] == [3, 4, 5, 6]
    assert report["items_read"] == {"complaints": 1}
    assert result.stderr.count("row left out") == 4


def test_the_example_logs_are_what_the_script_generates(tmp_path, monkeypatch):
    # in process, so that under mutation testing the script counts working days with the mutated code
    monkeypatch.setattr(sys, "argv", ["generate_logs.py", str(tmp_path)])
    runpy.run_path(str(ROOT / "scripts" / "generate_logs.py"), run_name="__main__")
    for path in sorted(LOGS.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


# --- svcstd report ----------------------------------------------------------------------------


def test_portfolio_report_with_measurements_and_a_baseline(tmp_path):
    first = svcstd(
        "report",
        str(EXAMPLES),
        "-o",
        str(tmp_path / "jan"),
        "--measurements",
        str(LOGS),
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
    )
    assert first.code == 0, first.stderr
    baseline = tmp_path / "jan" / "portfolio.json"
    second = svcstd(
        "report",
        str(EXAMPLES),
        "-o",
        str(tmp_path / "jun"),
        "--measurements",
        str(LOGS),
        "--period",
        "2025",
        "--as-of",
        "2026-06-15",
        "--baseline",
        str(baseline),
    )
    assert second.code == 0, second.stderr
    out = tmp_path / "jun"
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert data["portfolio_version"] == 1 and len(data["departments"]) == 4
    lands = next(d for d in data["departments"] if d["name"] == "Lands and Surveys Department")
    assert lands["statuses"]["BZ-D2"] == "not met" and lands["review_due"] == "2026-05-01"
    assert {m["standard"]: m["verdict"] for m in lands["delivery"]}["service:land-title-search"] == "below minimum"
    d2 = next(s for s in data["standards"] if s["id"] == "BZ-D2")
    assert d2["counts"] == {"met": 2, "not met": 1, "not evidenced": 1} and d2["percent_met"] == 50.0
    markdown = (out / "portfolio.md").read_text(encoding="utf-8")
    assert "| Lands and Surveys Department | ✔ | ✔ | ✘ |" in markdown  # FORMAT, BZ-D1, BZ-D2
    overdue = markdown.split("## Charters due for review")[1].split("##")[0]
    assert "Immigration and Nationality Department | 2025-03-01 | 2026-03-01 | 106" in overdue
    assert "Cooperatives Registry Unit | never | not set | no review date" in overdue
    assert "Vital Statistics Unit" not in overdue
    changes = markdown.split("## Change since the baseline (2026-01-15)")[1]
    assert "- Lands and Surveys Department: ISO-7.1.2-REVIEW met → not met" in changes
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg"' in html
        and 'role="img"' in html
        and '<desc id="chart-desc">FORMAT 75%' in html
    )
    assert html.count("<caption") == 4  # standards, matrix, reviews, delivery


def test_portfolio_report_names_unreadable_charters(tmp_path):
    charters = tmp_path / "charters"
    charters.mkdir()
    (charters / "good.yaml").write_text(
        (EXAMPLES / "lands-department.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (charters / "bad.yaml").write_text("organisation: [\n", encoding="utf-8")
    result = svcstd("report", str(charters), "-o", str(tmp_path / "out"), "--as-of", "2025-11-01")
    assert result.code == 2 and "bad.yaml" in result.stderr
    assert "## Could not be read" in (tmp_path / "out" / "portfolio.md").read_text(encoding="utf-8")


def test_bad_baseline_is_a_one_line_error(tmp_path):
    baseline = tmp_path / "old.json"
    baseline.write_text('{"something": "else"}', encoding="utf-8")
    result = svcstd("report", str(EXAMPLES), "-o", str(tmp_path / "out"), "--baseline", str(baseline))
    assert result.code == 2 and "not a portfolio.json" in result.stderr and not (tmp_path / "out").exists()


def _counted_day_by_day(calendar: WorkingCalendar, start: date, end: date) -> int:
    """The definition itself: every day after start up to end that is a working day."""
    return sum(calendar.is_working_day(date.fromordinal(n)) for n in range(start.toordinal() + 1, end.toordinal() + 1))


DAYS_2024_2026 = st.dates(date(2024, 1, 1), date(2026, 12, 31))


@settings(deadline=None)  # the first example loads a year of holidays
@given(
    weekdays=st.frozensets(st.integers(0, 6)),
    closures=st.frozensets(DAYS_2024_2026, max_size=6),
    open_on=st.frozensets(DAYS_2024_2026, max_size=6),
    country=st.sampled_from([None, "BZ"]),
    start=DAYS_2024_2026,
    span=st.integers(0, 400),
    needed=st.integers(0, 40),
)
@example(
    weekdays=frozenset(range(5)),
    closures=frozenset(),
    open_on=frozenset({date(2025, 3, 10)}),
    country="BZ",
    start=date(2025, 3, 7),
    span=3,
    needed=1,
)  # a holiday Monday the office opens on anyway (open_on wins)
@example(
    weekdays=frozenset(),
    closures=frozenset(),
    open_on=frozenset(),
    country=None,
    start=date(2025, 1, 1),
    span=10,
    needed=1,
)  # no working day at all: the search stops at its limit
def test_the_arithmetic_count_is_the_day_by_day_definition(weekdays, closures, open_on, country, start, span, needed):
    calendar = WorkingCalendar(weekdays, country, closures, open_on)
    end = start + timedelta(days=span)
    assert calendar.working_days_between(start, end) == _counted_day_by_day(calendar, start, end)
    deadline = calendar.nth_working_day(start, needed)
    if needed and _counted_day_by_day(calendar, start, deadline) >= needed:
        assert _counted_day_by_day(calendar, start, deadline) == needed and calendar.is_working_day(deadline)


def test_a_row_dated_centuries_apart_is_counted_without_walking_its_days():
    calendar = WorkingCalendar(frozenset(range(5)), None)
    assert (
        calendar.working_days_between(date(1025, 1, 1), date(2025, 1, 1)) == 260_888
    )  # counted day by day once, to write this test
    assert calendar.nth_working_day(date(9999, 12, 1), 100) == date.max


def test_a_log_unreadable_past_its_header_is_a_one_line_error_with_its_line(tmp_path):
    """Rows are read as they are measured; a CSV fault on line 3 still ends the run cleanly, naming the line."""
    log = tmp_path / "log.csv"
    log.write_text('received,replied\n2025-01-02,2025-01-03\n2025-01-02,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    result = svcstd(
        "measure",
        str(EXAMPLES / "vital-statistics-registry.yaml"),
        "--correspondence",
        str(log),
        "--as-of",
        "2025-11-01",
    )
    assert (
        result.code == 2
        and result.stderr.strip()
        == f"svcstd: error: {log}:3: not a readable CSV file: field larger than field limit (131072)"
    )


def test_remembered_turnarounds_and_deadlines_are_the_computed_ones_and_stay_bounded(monkeypatch):
    import svcstd.measure.working_days as working_days

    monkeypatch.setattr(working_days, "MEMO_LIMIT", 5)
    calendar = WorkingCalendar(frozenset(range(5)), "BZ")
    for offset in range(40):
        received = date(2025, 3, 1) + timedelta(days=offset)
        for later in (0, 1, 9, 30):
            replied = received + timedelta(days=later)
            assert calendar.turnaround(received, replied) == calendar.working_days_between(received, replied)
            assert calendar.due(received, later) == calendar.deadline(received, later)
    assert len(calendar._turnarounds) <= 5 and len(calendar._deadlines) <= 5


def test_a_log_with_thousands_of_faulty_rows_names_twenty_and_reports_them_all(tmp_path):
    log = tmp_path / "letters.csv"
    log.write_text("received,replied\n" + "2025-02-30,\n" * 500 + "2025-03-03,2025-03-04\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = svcstd(
        "measure",
        str(EXAMPLES / "lands-department.yaml"),
        "--correspondence",
        str(log),
        "--period",
        "2025",
        "-f",
        "json",
        "-o",
        str(out),
    )
    report = json.loads(out.read_text(encoding="utf-8"))["reports"][0]
    assert [row["line"] for row in report["bad_rows"]] == list(range(2, 502))
    assert report["items_read"] == {"correspondence": 1}
    assert result.stderr.count("; row left out") == 20
    assert "svcstd: warning: and 480 more rows left out; the report lists every one" in result.stderr
