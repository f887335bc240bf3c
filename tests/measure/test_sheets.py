"""A workbook log read a slice at a time reads exactly as calamine reads the sheet whole (src/svcstd/measure/sheets.py).

In process, with slices of a few hundred bytes, so a small sheet is cut many
times: the command line adds nothing to how a sheet is cut (the figures through
the command are in test_spreadsheet_logs.py). The oracle is python-calamine
loading the same file whole, as svcstd did before it sliced.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcstd.errors import InputError
from svcstd.measure import sheets
from svcstd.measure.sheets import MARK, cell_text, open_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def package(rows_xml: str, strings: list[str] | str | None = None, prefix: str = "", head: str = "") -> bytes:
    """An .xlsx written by hand, so each test controls the XML calamine and the slicer see: one sheet "Log" whose
    `<sheetData>` holds `rows_xml`, style 1 a date format, and a shared-string table of `strings` (a list of plain
    texts, or the table's inner XML as it is)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    sheet = f"<{p}worksheet {xmlns}>{head}<{p}sheetData>{rows_xml}</{p}sheetData></{p}worksheet>"
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId2", "styles", "styles.xml")]
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="r1" Type="{OFFICE}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
        '<sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        rels.append(("rId3", "sharedStrings", "sharedStrings.xml"))
        inner = strings if isinstance(strings, str) else "".join(f"<si><t>{_escape(s)}</t></si>" for s in strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{inner}</sst>'
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{RELS}">'
        + "".join(f'<Relationship Id="{i}" Type="{OFFICE}/{kind}" Target="{target}"/>' for i, kind, target in rels)
        + "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def whole(raw: bytes) -> list[tuple[int, list[str]]]:
    """The oracle: calamine's reading of the whole sheet, as the text of each non-blank row, from column A."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_name("Log")
    column = sheet.start[1] if sheet.start else 0
    return _texts((number, [""] * column + cells) for number, cells in enumerate(sheet.iter_rows(), start=1))


def sliced(raw: bytes) -> list[tuple[int, list[str]]]:
    """svcstd's reading: the header and the rows after it, each cell as `Sheet.text` reads it."""
    sheet = open_sheet("log.xlsx", raw, None)
    header = [(1, sheet.header)] if sheet.header else []
    return _texts([*header, *sheet.rows], sheet.text)


def _texts(rows: Any, text: Any = cell_text) -> list[tuple[int, list[str]]]:
    found = []
    for number, cells in rows:
        texts = [text(cell, "") for cell in cells]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            found.append((number, texts))
    return found


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Slices of 300 bytes, so every few rows make one; the list records each slice's size as calamine is given it."""
    monkeypatch.setattr(sheets, "SLICE_BYTES", 300)
    monkeypatch.setattr(sheets, "READ_BYTES", 128)
    read = sheets._Slicer._read
    seen: list[int] = []

    def counted(self: Any, xml: bytes) -> Any:
        seen.append(len(xml))
        return read(self, xml)

    monkeypatch.setattr(sheets._Slicer, "_read", counted)
    return seen


@pytest.fixture
def never_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine is never asked for the whole sheet: the test fails if svcstd falls back to reading it at once."""

    def refuse(path: str, raw: bytes) -> Any:
        raise AssertionError("the sheet was read whole")

    monkeypatch.setattr(sheets, "_workbook", refuse)


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def c(ref: str, value: str, kind: str = "", style: str = "") -> str:
    """A cell: `kind` s (shared string, value its index), inlineStr (value its text), n or str."""
    attributes = f' r="{ref}"' + (f' s="{style}"' if style else "") + (f' t="{kind}"' if kind else "")
    if kind == "inlineStr":
        return f"<c{attributes}><is><t>{value}</t></is></c>"
    return f"<c{attributes}><v>{value}</v></c>"


def log_rows(count: int, start: int = 2) -> str:
    """A header of shared strings 0-2 and `count` rows: a date cell, a shared-string service and an inline reference."""
    header = row(1, c("A1", "0", "s"), c("B1", "1", "s"), c("C1", "2", "s"))
    body = "".join(
        row(
            n,
            c(f"A{n}", str(45658 + n % 40), style="1"),
            c(f"B{n}", str(3 + n % 2), "s"),
            c(f"C{n}", f"R-{n}", "inlineStr"),
        )
        for n in range(start, start + count)
    )
    return header + body


STRINGS = ["received", "service", "reference", "land-title-search", "lease-application"]


def test_a_sheet_cut_into_many_slices_reads_as_calamine_reads_it_whole(small_slices, never_whole):
    raw = package(log_rows(60), STRINGS)
    assert sliced(raw) == whole(raw)
    assert len(small_slices) > 10, "the sheet was not cut"
    assert all(size < 600 for size in small_slices), "a slice held more than the rows that fill it"


def test_shared_strings_reach_calamine_as_marks_and_are_looked_up_only_when_read(small_slices, never_whole):
    sheet = open_sheet("log.xlsx", package(log_rows(10), STRINGS), None)
    cells = [cells for _, cells in sheet.rows]
    assert {cell[1] for cell in cells} == {MARK + "3", MARK + "4"}, "calamine was handed the table after all"
    assert sheet.strings is not None and sheet.strings.starts is None  # nothing looked up while counting rows
    assert sheet.text(cells[0][1], "service") in ("land-title-search", "lease-application")
    assert [sheet.text(name, "") for name in sheet.header] == ["received", "service", "reference"]


def test_gaps_between_rows_and_slices_keep_each_rows_own_number(small_slices, never_whole):
    rows_xml = log_rows(0) + "".join(
        row(n, c(f"A{n}", "45700", style="1"), c(f"B{n}", "3", "s")) for n in (2, 3, 50, 51, 52, 4000, 70000)
    )
    raw = package(rows_xml, STRINGS)
    assert [number for number, _ in sliced(raw)] == [1, 2, 3, 50, 51, 52, 4000, 70000]
    assert sliced(raw) == whole(raw)


def test_a_slice_whose_rows_start_right_of_column_a_keeps_its_columns(small_slices, never_whole):
    """calamine gives each slice from its first used column: a slice where column A is empty is moved back."""
    rows_xml = log_rows(0) + "".join(row(n, c(f"C{n}", f"late-{n}", "inlineStr")) for n in range(2, 40))
    raw = package(rows_xml + row(40, c("A40", "45700", style="1")), STRINGS)
    assert sliced(raw) == whole(raw)
    assert sliced(raw)[5][1] == ["", "", "late-6"]


def test_a_prefixed_worksheet_is_cut_as_any_other(small_slices, never_whole):
    rows_xml = log_rows(30).replace("<row", "<x:row").replace("</row>", "</x:row>")
    rows_xml = rows_xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<v>", "<x:v>")
    rows_xml = rows_xml.replace("</v>", "</x:v>").replace("<is>", "<x:is>").replace("</is>", "</x:is>")
    rows_xml = rows_xml.replace("<t>", "<x:t>").replace("</t>", "</x:t>")
    raw = package(rows_xml, STRINGS, prefix="x")
    assert sliced(raw) == whole(raw)
    assert len(small_slices) > 5


def test_the_sheets_declared_extent_is_not_handed_to_each_slice(small_slices, never_whole):
    """calamine sizes its grid by `<dimension>`: kept, every slice would allocate the whole sheet's grid."""
    raw = package(log_rows(30), STRINGS, head='<dimension ref="A1:C1048576"/>')
    assert sliced(raw) == whole(raw)


@pytest.mark.parametrize(
    ("table", "reads"),
    [
        ("<si><t>plain</t></si>", "plain"),
        ("<si><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r></si>", "rich"),
        ('<si><t>base</t><rPh sb="0" eb="1"><t>PHON</t></rPh><phoneticPr fontId="1"/></si>', "base"),
        ("<si><t>a_x000D_b_x005F_x0041_</t></si>", "a\rb_x0041_"),
        ("<si><t>[_x00e9_|_x00FF_|_x0100_|_xD800_|_X0041_|__x0041_]</t></si>", "[é|ÿ|_x0100_|_xD800_|_X0041_|_A]"),
        ("<si><t>&amp;&lt;&#x41;&#66;&quot;</t></si>", '&<AB"'),
        ('<si><t xml:space="preserve">  spaced  </t></si>', "  spaced  "),
        ("<si/>", ""),
        ("<si><t/></si>", ""),
        ("<si><t>line\r\nnext</t></si>", "line\nnext"),
        (f"<si><t>{MARK}7</t></si>", f"{MARK}7"),
    ],
)
def test_each_kind_of_shared_string_reads_as_calamine_reads_it(small_slices, never_whole, table, reads):
    raw = package(row(1, c("A1", "0", "s")) + row(2, c("A2", "1", "s")), "<si><t>received</t></si>" + table)
    assert sliced(raw) == whole(raw) == ([(1, ["received"]), (2, [reads])] if reads else [(1, ["received"])])


@pytest.mark.parametrize(
    "odd",
    [
        c("B30", "1", "s").replace(' t="s"', " t='s'"),  # single quotes
        '<c t="s" r="B30"><v>1</v></c>',  # the type before the position
        '<c r="B30" t="s"><f>"x"</f><v>1</v></c>',  # a formula before the value
        c("B30", "<![CDATA[R-1]]>", "inlineStr"),  # CDATA: the slice's text cannot be searched safely
        c("B30", f"{MARK}4", "inlineStr"),  # a text of the cell's own that begins with the mark
        c("B30", "&#xE000;4", "inlineStr"),  # the same, written as a character reference
        c("B30", "&#57344;4", "inlineStr"),
    ],
)
def test_a_slice_laid_out_otherwise_is_read_with_the_table_and_reads_the_same(small_slices, never_whole, odd):
    raw = package(log_rows(20) + row(30, c("A30", "45700", style="1"), odd), STRINGS)
    assert sliced(raw) == whole(raw)


@pytest.mark.parametrize(
    "index",
    ["3", "03", "00000000000000000000000003", " 3", "3 ", "+3", "3.0", "-1", "x", "\u0663", "", "18446744073709551616"],
)
def test_a_shared_string_index_reads_as_calamine_reads_it(small_slices, never_whole, index):
    """calamine reads ASCII digits within 64 bits as the index and anything else as entry 0."""
    raw = package(row(1, c("A1", "0", "s")) + row(2, f'<c r="A2" t="s"><v>{index}</v></c>'), STRINGS)
    assert sliced(raw) == whole(raw)


def test_a_table_that_cannot_be_searched_is_handed_to_calamine_with_every_slice(small_slices, never_whole):
    strings = "".join(f"<si><t>{s}</t></si>" for s in STRINGS) + "<!-- <si><t>not an entry</t></si> -->"
    raw = package(log_rows(20) + row(30, c("A30", "5", "s")), strings + "<si><t>after the comment</t></si>")
    assert sliced(raw) == whole(raw)
    assert sliced(raw)[-1] == (30, ["after the comment"])


def test_rows_without_numbers_are_read_whole_and_the_same(small_slices):
    rows_xml = log_rows(20).replace('<row r="', '<row data-r="')
    raw = package(rows_xml, STRINGS)
    assert sliced(raw) == whole(raw)


def test_a_fault_past_the_first_slice_is_calamines_error_naming_the_file(small_slices):
    import python_calamine

    raw = package(log_rows(40) + row(60, '<c r="A60" t="x"><v>1</v></c>'), STRINGS)
    with pytest.raises(InputError) as raised:
        sliced(raw)
    with pytest.raises(python_calamine.CalamineError) as calamine:
        whole(raw)
    assert raised.value.path == "log.xlsx"
    assert " ".join(str(calamine.value).split()) in str(raised.value)


def test_a_part_that_does_not_unpack_is_one_error_naming_the_file(small_slices):
    raw = bytearray(package(log_rows(400), STRINGS))
    middle = raw.find(b"xl/worksheets/sheet1.xml") + 200
    raw[middle : middle + 40] = bytes(40)  # the sheet's compressed data broken
    with pytest.raises(InputError) as raised:
        sliced(bytes(raw))
    assert raised.value.path == "log.xlsx" and "not a readable spreadsheet" in str(raised.value)


def test_a_sheet_with_no_rows_has_no_header(small_slices, never_whole):
    sheet = open_sheet("log.xlsx", package("", STRINGS).replace(b"<sheetData></sheetData>", b"<sheetData/>"), None)
    assert sheet.header == [] and list(sheet.rows) == []


def test_a_shared_string_index_past_the_table_is_an_error_naming_the_file(small_slices, never_whole):
    sheet = open_sheet("log.xlsx", package(log_rows(3) + row(9, c("A9", "99", "s")), STRINGS), None)
    *_, (_, last) = sheet.rows
    with pytest.raises(InputError, match="shared string 99 is not in its table"):
        sheet.text(last[0], "service")


def test_leaving_a_sheet_half_read_stops_its_workers(small_slices, never_whole):
    sheet = open_sheet("log.xlsx", package(log_rows(200), STRINGS), None)
    next(sheet.rows)
    sheet.rows.close()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while any(t.name.startswith("svcstd-sheet") for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name.startswith("svcstd-sheet") for t in threading.enumerate())


CELLS = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["_x000D_", "_x005F_x0041_", MARK, MARK + "3", "a&b<c>", " spaced ", "=1+1", "line\r\nnext"]),
)


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
    monkeypatch.setattr(sheets, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(sheets, "READ_BYTES", 97)
    cells, number = [], 1
    for gap, values, indent in rows:
        number += gap
        cells += [(number, column, value) for column, value in enumerate(values, 1 + indent) if value is not None]
        number += 1
    path = tmp_path / "log.xlsx"
    write(cells, path)
    raw = path.read_bytes()
    assert sliced(raw) == whole(raw)
