"""Units for the interval and date arithmetic behind the computed checks."""

from __future__ import annotations

from datetime import date

from svcstd.checks import CheckContext, get_check
from svcstd.loader import load_text
from svcstd.schedule import add_months, day_intervals, merge, minutes, uncovered, week_intervals


def test_minutes_accepts_only_hh_mm():
    assert minutes("08:00") == 480 and minutes("24:00") == 1440
    assert [minutes(v) for v in ("8:00", "0800", "25:00", 990, None, "12:60")] == [None] * 6


def test_intervals_merge_and_gaps():
    assert merge([(600, 700), (480, 620), (800, 900)]) == [(480, 700), (800, 900)]
    assert uncovered([(480, 1020)], [(480, 720), (780, 1020)]) == [(720, 780)]
    assert uncovered([(480, 1020)], [(420, 1080)]) == []
    assert uncovered([(480, 600), (700, 800)], []) == [(480, 600), (700, 800)]
    assert uncovered([(480, 1020)], [(500, 510), (505, 520)]) == [(480, 500), (520, 1020)]
    assert day_intervals([{"opens": "17:00", "closes": "08:00"}, {"opens": "x"}, "junk"]) == [(1020, 1440)]


def test_intervals_that_close_at_or_before_they_open_run_into_the_next_day():
    """Never dropped (a 22:00-02:00 hotline once showed as open 02:00-22:00); Sunday night runs into Monday."""
    week = week_intervals(
        {
            "monday": [{"opens": "22:00", "closes": "02:00"}, {"opens": "08:00", "closes": "12:00"}],
            "sunday": [{"opens": "20:00", "closes": "01:30"}],
            "wednesday": [{"opens": "09:00", "closes": "09:00"}],
        }
    )
    assert week["monday"] == [(0, 90), (480, 720), (1320, 1440)]
    assert week["tuesday"] == [(0, 120)]
    assert week["wednesday"] == [(540, 1440)] and week["thursday"] == [(0, 540)]  # 24 hours from 09:00
    assert week["sunday"] == [(1200, 1440)]
    assert week_intervals({"friday": [{"opens": "18:00", "closes": "00:00"}]})["saturday"] == []  # to midnight only


def test_add_months_clamps_to_month_end():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 1), -12) == date(2024, 11, 1)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def outcomes(name: str, text: str, as_of: date = date(2025, 11, 1), **params):
    return list(get_check(name)(load_text(text, "t.yaml"), CheckContext(as_of, params)))


def test_reception_cover_checks_every_site_and_day():
    text = """
opening_hours: {weekly: {saturday: [{opens: "09:00", closes: "12:00"}]}}
reception: {staffed_hours: {saturday: [{opens: "09:00", closes: "12:00"}]}}
sites:
  - name: Airport
    opening_hours: {weekly: {sunday: [{opens: "06:00", closes: "24:00"}]}}
    reception: {staffed_hours: {sunday: [{opens: "06:00", closes: "22:00"}]}}
  - name: Border
    opening_hours: {weekly: {monday: [{opens: "06:00", closes: "18:00"}]}}
"""
    found = outcomes("reception_cover", text)
    assert [(o.status.value, o.path, o.detail) for o in found] == [
        (
            "not met",
            ("sites", 0, "reception", "staffed_hours", "sunday"),
            "Airport is open but reception is not staffed on Sunday 22:00-24:00",
        ),
        ("not evidenced", ("sites", 1, "reception", "staffed_hours"), "no reception staffed hours for Border"),
    ]
    assert [o.status.value for o in outcomes("reception_cover", "organisation: {name: X}")] == ["not evidenced"]


def test_date_within_days_months_future_and_missing():
    doc = 'website: {last_updated: "2025-05-05"}'
    assert outcomes("date_within", doc, path=["website", "last_updated"], max_age_days=180) == []
    [old] = outcomes("date_within", doc, path=["website", "last_updated"], max_age_days=90)
    assert old.detail == "website.last_updated is 2025-05-05, 180 days before 2025-11-01; the limit is 90 days"
    [future] = outcomes("date_within", doc, as_of=date(2025, 1, 1), path=["website", "last_updated"], max_age_days=90)
    assert future.status.value == "not met" and "after the as-of date" in future.detail
    [missing] = outcomes("date_within", "a: 1", path=["website", "last_updated"], max_age_months=12)
    assert missing.status.value == "not evidenced"
    assert outcomes("date_within", 'x: {d: "2024-11-01"}', path=["x", "d"], max_age_months=12) == []
    assert len(outcomes("date_within", 'x: {d: "2024-10-31"}', path=["x", "d"], max_age_months=12)) == 1


def test_review_due_uses_the_charters_own_cycle():
    assert outcomes("review_due", 'charter: {last_reviewed: "2025-06-01", review_cycle_months: 6}') == []
    [late] = outcomes("review_due", 'charter: {last_reviewed: "2025-04-01", review_cycle_months: 6}')
    assert late.detail == "last reviewed 2025-04-01; with a 6-month cycle the review was due by 2025-10-01"
    assert len(outcomes("review_due", 'charter: {last_reviewed: "2024-10-01"}')) == 1
