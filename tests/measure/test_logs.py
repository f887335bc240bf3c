"""Logs as departments keep them (measure/logs.py): delimiters, names, repeated rows and many combinations."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import EXAMPLES
from made_in_process import DAY
from svcstd.measure import logs
from svcstd.measure.compute import (
    Calendars,
    Standard,
    measure_standard,
    parse_period,
)
from svcstd.measure.logs import Log, log_paths


def test_logs_are_found_by_the_charters_name(tmp_path):
    (tmp_path / "lands.correspondence.csv").write_text("x")
    (tmp_path / "lands.complaints.csv").mkdir()  # not a log: found, so the reader refuses it in its own words
    assert log_paths(str(tmp_path), "charters/lands.yaml") == {
        "correspondence": str(tmp_path / "lands.correspondence.csv"),
        "complaints": str(tmp_path / "lands.complaints.csv"),
    }
    assert log_paths(str(tmp_path), "charters/other.yaml") == {}
    assert log_paths(None, "charters/lands.yaml") == {} and log_paths(str(tmp_path), "-") == {}


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_logs_exported_with_semicolons_or_tabs_are_read(run, tmp_path, delimiter):
    source = (EXAMPLES / "logs/lands-department.correspondence.csv").read_text()
    log = tmp_path / "log.csv"
    log.write_text(source.replace(",", delimiter))

    def standards(correspondence: Path) -> list:
        args = ("--correspondence", str(correspondence), "--period", "2025", "--as-of", "2026-01-15", "-f", "json")
        return run("measure", "examples/lands-department.yaml", *args).json()["reports"][0]["standards"]

    assert standards(log) == standards(EXAMPLES / "logs/lands-department.correspondence.csv")


def test_rows_alike_but_for_their_reference_are_one_item_counted_as_often(tmp_path):
    text = "received,replied,reference\n2025-03-03,2025-03-04,A\n2025-03-03,2025-03-04,B\n,,C\n\n2025-03-05,,D\n,,\n"
    log = Log("l.csv", text=text)
    assert [(item.line, item.received, count) for item, count in log.counted()] == [
        (2, date(2025, 3, 3), 2),
        (6, date(2025, 3, 5), 1),
    ]
    assert log.count == 3 and [(row.line, row.reason) for row in log.bad_rows] == [(4, "received is empty")]
    standard = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    measured = measure_standard(standard, log, Calendars({}), parse_period("2025", DAY), DAY)
    assert (measured.volume, measured.within, measured.overdue_open) == (3, 2, 1)


def test_a_log_with_more_combinations_than_are_held_at_once_counts_every_row(monkeypatch):
    monkeypatch.setattr(logs, "MAX_DISTINCT", 3)
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(10)]
    text = "received,replied\n" + "".join(f"{d},{d}\n{d},{d}\n" for d in days)
    log = Log("l.csv", text=text)
    counted = list(log.counted())
    assert sum(count for _, count in counted) == 20 == log.count
    assert {item.received for item, _ in counted} == set(days)
