"""The judgement core, in process and to the letter: every outcome's status, place and words.

Mutation testing (scripts/mutation.sh) found what survived the command-level
tests: a waiver's stale-path wording, a site's own calendar, which charter key
a calendar reads. These tests pin each of those directly, since the command
line adds nothing to them.
"""

from __future__ import annotations

from datetime import date

import pytest

from svcstd.checks import CheckContext, Outcome, check_module, get_check, reads
from svcstd.findings import Finding, Status
from svcstd.loader import Document, load_text
from svcstd.measure.working_days import WorkingCalendar, holiday_country, percentile
from svcstd.waivers import apply

AS_OF = date(2025, 11, 1)
WEEKDAY = [{"opens": "08:00", "closes": "16:00"}]


def outcomes(name: str, data: dict, as_of: date = AS_OF, **params: object) -> list[Outcome]:
    return list(get_check(name)(Document("t.yaml", data), CheckContext(as_of, params)))


# --- waivers ---------------------------------------------------------------------------------------------------------


def _finding(rule: str, path: tuple) -> Finding:
    return Finding(rule, "S", "error", Status.NOT_MET, "m", "d", path, "t.yaml", 1, 1, "c", "f")


def _make(rule: str, status: Status, path: tuple, detail: str) -> tuple:
    return rule, status, path, detail


WAIVER = {"justification": "Agreed with customers.", "approved_by": "CEO", "expires": "2026-01-31"}


def test_each_kind_of_invalid_waiver_is_reported_at_its_place_in_its_words():
    waivers = [
        "not a mapping",
        {"rule": "BZ-D2-01", "approved_by": "CEO", "expires": "2026-01-31", "justification": "  "},
        {**WAIVER, "rule": "BZ-D2-01", "expires": "31/01/2026"},
        {**WAIVER, "rule": "BZ-D99-01"},
        {**WAIVER, "rule": "WVR-01"},
        {**WAIVER, "rule": "BZ-D2-01", "expires": "2024-01-31"},
    ]
    document = Document("t.yaml", {"waivers": waivers})
    kept, problems = apply(document, [], AS_OF, {"BZ-D2-01", "WVR-01"}, _make)
    assert kept == []
    assert problems == [
        ("WVR-02", Status.NOT_MET, ("waivers", 1), "waivers[1] has no justification"),
        (
            "WVR-02",
            Status.NOT_MET,
            ("waivers", 2, "expires"),
            "waivers[2].expires is '31/01/2026', not a date written YYYY-MM-DD",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 3, "rule"),
            "waivers[3] names 'BZ-D99-01', which is not a rule that can be waived",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 4, "rule"),
            "waivers[4] names 'WVR-01', which is not a rule that can be waived",
        ),
        ("WVR-01", Status.NOT_MET, ("waivers", 5, "expires"), "waivers[5] for BZ-D2-01 expired on 2024-01-31"),
    ]
    missing = apply(Document("t.yaml", {"waivers": [{"rule": "BZ-D2-01"}]}), [], AS_OF, {"BZ-D2-01"}, _make)[1]
    assert missing == [
        ("WVR-02", Status.NOT_MET, ("waivers", 0), "waivers[0] has no justification, approved_by, expires")
    ]


def test_a_valid_waiver_carries_its_terms_covers_its_path_only_and_a_second_one_for_the_same_finding_is_stale():
    findings = [
        _finding("BZ-D7-01", ("staffing", "teams", 0, "staff")),
        _finding("BZ-D7-01", ("staffing", "teams", 10, "staff")),
        _finding("BZ-D2-01", ("correspondence",)),
    ]
    waivers = [
        {**WAIVER, "rule": "BZ-D7-01", "path": "staffing.teams[0]"},
        {**WAIVER, "rule": "BZ-D7-01", "path": "staffing.teams[0]"},
        {**WAIVER, "rule": "BZ-D7-01", "path": 5},
        {**WAIVER, "rule": "BZ-D3-03", "path": "website"},
    ]
    kept, problems = apply(
        Document("t.yaml", {"waivers": waivers}), findings, AS_OF, {"BZ-D7-01", "BZ-D2-01", "BZ-D3-03"}, _make
    )
    first, second, other = kept
    assert first.waiver is not None and second.waiver is not None and other.waiver is None
    assert (
        first.waiver.rule,
        first.waiver.justification,
        first.waiver.approved_by,
        first.waiver.expires,
        first.waiver.path,
    ) == ("BZ-D7-01", "Agreed with customers.", "CEO", "2026-01-31", "staffing.teams[0]")
    assert second.waiver.path is None  # a path that is not text waives the rule everywhere (waivers[2])
    assert problems == [
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 1),
            "waivers[1] for BZ-D7-01 at staffing.teams[0] matches no finding; it is stale",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 3),
            "waivers[3] for BZ-D3-03 at website matches no finding; it is stale",
        ),
    ]
    unpathed = apply(Document("t.yaml", {"waivers": [{**WAIVER, "rule": "BZ-D3-03"}]}), [], AS_OF, {"BZ-D3-03"}, _make)[
        1
    ]
    assert unpathed == [
        ("WVR-03", Status.NOT_MET, ("waivers", 0), "waivers[0] for BZ-D3-03 matches no finding; it is stale")
    ]


def test_waivers_that_are_not_a_list_are_the_formats_to_report():
    assert apply(Document("t.yaml", {"waivers": {"rule": "X"}}), [], AS_OF, {"X"}, _make) == ([], [])


# --- working calendars ------------------------------------------------------------------------------------------------


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


def test_percentiles_interpolate_between_closest_ranks():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([1, 2, 3, 4], 0.9) == pytest.approx(3.7)
    assert percentile([5], 0.9) == 5 and percentile([1, 3], 0.0) == 1 and percentile([1, 3], 1.0) == 3
    with pytest.raises(ValueError):
        percentile([], 0.5)


# --- computed checks --------------------------------------------------------------------------------------------------


def test_priority_services_are_judged_one_by_one_in_their_own_words():
    services = [
        {"id": "a", "priority": True},
        {"id": "b", "priority": True, "last_reviewed": "soon"},
        {"priority": True, "last_reviewed": "2026-01-01"},
        {"id": "d", "priority": True, "last_reviewed": "2024-06-30"},
        {"id": "e", "priority": True, "last_reviewed": "2025-06-30"},
        {"id": "f", "priority": "yes"},
        {"id": "g"},
        "junk",
    ]
    found = outcomes("services_reviewed", {"services": services}, max_age_months=12)
    assert found == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("services", 0, "last_reviewed"),
            "priority service a records no review (last_reviewed)",
        ),
        Outcome(
            Status.NOT_EVIDENCED,
            ("services", 1, "last_reviewed"),
            "services[1].last_reviewed is 'soon', not a date written YYYY-MM-DD",
        ),
        Outcome(
            Status.NOT_MET,
            ("services", 2, "last_reviewed"),
            "priority service services[2] was reviewed 2026-01-01, after the as-of date 2025-11-01",
        ),
        Outcome(
            Status.NOT_MET,
            ("services", 3, "last_reviewed"),
            "priority service d was last reviewed 2024-06-30; the limit is 12 months before 2025-11-01",
        ),
    ]
    nothing_marked = Outcome(
        Status.NOT_EVIDENCED, ("services",), "no service is marked priority: true, so none was reviewed"
    )  # never met by absence: BZ-DIR2-02 asks for the marks
    assert outcomes("services_reviewed", {"services": "none"}, max_age_months=12) == [nothing_marked]
    assert outcomes("services_reviewed", {"services": [{"id": "a", "priority": False}]}, max_age_months=12) == [
        nothing_marked
    ]


def test_minimums_are_judged_on_the_side_of_their_target():
    data = {
        "services": [
            {"standard": {"target_percent": 90, "minimum_percent": 95}},
            {"standard": "x"},
            "junk",
            {"standard": {"target_percent": 90, "minimum_percent": "95"}},
        ],
        "kpis": [
            {"target": 15, "minimum": 20},
            {"target": 15, "minimum": 10, "higher_is_better": False},
            {"target": 15, "minimum": 20, "higher_is_better": False},
            {"target": 15},
            "junk",
            {"target": True, "minimum": 3},
        ],
    }
    assert outcomes("minimum_within_target", data) == [
        Outcome(Status.NOT_MET, ("services", 0, "standard", "minimum_percent"), "minimum 95% is above the target 90%"),
        Outcome(Status.NOT_MET, ("kpis", 0, "minimum"), "minimum 20 is above the target 15"),
        Outcome(Status.NOT_MET, ("kpis", 1, "minimum"), "minimum 10 is below the target 15"),
    ]


def test_the_review_check_names_its_cycle_and_its_due_date():
    def review(**charter: object) -> list[Outcome]:
        return outcomes("review_due", {"charter": charter})

    assert review() == [Outcome(Status.NOT_EVIDENCED, ("charter", "last_reviewed"), "charter.last_reviewed is missing")]
    assert review(last_reviewed="someday") == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("charter", "last_reviewed"),
            "charter.last_reviewed is 'someday', not a date written YYYY-MM-DD",
        )
    ]
    assert review(last_reviewed="2025-12-01") == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "charter.last_reviewed is 2025-12-01, a date in the future (after 2025-11-01); a review is dated the day "
            "it took place",
        )
    ]
    assert review(last_reviewed="2025-01-15", review_cycle_months=6) == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "last reviewed 2025-01-15; with a 6-month cycle the review was due by 2025-07-15",
        )
    ]
    assert review(last_reviewed="2024-09-15", review_cycle_months=500) == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "last reviewed 2024-09-15; with a 12-month cycle the review was due by 2025-09-15",
        )
    ]
    assert review(last_reviewed="2025-01-15", review_cycle_months=12) == []


def test_reception_cover_names_each_site_and_says_what_is_missing():
    data = {
        "opening_hours": {"weekly": {"monday": WEEKDAY}},
        "reception": {"staffed_hours": {"monday": WEEKDAY}},
        "sites": [
            {"name": "Airport", "opening_hours": {"weekly": {"monday": WEEKDAY}}},
            {"opening_hours": {"weekly": {"tuesday": WEEKDAY}}, "reception": {"staffed_hours": {}}},
            {"name": "No hours"},
            "junk",
        ],
    }
    assert outcomes("reception_cover", data) == [
        Outcome(
            Status.NOT_EVIDENCED, ("sites", 0, "reception", "staffed_hours"), "no reception staffed hours for Airport"
        ),
        Outcome(
            Status.NOT_MET,
            ("sites", 1, "reception", "staffed_hours", "tuesday"),
            "site 2 is open but reception is not staffed on Tuesday 08:00-16:00",
        ),
        Outcome(  # a further office with no hours is not evidenced, never met by absence
            Status.NOT_EVIDENCED,
            ("sites", 2, "opening_hours", "weekly"),
            "no opening hours for No hours to compare reception cover with",
        ),
    ]
    main_missing = Outcome(
        Status.NOT_EVIDENCED,
        ("opening_hours", "weekly"),
        "no opening hours for the main office to compare reception cover with",
    )
    assert outcomes("reception_cover", {"reception": {}}) == [main_missing]
    assert outcomes("reception_cover", {}) == [main_missing]


def test_plain_language_reads_every_public_text_and_only_those():
    long = " ".join(["word"] * 30) + "."
    data = {
        "reception": {"greeting_standard": long},
        "complaints": {
            k: long
            for k in (
                "introduction",
                "commitment",
                "scope",
                "visibility_and_access",
                "feedback_to_complainant",
                "monitoring",
            )
        },
        "services": [{"standard": {"promise": long}}, {"standard": "x"}, "junk", {"standard": {"promise": 5}}],
    }
    paths = [o.path for o in outcomes("plain_language", data, max_sentence_words=25)]
    assert paths == [
        ("reception", "greeting_standard"),
        ("complaints", "introduction"),
        ("complaints", "commitment"),
        ("complaints", "scope"),
        ("complaints", "visibility_and_access"),
        ("complaints", "feedback_to_complainant"),
        ("services", 0, "standard", "promise"),
    ]
    short = "Short one. " * 10
    assert outcomes("plain_language", {"reception": {"greeting_standard": short}}, max_sentence_words=25) == []
    [one] = outcomes(
        "plain_language", {"reception": {"greeting_standard": "Fine here. " + long}}, max_sentence_words=25
    )
    assert one.detail.startswith(
        "reception.greeting_standard has a sentence of 30 words (svcstd's limit: 25): 'word word"
    )


def test_plain_language_reads_each_language_of_a_text_given_per_language():
    long = " ".join(["palabra"] * 30) + "."
    data = {
        "reception": {"greeting_standard": {"en": "Short.", "es": long, "fr": 5}},
        "services": [{"standard": {"promise": {"en": long}}}],
    }
    assert [o.path for o in outcomes("plain_language", data, max_sentence_words=25)] == [
        ("reception", "greeting_standard", "es"),
        ("services", 0, "standard", "promise", "en"),
    ]


def test_languages_given_names_each_text_and_each_language_it_lacks():
    data = {
        "charter": {"languages": ["en", "es-419", "es-419", "xx!", 7]},
        "organisation": {"vision": "Plain", "values": [{"en": "A", "es": "B"}, {"es": "C"}, 5]},
        "confidentiality": {"data_protection_policy": "https://example.gov.bz/privacy"},
        "services": [{"name": {"en": "N"}, "standard": {"promise": {"en": "P", "es": "Q"}}}, "junk"],
        "sites": [{"opening_hours": {"closures": [{"reason": {"en": "R"}}]}}],
        "kpis": [{"indicator": 42}],
    }
    found = outcomes("languages_given", data)
    assert [(o.status, o.path, o.detail) for o in found] == [
        (
            Status.NOT_MET,
            ("organisation", "vision"),
            "organisation.vision has no text in es-419 (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("organisation", "values", 1),
            "organisation.values[1] has no text in en (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("sites", 0, "opening_hours", "closures", 0, "reason"),
            "sites[0].opening_hours.closures[0].reason has no text in es-419 (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("services", 0, "name"),
            "services[0].name has no text in es-419 (charter.languages lists en, es-419)",
        ),
    ]
    # what D.5 names only: the vision and values are ISO's to read
    assert [o.path for o in outcomes("standards_in_every_language", data)] == [
        ("sites", 0, "opening_hours", "closures", 0, "reason"),
        ("services", 0, "name"),
    ]
    assert outcomes("languages_given", {**data, "charter": {"languages": ["en"]}}) == []
    assert outcomes("languages_given", {**data, "charter": {"languages": "en, es"}}) == []
    assert ("organisation", "vision") in reads("languages_given")
    assert ("organisation", "vision") not in reads("standards_in_every_language")
    assert ("charter", "languages") in reads("standards_in_every_language")


def test_date_within_reads_its_path_and_either_window():
    doc = {"x": {"d": "2025-05-05"}}
    assert outcomes("date_within", doc, path=["x", "d"], max_age_days=180) == []
    [old] = outcomes("date_within", doc, path=["x", "d"], max_age_days=179)
    assert old == Outcome(
        Status.NOT_MET, ("x", "d"), "x.d is 2025-05-05, 180 days before 2025-11-01; the limit is 179 days"
    )
    [months] = outcomes("date_within", doc, path=["x", "d"], max_age_months=5)
    assert months.detail == "x.d is 2025-05-05, 180 days before 2025-11-01; the limit is 5 months"
    assert outcomes("date_within", {"x": {"d": "nope"}}, path=["x", "d"], max_age_days=1) == [
        Outcome(Status.NOT_EVIDENCED, ("x", "d"), "x.d is 'nope', not a date written YYYY-MM-DD")
    ]


def test_each_check_declares_what_it_reads_and_its_parameters():
    assert ("charter", "last_reviewed") in reads("review_due") and ("services", "*", "priority") in reads(
        "services_reviewed"
    )
    assert reads("date_within") == ()  # its path is a parameter
    assert check_module("date_within").PARAMS["required"] == ["path"]
    with pytest.raises(KeyError):
        check_module("os")
    assert load_text("a: 1", "t.yaml").data == {"a": 1}


# --- survivors of the first mutation run, each pinned ----------------------------------------------------------------


def test_intervals_skip_what_they_cannot_read_and_keep_reading():
    from svcstd.schedule import day_intervals, merge, uncovered, week_intervals

    assert day_intervals(["junk", {"opens": "x", "closes": "10:00"}, {"opens": "08:00", "closes": "09:00"}]) == [
        (480, 540)
    ]
    assert day_intervals([{"opens": "x", "closes": "10:00"}]) == []
    assert week_intervals({"monday": [{"opens": "24:00", "closes": "03:00"}]})["tuesday"] == []
    assert week_intervals({"monday": [{"opens": "22:00", "closes": "00:01"}]})["tuesday"] == [(0, 1)]
    assert week_intervals(["not", "a", "mapping"]) == {day: [] for day in week_intervals({})}
    assert merge([(480, 720), (720, 960)]) == [(480, 960)] and merge([(480, 700), (720, 960)]) == [
        (480, 700),
        (720, 960),
    ]
    assert uncovered([(480, 600)], [(600, 700)]) == [(480, 600)]
    assert uncovered([(480, 600)], [(300, 480)]) == [(480, 600)]
    assert uncovered([(600, 700)], [(100, 200), (650, 700)]) == [(600, 650)]
    assert uncovered([(600, 700)], [(700, 800), (600, 650)]) == [(650, 700)]


def test_dates_and_months_at_the_ends_of_the_calendar():
    from svcstd.schedule import add_months, parse_date

    assert parse_date("20250105") is None and parse_date("2025-01-05") == date(2025, 1, 5)
    assert add_months(date(1, 3, 1), -1) == date(1, 2, 1) and add_months(date(1, 1, 1), -1) is None
    assert add_months(date(9999, 1, 1), 1) == date(9999, 2, 1) and add_months(date(9999, 12, 1), 1) is None


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


def test_a_waiver_path_covers_list_items_under_it():
    from svcstd.waivers import covers

    assert covers("services", _finding("R", ("services", 1)))
    assert covers("services", _finding("R", ("services", "x")))
    assert not covers("services", _finding("R", ("servicesx",)))


def test_reception_cover_judges_the_main_office_when_it_states_either_hours_or_reception():
    only_hours = {"opening_hours": {"weekly": {"monday": WEEKDAY}}}
    assert outcomes("reception_cover", only_hours) == [
        Outcome(Status.NOT_EVIDENCED, ("reception", "staffed_hours"), "no reception staffed hours for the main office")
    ]
    only_sites = {
        "sites": [
            {"name": "Hall"},
            {
                "name": "Depot",
                "opening_hours": {"weekly": {"monday": WEEKDAY}},
                "reception": {
                    "staffed_hours": {
                        "monday": [{"opens": "09:00", "closes": "12:00"}, {"opens": "13:00", "closes": "16:00"}]
                    }
                },
            },
        ]
    }
    assert outcomes("reception_cover", only_sites) == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("opening_hours", "weekly"),
            "no opening hours for the main office to compare reception cover with",
        ),
        Outcome(
            Status.NOT_EVIDENCED,
            ("sites", 0, "opening_hours", "weekly"),
            "no opening hours for Hall to compare reception cover with",
        ),
        Outcome(
            Status.NOT_MET,
            ("sites", 1, "reception", "staffed_hours", "monday"),
            "Depot is open but reception is not staffed on Monday 08:00-09:00, 12:00-13:00",
        ),
    ]


def test_checks_keep_reading_past_entries_they_skip():
    services = [
        {"id": "n"},
        {"id": "p", "priority": True, "last_reviewed": "2025-11-01"},
        {"id": "q", "priority": True},
    ]
    assert [o.path for o in outcomes("services_reviewed", {"services": services}, max_age_months=12)] == [
        ("services", 2, "last_reviewed")
    ]
    data = {"services": [{"standard": "x"}, {"standard": {"target_percent": 90, "minimum_percent": 95}}]}
    assert [o.path for o in outcomes("minimum_within_target", data)] == [("services", 1, "standard", "minimum_percent")]


def test_plain_language_quotes_at_most_seventy_characters_of_the_long_sentence():
    sentence = " ".join(f"w{i:02d}" for i in range(30)) + "."
    [found] = outcomes("plain_language", {"reception": {"greeting_standard": sentence}}, max_sentence_words=25)
    quoted = found.detail.split("(svcstd's limit: 25): ", 1)[1]
    assert len(quoted) == 70 and quoted.endswith("…") and quoted.startswith("'w00 w01")


def test_the_last_survivors_of_the_second_mutation_run():
    kpis = {"kpis": ["junk", {"target": 15}, {"target": 15, "minimum": 15}, {"target": 15, "minimum": 16}]}
    assert [o.path for o in outcomes("minimum_within_target", kpis)] == [("kpis", 3, "minimum")]
    assert outcomes("date_within", {}, path=["x", "d"], max_age_days=1) == [
        Outcome(Status.NOT_EVIDENCED, ("x", "d"), "x.d is missing")
    ]
    assert outcomes("review_due", {"charter": {"last_reviewed": "2025-11-01"}}) == []
