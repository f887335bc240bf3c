"""An .ods table read a slice at a time reads exactly as calamine reads it whole (src/svcstd/measure/sheets/ods.py).

An .ods row carries no number: the rows before each slice are counted as it is cut, repeated rows included.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheet_files import cell_values, cut_small, forbid_whole, ocell, ods, ods_log, orow, run_child, sliced, whole

from svcstd.errors import InputError
from svcstd.measure.sheets import open_sheet, slices
from svcstd.measure.sheets.ods import MAX_ROWS


def test_a_table_cut_into_many_slices_reads_as_calamine_reads_it_whole(monkeypatch):
    cuts = cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = ods({"Log": ods_log(80)})
    assert sliced(raw) == whole(raw)
    assert len(cuts) > 10, "the table was not cut"


def test_repeated_and_empty_rows_count_toward_every_later_rows_number(monkeypatch):
    """`number-rows-repeated` rows (with content, or blank as LibreOffice writes gaps) are rows calamine counts."""
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    rows = ods_log(10) + orow(ocell("twice"), ocell(None, repeated=2), ocell(3.5), repeated=2)
    rows += orow(ocell(None), repeated=500) + ods_log(30) + orow(ocell(None, repeated=1024), repeated=1048000)
    raw = ods({"Log": rows})
    read = sliced(raw)
    assert read == whole(raw)
    assert [number for number, cells in read if cells[0] == "twice"] == [12, 13]
    assert read[-1][0] == 544  # 11 rows, 2 repeated, 500 blank, a second header and 30 rows


def test_a_table_is_found_by_name_past_a_long_one_before_it(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = ods({"Notes": ods_log(60), "Log & more": ods_log(20)})
    assert sliced(raw, "Log & more") == whole(raw, "Log & more")
    assert sliced(raw) == whole(raw, "Notes")  # the first table when none is named
    with pytest.raises(InputError, match=r"has no sheet 'Log' \(its sheets: 'Notes', 'Log & more'\)"):
        open_sheet("log.ods", raw, "Log")


@pytest.mark.parametrize(
    "odd",
    [
        # a group of rows across a cut: the slice's XML does not balance, and the table is read whole
        "<table:table-row-group>" + ods_log(30).split("</table:table-row>", 1)[1] + "</table:table-row-group>",
        # a table within a cell, whose end tag would end the log early
        orow(
            '<table:table-cell><table:table table:name="inner">'
            + orow(ocell("inner"))
            + "</table:table></table:table-cell>"
        )
        + ods_log(30),
    ],
)
def test_a_table_laid_out_otherwise_reads_the_same(monkeypatch, odd):
    cut_small(monkeypatch)
    raw = ods({"Log": ods_log(5) + odd})
    assert sliced(raw) == whole(raw)


def test_rows_past_the_last_calamine_reads_are_read_whole_and_the_same(monkeypatch):
    """calamine reads no row past 1,048,576: a table that reaches it is read whole, where calamine stops."""
    cut_small(monkeypatch)
    raw = ods({"Log": ods_log(20) + orow(ocell(None), repeated=MAX_ROWS - 30) + ods_log(20)})
    assert sliced(raw) == whole(raw)
    assert sliced(raw)[-1][0] == MAX_ROWS


def test_a_table_calamine_never_finishes_is_one_error_naming_the_file_in_bounded_time():
    """calamine loops for ever on an .ods whose table is cut short: svcstd waits its bounded time (a second, in the
    child process this runs in), then says so in one error naming the file, and exits though the thread has not."""
    child = run_child("hanging_tables.py", "cut-short")
    assert child.returncode == 0, child.stderr
    message, seconds = child.stdout.strip().rsplit(" after ", 1)
    assert message == (
        "log: not a readable spreadsheet: calamine did not finish reading it in 1 s, as it does not with some damaged "
        "files; save a fresh copy from the spreadsheet program"
    )
    assert float(seconds) < 20


def test_a_slice_calamine_never_finishes_is_read_whole_and_the_same():
    """Garbage that makes one slice a table cut short (`<table:table-` before a row): calamine would loop on that
    slice for ever; svcstd stops waiting, reads the table whole, and reads what calamine reads."""
    child = run_child("hanging_tables.py", "garbage")
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "the same"


def test_an_empty_table_has_no_header(monkeypatch):
    cut_small(monkeypatch)
    forbid_whole(monkeypatch)
    raw = ods({"Log": None})
    sheet = open_sheet("log.ods", raw, None)
    assert sheet.header == [] and list(sheet.rows) == []


CELLS = cell_values(controls=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.lists(st.tuples(CELLS, st.integers(1, 3)), max_size=6), st.integers(1, 4)), max_size=30),
    slice_bytes=st.integers(80, 3000),
)
def test_any_table_reads_sliced_as_calamine_reads_it_whole(rows, slice_bytes, monkeypatch):
    """Any cells, each possibly repeated across columns, in rows possibly repeated, in slices of any size."""
    forbid_whole(monkeypatch)
    monkeypatch.setattr(slices, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(slices, "READ_BYTES", 97)
    body = "".join(orow(*(ocell(value, times) for value, times in cells), repeated=times) for cells, times in rows)
    raw = ods({"Log": body})
    assert sliced(raw) == whole(raw)
