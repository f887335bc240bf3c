"""Measurement a department can audit: the Government's calendar, stated conventions, reproducible figures.

Hand-worked rows, each convention in both settings, through the installed
`svcstd measure` and `svcstd calendar`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT

BZ_2024 = [
    "2024-01-01",
    "2024-01-15",
    "2024-03-11",
    "2024-03-29",
    "2024-03-30",
    "2024-04-01",
    "2024-04-29",
    "2024-08-01",
    "2024-09-10",
    "2024-09-21",
    "2024-10-14",
    "2024-11-19",
    "2024-12-25",
    "2024-12-26",
]
BZ_2025 = [
    "2025-01-01",
    "2025-01-15",
    "2025-03-10",
    "2025-04-18",
    "2025-04-19",
    "2025-04-21",
    "2025-05-01",
    "2025-08-01",
    "2025-09-10",
    "2025-09-22",
    "2025-10-13",
    "2025-11-19",
    "2025-12-25",
    "2025-12-26",
]


def test_the_belize_calendar_is_the_governments_published_one(run):
    for year, dates in ((2024, BZ_2024), (2025, BZ_2025)):
        listed = json.loads(run("calendar", "BZ", "--year", str(year), "-f", "json").stdout)
        assert [h["date"] for h in listed["holidays"]] == dates
        assert listed["published"] is True and "Government of Belize" in listed["source"]
    later = json.loads(run("calendar", "BZ", "--year", "2031", "-f", "json").stdout)
    assert later["published"] is False and "not confirmed against a Government notice" in later["source"]
    table = run("calendar", "BZ", "--year", "2025").stdout
    assert "2025-08-01" in table and "Emancipation Day" in table and "Source: Government of Belize" in table
    wrong = run("calendar", "bz", "--year", "2025")
    assert wrong.code == 2 and "did you mean 'BZ'?" in wrong.stderr


def test_shipped_calendars_follow_their_schema():
    schema = json.loads((ROOT / "schemas/calendar.schema.json").read_text())
    for path in (ROOT / "calendars").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
        assert data["country"] == path.stem
        for year, entry in data["years"].items():
            assert all(h["date"].startswith(f"{year}-") for h in entry["holidays"]), (path, year)


def _measure(run, tmp_path: Path, charter: dict, rows: list[str], *args: str, log_name: str = "log.csv") -> dict:
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(charter))
    log = tmp_path / log_name
    log.write_text("received,replied,service\n" + "\n".join(rows) + "\n")
    result = run("measure", str(path), "--correspondence", str(log), "-f", "json", *args)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)["reports"][0]


def _charter(**extra: object) -> dict:
    charter = {
        "format_version": 1,
        "organisation": {"name": "Test Unit", "country": "BZ"},
        "opening_hours": {
            "weekly": {
                day: [{"opens": "08:00", "closes": "17:00"}]
                for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
            }
        },
        "correspondence": {"reply_within_working_days": 5},
        "services": [{"id": "lease", "name": "Lease", "standard": {"within_working_days": 60}}],
    }
    for key, value in extra.items():
        section, _, name = key.partition("__")
        if name:
            charter.setdefault(section, {})[name] = value
        else:
            charter[section] = value
    return charter


def _reply(report: dict) -> dict:
    return next(s for s in report["standards"] if s["key"] == "correspondence.reply")


def test_a_holiday_the_office_works_counts_once_listed_under_open_on(run, tmp_path):
    rows = ["2025-07-31,2025-08-04,"]  # Thursday to Monday; Friday 1 August is Emancipation Day
    plain = _reply(_measure(run, tmp_path, _charter(), rows, "--period", "2025", "--as-of", "2026-01-15"))
    assert plain["median_working_days"] == 1
    worked = _charter()
    worked["opening_hours"]["open_on"] = ["2025-08-01"]
    assert (
        _reply(_measure(run, tmp_path, worked, rows, "--period", "2025", "--as-of", "2026-01-15"))[
            "median_working_days"
        ]
        == 2
    )


@pytest.mark.parametrize("setting,expected", [("day_of_receipt", 1), ("next_working_day", 0)])
def test_receipt_on_a_closed_day_is_counted_as_the_charter_says(run, tmp_path, setting, expected):
    rows = ["2025-03-15,2025-03-17,"]  # received on a Saturday, replied on the Monday
    charter = _charter(measurement__receipt_on_closed_day=setting)
    report = _measure(run, tmp_path, charter, rows, "--period", "2025", "--as-of", "2026-01-15")
    assert _reply(report)["median_working_days"] == expected
    assert report["provenance"]["conventions"]["receipt_on_closed_day"] == setting


@pytest.mark.parametrize("setting,volume,within", [(True, 2, 1), (False, 1, 1)])
def test_a_service_letter_counts_against_correspondence_as_the_charter_says(run, tmp_path, setting, volume, within):
    rows = ["2025-03-03,2025-03-04,", "2025-03-03,2025-04-14,lease"]  # the lease decision takes 30 working days
    report = _measure(
        run,
        tmp_path,
        _charter(measurement__service_items_in_correspondence=setting),
        rows,
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
    )
    assert (_reply(report)["volume"], _reply(report)["within"]) == (volume, within)
    lease = next(s for s in report["standards"] if s["key"] == "service:lease")
    assert lease["volume"] == 1 and lease["within"] == 1  # its own 60-day standard is met either way


def test_public_holidays_reduced_hours_makes_them_working_days(run, tmp_path):
    rows = ["2025-07-31,2025-08-04,"]
    charter = _charter()
    charter["opening_hours"]["public_holidays"] = "reduced_hours"
    assert (
        _reply(_measure(run, tmp_path, charter, rows, "--period", "2025", "--as-of", "2026-01-15"))[
            "median_working_days"
        ]
        == 2
    )


@pytest.mark.parametrize(
    "calendar,reason", [("XX", "no public holiday calendar for 'XX'"), ("bz", "did you mean 'BZ'?")]
)
def test_a_holiday_calendar_svcstd_cannot_look_up_is_an_error(run, tmp_path, calendar, reason):
    charter = _charter()
    charter["opening_hours"]["holiday_calendar"] = calendar
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(charter))
    log = tmp_path / "log.csv"
    log.write_text("received,replied\n2025-03-03,2025-03-04\n")
    result = run("measure", str(path), "--correspondence", str(log), "--period", "2025", "--as-of", "2026-01-15")
    assert result.code == 2 and reason in result.stderr and "opening_hours.holiday_calendar" in result.stderr
    (tmp_path / "c.correspondence.csv").write_text(log.read_text())
    report = run(
        "report",
        str(path),
        "-o",
        str(tmp_path / "site"),
        "--measurements",
        str(tmp_path),
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
    )
    [department] = json.loads((tmp_path / "site" / "portfolio.json").read_text())["departments"]
    assert reason in (department["error"] or ""), (report.stderr, department)


def test_a_past_report_rerun_later_with_its_as_of_gives_the_same_figures(run, tmp_path):
    """As known on the as-of day: replies dated later are not yet replies, items received later not yet items."""
    then = ["2025-03-03,2025-03-05,", "2025-03-10,,", "2025-03-12,2025-03-14,"]
    first = _measure(run, tmp_path, _charter(), then, "--period", "2025-03", "--as-of", "2025-03-14")
    later = ["2025-03-03,2025-03-05,", "2025-03-10,2025-03-25,", "2025-03-12,2025-03-14,", "2025-03-28,2025-03-31,"]
    again = _measure(run, tmp_path, _charter(), later, "--period", "2025-03", "--as-of", "2025-03-14")
    assert again["standards"] == first["standards"] and again["kpis"] == first["kpis"]
    assert _reply(first)["open_pending"] == 1 and _reply(first)["volume"] == 2


def test_the_default_window_is_exactly_the_last_twelve_months(run, tmp_path):
    report = _measure(run, tmp_path, _charter(), ["2025-03-03,2025-03-04,"], "--as-of", "2025-11-15")
    assert (report["period"]["start"], report["period"]["end"]) == ("2024-11-16", "2025-11-15")
    december = _measure(run, tmp_path, _charter(), ["2025-03-03,2025-03-04,"], "--as-of", "2025-12-10")
    assert december["period"]["start"] == "2024-12-11"


def test_every_report_records_what_an_auditor_needs_to_reproduce_it(run, tmp_path):
    report = _measure(
        run, tmp_path, _charter(), ["2025-03-03,2025-03-04,"], "--period", "2025", "--as-of", "2026-01-15"
    )
    provenance = report["provenance"]
    assert provenance["svcstd_version"] and provenance["conventions"]["percentiles"].endswith("PERCENTILE.INC")
    years = {c["year"]: c["published"] for c in provenance["calendars"]}
    assert years[2025] is True and years[2026] is False
    files = {Path(i["file"]).name: i["sha256"] for i in provenance["inputs"]}
    assert files["log.csv"] == hashlib.sha256((tmp_path / "log.csv").read_bytes()).hexdigest()
    assert files["c.yaml"] == hashlib.sha256((tmp_path / "c.yaml").read_bytes()).hexdigest()
    path = tmp_path / "c.yaml"
    markdown = run(
        "measure",
        str(path),
        "--correspondence",
        str(tmp_path / "log.csv"),
        "-f",
        "markdown",
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
    ).stdout
    assert "Holidays BZ 2025: Government of Belize" in markdown and "sha256" in markdown
