"""Logs kept as spreadsheets (.xlsx, .xlsm, .xls, .ods) measure exactly as their CSV does, through the command.

Each example log is copied into a workbook by an independent writer (openpyxl, odfpy, xlwt), with its dates as
date cells, as spreadsheet serial numbers or as text, and `svcstd measure -f json` must give the same figures to
the byte, apart from the inputs it records (the file and its hash).
"""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import AS_OF, EXAMPLES
from svcstd.measure.sheets import slices

LOGS = EXAMPLES / "logs"
DATES = ("received", "replied", "acknowledged", "resolved")
EPOCH = date(1899, 12, 30)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _cells(rows: list[list[str]], dates: str) -> list[list[object]]:
    """The CSV's rows as cells: each date column as a date cell, a serial number or the text as written."""
    header = rows[0]
    out: list[list[object]] = [list(header)]
    for row in rows[1:]:
        cells: list[object] = []
        for name, value in zip(header, row, strict=False):
            try:
                day = date.fromisoformat(value) if name in DATES and dates != "text" else None
            except ValueError:  # a date no calendar has stays the text a person typed, as in the CSV
                day = None
            cells.append(value if day is None else day if dates == "cells" else (day - EPOCH).days)
        out.append(cells)
    return out


def write_xlsx(rows: list[list[object]], path: Path, sheet: str = "Log", before: tuple[str, ...] = ()) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    for name in before:  # sheets ahead of the log, for --sheet
        first.title = name
        first.append(["nothing", "to", "see"])
        first = book.create_sheet()
    first.title = sheet
    for row in rows:
        first.append(row)
    for cell in (c for r in first.iter_rows(min_row=2) for c in r):
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def write_excel(rows: list[list[object]], path: Path) -> Path:
    """As Excel writes a workbook: every text in the shared-string table (openpyxl writes them inline)."""
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Log")
        dated = book.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, dated)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif value is not None and value != "":
                    sheet.write_string(r, c, str(value))
    return path


def write_ods(rows: list[list[object]], path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Log")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_xls(rows: list[list[object]], path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Log")
    style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value, style) if isinstance(value, date) else sheet.write(r, c, value)
    book.save(str(path))
    return path


WRITERS = {".xlsx": write_xlsx, "excel": write_excel, ".ods": write_ods, ".xls": write_xls}


def suffix(writer: str) -> str:
    return ".xlsx" if writer == "excel" else writer


def _figures(result) -> dict:
    """The report without the files it read: their names and hashes (provenance) and the file and sheet a bad
    row is in, the only parts that may differ between a CSV and its workbook copy."""
    assert result.code in (0, 1), result.stderr
    report = result.json()
    for charter in report["reports"]:
        assert charter["provenance"].pop("inputs")
        for row in charter["bad_rows"]:
            del row["file"]
            row.pop("sheet", None)
    return report


def _measure(run, charter: Path, correspondence: Path, complaints: Path, *extra: str):
    return run(
        "measure", str(charter), "--correspondence", str(correspondence), "--complaints", str(complaints),
        "--period", "2025", "--as-of", AS_OF, "-f", "json", *extra,
    )  # fmt: skip


@pytest.mark.parametrize("name", ["lands-department", "vital-statistics-registry"])
@pytest.mark.parametrize(
    ("extension", "dates"),
    [
        (".xlsx", "cells"),
        ("excel", "cells"),
        (".ods", "cells"),
        (".xls", "cells"),
        (".xlsx", "serials"),
        ("excel", "text"),
        (".ods", "text"),
    ],
)
def test_a_workbook_copy_of_each_example_log_gives_the_csvs_figures(run, tmp_path, name, extension, dates):
    charter = EXAMPLES / f"{name}.yaml"
    logs = {}
    for kind in ("correspondence", "complaints"):
        source = LOGS / f"{name}.{kind}.csv"
        logs[kind] = WRITERS[extension](_cells(_rows(source), dates), tmp_path / f"{name}.{kind}{suffix(extension)}")
    from_csv = _measure(run, charter, LOGS / f"{name}.correspondence.csv", LOGS / f"{name}.complaints.csv")
    from_book = _measure(run, charter, logs["correspondence"], logs["complaints"])
    assert _figures(from_book) == _figures(from_csv)
    assert from_book.code == from_csv.code
    recorded = [entry["file"] for entry in from_book.json()["reports"][0]["provenance"]["inputs"]]
    assert str(logs["correspondence"]) in recorded  # the workbook read is what the report says was read


@pytest.mark.parametrize(
    ("writer", "copies", "part"), [("excel", 20, "xl/worksheets/sheet1.xml"), (".ods", 8, "content.xml")]
)
def test_a_workbook_long_enough_to_be_read_in_slices_gives_its_csvs_figures(run, tmp_path, writer, copies, part):
    """Copies of the lands year (17,000 rows as Excel writes them, 6,800 as an .ods: more than one slice of XML)
    are read in slices, two at a time on worker threads, Excel's shared strings looked up when read: the figures,
    the bad rows and their row numbers are the CSV's. (How a sheet is cut is tested in process, in sheets/.)"""
    rows = _rows(LOGS / "lands-department.correspondence.csv")
    log = [rows[0], *(rows[1:] * copies)]
    text = tmp_path / "lands.correspondence.csv"
    with text.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(log)
    book = WRITERS[writer](_cells(log, "cells"), tmp_path / f"lands.correspondence{suffix(writer)}")
    with zipfile.ZipFile(book) as archive:
        assert archive.getinfo(part).file_size > slices.SLICE_BYTES  # two slices at least
    charter = EXAMPLES / "lands-department.yaml"
    args = ("--period", "2025", "--as-of", AS_OF, "-f", "json")
    from_csv = run("measure", str(charter), "--correspondence", str(text), *args)
    from_book = run("measure", str(charter), "--correspondence", str(book), *args)
    assert _figures(from_book) == _figures(from_csv)
    assert len(from_book.json()["reports"][0]["bad_rows"]) == 2 * copies


def test_sheet_chooses_the_sheet_and_a_missing_one_is_named_with_those_there_are(run, tmp_path):
    name = "lands-department"
    rows = _cells(_rows(LOGS / f"{name}.correspondence.csv"), "cells")
    book = write_xlsx(rows, tmp_path / "letters.xlsx", sheet="2025", before=("Notes",))
    charter = EXAMPLES / f"{name}.yaml"
    plain = run("measure", str(charter), "--correspondence", str(LOGS / f"{name}.correspondence.csv"),
                "--period", "2025", "--as-of", AS_OF, "-f", "json")  # fmt: skip
    chosen = run("measure", str(charter), "--correspondence", str(book), "--sheet", "2025",
                 "--period", "2025", "--as-of", AS_OF, "-f", "json")  # fmt: skip
    assert _figures(chosen) == _figures(plain)
    first = run("measure", str(charter), "--correspondence", str(book), "--period", "2025", "--as-of", AS_OF)
    assert first.code == 2 and "sheet 'Notes'" in first.stderr and "no column received" in first.stderr
    missing = run("measure", str(charter), "--correspondence", str(book), "--sheet", "2026", "--as-of", AS_OF)
    assert missing.code == 2 and "Traceback" not in missing.stderr
    assert f"{book}: has no sheet '2026' (its sheets: 'Notes', '2025')" in missing.stderr


def test_every_bad_row_is_named_by_its_sheet_and_row_and_left_out(run, tmp_path):
    rows: list[list[object]] = [
        ["received", "replied", "channel", "reference"],
        [date(2025, 3, 3), date(2025, 3, 5), "email", "A"],
        ["3 March", date(2025, 3, 5), "email", "B"],  # text that is not a date
        [date(2025, 3, 10), date(2025, 3, 7), "post", "C"],  # replied before received
        [True, None, "post", "D"],  # a tick box where a date belongs
        [date(2025, 3, 11), 3e9, "post", "E"],  # a serial number no calendar has
        [None, None, None, None],  # an empty row is no row
        [45730, "2025-03-14", "email", "F"],  # serial 45730 is 2025-03-13; text dates are read too
    ]
    book = write_xlsx(rows, tmp_path / "letters.xlsx")
    result = run(
        "measure", str(EXAMPLES / "lands-department.yaml"), "--correspondence", str(book),
        "--period", "2025", "--as-of", AS_OF, "-f", "json",
    )  # fmt: skip
    report = result.json()
    bad_rows = report["reports"][0]["bad_rows"]
    assert [(row["sheet"], row["line"]) for row in bad_rows] == [("Log", 3), ("Log", 4), ("Log", 5), ("Log", 6)]
    assert all(row["file"] == str(book) for row in bad_rows)
    assert (
        f"{book}, sheet 'Log', row 4: replied 2025-03-07 is before received 2025-03-10; row left out" in result.stderr
    )
    [reply] = [m for m in report["reports"][0]["standards"] if m["key"] == "correspondence.reply"]
    assert reply["volume"] == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable spreadsheet"),
        (b"\xd0\xcf\x11\xe0 a broken Excel 97 file", "not a readable spreadsheet"),
        (b"received,replied\n2025-03-03,2025-03-04\n", "not a readable spreadsheet"),  # CSV text named .xlsx
    ],
)
def test_a_file_that_is_not_a_workbook_is_one_line_naming_it(run, tmp_path, content, says):
    book = tmp_path / "letters.xlsx"
    book.write_bytes(content)
    result = run("measure", str(EXAMPLES / "lands-department.yaml"), "--correspondence", str(book), "--as-of", AS_OF)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"svcstd: error: {book}") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_opened(run, tmp_path):
    book = tmp_path / "bomb.xlsx"
    zeros = bytes(16 * 1024 * 1024)
    with (
        zipfile.ZipFile(book, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(1040 // 16):  # 1,040 MiB of zeros, a few MiB packed
            part.write(zeros)
    assert book.stat().st_size < 8 * 1024 * 1024
    result = run("measure", str(EXAMPLES / "lands-department.yaml"), "--correspondence", str(book), "--as-of", AS_OF)
    assert result.code == 2 and "unpacks to 1040 MiB, more than svcstd reads (1024 MiB)" in result.stderr


def test_report_and_export_find_workbook_logs_and_refuse_two_files_for_one_log(run, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    name = "lands-department"
    for kind in ("correspondence", "complaints"):
        write_ods(_cells(_rows(LOGS / f"{name}.{kind}.csv"), "cells"), folder / f"{name}.{kind}.ods")
    charter = EXAMPLES / f"{name}.yaml"
    args = ("--measurements", str(folder), "--period", "2025", "--as-of", AS_OF)
    report = run("report", str(charter), "-o", str(tmp_path / "out"), *args)
    assert report.code == 0, report.stderr
    portfolio = json.loads((tmp_path / "out" / "portfolio.json").read_text(encoding="utf-8"))
    assert portfolio["departments"][0]["delivery"], "the .ods logs were measured"
    exported = run("export", str(charter), "--to", "standards", "-o", str(tmp_path / "open"), *args)
    assert exported.code == 0, exported.stderr
    (folder / f"{name}.correspondence.csv").write_bytes((LOGS / f"{name}.correspondence.csv").read_bytes())
    both = run("export", str(charter), "--to", "standards", "-o", str(tmp_path / "again"), *args)
    assert both.code == 2 and "are both the correspondence log" in both.stderr and ".ods" in both.stderr
