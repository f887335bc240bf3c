"""`svcstd export` under hostile input: names in calendars and file names, logs, CSV formulas, HSDS ids."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import icalendar
import pytest

from conftest import AS_OF, EXAMPLES
from made_in_process import AIRPORT, IMMIGRATION, LANDS_TEXT, REGISTRY_TEXT, _hsds, _one_line_error, _write

CONTROLS = ("\x1b", "\x00", "\x07", "\x7f", "\x0b", "\x0c", "\r")


@pytest.mark.parametrize("control", ["\n", *CONTROLS])
def test_a_line_break_or_control_character_in_a_name_never_reaches_a_calendar(run, tmp_path, control):
    name = f"Airport{control}END:VCALENDAR{control}BEGIN:VEVENT"
    charter = _write(tmp_path, "imm.yaml", IMMIGRATION.replace(f"name: {AIRPORT}", f"name: {json.dumps(name)}"))
    out = tmp_path / "out"
    result = run("export", str(charter), "--to", "ical", "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    for path in out.glob("*.ics"):
        raw = path.read_bytes()
        lines = raw.decode("utf-8").split("\r\n")
        assert not any(char in line for line in lines for char in (*CONTROLS, "\n")), path.name
        calendar = icalendar.Calendar.from_ical(raw)
        assert sum(1 for c in calendar.walk() if c.name == "VCALENDAR") == 1
        names = [str(c.get("summary")) for c in calendar.walk("VEVENT")]
        assert all("BEGIN:VEVENT" not in n or n.startswith("Airport END:VCALENDAR BEGIN:VEVENT") for n in names)
    site = tmp_path / "site"
    rendered = run("render", str(charter), "--with-exports", "-o", str(site), "--as-of", AS_OF)
    assert rendered.code == 0, rendered.stderr


def test_the_main_office_calendar_names_the_department_once(run, tmp_path):
    out = tmp_path / "out"
    assert run("export", str(EXAMPLES / "lands-department.yaml"), "--to", "ical", "-o", str(out)).code == 0
    calendar = icalendar.Calendar.from_ical((out / "lands-department.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("Lands and Surveys Department opening hours ")


def test_long_and_non_ascii_names_give_short_distinct_file_names(run, tmp_path):
    text = IMMIGRATION.replace(f"name: {AIRPORT}", "name: " + "A" * 260).replace(
        "name: Western Border Station", "name: 東京"
    )
    charter = _write(tmp_path, "x" * 240 + ".yaml", text)
    out = tmp_path / "out"
    result = run("export", str(charter), "--to", "ical", "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.ics"))
    assert len(names) == 3 and all(len(name.encode()) <= 255 for name in names)
    text = text.replace("name: 東京", "name: 大阪", 1).replace("- name: " + "A" * 260, "- name: 東京", 1)
    _write(tmp_path, "y.yaml", text)
    both = tmp_path / "both"
    assert run("export", str(tmp_path / "y.yaml"), "--to", "ical", "-o", str(both), "--as-of", AS_OF).code == 0
    assert len(list(both.glob("*.ics"))) == 3  # 東京 and 大阪 both become "site": kept apart by a hash
    rendered = run("render", str(charter), "--with-exports", "-o", str(tmp_path / "site"), "--as-of", AS_OF)
    assert rendered.code == 0, rendered.stderr


@pytest.mark.parametrize(
    "log",
    [
        "received,replied,channel\n2025-01-02,2025-01-03,email\n".encode("utf-16"),
        "received,replied,channel,service,reference\n2025-01-02,2025-01-03,email,x,Pe\xf1a\n".encode("latin-1"),
        b"received,replied\x00,channel\n",
        b"received,channel\n2025-01-02,email\n",
        b"",
    ],
)
def test_export_refuses_an_unreadable_log_naming_it(run, tmp_path, log):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "lands-department.correspondence.csv").write_bytes(log)
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", "--period", "2025",
    )  # fmt: skip
    _one_line_error(result)
    assert "lands-department.correspondence.csv" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_log_that_is_a_fifo_or_a_device(run, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    os.mkfifo(logs / "lands-department.correspondence.csv")
    (logs / "lands-department.complaints.csv").symlink_to("/dev/zero")
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", timeout=20,
    )  # fmt: skip
    _one_line_error(result)


def test_export_warns_of_each_row_left_out_as_measure_does(run, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    good = (EXAMPLES / "logs/lands-department.correspondence.csv").read_text()
    (logs / "lands-department.correspondence.csv").write_text(good + "not a date,2025-01-02,email,,X\n")
    measured = run(
        "measure", "examples/lands-department.yaml", "--correspondence", str(logs / "lands-department.correspondence.csv"),
        "-f", "json", "--period", "2025", "--as-of", "2026-01-15",
    )  # fmt: skip
    left_out = [line for line in measured.stderr.splitlines() if "row left out" in line]
    assert left_out
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", "--period", "2025",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert left_out[0] in result.stderr.splitlines()


@pytest.mark.parametrize(
    "name", ["Lands\r=cmd|' /C calc'!A0", "Lands\n@SUM(1+1)", " =1+1", "\t=1+1", "\u200b=1+1", "＝1+1", 'a "b", c']
)
def test_csv_exports_quote_every_line_break_and_guard_every_formula(run, tmp_path, name):
    charter = _write(
        tmp_path, "lands.yaml", LANDS_TEXT.replace("name: Lands and Surveys Department", f"name: {json.dumps(name)}", 1)
    )
    for to, files in (("standards", ["service-standards.csv"]), ("hsds", ["organizations.csv", "locations.csv"])):
        out = tmp_path / to
        result = run("export", str(charter), "--to", to, "-o", str(out), "--as-of", AS_OF)
        assert result.code == 0, result.stderr
        for file in files:
            text = (out / file).read_text(encoding="utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len({len(row) for row in rows}) == 1, file  # rectangular: no record split
            cells = [cell for row in rows[1:] for cell in row if name.strip("\u200b\t ").lstrip("＝")[:4] in cell]
            assert cells, file
            for cell in cells:
                if re.match(r"[\s\u200b]*[=+\-@＝]", cell):
                    pytest.fail(f"{file}: {cell!r} would start a formula")
            assert all(line.count('"') % 2 == 0 for line in text.split("\n") if "\r" not in line and '"' not in line)


def test_a_site_named_main_is_not_the_main_office(run, tmp_path):
    charter = _write(tmp_path, "imm.yaml", IMMIGRATION.replace(f"name: {AIRPORT}", "name: Main"))
    result, out = _hsds(run, tmp_path, charter)
    assert result.code == 0, result.stderr
    locations = list(csv.DictReader((out / "locations.csv").open(encoding="utf-8")))
    assert len(locations) == 3 and len({row["id"] for row in locations}) == 3


def test_two_charters_with_one_file_name_are_refused_naming_both(run, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _write(tmp_path / "a", "dept.yaml", LANDS_TEXT)
    second = _write(tmp_path / "b", "dept.yaml", REGISTRY_TEXT)
    result, out = _hsds(run, tmp_path, first, second)
    _one_line_error(result)
    assert str(first) in result.stderr and str(second) in result.stderr and not out.exists()
