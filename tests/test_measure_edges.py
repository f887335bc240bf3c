"""Working days, measurement and the portfolio at their edges, in process.

Written from the mutants scripts/mutation.sh left alive: counts across one,
two and three turns of a year checked against a day-by-day count, a deadline
that is the only working day in ten years, the memo's bound, a site's own
calendar, two KPIs on one standard, labels of every kind of period, and the
portfolio's handling of standard input, measurement faults and baselines.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from svcstd.catalogue import load_catalogue
from svcstd.engine import Engine, Options
from svcstd.errors import UsageError
from svcstd.inputs import Input
from svcstd.measure import logs, working_days
from svcstd.measure.compute import (
    BELOW_MINIMUM,
    BELOW_TARGET,
    MET,
    Calendars,
    Conventions,
    Period,
    Standard,
    Tally,
    measure,
    measure_standard,
    parse_period,
    sha256_of,
    standards_of,
)
from svcstd.measure.logs import Item, Log
from svcstd.measure.working_days import WorkingCalendar, opens_on_holidays, percentile, percentile_of_counts
from svcstd.report.build import (
    PORTFOLIO_VERSION,
    Department,
    Portfolio,
    StandardSummary,
    as_json,
    build,
    department_key,
    log_paths,
    read_baseline,
)

AS_OF = date(2025, 11, 1)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
WEEKLY = {day: [{"opens": "08:00", "closes": "16:00"}] for day in WEEKDAYS}


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


def test_a_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError, match=r"^no values$"):
        percentile([], 0.5)
    with pytest.raises(ValueError, match=r"^no values$"):
        percentile_of_counts([], 0.5)


# --- periods and standards ------------------------------------------------------------------------------------------


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
    assert parse_period(text, AS_OF).label == label


def test_the_default_period_of_the_first_year_starts_at_the_first_day():
    assert parse_period(None, date(1, 6, 1)).start == date.min


def test_a_service_without_an_id_does_not_hide_the_services_after_it():
    data = {"services": [{"standard": {"within_working_days": 1}}, {"id": "b", "standard": {"within_working_days": 2}}]}
    assert [s.key for s in standards_of(data)] == ["service:b"]


# --- calendars per site, and measurement ----------------------------------------------------------------------------

SITES_CHARTER = {
    "organisation": {"name": "Lands", "country": "BZ"},
    "opening_hours": {"weekly": WEEKLY, "public_holidays": "open"},
    "sites": [
        {"name": "Saturday office", "opening_hours": {"weekly": {"saturday": [{"opens": "08:00", "closes": "12:00"}]}}},
    ],
    "correspondence": {"reply_within_working_days": 1},
}


def test_an_unknown_holiday_calendar_is_named_with_the_charter_and_the_key_that_asked_for_it():
    data = {"organisation": {"country": "Atlantis"}, "opening_hours": {"weekly": WEEKLY}}
    with pytest.raises(UsageError, match=r"^charter: organisation\.country"):
        Calendars(data)
    with pytest.raises(UsageError, match=r"^lands\.yaml: organisation\.country"):
        measure(data, "lands.yaml", {}, parse_period("2025", AS_OF), AS_OF)


def test_a_site_that_closes_on_holidays_is_checked_after_a_main_office_that_opens_on_them():
    data = {**SITES_CHARTER, "organisation": {"country": "Atlantis"}}
    with pytest.raises(UsageError, match="Atlantis"):
        Calendars(data)


def test_each_item_counts_the_working_days_of_the_site_that_handled_it():
    standard = Standard("correspondence.reply", "Replies", 1, "correspondence", "replied", "c")
    saturday, next_saturday = date(2025, 10, 25), date(2025, 11, 1)
    calendars = Calendars(SITES_CHARTER)
    calendars.of(None)  # as measure() does: the main office's calendar first
    tally = Tally(standard, calendars, parse_period("2025", AS_OF), AS_OF, Conventions())
    tally.add(Item(2, saturday, {"replied": next_saturday}, site="Saturday office"))  # one Saturday later: 1 day
    tally.add(Item(3, date(2025, 10, 24), {"replied": date(2025, 10, 27)}))  # Friday to Monday at the main office: 1
    tally.add(Item(4, date(2025, 10, 27), {"replied": date(2025, 10, 27)}))  # the same day: 0
    result = tally.measurement()
    assert (result.volume, result.within, result.median) == (3, 3, 1)
    # the Saturday office's calendar names Belize (its own hours say nothing of holidays); the main office's does not
    assert {entry["country"] for entry in calendars.sources(parse_period("2025", AS_OF), AS_OF)} == {"BZ"}


def test_calendar_sources_cover_at_most_twenty_one_years():
    calendars = Calendars({"organisation": {"country": "BZ"}, "opening_hours": {"weekly": WEEKLY}})
    calendars.of(None)
    years = [
        e["year"] for e in calendars.sources(Period(date(2000, 1, 1), date(2030, 12, 31), "x"), date(2030, 12, 31))
    ]
    assert years == list(range(2000, 2021))


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
    report = measure(data, "c.yaml", {"correspondence": log}, parse_period("2025", AS_OF), AS_OF)
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
    report = measure(data, "c.yaml", {"correspondence": log}, parse_period("2025", AS_OF), AS_OF)
    assert [(k.id, k.indicator, k.target, k.minimum, k.value, k.verdict) for k in report.kpis] == [
        ("strict", "Replies", 90.0, 60.0, 50.0, BELOW_MINIMUM),
        ("correspondence.reply", "", 50.0, None, 50.0, MET),
    ]
    lenient = {**data, "kpis": [{"id": "k", "measures": "correspondence.reply", "target": 60, "minimum": 40}]}
    assert measure(lenient, "c.yaml", {"correspondence": log}, parse_period("2025", AS_OF), AS_OF).kpis[0].verdict == (
        BELOW_TARGET
    )


def test_standard_input_has_no_digest_even_beside_a_file_named_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("not the charter")
    assert sha256_of("-") is None
    assert sha256_of("missing.yaml") is None


# --- the portfolio ---------------------------------------------------------------------------------------------------


def test_standard_input_is_its_own_department_and_has_no_logs(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # in a subfolder of a repository, a file named "-" would be "sub/-"
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert department_key("charter.yaml") == "sub/charter.yaml"
    (tmp_path / "sub" / "-.correspondence.csv").write_text("received,replied\n")
    assert department_key("-") == "-"
    assert log_paths(str(tmp_path / "sub"), "-") == {}


CHARTER_YAML = """\
organisation: {name: Lands, country: BZ}
opening_hours:
  weekly: {monday: [{opens: "08:00", closes: "16:00"}]}
correspondence: {reply_within_working_days: 5}
services: [{id: lands}]
"""


def _engine() -> Engine:
    return Engine(load_catalogue(), Options(AS_OF))


def test_a_log_is_checked_against_the_charters_services_and_a_bad_log_is_the_departments_error(tmp_path):
    charters, logs = tmp_path / "charters", tmp_path / "logs"
    charters.mkdir(), logs.mkdir()
    (charters / "lands.yaml").write_text(CHARTER_YAML)
    (charters / "roads.yaml").write_text(CHARTER_YAML)
    (logs / "lands.correspondence.csv").write_text("received,replied,service\n2025-03-03,2025-03-04,fishing\n")
    (logs / "roads.correspondence.csv").write_text("received\n2025-03-03\n")
    inputs = [Input(str(charters / "lands.yaml")), Input(str(charters / "roads.yaml"))]
    portfolio = build(inputs, _engine(), AS_OF, str(logs), parse_period("2025", AS_OF))
    lands, roads = portfolio.departments
    assert lands.delivery is not None and [r.reason for r in lands.delivery.bad_rows] == [
        "service 'fishing' is not a service id of the charter"
    ]
    assert roads.error == f"{logs / 'roads.correspondence.csv'}:1: the correspondence log has no column replied " + (
        "(columns needed: received, replied)"
    )
    assert portfolio.period == parse_period("2025", AS_OF)


def test_the_portfolio_judges_departments_at_fail_on_and_keeps_its_baseline_file(tmp_path):
    # the registry example without its values: compliant but for one info-level finding (ISO-7.2.3-01)
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    charter = tmp_path / "registry.yaml"
    values = text[text.index("  values:\n") : text.index("  code_of_conduct:")]
    assert values.count("\n") == 5
    charter.write_text(text.replace(values, ""), encoding="utf-8")
    lenient = build([Input(str(charter))], _engine(), AS_OF)
    baseline = tmp_path / "portfolio.json"
    baseline.write_text(json.dumps(as_json(lenient)))
    strict = build([Input(str(charter))], _engine(), AS_OF, baseline=str(baseline), fail_on="info")
    assert [d.compliant for d in lenient.departments] == [True]
    assert [d.compliant for d in strict.departments] == [False]
    assert strict.baseline_file == str(baseline) and strict.baseline == json.loads(baseline.read_text())


def test_a_baseline_is_refused_in_its_own_words(tmp_path):
    with pytest.raises(UsageError, match=r"is a directory, not a baseline portfolio\.json file"):
        read_baseline(str(tmp_path))
    top = tmp_path / "top.json"
    top.write_text(json.dumps({"portfolio_version": PORTFOLIO_VERSION}))
    with pytest.raises(UsageError, match=r"at \(top level\): '\w+' is a required property$"):
        read_baseline(str(top))
    long = tmp_path / "long.json"
    long.write_text(json.dumps({**as_json(Portfolio(AS_OF, [], [])), "as_of": "x" * 300}))
    with pytest.raises(UsageError) as caught:
        read_baseline(str(long))
    said = str(caught.value).split(": at as_of: ", 1)[1]
    assert len(said) == 120 and said.endswith("…") and said.startswith("'xxx")


def test_a_baseline_without_standards_or_departments_changes_nothing():
    department = Department("a.yaml", "A", statuses={"S": "met"})
    assert Portfolio(AS_OF, [], [department], baseline={"departments": []}).baseline_percent("S") is None
    assert Portfolio(AS_OF, [], [department], baseline={"standards": []}).changes == []


def test_portfolio_json_keeps_unjudged_shares_as_null():
    summary = StandardSummary("S", "t", "c")
    department = Department("a.yaml", "A")
    standard = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    department.delivery = measure({}, "a.yaml", {}, parse_period("2025", AS_OF), AS_OF)
    department.delivery.measurements.append(
        Tally(standard, Calendars({}), parse_period("2025", AS_OF), AS_OF, Conventions()).measurement()
    )
    data = as_json(Portfolio(AS_OF, [summary], [department]))
    assert data["standards"][0]["percent_met"] is None
    assert data["departments"][0]["delivery"] == [
        {"standard": "correspondence.reply", "volume": 0, "share_percent": None, "verdict": "no data"}
    ]


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


def test_rows_alike_but_for_their_reference_are_one_item_counted_as_often(tmp_path):
    text = "received,replied,reference\n2025-03-03,2025-03-04,A\n2025-03-03,2025-03-04,B\n,,C\n\n2025-03-05,,D\n,,\n"
    log = Log("l.csv", text=text)
    assert [(item.line, item.received, count) for item, count in log.counted()] == [
        (2, date(2025, 3, 3), 2),
        (6, date(2025, 3, 5), 1),
    ]
    assert log.count == 3 and [(row.line, row.reason) for row in log.bad_rows] == [(4, "received is empty")]
    standard = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    measured = measure_standard(standard, log, Calendars({}), parse_period("2025", AS_OF), AS_OF)
    assert (measured.volume, measured.within, measured.overdue_open) == (3, 2, 1)


def test_a_log_with_more_combinations_than_are_held_at_once_counts_every_row(monkeypatch):
    monkeypatch.setattr(logs, "MAX_DISTINCT", 3)
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(10)]
    text = "received,replied\n" + "".join(f"{d},{d}\n{d},{d}\n" for d in days)
    log = Log("l.csv", text=text)
    counted = list(log.counted())
    assert sum(count for _, count in counted) == 20 == log.count
    assert {item.received for item, _ in counted} == set(days)


def test_a_ministry_bigger_than_one_page_is_split_into_parts_and_every_ministry_gets_its_own_file():
    from svcstd.report.pages import MATRIX_ROWS, ministry_groups

    big = [Department(f"a{n}.yaml", f"A{n}", ministry="Ministry of Works") for n in range(2 * MATRIX_ROWS + 50)]
    others = [
        Department("b.yaml", "B", ministry="Ministry of Works!"),  # the same file name once punctuation is dropped
        Department("c.yaml", "C"),
        Department("d.yaml", "D", error="unreadable", ministry="Ministry of Ghosts"),
    ]
    groups = ministry_groups(Portfolio(AS_OF, [], big + others))
    assert [(g.ministry, [(p.name, p.number, p.count, len(p.departments)) for p in g.parts]) for g in groups] == [
        (
            "Ministry of Works",
            [
                ("portfolio-ministry-of-works-1.html", 1, 3, 200),
                ("portfolio-ministry-of-works-2.html", 2, 3, 200),
                ("portfolio-ministry-of-works-3.html", 3, 3, 50),
            ],
        ),
        ("Ministry of Works!", [("portfolio-ministry-of-works-x.html", 1, 1, 1)]),
        ("No ministry named", [("portfolio-no-ministry-named.html", 1, 1, 1)]),
    ]
    assert ministry_groups(Portfolio(AS_OF, [], big[:MATRIX_ROWS])) == []


def test_portfolio_json_is_written_one_department_at_a_time_to_the_byte_of_one_dump(tmp_path):
    from svcstd.report.build import as_json_text

    charters = tmp_path / "charters"
    charters.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        (charters / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (charters / "broken.yaml").write_text("organisation: {name: A\n", encoding="utf-8")
    inputs = [Input(str(path)) for path in sorted(charters.glob("*.yaml"))]
    portfolio = build(inputs, _engine(), AS_OF, str(EXAMPLES / "logs"), parse_period("2025", AS_OF))
    assert as_json_text(portfolio) == json.dumps(as_json(portfolio), indent=2, ensure_ascii=False) + "\n"
    empty = Portfolio(AS_OF, [], [])
    assert as_json_text(empty) == json.dumps(as_json(empty), indent=2, ensure_ascii=False) + "\n"
    lands = next(d for d in portfolio.departments if d.name.startswith("Lands"))
    assert lands.promises and all(f.id == key for key, f in lands.promises.items())


def test_portfolio_json_keeps_accents_as_written_and_promises_compact(tmp_path):
    from svcstd.report.build import as_json_text

    charter = tmp_path / "pena.yaml"
    charter.write_text(
        CHARTER_YAML.replace("name: Lands", "name: Registro Civil de Peñas").replace(
            "services: [{id: lands}]", "services: [{id: lands, name: Inscripción, fee: gratuito}]"
        ),
        encoding="utf-8",
    )
    portfolio = build([Input(str(charter))], _engine(), AS_OF)
    [department] = portfolio.departments
    assert "Inscripción" in department.promises_json and '": ' not in department.promises_json
    assert "Registro Civil de Peñas" in as_json_text(portfolio)
    titled = Portfolio(AS_OF, [StandardSummary("S", "Atención al público", "c")], [])
    assert "Atención al público" in as_json_text(titled)
    assert "Atención al público" in as_json_text(
        Portfolio(AS_OF, [StandardSummary("S", "Atención al público", "c")], [department])
    )
