"""Figures right for every valid charter, not only the examples (issue 33, items 5 and 6), through `svcstd measure`.

Each case is a charter the format accepts that an earlier reading measured
wrong: a same-day or fractional standard dropped, a week with no open day
read as Monday to Friday, a site's own closures ignored, a verdict judged on
a share other than the one shown, a KPI borrowing a minimum, a log with no
standard to measure it against passed as an empty table.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import svcstd

BASE = """\
format_version: 1
organisation: {name: Small Unit, country: BZ}
opening_hours:
  timezone: America/Belize
  public_holidays: open
  weekly:
    monday: [{opens: "08:00", closes: "16:00"}]
    tuesday: [{opens: "08:00", closes: "16:00"}]
    wednesday: [{opens: "08:00", closes: "16:00"}]
    thursday: [{opens: "08:00", closes: "16:00"}]
    friday: [{opens: "08:00", closes: "16:00"}]
"""


def _measure(tmp_path: Path, charter: str, log: str, *args: str, kind: str = "correspondence") -> dict:
    (tmp_path / "c.yaml").write_text(charter, encoding="utf-8")
    (tmp_path / "log.csv").write_text(log, encoding="utf-8")
    result = svcstd(
        "measure", str(tmp_path / "c.yaml"), f"--{kind}", str(tmp_path / "log.csv"), "--period", "2025",
        "--as-of", "2026-01-15", "-f", "json", *args,
    )  # fmt: skip
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)["reports"][0]


def test_a_same_day_and_a_fractional_standard_are_measured_with_their_kpi(tmp_path):
    charter = BASE + (
        "services:\n"
        "  - {id: stamp, name: Stamp, standard: {within_working_days: 0}}\n"
        "  - {id: copy, name: Copy, standard: {within_working_days: 2.5}}\n"
        "kpis:\n  - {id: same-day, indicator: Stamped the same day, measures: 'service:stamp', target: 90}\n"
    )
    log = (
        "received,replied,service\n"
        "2025-03-03,2025-03-03,stamp\n2025-03-03,2025-03-04,stamp\n"  # Monday: same day, then one day later
        "2025-03-03,2025-03-05,copy\n2025-03-03,2025-03-06,copy\n"  # 2 working days (within 2.5), then 3
    )
    report = _measure(tmp_path, charter, log)
    shares = {s["key"]: (s["within_working_days"], s["volume"], s["within"]) for s in report["standards"]}
    assert shares == {"service:stamp": (0, 2, 1), "service:copy": (2.5, 2, 1)}
    assert [(k["id"], k["value"], k["verdict"]) for k in report["kpis"]] == [("same-day", 50.0, "below target")]


def test_a_week_with_no_open_day_is_closed_except_its_open_days(tmp_path):
    desk = BASE.replace(
        "  weekly:\n"
        + "".join(
            f'    {day}: [{{opens: "08:00", closes: "16:00"}}]\n'
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
        ),
        '  weekly: {}\n  open_on: ["2025-03-03", "2025-03-10"]\n',
    )  # a seasonal desk, open on two Mondays only
    assert "weekly: {}" in desk
    charter = desk + "correspondence: {reply_within_working_days: 1}\n"
    report = _measure(tmp_path, charter, "received,replied\n2025-03-03,2025-03-10\n")
    [reply] = report["standards"]
    assert (reply["volume"], reply["within"], reply["median_working_days"]) == (1, 1, 1)  # one working day later


def test_a_site_without_weekly_hours_keeps_its_own_closures(tmp_path):
    charter = BASE + (
        "correspondence: {reply_within_working_days: 1}\n"
        "sites:\n"
        "  - name: Annex\n"
        "    opening_hours: {closures: [{date: '2025-03-04', reason: Stocktaking}]}\n"
    )
    log = "received,replied,site\n2025-03-03,2025-03-05,Annex\n2025-03-03,2025-03-05,\n"
    [reply] = _measure(tmp_path, charter, log)["standards"]
    # at the annex, closed on the 4th, Monday to Wednesday is one working day; at the main office it is two
    assert (reply["volume"], reply["within"]) == (2, 1)


def test_a_verdict_is_judged_on_the_share_as_shown(tmp_path):
    charter = BASE + (
        "correspondence: {reply_within_working_days: 1}\n"
        "kpis:\n  - {id: replies, indicator: Replies, measures: correspondence.reply, target: 66.67, minimum: 50}\n"
    )
    log = "received,replied\n2025-03-03,2025-03-04\n2025-03-03,2025-03-04\n2025-03-03,2025-03-07\n"
    report = _measure(tmp_path, charter, log)
    [reply] = report["standards"]
    assert (reply["share_percent"], reply["verdict"]) == (66.67, "met")


def test_a_kpi_with_only_a_target_sets_the_pair_and_the_first_kpi_of_a_standard_reads_it(tmp_path):
    charter = BASE + (
        "services:\n  - {id: lic, name: Licence, standard: {within_working_days: 1, target_percent: 90, "
        "minimum_percent: 80}}\n"
        "kpis:\n"
        "  - {id: first, indicator: Licences on time, measures: 'service:lic', target: 40}\n"
        "  - {id: second, indicator: Licences on time again, measures: 'service:lic', target: 99, minimum: 95}\n"
    )
    log = "received,replied,service\n2025-03-03,2025-03-04,lic\n2025-03-03,2025-03-07,lic\n"
    report = _measure(tmp_path, charter, log)
    [licence] = report["standards"]
    assert (licence["target_percent"], licence["minimum_percent"], licence["verdict"]) == (40.0, None, "met")
    assert [(k["id"], k["verdict"]) for k in report["kpis"]] == [("first", "met"), ("second", "below minimum")]


def test_percentiles_are_rounded_as_displayed(tmp_path):
    charter = BASE + "correspondence: {reply_within_working_days: 5}\n"
    rows = "".join(f"2025-03-03,2025-03-{day:02d}\n" for day in (4, 4, 5, 6, 7, 10, 11, 12, 13, 14))
    [reply] = _measure(tmp_path, charter, "received,replied\n" + rows)["standards"]
    for key in ("median_working_days", "p90_working_days"):
        assert reply[key] == round(reply[key], 2)


def test_a_log_with_no_standard_to_measure_it_against_is_refused(tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(BASE + "correspondence: {reply_within_working_days: 5}\n", encoding="utf-8")
    log = tmp_path / "complaints.csv"
    log.write_text("received,acknowledged,resolved\n2025-03-03,2025-03-04,2025-03-10\n", encoding="utf-8")
    result = svcstd("measure", str(charter), "--complaints", str(log), "--as-of", "2026-01-15")
    assert result.code == 2 and "no complaints standard to measure --complaints against" in result.stderr


def test_the_table_shows_the_items_still_open_and_not_yet_due(tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(BASE + "correspondence: {reply_within_working_days: 5}\n", encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text("received,replied\n2026-01-14,\n", encoding="utf-8")
    table = svcstd(
        "measure", str(charter), "--correspondence", str(log), "--period", "2026-01", "--as-of", "2026-01-15"
    )
    assert "Pending" in table.stdout
    markdown = svcstd("measure", str(charter), "--correspondence", str(log), "--period", "2026-01",
                      "--as-of", "2026-01-15", "-f", "markdown")  # fmt: skip
    assert "open, not yet due" in markdown.stdout and "| 1 |" in markdown.stdout


def test_a_value_measure_counts_on_that_the_format_rejects_is_refused_at_its_line(tmp_path):
    charter = tmp_path / "c.yaml"
    text = BASE + "correspondence: {reply_within_working_days: 5}\nmeasurement: {receipt_on_closed_day: next_day}\n"
    charter.write_text(text, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text("received,replied\n2025-03-03,2025-03-04\n", encoding="utf-8")
    result = svcstd("measure", str(charter), "--correspondence", str(log), "--as-of", "2026-01-15")
    line = text.splitlines().index("measurement: {receipt_on_closed_day: next_day}") + 1
    assert result.code == 2 and f"c.yaml:{line}: measurement.receipt_on_closed_day" in result.stderr
    assert check_fails_there(charter)


def check_fails_there(charter: Path) -> bool:
    report = svcstd("check", str(charter), "-f", "json").json()
    return any(
        f["path"] == "measurement.receipt_on_closed_day" for s in report["files"][0]["standards"] for f in s["findings"]
    )


def test_a_sites_unknown_holiday_calendar_is_named_at_the_site(tmp_path):
    charter = BASE + (
        "correspondence: {reply_within_working_days: 5}\n"
        "sites:\n  - name: Annex\n    opening_hours: {holiday_calendar: XX}\n"
    )
    (tmp_path / "c.yaml").write_text(charter, encoding="utf-8")
    (tmp_path / "log.csv").write_text("received,replied\n2025-03-03,2025-03-04\n", encoding="utf-8")
    result = svcstd("measure", str(tmp_path / "c.yaml"), "--correspondence", str(tmp_path / "log.csv"))
    assert result.code == 2 and "sites[0].opening_hours.holiday_calendar" in result.stderr, result.stderr


def test_report_finds_the_logs_of_a_charter_named_x_charter_and_names_charters_without_logs(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "unit.correspondence.csv").write_text("received,replied\n2025-03-03,2025-03-04\n", encoding="utf-8")
    (tmp_path / "unit.charter.yaml").write_text(BASE + "correspondence: {reply_within_working_days: 5}\n")
    (tmp_path / "other.yaml").write_text(BASE + "correspondence: {reply_within_working_days: 5}\n")
    result = svcstd(
        "report", str(tmp_path / "unit.charter.yaml"), str(tmp_path / "other.yaml"), "-o", str(tmp_path / "site"),
        "--measurements", str(logs), "--period", "2025", "--as-of", "2026-01-15",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "other.yaml: no logs in" in result.stderr and "other.correspondence.csv" in result.stderr
    assert "unit.charter.yaml: no logs" not in result.stderr
    departments = json.loads((tmp_path / "site" / "portfolio.json").read_text())["departments"]
    measured = {Path(d["file"]).name: bool(d.get("delivery")) for d in departments}
    assert measured == {"unit.charter.yaml": True, "other.yaml": False}


def test_an_office_closed_on_holidays_with_no_calendar_or_country_is_said_to_count_them(tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        BASE.replace("organisation: {name: Small Unit, country: BZ}", "organisation: {name: Small Unit}").replace(
            "  public_holidays: open\n", ""
        )
        + "correspondence: {reply_within_working_days: 5}\n",
        encoding="utf-8",
    )
    log = tmp_path / "log.csv"
    log.write_text("received,replied\n2025-03-03,2025-03-04\n", encoding="utf-8")
    result = svcstd("measure", str(charter), "--correspondence", str(log), "--as-of", "2026-01-15", "-f", "json")
    assert (
        result.code == 0 and "the main office closes on public holidays but names no holiday_calendar" in result.stderr
    )
    with_country = charter.read_text().replace("{name: Small Unit}", "{name: Small Unit, country: BZ}")
    charter.write_text(with_country, encoding="utf-8")
    quiet = svcstd("measure", str(charter), "--correspondence", str(log), "--as-of", "2026-01-15", "-f", "json")
    assert "holiday_calendar" not in quiet.stderr


def test_report_and_export_refuse_figures_counted_on_a_value_the_format_rejects(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "c.correspondence.csv").write_text("received,replied\n2025-03-03,2025-03-04\n", encoding="utf-8")
    text = BASE + "correspondence: {reply_within_working_days: 5}\nmeasurement: {receipt_on_closed_day: next_day}\n"
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("measurement: {receipt_on_closed_day: next_day}") + 1
    report = svcstd("report", str(tmp_path / "c.yaml"), "-o", str(tmp_path / "site"), "--measurements", str(logs),
                    "--period", "2025", "--as-of", "2026-01-15")  # fmt: skip
    assert report.code == 2 and f"c.yaml:{line}: measurement.receipt_on_closed_day" in report.stderr
    exported = svcstd("export", str(tmp_path / "c.yaml"), "--to", "standards", "-o", str(tmp_path / "open"),
                      "--measurements", str(logs), "--period", "2025", "--as-of", "2026-01-15")  # fmt: skip
    assert exported.code == 2 and f"c.yaml:{line}: measurement.receipt_on_closed_day" in exported.stderr
    assert not (tmp_path / "open").exists()


def test_only_values_that_decide_a_count_are_refused():
    from svcstd.measure.compute import counted_on

    counted = [
        ("measurement", "receipt_on_closed_day"),
        ("opening_hours", "weekly", "monday", 0, "opens"),
        ("sites", 1, "opening_hours", "closures"),
        ("sites", 0, "name"),
        ("correspondence", "reply_within_working_days"),
        ("complaints", "resolve_within_working_days"),
        ("services", 2, "id"),
        ("services", 0, "standard", "within_working_days"),
        ("kpis", 0, "measures"),
        ("kpis", 1, "minimum"),
        ("services",),
    ]
    ignored = [
        ("services", 0, "name"),
        ("kpis", 0, "indicator"),
        ("complaints", "introduction"),
        ("correspondence", "replies_include"),
        ("sites", 0, "address"),
        ("organisation", "name"),
        ("website", "url"),
    ]
    assert all(counted_on(path) for path in counted), [p for p in counted if not counted_on(p)]
    assert not any(counted_on(path) for path in ignored), [p for p in ignored if counted_on(p)]
