"""An .xlsx sheet read a slice at a time reads exactly as calamine reads it whole (src/svcstd/measure/sheets/xlsx.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheet_files import (
    STRINGS,
    WORKBOOK,
    c,
    cell_values,
    cut_small,
    forbid_whole,
    log_rows,
    package,
    row,
    sliced,
    whole,
)

from svcstd.errors import InputError
from svcstd.measure.sheets import open_sheet, slices


def test_a_sheet_cut_into_many_slices_reads_as_calamine_reads_it_whole(monkeypatch):
    cuts = cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = package(log_rows(60), STRINGS)
    assert sliced(raw) == whole(raw)
    assert len(cuts) > 10, "the sheet was not cut"
    assert all(size < 600 for size in cuts), "a slice held more than the rows that fill it"


def test_gaps_between_rows_and_slices_keep_each_rows_own_number(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    rows_xml = log_rows(0) + "".join(
        row(n, c(f"A{n}", "45700", style="1"), c(f"B{n}", "3", "s")) for n in (2, 3, 50, 51, 52, 4000, 70000)
    )
    raw = package(rows_xml, STRINGS)
    assert [number for number, _ in sliced(raw)] == [1, 2, 3, 50, 51, 52, 4000, 70000]
    assert sliced(raw) == whole(raw)


def test_a_slice_whose_rows_start_right_of_column_a_keeps_its_columns(monkeypatch):
    """calamine gives each slice from its first used column: a slice where column A is empty is moved back."""
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    rows_xml = log_rows(0) + "".join(row(n, c(f"C{n}", f"late-{n}", "inlineStr")) for n in range(2, 40))
    raw = package(rows_xml + row(40, c("A40", "45700", style="1")), STRINGS)
    assert sliced(raw) == whole(raw)
    assert sliced(raw)[5][1] == ["", "", "late-6"]


def test_a_prefixed_worksheet_is_cut_as_any_other(monkeypatch):
    cuts = cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    rows_xml = log_rows(30).replace("<row", "<x:row").replace("</row>", "</x:row>")
    rows_xml = rows_xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<v>", "<x:v>")
    rows_xml = rows_xml.replace("</v>", "</x:v>").replace("<is>", "<x:is>").replace("</is>", "</x:is>")
    rows_xml = rows_xml.replace("<t>", "<x:t>").replace("</t>", "</x:t>")
    raw = package(rows_xml, STRINGS, prefix="x")
    assert sliced(raw) == whole(raw)
    assert len(cuts) > 5


def test_the_sheets_declared_extent_is_not_handed_to_each_slice(monkeypatch):
    """calamine sizes its grid by `<dimension>`: kept, every slice would allocate the whole sheet's grid."""
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = package(log_rows(30), STRINGS, head='<dimension ref="A1:C1048576"/>')
    assert sliced(raw) == whole(raw)


def test_rows_without_numbers_are_read_whole_and_the_same(monkeypatch):
    cut_small(monkeypatch)
    rows_xml = log_rows(20).replace('<row r="', '<row data-r="')
    raw = package(rows_xml, STRINGS)
    assert sliced(raw) == whole(raw)


def test_a_fault_past_the_first_slice_is_calamines_error_naming_the_file(monkeypatch):
    cut_small(monkeypatch)
    import python_calamine

    raw = package(log_rows(40) + row(60, '<c r="A60" t="x"><v>1</v></c>'), STRINGS)
    with pytest.raises(InputError) as raised:
        sliced(raw)
    with pytest.raises(python_calamine.CalamineError) as calamine:
        whole(raw)
    assert raised.value.path == "log"
    assert " ".join(str(calamine.value).split()) in str(raised.value)


def test_a_part_that_does_not_unpack_is_one_error_naming_the_file(monkeypatch):
    cut_small(monkeypatch)
    raw = bytearray(package(log_rows(400), STRINGS))
    middle = raw.find(b"xl/worksheets/sheet1.xml") + 200
    raw[middle : middle + 40] = bytes(40)  # the sheet's compressed data broken
    with pytest.raises(InputError) as raised:
        sliced(bytes(raw))
    assert raised.value.path == "log" and "not a readable spreadsheet" in str(raised.value)


def test_a_sheet_with_no_rows_has_no_header(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    sheet = open_sheet("log.xlsx", package(None, STRINGS), None)
    assert sheet.header == [] and list(sheet.rows) == []


CELLS = cell_values(controls=True)


def write_openpyxl(rows: list[tuple[int, int, list[Any]]], path: Path) -> None:
    """Texts inline, as openpyxl writes them (it refuses control characters, so they are left out)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    log = book.active
    assert log is not None
    log.title = "Log"
    for number, column, value in rows:
        log.cell(number, column, ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)
    book.save(path)


def write_xlsxwriter(rows: list[tuple[int, int, list[Any]]], path: Path) -> None:
    """Texts in the shared-string table, as Excel writes them (control characters escaped as `_xHHHH_`)."""
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as book:
        log = book.add_worksheet("Log")
        dated = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for number, column, value in rows:
            if isinstance(value, (date, datetime)):
                log.write_datetime(number - 1, column - 1, value, dated)
            elif isinstance(value, bool):
                log.write_boolean(number - 1, column - 1, value)
            elif isinstance(value, (int, float)):
                log.write_number(number - 1, column - 1, value)
            else:
                log.write_string(number - 1, column - 1, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.integers(0, 30), st.lists(CELLS, max_size=6), st.integers(0, 3)), max_size=25),
    slice_bytes=st.integers(80, 3000),
    write=st.sampled_from([write_openpyxl, write_xlsxwriter]),
)
def test_any_sheet_reads_sliced_as_calamine_reads_it_whole(rows, slice_bytes, write, monkeypatch, tmp_path: Path):
    """Any cells, gaps between rows and empty leading columns, written inline or to a shared-string table, in slices
    of any size: the same texts."""
    forbid_whole(monkeypatch)
    monkeypatch.setattr(slices, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(slices, "READ_BYTES", 97)
    cells, number = [], 1
    for gap, values, indent in rows:
        number += gap
        cells += [(number, column, value) for column, value in enumerate(values, 1 + indent) if value is not None]
        number += 1
    path = tmp_path / "log.xlsx"
    write(cells, path)
    raw = path.read_bytes()
    assert sliced(raw) == whole(raw)


def test_a_workbook_part_that_expands_entities_is_left_to_calamine_and_never_expanded(monkeypatch):
    """A billion-laughs DTD in workbook.xml: expat refuses to expand it, so the slicer stands aside, and calamine,
    reading the workbook whole, says what it makes of it in one error naming the file."""
    cut_small(monkeypatch)
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10))
    workbook = WORKBOOK.replace("<sheets>", '<fileVersion appName="&lol9;"/><sheets>')
    raw = package(log_rows(5), STRINGS, workbook=f"<!DOCTYPE workbook [{laughs}]>{workbook}")
    try:
        read = sliced(raw)
    except InputError as error:
        assert error.path == "log" and "not a readable spreadsheet" in str(error)
    else:
        assert read == whole(raw)
