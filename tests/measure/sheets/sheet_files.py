"""Workbooks written by hand, so a test controls the XML calamine and svcstd's slicer see, and the two readings
compared: calamine loading the sheet whole (the oracle, as svcstd read before it sliced) and svcstd's."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from svcstd.measure import sheets
from svcstd.measure.sheets import MARK, cell_text, open_sheet, slices

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


WORKBOOK = f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>'


def package(
    rows_xml: str | None,
    strings: list[str] | str | None = None,
    prefix: str = "",
    head: str = "",
    workbook: str | None = None,
) -> bytes:
    """An .xlsx written by hand, so each test controls the XML calamine and the slicer see: one sheet "Log" whose
    `<sheetData>` holds `rows_xml`, style 1 a date format, and a shared-string table of `strings` (a list of plain
    texts, or the table's inner XML as it is)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    data = f"<{p}sheetData/>" if rows_xml is None else f"<{p}sheetData>{rows_xml}</{p}sheetData>"
    sheet = f"{declaration}<{p}worksheet {xmlns}>{head}{data}</{p}worksheet>"
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml"), ("rId2", "styles", "styles.xml")]
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="r1" Type="{OFFICE}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": workbook or WORKBOOK,
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        rels.append(("rId3", "sharedStrings", "sharedStrings.xml"))
        inner = strings if isinstance(strings, str) else "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
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


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def whole(raw: bytes, name: str = "Log") -> list[tuple[int, list[str]]]:
    """The oracle: calamine's reading of the whole sheet, as the text of each non-blank row, from column A."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_name(name)
    column = sheet.start[1] if sheet.start else 0
    return texts((number, [""] * column + cells) for number, cells in enumerate(sheet.iter_rows(), start=1))


def sliced(raw: bytes, name: str | None = None) -> list[tuple[int, list[str]]]:
    """svcstd's reading: the header and the rows after it, each cell as `Sheet.text` reads it."""
    sheet = open_sheet("log", raw, name)
    header = [(1, sheet.header)] if sheet.header else []
    return texts([*header, *sheet.rows], sheet.text)


def texts(rows: Any, text: Any = cell_text) -> list[tuple[int, list[str]]]:
    found = []
    for number, cells in rows:
        texts = [text(cell, "") for cell in cells]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            found.append((number, texts))
    return found


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


ODS_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def ods(tables: dict[str, str | None], table: str = "table") -> bytes:
    """An .ods written by hand: each table's rows as given (None: `<table:table/>`), the table namespace under the
    prefix `table`."""
    spaces = {**ODS_NAMESPACES, table: ODS_NAMESPACES["table"]}
    if table != "table":
        del spaces["table"]
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in spaces.items())
    body = "".join(
        f'<{table}:table {table}:name="{escape(name)}"/>'
        if rows is None
        else f'<{table}:table {table}:name="{escape(name)}">{rows}</{table}:table>'
        for name, rows in tables.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {declared} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def orow(*cells: str, repeated: int = 1, table: str = "table") -> str:
    times = f' {table}:number-rows-repeated="{repeated}"' if repeated != 1 else ""
    return f"<{table}:table-row{times}>{''.join(cells)}</{table}:table-row>"


def ocell(value: Any = None, repeated: int = 1, table: str = "table") -> str:
    """A cell of an .ods: a text, a number, a date, a truth value, or nothing (an empty cell)."""
    times = f' {table}:number-columns-repeated="{repeated}"' if repeated != 1 else ""
    if value is None:
        return f"<{table}:table-cell{times}/>"
    if isinstance(value, bool):
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, (int, float)):
        kind = f'office:value-type="float" office:value="{value!r}"'
    elif hasattr(value, "isoformat"):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    else:
        kind = 'office:value-type="string"'
    return f"<{table}:table-cell{times} {kind}><text:p>{escape(str(value))}</text:p></{table}:table-cell>"


def ods_log(count: int) -> str:
    """A header and `count` rows: a date, a service, a reference."""
    from datetime import date, timedelta

    header = orow(ocell("received"), ocell("service"), ocell("reference"))
    return header + "".join(
        orow(ocell(date(2025, 1, 1) + timedelta(days=n % 40)), ocell(STRINGS[3 + n % 2]), ocell(f"R-{n}"))
        for n in range(2, count + 2)
    )


def cut_small(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Slices of 300 bytes, so every few rows make one; the list records each slice's size as calamine is given it."""
    monkeypatch.setattr(slices, "SLICE_BYTES", 300)
    monkeypatch.setattr(slices, "READ_BYTES", 128)
    read = slices.Slicer.read
    seen: list[int] = []

    def counted(self: Any, before: int | None, xml: bytes) -> Any:
        seen.append(len(xml))
        return read(self, before, xml)

    monkeypatch.setattr(slices.Slicer, "read", counted)
    return seen


def forbid_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine is never asked for the whole sheet: the test fails if svcstd falls back to reading it at once."""

    def refuse(path: str, raw: bytes) -> Any:
        raise AssertionError("the sheet was read whole")

    monkeypatch.setattr(sheets, "_workbook", refuse)


def cell_values(controls: bool) -> st.SearchStrategy[Any]:
    """Any cell a log may hold: nothing, numbers, truth values, dates, times, texts; with `controls`, texts with
    control characters too (which Excel escapes as `_x0001_` and OpenDocument cannot hold), and texts that look like
    those escapes or begin with svcstd's mark."""
    text = st.characters(codec="utf-8", exclude_categories=("Cs",) if controls else ("Cs", "Cc"))
    odd = ["_x000D_", "_x005F_x0041_", MARK, MARK + "3", "a&b<c>", " spaced ", "=1+1", "line\r\nnext"]
    return st.one_of(
        st.none(),
        st.integers(-(10**9), 10**9),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.booleans(),
        st.dates(date(1900, 3, 1), date(9999, 12, 31)),
        st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
        st.text(text, max_size=12),
        st.sampled_from(odd if controls else odd[:-1]),
    )


def run_child(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """One of this folder's scripts in a child process, for what may leave calamine looping on a thread of its own:
    that thread spins until the child exits, not for the rest of the test run."""
    folder = Path(__file__).parent
    return subprocess.run(
        [sys.executable, str(folder / script), *args], cwd=folder, capture_output=True, text=True, timeout=600
    )
