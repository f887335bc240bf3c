"""A log kept as a spreadsheet: one sheet's rows, read a slice at a time so a million rows never sit in memory at once.

calamine (Rust, through python-calamine) reads .xlsx, .xlsm, .xls and .ods,
but it loads a whole sheet before it gives the first row: about 460 MB for a
million-row .xlsx log and 790 MB for an .ods one. A sheet's XML has an element
per row, so svcstd cuts it between rows into slices of a few megabytes and
hands each slice to calamine as a workbook of its own (`slices`, `xlsx`,
`ods`): calamine still decides every cell's value and type, so a log reads
the same cut or whole. Excel's shared strings are looked up only for the
cells svcstd reads (`shared_strings`).

Anything the cutting does not expect (a part it cannot find, rows without
numbers, a slice calamine refuses) reads the rest of the sheet whole, as
calamine alone would, from the row reached; a fault calamine finds there is
reported in its words. .xls files (at most 65,536 rows) are read whole.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from svcstd.errors import InputError
from svcstd.loader import MAX_BYTES
from svcstd.measure.sheets.ods import OdsPackage
from svcstd.measure.sheets.shared_strings import MARK, SharedStrings, escaped
from svcstd.measure.sheets.slices import CannotSlice, Row, Slicer, Stuck, watched
from svcstd.measure.sheets.xlsx import XlsxPackage

__all__ = ["MARK", "Sheet", "cell_text", "open_sheet"]

MAX_UNPACKED_BYTES = 1024 * MAX_BYTES
"""What an .xlsx or .ods (a zip archive) may unpack to: a million-row log is about 220 MiB of XML as Excel writes
it and 700 MiB as LibreOffice does (a sheet is read a slice at a time, so this costs time, not memory); a file that
declares more is refused before it is opened (a zip bomb)."""
WHOLE_SECONDS = 60.0
WHOLE_BYTES_PER_SECOND = 4 * MAX_BYTES
"""How long calamine may take to read a workbook whole: a minute, and a second more for every 4 MiB it unpacks to
(it reads about 75 MiB a second), before svcstd stops waiting and says the file looks damaged."""
DATE_COLUMNS = ("received", "replied", "acknowledged", "resolved")
EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of spreadsheet serial dates (Excel's 1900 system, as LibreOffice also counts)."""


@dataclass
class Sheet:
    """One sheet of a workbook log: row 1 (the header) and the rows after it, read as they are iterated."""

    name: str
    header: list[Any]
    rows: Iterator[Row] = field(repr=False)
    strings: SharedStrings | None = field(default=None, repr=False)

    def text(self, value: Any, column: str) -> str:
        """A cell as the text a CSV export of it would hold, so both are read by one set of rules: a date cell or a
        serial number in a date column is YYYY-MM-DD, a whole number has no decimals, anything else its text."""
        if self.strings is not None and isinstance(value, str) and value.startswith(MARK):
            value = self.strings.text(value)
        return cell_text(value, column)


def cell_text(value: Any, column: str) -> str:
    """A spreadsheet cell as the text a CSV export of it would hold (see `Sheet.text`)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if column in DATE_COLUMNS:
            return _serial_date(float(value))
        return str(int(value)) if math.isfinite(value) and float(value).is_integer() else str(value)
    return str(value)


def _serial_date(serial: float) -> str:
    """A spreadsheet serial number as YYYY-MM-DD (its time of day dropped); one outside 1900-9999 stays a number,
    which the date rules then refuse in their own words."""
    if not math.isfinite(serial) or not 1 <= serial < (date(9999, 12, 31) - EXCEL_EPOCH).days + 1:
        return repr(serial)
    return (EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()


def open_sheet(path: str, raw: bytes, sheet: str | None) -> Sheet:
    """The sheet named (default: the first) of the workbook `raw`, read from `path`; any fault of the file is one
    InputError naming it."""
    package: XlsxPackage | OdsPackage | None = None
    unpacked = len(raw)
    if raw[:4] == b"PK\x03\x04":  # .xlsx, .xlsm and .ods are zip archives
        unpacked = _refuse_bombs(path, raw)
        package = XlsxPackage.of(path, raw) or OdsPackage.of(raw)
    seconds = WHOLE_SECONDS + unpacked / WHOLE_BYTES_PER_SECOND
    opened: list[Any] = []

    def book() -> Any:
        """calamine's reading of the whole workbook, opened only when a sheet is read whole."""
        if not opened:
            opened.append(_workbook(path, raw, seconds))
        return opened[0]

    chosen = None
    try:
        if package is not None:
            chosen = _chosen(package, sheet) or _chosen_among(package.names(), sheet, path)
    except CannotSlice:  # content.xml unreadable as svcstd reads it: calamine says what is wrong
        package = None
    if package is None or chosen is None:
        chosen = _chosen_among([str(name) for name in book().sheet_names], sheet, path)
    strings = package.strings if package is not None else None

    def whole(after: int) -> Iterator[Row]:
        return _whole_rows(path, book(), chosen, after, seconds, escape=strings is not None)

    slicer = package.slicer(chosen) if package is not None else None
    rows = whole(0) if slicer is None else _sliced_or_whole(slicer, whole)
    first = next(rows, None)
    if first is None or first[0] != 1:  # row 1 is empty: the header is missing
        return Sheet(chosen, [], rows if first is None else _chain(first, rows), strings)
    return Sheet(chosen, first[1], rows, strings)


def _chosen(package: XlsxPackage | OdsPackage, sheet: str | None) -> str | None:
    """The sheet to read when the package holds it (the first when none is named); None when it does not."""
    if sheet is None:
        return package.first()
    return sheet if package.has(sheet) else None


def _chosen_among(names: list[str], sheet: str | None, path: str) -> str:
    if sheet is not None and sheet not in names:
        raise InputError(path, f"has no sheet {sheet!r} (its sheets: {', '.join(repr(n) for n in names) or 'none'})")
    if not names:
        raise InputError(path, "holds no sheet")
    return sheet if sheet is not None else names[0]


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


def _refuse_bombs(path: str, raw: bytes) -> int:
    """What a zip archive's parts unpack to, refused past a bounded size before anything is unpacked."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError(path, f"not a readable spreadsheet: {error}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            f"unpacks to {unpacked // MAX_BYTES} MiB, more than svcstd reads ({MAX_UNPACKED_BYTES // MAX_BYTES} MiB)",
        )
    return unpacked


def _workbook(path: str, raw: bytes, seconds: float) -> Any:
    """calamine's workbook; any fault of the file is one InputError."""
    import python_calamine

    try:
        return watched(lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw)), seconds)
    except python_calamine.PasswordError:
        raise InputError(path, "is protected by a password; save an unprotected copy of the log") from None
    except Stuck:
        raise InputError(path, _stuck(seconds)) from None
    except Exception as error:  # calamine's errors (zip, XML, CFB) share no base class svcstd can name
        raise InputError(path, _unreadable(error)) from None


def _stuck(seconds: float) -> str:
    return (
        f"not a readable spreadsheet: calamine did not finish reading it in {seconds:.0f} s, as it does not with some "
        "damaged files; save a fresh copy from the spreadsheet program"
    )


def _unreadable(error: Exception) -> str:
    return f"not a readable spreadsheet: {' '.join(str(error).split())[:200]}"


def _whole_rows(path: str, book: Any, name: str, after: int, seconds: float, escape: bool) -> Iterator[Row]:
    """The sheet's rows after row `after`, as calamine gives them when it loads the sheet at once (`escape`: its texts
    that begin with the mark given one more, as the slices' are)."""
    try:
        sheet = watched(lambda: book.get_sheet_by_name(name), seconds)
    except Stuck:
        raise InputError(path, _stuck(seconds)) from None
    except Exception as error:  # calamine's faults of a sheet's XML or records
        raise InputError(path, _unreadable(error)) from None
    try:
        column = sheet.start[1] if sheet.start else 0
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > after:
                if escape:
                    cells = escaped(cells)
                yield number, ([""] * column + cells) if column else cells
    except Exception as error:  # calamine's faults of a sheet's XML or records
        raise InputError(path, _unreadable(error)) from None


def _sliced_or_whole(slicer: Slicer, whole: Callable[[int], Iterator[Row]]) -> Iterator[Row]:
    reached = 0
    try:
        for row in slicer.rows():
            reached = row[0]
            yield row
    except CannotSlice:
        yield from whole(reached)
