"""`svcstd measure`'s figures in process (measure/compute.py): periods, shares, verdicts, KPIs and provenance."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from made_in_process import DAY, WEEKLY, snapshot
from svcstd.errors import UsageError
from svcstd.formats import text_of
from svcstd.loader import load_path
from svcstd.measure.compute import (
    BELOW_MINIMUM,
    BELOW_TARGET,
    MET,
    NO_DATA,
    NO_TARGET,
    Calendars,
    Conventions,
    Period,
    Standard,
    measure,
    measure_standard,
    parse_period,
    sha256_of,
    standards_of,
    verdict,
)
from svcstd.measure.logs import Item, Log, read_logs
from svcstd.measure.working_days import (
    percentile,
    percentile_of_counts,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        (" 2025-03-01..2025-03-01 ", date(2025, 3, 1), date(2025, 3, 1)),
        (None, date(2024, 11, 2), DAY),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text, DAY)
    assert (period.start, period.end) == (start, end)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(date.fromordinal(start.toordinal() - 1))
    assert not period.contains(date.fromordinal(end.toordinal() + 1))


@pytest.mark.parametrize("text", ["2025-Q5", "2025-13", "2025-03-02..2025-03-01", "25", "2025-02-30..2025-03-01"])
def test_bad_periods_are_usage_errors(text):
    with pytest.raises(UsageError, match="is not a year"):
        parse_period(text, DAY)


@pytest.mark.parametrize(
    ("share", "target", "minimum", "expected"),
    [
        (None, 90, 80, NO_DATA),
        (50, None, None, NO_TARGET),
        (80, 90, 80, BELOW_TARGET),
        (79.9, 90, 80, BELOW_MINIMUM),
        (90, 90, 80, MET),
        (89.9, 90, None, BELOW_TARGET),
        (80, None, 80, MET),
        (79.9, None, 80, BELOW_MINIMUM),
        (0, 0, None, MET),
    ],
)
def test_a_share_exactly_at_its_target_or_minimum_meets_it(share, target, minimum, expected):
    assert verdict(share, target, minimum) == expected


CHARTER = {
    "organisation": {"country": "BZ"},
    "opening_hours": {
        "timezone": "America/Belize",
        "weekly": {
            day: [{"opens": "08:00", "closes": "16:00"}]
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
        },
    },
}


def _item(received: date, replied: date | None = None, service: str | None = None, kind: str = "letter") -> Item:
    return Item(1, received, {"replied": replied} if replied else {}, service, kind)


def test_measure_counts_on_the_deadline_and_leaves_out_what_is_not_yet_known():
    standard = Standard("correspondence.reply", "Replies", 2, "correspondence", "replied", "c", target=50)
    monday, tuesday, wednesday, thursday = (date(2025, 10, d) for d in (20, 21, 22, 23))
    log = Log(
        "log.csv",
        [
            _item(monday, wednesday),  # 2 working days: within
            _item(monday, thursday),  # 3: late
            _item(monday, monday),  # same day: 0
            _item(monday),  # open, deadline Wednesday passed by as_of: overdue
            _item(DAY),  # received on as_of: pending
            _item(date(2025, 11, 2)),  # after as_of: not yet known
            _item(monday, date(2025, 11, 3)),  # replied after as_of: still open, overdue
            _item(monday, tuesday, kind="compliment"),  # not an item to answer
        ],
    )
    period = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    m = measure_standard(standard, log, Calendars(CHARTER), period, DAY)
    assert (m.volume, m.within, m.pending, m.overdue_open) == (5, 2, 1, 2)
    assert (m.median, m.share, m.verdict) == (2, 40, BELOW_TARGET)
    due = measure_standard(standard, Log("l", [_item(monday)]), Calendars(CHARTER), period, wednesday)
    assert (due.volume, due.pending) == (0, 1)
    late = measure_standard(standard, Log("l", [_item(monday)]), Calendars(CHARTER), period, thursday)
    assert (late.volume, late.overdue_open) == (1, 1)


def test_service_items_count_against_their_service_and_by_convention_against_correspondence():
    reply = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    service = Standard("service:lands", "Lands", 5, "correspondence", "replied", "c", service="lands")
    log = Log(
        "l", [_item(date(2025, 10, 20), date(2025, 10, 21), "lands"), _item(date(2025, 10, 20), date(2025, 10, 21))]
    )
    period = parse_period("2025", DAY)
    assert measure_standard(reply, log, Calendars(CHARTER), period, DAY).volume == 2
    assert (
        measure_standard(
            reply, log, Calendars(CHARTER), period, DAY, Conventions(service_items_in_correspondence=False)
        ).volume
        == 1
    )
    assert measure_standard(service, log, Calendars(CHARTER), period, DAY).volume == 1
    assert measure_standard(service, Log("l", []), Calendars(CHARTER), period, DAY).verdict == NO_DATA


def test_a_kpi_overrides_the_targets_the_charter_sets_beside_a_standard():
    data = {
        "correspondence": {"reply_within_working_days": 5},
        "complaints": {"acknowledge_within_working_days": 2, "resolve_within_working_days": 0},
        "services": [
            {
                "id": "a",
                "name": "A",
                "standard": {"within_working_days": 3, "target_percent": 90, "minimum_percent": 80},
            },
            {"id": "b", "standard": {"within_working_days": 4, "target_percent": 90}},
            {"standard": {"within_working_days": 1}},
        ],
        "kpis": [
            {"measures": "service:b", "target": 95, "minimum": 85},
            {"measures": "correspondence.reply", "target": 70},
        ],
    }
    found = {s.key: (s.days, s.target, s.minimum, s.label) for s in standards_of(data)}
    assert found == {
        "correspondence.reply": (5, 70.0, None, "Replies to letters and emails"),
        "complaints.acknowledge": (2, None, None, "Complaints acknowledged"),
        "complaints.resolve": (0, None, None, "Complaints resolved"),  # the same day: measured, never dropped
        "service:a": (3, 90.0, 80.0, "A"),
        "service:b": (4, 95.0, 85.0, "b"),
    }


def test_measurement_of_the_bundled_logs():
    charter = EXAMPLES / "vital-statistics-registry.yaml"
    data = load_path(str(charter)).data
    logs = {
        kind: str(EXAMPLES / f"logs/vital-statistics-registry.{kind}.csv") for kind in ("correspondence", "complaints")
    }
    report = measure(data, str(charter.relative_to(ROOT)), read_logs(logs, data), parse_period("2025", DAY), DAY)
    snapshot("measure-vital-statistics.json", text_of("measure", "json", [report]).replace(str(ROOT), "ROOT"))


@pytest.mark.parametrize(
    ("hours", "where"),
    [
        ({}, "organisation.country"),
        ({"holiday_calendar": "QQ"}, "opening_hours.holiday_calendar"),
    ],
)
def test_a_holiday_calendar_svcstd_cannot_look_up_is_an_error_naming_where(hours, where):
    from svcstd.errors import UsageError
    from svcstd.measure.compute import Calendars

    data = {"organisation": {"country": "QQ"}, "opening_hours": hours}
    with pytest.raises(UsageError) as raised:
        Calendars(data, "c.yaml")
    assert str(raised.value).startswith(f"c.yaml: {where}: no public holiday calendar for 'QQ'")
    site = {"organisation": {"country": "BZ"}, "sites": [{"name": "A", "opening_hours": {"holiday_calendar": "bz"}}]}
    with pytest.raises(
        UsageError,
        match=re.escape(
            "c.yaml: sites[0].opening_hours.holiday_calendar: no public holiday calendar for 'bz'; did you mean 'BZ'"
        ),
    ):
        Calendars(site, "c.yaml")
    Calendars(
        {"organisation": {"country": "QQ"}, "opening_hours": {"public_holidays": "open"}}, "c.yaml"
    )  # never asked for


@pytest.mark.parametrize(
    ("measurement", "expected"),
    [
        ({}, ("day_of_receipt", True)),
        (
            {"receipt_on_closed_day": "next_working_day", "service_items_in_correspondence": False},
            ("next_working_day", False),
        ),
        ({"receipt_on_closed_day": "someday", "service_items_in_correspondence": "no"}, ("day_of_receipt", True)),
    ],
)
def test_measurement_conventions_come_from_the_charter(measurement, expected):
    from svcstd.measure.compute import Conventions

    conventions = Conventions.from_charter({"measurement": measurement})
    assert (conventions.receipt_on_closed_day, conventions.service_items_in_correspondence) == expected
    assert conventions.as_dict()["receipt_on_closed_day"] == expected[0]


def test_percentiles_interpolate_between_closest_ranks():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([1, 2, 3, 4], 0.9) == pytest.approx(3.7)
    assert percentile([5], 0.9) == 5 and percentile([1, 3], 0.0) == 1 and percentile([1, 3], 1.0) == 3
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_a_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError, match=r"^no values$"):
        percentile([], 0.5)
    with pytest.raises(ValueError, match=r"^no values$"):
        percentile_of_counts([], 0.5)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (None, "2024-11-02..2025-11-01"),
        ("2025-Q3", "2025-Q3"),
        ("2025-07", "2025-07"),
        ("2025-01-01..2025-06-30", "2025-01-01..2025-06-30"),
        ("2025", "2025"),
    ],
)
def test_every_period_is_labelled_as_given(text, label):
    assert parse_period(text, DAY).label == label


def test_the_default_period_of_the_first_year_starts_at_the_first_day():
    assert parse_period(None, date(1, 6, 1)).start == date.min


def test_a_service_without_an_id_does_not_hide_the_services_after_it():
    data = {"services": [{"standard": {"within_working_days": 1}}, {"id": "b", "standard": {"within_working_days": 2}}]}
    assert [s.key for s in standards_of(data)] == ["service:b"]


def test_an_unknown_holiday_calendar_is_named_with_the_charter_and_the_key_that_asked_for_it():
    data = {"organisation": {"country": "Atlantis"}, "opening_hours": {"weekly": WEEKLY}}
    with pytest.raises(UsageError, match=r"^charter: organisation\.country"):
        Calendars(data)
    with pytest.raises(UsageError, match=r"^lands\.yaml: organisation\.country"):
        measure(data, "lands.yaml", {}, parse_period("2025", DAY), DAY)


def test_service_items_are_left_out_of_correspondence_only_when_the_charter_says_so():
    data = {
        "opening_hours": {"weekly": WEEKLY},
        "correspondence": {"reply_within_working_days": 5},
        "measurement": {"service_items_in_correspondence": False},
        "services": [{"id": "lands"}],
    }
    day = date(2025, 10, 20)
    log = Log(
        "l", [Item(1, day, {"replied": day}, "lands"), Item(2, day, {"replied": day}), Item(3, day, {"replied": day})]
    )
    report = measure(data, "c.yaml", {"correspondence": log}, parse_period("2025", DAY), DAY)
    assert report.measurements[0].volume == 2
    assert report.provenance["conventions"]["service_items_in_correspondence"] is False


def test_each_kpi_on_a_standard_is_judged_against_its_own_target():
    data = {
        "opening_hours": {"weekly": WEEKLY},
        "correspondence": {"reply_within_working_days": 1},
        "kpis": [
            {"id": "strict", "indicator": "Replies", "measures": "correspondence.reply", "target": 90, "minimum": 60},
            {"measures": "correspondence.reply", "target": 50},
        ],
    }
    monday = date(2025, 10, 20)
    log = Log("l", [Item(1, monday, {"replied": monday}), Item(2, monday, {"replied": date(2025, 10, 24)})])
    report = measure(data, "c.yaml", {"correspondence": log}, parse_period("2025", DAY), DAY)
    assert [(k.id, k.indicator, k.target, k.minimum, k.value, k.verdict) for k in report.kpis] == [
        ("strict", "Replies", 90.0, 60.0, 50.0, BELOW_MINIMUM),
        ("correspondence.reply", "", 50.0, None, 50.0, MET),
    ]
    lenient = {**data, "kpis": [{"id": "k", "measures": "correspondence.reply", "target": 60, "minimum": 40}]}
    assert measure(lenient, "c.yaml", {"correspondence": log}, parse_period("2025", DAY), DAY).kpis[0].verdict == (
        BELOW_TARGET
    )


def test_standard_input_has_no_digest_even_beside_a_file_named_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("not the charter")
    assert sha256_of("-") is None
    assert sha256_of("missing.yaml") is None


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, 400), st.integers(1, 50), min_size=1, max_size=30),
    st.sampled_from([0.0, 0.5, 0.9, 1.0]),
)
@example({3: 1}, 0.9)
@example({0: 1, 10: 1}, 0.9)
@example({1: 2, 5: 1}, 0.5)
@example({0: 1, 10: 1, 20: 1, 30: 1}, 0.5)  # the rank above is the next one, not the one after
def test_percentiles_from_counts_equal_percentiles_of_the_rows(counts, fraction):
    rows = sorted(value for value, times in counts.items() for _ in range(times))
    assert percentile_of_counts(sorted(counts.items()), fraction) == percentile(rows, fraction)


def test_every_figure_a_command_shows_comes_from_one_pass_over_each_log(monkeypatch):
    """A page shows the year, each quarter and each KPI's stated period; measure shows the period and each KPI's.
    Each log is read once for all of them: reading it again per period made a million-row log cost six passes."""
    from svcstd.measure.compute import Measuring, measure_document, parse_period
    from svcstd.measure.logs import log_paths
    from svcstd.render.performance import measured

    passes: list[str] = []
    counted = Log.counted

    def spy(self: Log):
        passes.append(self.file)
        return counted(self)

    monkeypatch.setattr(Log, "counted", spy)
    document = load_path(str(EXAMPLES / "lands-department.yaml"))
    paths = log_paths(str(EXAMPLES / "logs"), document.path)
    as_of = date(2026, 1, 31)
    report = measure_document(document, paths, parse_period("2025", as_of), as_of)
    assert report.stated, "the example states KPI results for a period of their own"
    assert sorted(passes) == sorted(paths.values())
    passes.clear()
    page = measured(document, Measuring(str(EXAMPLES / "logs"), "2025"), as_of, [])
    assert page is not None and all(len(d.trend) == 4 for d in page.deliveries)
    assert sorted(passes) == sorted(paths.values())


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("render",),
        ("report", "-o", "OUT"),
        ("export", "--to", "standards", "-o", "OUT"),
    ],
)
def test_every_command_that_reads_logs_takes_its_measurement_options_alike(run, tmp_path, command):
    """Measuring.from_options is the one reading of --measurements, --period and --sheet: a folder that is not one,
    or --sheet (or --period) without --measurements, is the same one-line usage error (exit 2) from each command."""
    charter = str(EXAMPLES / "lands-department.yaml")
    args = [part.replace("OUT", str(tmp_path / "out")) for part in command]
    nowhere = run(*args, charter, "--measurements", str(tmp_path / "nowhere"), "--as-of", "2026-01-15")
    assert (
        nowhere.code == 2
        and nowhere.stderr == f"svcstd: error: --measurements {tmp_path / 'nowhere'} is not a directory\n"
    )
    alone = run(*args, charter, "--sheet", "Log", "--as-of", "2026-01-15")
    assert alone.code == 2
    assert (
        alone.stderr
        == "svcstd: error: --period and --sheet say what --measurements measures: give --measurements DIR too\n"
    )
    assert not (tmp_path / "out").exists()
