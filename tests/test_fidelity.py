"""Verdicts a department can defend: what the charter says is what every command reads.

Overnight hours are never dropped, time zones are real ones, the review date
is one answer everywhere, and each site's own working days count in
`measure`. Each through the installed command, as a department head calls it.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import AS_OF, EXAMPLES

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()
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


def _findings(report: dict, standard: str) -> list[dict]:
    return next(s for s in report["files"][0]["standards"] if s["id"] == standard)["findings"]


def test_overnight_hours_are_checked_and_shown_never_dropped(run, tmp_path):
    charter = tmp_path / "night.yaml"
    charter.write_text(NIGHT_LINE)
    result = run("check", str(charter), "--select", "BZ-D4-02,FORMAT", "--as-of", AS_OF, "-f", "json")
    findings = _findings(json.loads(result.stdout), "BZ-D4")
    # Monday 22:00-02:00 runs into Tuesday, where reception stops at midnight; Sunday night into Monday is staffed
    assert [f["detail"] for f in findings] == [
        "the main office is open but reception is not staffed on Tuesday 00:00-02:00"
    ]
    assert _findings(json.loads(result.stdout), "FORMAT") == []
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


def test_time_zones_are_iana_names_with_a_did_you_mean(run, tmp_path):
    for written, hint in (
        ("Belize", "did you mean 'America/Belize'?"),
        ("america/belize", "did you mean 'America/Belize'?"),
        ("Central Time", "e.g. 'America/Belize'"),
    ):
        charter = tmp_path / "c.yaml"
        charter.write_text(REGISTRY.replace("timezone: America/Belize", f"timezone: {written}", 1))
        result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
        assert result.code == 1
        [finding] = [f for f in _findings(json.loads(result.stdout), "FORMAT") if f["path"] == "opening_hours.timezone"]
        assert finding["rule"] == "FMT-02" and hint in finding["detail"], finding
        assert finding["line"] == REGISTRY.splitlines().index("  timezone: America/Belize") + 1
    assert run("check", str(EXAMPLES / "vital-statistics-registry.yaml"), "--as-of", AS_OF).code == 0


def test_the_review_date_is_one_answer_in_check_page_and_portfolio(run, tmp_path):
    """No cycle set: every command assumes svcstd's 12 months, and says the same date."""
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace("  review_cycle_months: 12\n", "").replace(
            'last_reviewed: "2025-08-15"', 'last_reviewed: "2024-08-15"'
        )
    )
    report = json.loads(run("check", str(charter), "--as-of", AS_OF, "-f", "json").stdout)
    details = [f["detail"] for f in _findings(report, "ISO-7.1.2-REVIEW")]
    assert "last reviewed 2024-08-15; with a 12-month cycle the review was due by 2025-08-15" in details
    assert any(f["path"] == "charter.review_cycle_months" for f in _findings(report, "ISO-7.1.2-REVIEW"))
    page = run("render", str(charter), "-f", "markdown", "--as-of", AS_OF).stdout
    assert "2025-08-15" in page or "15 August 2025" in page
    out = tmp_path / "site"
    assert run("report", str(charter), "-o", str(out), "--as-of", AS_OF).code == 0
    [department] = json.loads((out / "portfolio.json").read_text())["departments"]
    assert department["review_due"] == "2025-08-15"


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
    page = (Path(__file__).parents[1] / "docs" / "measure.md").read_text()
    assert "`site`" in page
