"""`svcstd measure` through the command as a department runs it: figures against an independent count, tables, bad logs and rows."""

from __future__ import annotations

import csv
import json
import runpy
import sys
from datetime import date, timedelta

import holidays
import pytest

from conftest import EXAMPLES, ROOT, svcstd
from svcstd.measure.working_days import percentile

LOGS = EXAMPLES / "logs"


def test_percentile_interpolates_between_ranks():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([0, 10], 0.9) == 9
    assert percentile([7], 0.9) == 7


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
