"""Working days (measure/working_days.py): each office's days, holidays, closures and deadlines."""

from __future__ import annotations

import json
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from made_in_process import DAY, WEEKDAY, WEEKLY
from svcstd.errors import UsageError
from svcstd.loader import load_path
from svcstd.measure import working_days
from svcstd.measure.compute import (
    Calendars,
    Conventions,
    Period,
    Standard,
    Tally,
    parse_period,
)
from svcstd.measure.logs import Item
from svcstd.measure.working_days import (
    WorkingCalendar,
    holiday_country,
    opens_on_holidays,
)

BELIZE = WorkingCalendar(frozenset(range(5)), "BZ")

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


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


def _hours(**extra: object) -> dict:
    return {"weekly": {"monday": WEEKDAY, "wednesday": WEEKDAY}, **extra}


def test_a_calendar_reads_the_days_holidays_closures_and_convention_the_charter_gives():
    data = {
        "organisation": {"country": "BZ"},
        "opening_hours": _hours(
            closures=[{"date": "2025-03-05"}, {"date": "nonsense"}, "x"], open_on=["2025-03-08", 7]
        ),
        "measurement": {"receipt_on_closed_day": "next_working_day"},
    }
    calendar = WorkingCalendar.from_charter(data)
    assert calendar.open_weekdays == frozenset({0, 2}) and calendar.country == "BZ"
    assert calendar.closures == frozenset({date(2025, 3, 5)}) and calendar.open_on == frozenset({date(2025, 3, 8)})
    assert calendar.receipt == "next_working_day"
    assert not calendar.is_working_day(date(2025, 3, 5)) and calendar.is_working_day(date(2025, 3, 8))
    assert not calendar.is_working_day(date(2025, 3, 10))  # a Monday, and National Heroes and Benefactors Day
    assert calendar.is_working_day(date(2025, 3, 12))
    assert date(2025, 8, 1) in calendar.holidays(2025) and date(2025, 8, 4) not in calendar.holidays(2025)
    assert (
        WorkingCalendar.from_charter({"measurement": {"receipt_on_closed_day": "whenever"}}).receipt == "day_of_receipt"
    )


def test_no_weekly_hours_means_monday_to_friday_and_public_holidays_follow_the_charters_words():
    assert WorkingCalendar.from_charter({}).open_weekdays == frozenset(range(5))
    # weekly hours that name no day are closed every week (the format: a day left out is closed)
    assert WorkingCalendar.from_charter({"opening_hours": {"weekly": {}}}).open_weekdays == frozenset()
    assert WorkingCalendar.from_charter({"opening_hours": {"weekly": "x"}}).open_weekdays == frozenset(range(5))
    for setting, closed in (("closed", True), (None, True), ("open", False), ("reduced_hours", False)):
        hours = _hours(holiday_calendar="BZ", **({"public_holidays": setting} if setting else {}))
        assert (WorkingCalendar.from_charter({"opening_hours": hours}).country == "BZ") is closed, setting
    assert holiday_country({"organisation": {"country": "MX"}}, {"holiday_calendar": "BZ"}) == "BZ"
    assert holiday_country({"organisation": {"country": "MX"}}, {}) == "MX"
    assert holiday_country({"organisation": {"country": 7}}, {"holiday_calendar": None}) is None
    assert WorkingCalendar.from_charter({"opening_hours": _hours()}).holidays(2025) == frozenset()


def test_a_site_counts_its_own_days_or_the_main_offices_when_it_states_none():
    data = {
        "opening_hours": _hours(),
        "sites": [
            {"name": "Airport", "opening_hours": {"weekly": {"saturday": WEEKDAY}, "public_holidays": "open"}},
            {"name": "Annex"},
        ],
    }
    assert WorkingCalendar.from_charter(data, "Airport").open_weekdays == frozenset({5})
    assert WorkingCalendar.from_charter(data, "Airport").country is None
    assert WorkingCalendar.from_charter(data, "Annex").open_weekdays == frozenset({0, 2})
    assert WorkingCalendar.from_charter(data, "Nowhere").open_weekdays == frozenset({0, 2})
    assert WorkingCalendar.from_charter(data).open_weekdays == frozenset({0, 2})


def test_counting_starts_on_the_day_of_receipt_or_on_the_next_working_day():
    weekdays = {
        "opening_hours": {"weekly": {d: WEEKDAY for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}}
    }
    plain = WorkingCalendar.from_charter(weekdays)
    saturday, monday = date(2025, 3, 15), date(2025, 3, 17)
    assert plain.effective_receipt(saturday) == saturday
    shifted = WorkingCalendar.from_charter({**weekdays, "measurement": {"receipt_on_closed_day": "next_working_day"}})
    assert shifted.effective_receipt(saturday) == monday and shifted.effective_receipt(monday) == monday
    assert shifted.effective_receipt(date(2025, 3, 16)) == monday
    assert plain.working_days_between(saturday, monday) == 1 and plain.working_days_between(monday, saturday) == 0
    assert plain.nth_working_day(monday, 0) == monday and plain.nth_working_day(monday, 5) == date(2025, 3, 24)
    assert plain.deadline(date(2025, 3, 17), 4) == date(2025, 3, 23)


def test_an_unnamed_site_never_lends_its_hours_to_the_main_office():
    data = {"opening_hours": _hours(), "sites": [{"opening_hours": {"weekly": {"saturday": WEEKDAY}}}]}
    assert WorkingCalendar.from_charter(data).open_weekdays == frozenset({0, 2})


def test_an_unknown_public_holidays_value_keeps_holidays_closed():
    hours = _hours(holiday_calendar="BZ", public_holidays="bogus")
    assert WorkingCalendar.from_charter({"opening_hours": hours}).country == "BZ"


def test_a_deadline_is_extended_over_exactly_the_closed_days_after_it():
    weekly = {d: WEEKDAY for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "sunday")}
    calendar = WorkingCalendar.from_charter({"opening_hours": {"weekly": weekly}})
    assert calendar.deadline(date(2025, 3, 18), 3) == date(
        2025, 3, 22
    )  # Friday's deadline runs over the closed Saturday only


def test_each_site_counts_its_own_working_days(run, tmp_path):
    """The airport works every day; a letter it answers on Sunday is one working day after Saturday, not two after Friday."""
    charter = EXAMPLES / "immigration-department.yaml"
    log = tmp_path / "log.csv"
    log.write_text(
        "received,replied,site\n"
        "2025-03-08,2025-03-10,\n"  # main office: Saturday to Monday = 1
        "2025-03-08,2025-03-10,Philip Goldson International Airport\n"  # airport: Saturday to Monday = 2
        "2025-03-08,2025-03-10,philip goldson international airport\n"  # any letter case
        "2025-03-08,2025-03-10,Nowhere Station\n"
    )
    result = run(
        "measure", str(charter), "--correspondence", str(log), "--period", "2025", "--as-of", "2026-01-15", "-f", "json"
    )
    report = json.loads(result.stdout)["reports"][0]
    measured = next(m for m in report["standards"] if m["key"] == "correspondence.reply")
    assert measured["volume"] == 3 and measured["median_working_days"] == 2
    [bad] = report["bad_rows"]
    assert (
        bad["line"] == 5
        and "Nowhere Station" in bad["reason"]
        and "Philip Goldson International Airport" in bad["reason"]
    )


def test_the_measuring_page_documents_the_site_column():
    page = (ROOT / "docs" / "measure.md").read_text()
    assert "`site`" in page


def by_hand(calendar: WorkingCalendar, start: date, end: date) -> int:
    """The definition itself: each day after `start` up to `end` that is a working day."""
    return sum(calendar.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


CALENDARS = {
    # Belize's holidays close 1 January every year; without a country, 1 January 2026 (a Thursday) is a working day
    "belize": WorkingCalendar(
        frozenset(range(5)), "BZ", frozenset({date(2025, 12, 24)}), frozenset({date(2025, 12, 27)})
    ),
    "no holidays": WorkingCalendar(frozenset(range(5))),
}


@pytest.mark.parametrize("name", CALENDARS)
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 12, 20), date(2026, 1, 5)),  # one turn of the year
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2024, 12, 31), date(2026, 1, 2)),  # a whole year between
        (date(2023, 6, 1), date(2026, 2, 1)),  # two whole years between
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 3, 3), date(2025, 3, 3)),
    ],
)
def test_working_days_across_years_equal_the_day_by_day_count(name, start, end):
    calendar = CALENDARS[name]
    assert calendar.working_days_between(start, end) == by_hand(calendar, start, end)
    assert calendar.working_days_between(end, start) == 0


def test_the_nth_working_day_is_the_next_one_for_one_and_the_start_for_none():
    calendar = CALENDARS["no holidays"]
    friday = date(2025, 10, 24)
    assert calendar.nth_working_day(friday, 1) == date(2025, 10, 27)
    assert calendar.nth_working_day(friday, 0) == friday


def test_a_deadline_on_the_only_working_day_in_ten_years_is_found_not_the_search_limit():
    only = date(2027, 5, 5)
    calendar = WorkingCalendar(frozenset(), open_on=frozenset({only}))
    assert calendar.nth_working_day(date(2025, 1, 1), 1) == only
    assert calendar.nth_working_day(date(2025, 1, 1), 2) == date(2025, 1, 1) + timedelta(
        days=working_days.MAX_SEARCH_DAYS
    )


def test_a_turnaround_is_computed_once_per_pair_until_the_memo_is_full(monkeypatch):
    monkeypatch.setattr(working_days, "MEMO_LIMIT", 3)
    calendar = WorkingCalendar(frozenset(range(5)))
    computed: list[tuple[date, date]] = []
    count = calendar.working_days_between
    monkeypatch.setattr(calendar, "working_days_between", lambda a, b: computed.append((a, b)) or count(a, b))
    monday = date(2025, 10, 20)
    pairs = [(monday, monday + timedelta(days=n)) for n in (1, 1, 2, 3, 3, 4)]
    assert [calendar.turnaround(a, b) for a, b in pairs] == [1, 1, 2, 3, 3, 4]
    assert computed == [pairs[0], pairs[2], pairs[3], pairs[5]]
    assert len(calendar._turnarounds) == 1  # full at three: cleared, then the fourth pair remembered
    deadlines: list[tuple[date, int]] = []
    deadline = calendar.deadline
    monkeypatch.setattr(calendar, "deadline", lambda a, n: deadlines.append((a, n)) or deadline(a, n))
    asked = [(monday, 1), (monday, 1), (monday, 2), (monday, 2)]
    assert [calendar.due(a, n) for a, n in asked] == [
        date(2025, 10, 21),
        date(2025, 10, 21),
        date(2025, 10, 22),
        date(2025, 10, 22),
    ]
    assert deadlines == [(monday, 1), (monday, 2)] and len(calendar._deadlines) == 2


def test_public_holidays_are_closed_unless_the_charter_opens_on_them():
    assert opens_on_holidays({}) is False
    assert opens_on_holidays({"public_holidays": "sometimes"}) is False
    assert opens_on_holidays({"public_holidays": "reduced_hours"}) is True


SITES_CHARTER = {
    "organisation": {"name": "Lands", "country": "BZ"},
    "opening_hours": {"weekly": WEEKLY, "public_holidays": "open"},
    "sites": [
        {"name": "Saturday office", "opening_hours": {"weekly": {"saturday": [{"opens": "08:00", "closes": "12:00"}]}}},
    ],
    "correspondence": {"reply_within_working_days": 1},
}


def test_a_site_that_closes_on_holidays_is_checked_after_a_main_office_that_opens_on_them():
    data = {**SITES_CHARTER, "organisation": {"country": "Atlantis"}}
    with pytest.raises(UsageError, match="Atlantis"):
        Calendars(data)


def test_each_item_counts_the_working_days_of_the_site_that_handled_it():
    standard = Standard("correspondence.reply", "Replies", 1, "correspondence", "replied", "c")
    saturday, next_saturday = date(2025, 10, 25), date(2025, 11, 1)
    calendars = Calendars(SITES_CHARTER)
    calendars.of(None)  # as measure() does: the main office's calendar first
    tally = Tally(standard, calendars, parse_period("2025", DAY), DAY, Conventions())
    tally.add(Item(2, saturday, {"replied": next_saturday}, site="Saturday office"))  # one Saturday later: 1 day
    tally.add(Item(3, date(2025, 10, 24), {"replied": date(2025, 10, 27)}))  # Friday to Monday at the main office: 1
    tally.add(Item(4, date(2025, 10, 27), {"replied": date(2025, 10, 27)}))  # the same day: 0
    result = tally.measurement()
    assert (result.volume, result.within, result.median) == (3, 3, 1)
    # the Saturday office's calendar names Belize (its own hours say nothing of holidays); the main office's does not
    assert {entry["country"] for entry in calendars.sources(parse_period("2025", DAY), DAY)} == {"BZ"}


def test_calendar_sources_cover_at_most_twenty_one_years():
    calendars = Calendars({"organisation": {"country": "BZ"}, "opening_hours": {"weekly": WEEKLY}})
    calendars.of(None)
    years = [
        e["year"] for e in calendars.sources(Period(date(2000, 1, 1), date(2030, 12, 31), "x"), date(2030, 12, 31))
    ]
    assert years == list(range(2000, 2021))
