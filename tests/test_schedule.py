"""Time-of-day schedules, overnight hours and review dates (schedule.py), in process and as every command reads them."""

from __future__ import annotations

import json
from datetime import date

from conftest import AS_OF
from made_in_process import REGISTRY, _standard_findings
from svcstd.schedule import add_months, day_intervals, merge, minutes, uncovered, week_intervals


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


NIGHT_LINE = """\
format_version: 1
organisation: {name: Night Line, country: BZ}
opening_hours:
  timezone: America/Belize
  weekly:
    monday: [{opens: "08:00", closes: "17:00"}, {opens: "22:00", closes: "02:00"}]
    sunday: [{opens: "22:00", closes: "02:00"}]
reception:
  staffed_hours:
    monday: [{opens: "08:00", closes: "17:00"}, {opens: "22:00", closes: "24:00"}]
    sunday: [{opens: "22:00", closes: "02:00"}]
"""


def test_overnight_hours_are_checked_and_shown_never_dropped(run, tmp_path):
    charter = tmp_path / "night.yaml"
    charter.write_text(NIGHT_LINE)
    result = run("check", str(charter), "--select", "BZ-D4-02,FORMAT", "--as-of", AS_OF, "-f", "json")
    findings = _standard_findings(json.loads(result.stdout), "BZ-D4")
    # Monday 22:00-02:00 runs into Tuesday, where reception stops at midnight; Sunday night into Monday is staffed
    assert [f["detail"] for f in findings] == [
        "the main office is open but reception is not staffed on Tuesday 00:00-02:00"
    ]
    assert _standard_findings(json.loads(result.stdout), "FORMAT") == []
    page = run("render", str(charter), "-f", "markdown", "--as-of", AS_OF).stdout
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in page.splitlines()
        if line.startswith("| ") and "day" in line
    }
    # in the 12-hour clock a Belize notice board writes
    assert rows["Monday"] == "12:00 am to 2:00 am, 8:00 am to 5:00 pm, and 10:00 pm to midnight"
    assert rows["Tuesday"] == "12:00 am to 2:00 am" and rows["Sunday"] == "10:00 pm to midnight"
    html = run("render", str(charter), "--as-of", AS_OF).stdout
    assert "10:00 pm" in html and "2:00 am" in html


def test_an_office_open_overnight_works_the_days_its_intervals_start(run, tmp_path):
    """A night office open Monday to Friday 22:00-06:00 works Monday to Friday, not the Saturday its last night reaches."""
    night = {
        day: [{"opens": "22:00", "closes": "06:00"}] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    }
    charter = tmp_path / "night.yaml"
    charter.write_text(
        json.dumps(
            {
                "format_version": 1,
                "organisation": {"name": "Night Office"},
                "opening_hours": {"weekly": night},
                "correspondence": {"reply_within_working_days": 1},
            }
        )
    )
    log = tmp_path / "log.csv"
    # Friday 2025-03-07 to Monday 2025-03-10 is one working day; Friday to Saturday would be none if Saturday counted as one
    log.write_text("received,replied\n2025-03-07,2025-03-10\n2025-03-03,2025-03-05\n")
    result = run(
        "measure", str(charter), "--correspondence", str(log), "--period", "2025", "--as-of", "2026-01-15", "-f", "json"
    )
    measured = json.loads(result.stdout)["reports"][0]["standards"][0]
    assert measured["volume"] == 2 and measured["within"] == 1 and measured["median_working_days"] == 1.5


def test_the_review_date_is_one_answer_in_check_page_and_portfolio(run, tmp_path):
    """No cycle set: every command assumes svcstd's 12 months, and says the same date."""
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace("  review_cycle_months: 12\n", "").replace(
            'last_reviewed: "2025-08-15"', 'last_reviewed: "2024-08-15"'
        )
    )
    report = json.loads(run("check", str(charter), "--as-of", AS_OF, "-f", "json").stdout)
    details = [f["detail"] for f in _standard_findings(report, "ISO-7.1.2-REVIEW")]
    assert "last reviewed 2024-08-15; with a 12-month cycle the review was due by 2025-08-15" in details
    assert any(f["path"] == "charter.review_cycle_months" for f in _standard_findings(report, "ISO-7.1.2-REVIEW"))
    page = run("render", str(charter), "-f", "markdown", "--as-of", AS_OF).stdout
    assert "2025-08-15" in page or "15 August 2025" in page
    out = tmp_path / "site"
    assert run("report", str(charter), "-o", str(out), "--as-of", AS_OF).code == 0
    [department] = json.loads((out / "portfolio.json").read_text())["departments"]
    assert department["review_due"] == "2025-08-15"
