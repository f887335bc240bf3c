"""A log kept as a spreadsheet: one sheet's rows, read a slice at a time so a million rows never sit in memory at once.

calamine (Rust, through python-calamine) reads .xlsx, .xlsm, .xls and .ods,
but it loads a whole sheet before it gives the first row: about 460 MB for a
million-row log. An .xlsx sheet is one XML part with a `<row>` element per
row, so svcstd cuts that part at row boundaries into slices of a few
megabytes and hands each slice to calamine as a workbook of its own (the
original's workbook, styles and relationships, with the slice as the sheet).
calamine still decides every cell's value and type, so a log reads the same
cut or whole. Two slices are read at once on worker threads, since calamine
parses without holding the GIL.

Shared strings: Excel keeps every text in one table that each cell indexes. A
log with a reference per row has a table of a million strings, and calamine
would read it again for every slice. So a slice's shared-string cells are
handed to calamine as formula-string cells holding a mark and their index
(`\\ue000` + index), and a mark is looked up in the table only when svcstd
reads that cell's text: once per distinct combination of dates, service and
site, never per row. A slice where that rewrite is not certain to be exact
(an unusual attribute order, CDATA, the mark's own character) is read with
the table instead.

Anything the cutting does not expect (a sheet part it cannot find, rows
without numbers, a slice calamine refuses) reads the rest of the sheet whole,
as calamine alone would, from the row reached; a fault calamine finds there is
reported as before. .xls files (at most 65,536 rows) and .ods files are read
whole.
"""

from __future__ import annotations

import io
import itertools
import math
import posixpath
import re
import zipfile
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from svcstd.errors import InputError
from svcstd.loader import MAX_BYTES

MAX_UNPACKED_BYTES = 512 * MAX_BYTES
"""What an .xlsx or .ods (a zip archive) may unpack to: a million-row sheet is about 270 MiB of XML; a file that
declares more is refused before it is opened (a zip bomb)."""
DATE_COLUMNS = ("received", "replied", "acknowledged", "resolved")
EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of spreadsheet serial dates (Excel's 1900 system, as LibreOffice also counts)."""
SLICE_BYTES = 2 * MAX_BYTES
"""XML handed to calamine at once: about 8,000 rows of a log, a few megabytes once read. Smaller slices save
memory and cost time (a million rows: 1 MiB slices peak near 100 MB in 4.1 s, 2 MiB near 125 MB in 3.8 s)."""
READ_BYTES = MAX_BYTES // 4
"""What is unpacked at a time while a slice is gathered."""
IN_FLIGHT = 3
"""Slices held at once: two being read by the workers while the rows of a third are counted."""
PART_LIMIT = MAX_BYTES
"""What the parts copied into each slice's own workbook (its workbook, styles and relationships) may come to; a
workbook with larger ones is read whole. Other parts (other sheets, pictures) calamine never needs for this sheet."""
MARK = "\ue000"
"""A private-use character: a cell `MARK + n` is the shared string n, looked up when its text is read."""
_MARK_BYTES = MARK.encode()
_MARK_REFERENCE = re.compile(rb"&#(?:[xX]0*[eE]000|0*57344);")

Row = tuple[int, list[Any]]
"""A row's number (1 is the first) and its cells from column A."""


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
    package = None
    if raw[:4] == b"PK\x03\x04":  # .xlsx, .xlsm and .ods are zip archives
        _refuse_bombs(path, raw)
        package = _Package.of(path, raw)
    opened: list[Any] = []

    def book() -> Any:
        """calamine's reading of the whole workbook, opened only when a sheet is read whole."""
        if not opened:
            opened.append(_workbook(path, raw))
        return opened[0]

    names = package.names if package is not None else [str(name) for name in book().sheet_names]
    if sheet is not None and sheet not in names:
        raise InputError(path, f"has no sheet {sheet!r} (its sheets: {', '.join(repr(n) for n in names) or 'none'})")
    if not names:
        raise InputError(path, "holds no sheet")
    chosen = sheet if sheet is not None else names[0]

    strings = package.strings if package is not None else None

    def whole(after: int) -> Iterator[Row]:
        return _whole_rows(path, book(), chosen, after, escape=strings is not None)

    slicer = package.slicer(chosen) if package is not None else None
    rows = whole(0) if slicer is None else _sliced_or_whole(slicer, whole)
    first = next(rows, None)
    if first is None or first[0] != 1:  # row 1 is empty: the header is missing
        return Sheet(chosen, [], rows if first is None else _chain(first, rows), strings)
    return Sheet(chosen, first[1], rows, strings)


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


def _refuse_bombs(path: str, raw: bytes) -> None:
    """A zip archive is opened only when its parts unpack to a bounded size."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InputError(path, f"not a readable spreadsheet: {error}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            f"unpacks to {unpacked // MAX_BYTES} MiB, more than svcstd reads ({MAX_UNPACKED_BYTES // MAX_BYTES} MiB)",
        )


def _workbook(path: str, raw: bytes) -> Any:
    """calamine's workbook; any fault of the file is one InputError."""
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except python_calamine.PasswordError:
        raise InputError(path, "is protected by a password; save an unprotected copy of the log") from None
    except Exception as error:  # calamine's errors (zip, XML, CFB) share no base class svcstd can name
        raise InputError(path, _unreadable(error)) from None


def _unreadable(error: Exception) -> str:
    return f"not a readable spreadsheet: {' '.join(str(error).split())[:200]}"


def _whole_rows(path: str, book: Any, name: str, after: int, escape: bool) -> Iterator[Row]:
    """The sheet's rows after row `after`, as calamine gives them when it loads the sheet at once (`escape`: its texts
    that begin with the mark given one more, as the slices' are)."""
    try:
        sheet = book.get_sheet_by_name(name)
        column = sheet.start[1] if sheet.start else 0
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > after:
                if escape:
                    cells = _escaped(cells)
                yield number, ([""] * column + cells) if column else cells
    except Exception as error:  # calamine's faults of a sheet's XML or records
        raise InputError(path, _unreadable(error)) from None


class _CannotSlice(Exception):
    """Something the cutting did not expect; the rest of the sheet is read whole."""


def _sliced_or_whole(slicer: _Slicer, whole: Callable[[int], Iterator[Row]]) -> Iterator[Row]:
    reached = 0
    try:
        for row in slicer.rows():
            reached = row[0]
            yield row
    except _CannotSlice:
        yield from whole(reached)


class SharedStrings:
    """An .xlsx shared-string table, kept as its XML; an entry is decoded when a marked cell's text is first read."""

    def __init__(self, path: str, xml: bytes, open_tag: bytes, name: bytes, prefix: bytes):
        self.path, self.xml = path, xml
        self.open, self.close = open_tag, b"</" + name + b">"
        self.entry = re.compile(rb"<" + re.escape(prefix) + rb"si[\s/>]")
        self.starts: array[int] | None = None
        self.decoded: dict[int, str] = {}

    @classmethod
    def usable(cls, path: str, xml: bytes) -> SharedStrings | None:
        """The table, when its entries can be found by their tags alone (no CDATA, comment or mark in it)."""
        root = re.search(rb"<(([\w.-]+:)?sst)\b[^>]*>", xml[:4096])
        if root is None or b"<![CDATA[" in xml or b"<!--" in xml:
            return None
        return cls(path, xml, root.group(0), root.group(1), root.group(2) or b"")

    def text(self, marked: str) -> str:
        """The text of a marked cell (`MARK + index`); a text of the cell's own given a second mark (`_escaped`)
        loses it."""
        written = marked[1:]
        if written.startswith(MARK) or not written:
            return written
        index = _index(written)
        if index not in self.decoded:
            self.decoded[index] = self._decode(index)
        return self.decoded[index]

    def _decode(self, index: int) -> str:
        """Entry `index` as calamine reads it: its text and its rich-text runs' text joined (phonetic runs left
        out), `_xHHHH_` escapes undone."""
        if self.starts is None:
            self.starts = array("I", (match.start() for match in self.entry.finditer(self.xml)))
        if index >= len(self.starts):
            raise InputError(self.path, f"not a readable spreadsheet: shared string {index} is not in its table")
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.xml.rfind(self.close)
        try:
            entry = ElementTree.fromstring(self.open + self.xml[self.starts[index] : end] + self.close)[0]
        except (ElementTree.ParseError, IndexError) as error:
            raise InputError(self.path, f"not a readable spreadsheet: shared string {index}: {error}") from None
        runs = [entry, *(child for child in entry if _local(child.tag) == "r")]
        text = "".join(t.text or "" for run in runs for t in run if _local(t.tag) == "t")
        return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


_ESCAPED = re.compile(r"_x00([0-9A-Fa-f]{2})_")
"""How Excel writes a character XML cannot hold (`_x000D_`); calamine reads back those up to `_x00FF_` and leaves
any other (`_x1234_`) as written."""
_LARGEST_INDEX = 2**64 - 1


def _index(written: str) -> int:
    """A shared-string cell's index as calamine reads it: ASCII digits within 64 bits, anything else (`+3`, ` 3`,
    `3.0`, a number past 64 bits) entry 0."""
    if not (written.isascii() and written.isdigit()) or len(written.lstrip("0")) > 20:
        return 0
    index = int(written)
    return index if index <= _LARGEST_INDEX else 0


_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>")
_WORKSHEET = re.compile(rb"<((?:[\w.-]+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*/>")
"""The sheet's declared extent: dropped from a slice's head, since calamine sizes its grid by it."""
_NUMBERED_ROW = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?\br\s*=\s*[\"']\d")
_ROW_TAG_ENDS = frozenset(b" \t\r\n>/")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Package:
    """An .xlsx archive as svcstd reads it: its sheets' names and parts, and the parts each slice's workbook needs."""

    def __init__(
        self, path: str, archive: zipfile.ZipFile, sheets: dict[str, str], parts: dict[str, bytes], table: str | None
    ):
        self.archive, self.sheets, self.parts, self.table = archive, sheets, parts, table
        self.names = list(sheets)
        self.table_xml = archive.read(table) if table else b""
        self.strings = SharedStrings.usable(path, self.table_xml) if table else None

    @classmethod
    def of(cls, path: str, raw: bytes) -> _Package | None:
        """The package, or None when the archive is not laid out as an .xlsx (an .ods, a part missing, styles too
        large to copy into every slice): calamine then reads it whole, and says what is wrong with it."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            workbook = _target(archive, "", "/officeDocument")
            if workbook is None or workbook not in archive.NameToInfo:
                return None
            rels = _relationships(archive, workbook)
            folder, name = posixpath.split(workbook)
            needed = {"[Content_Types].xml", "_rels/.rels", workbook, posixpath.join(folder, "_rels", name + ".rels")}
            needed |= {part for kind, part in rels.values() if kind.endswith("/styles")}
            present = [archive.getinfo(part) for part in needed if part in archive.NameToInfo]
            if sum(info.file_size for info in present) > PART_LIMIT:
                return None
            parts = {info.filename: archive.read(info) for info in present}
            sheets = {}
            for sheet in ElementTree.fromstring(parts[workbook]).iter():
                ids = [value for key, value in sheet.attrib.items() if _local(key) == "id"]
                if _local(sheet.tag) == "sheet" and ids and sheet.get("name") is not None:
                    sheets[sheet.get("name") or ""] = rels.get(ids[0], ("", ""))[1]
            table = next((part for kind, part in rels.values() if kind.endswith("/sharedStrings")), None)
            return cls(path, archive, sheets, parts, table if table in archive.NameToInfo else None)
        except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError, EOFError):
            return None

    def slicer(self, name: str) -> _Slicer | None:
        part = self.sheets.get(name)
        return _Slicer(self, name, part) if part and part in self.archive.NameToInfo else None


class _Slicer:
    """An .xlsx sheet part cut at row boundaries, each slice read by calamine as a workbook of its own."""

    def __init__(self, package: _Package, name: str, part: str):
        self.package, self.archive, self.name, self.part = package, package.archive, name, part
        self.head = self.tail = b""

    def rows(self) -> Iterator[Row]:
        """The sheet's rows, each slice read on a worker while the rows of the one before are counted."""
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="svcstd-sheet")
        pending: deque[Future[tuple[int, int, list[list[Any]]]]] = deque()
        try:
            for xml in self._slices():
                pending.append(pool.submit(self._read, xml))
                if len(pending) >= IN_FLIGHT:
                    yield from _numbered(pending.popleft().result())
            while pending:
                yield from _numbered(pending.popleft().result())
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    def _slices(self) -> Iterator[bytes]:
        """The sheet part's `<row>` elements, a few megabytes at a time, cut only between rows; a part that does not
        unpack (a bad checksum, broken compression) is read whole by calamine, which says what is wrong."""
        try:
            yield from self._cut()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
            raise _CannotSlice from None

    def _cut(self) -> Iterator[bytes]:
        with self.archive.open(self.part) as stream:
            buffer = bytearray()
            while (found := _SHEET_DATA.search(buffer)) is None:
                block = stream.read(READ_BYTES)
                if not block or len(buffer) > PART_LIMIT:
                    raise _CannotSlice
                buffer += block
            root = _WORKSHEET.search(buffer, 0, found.start())
            if root is None:
                raise _CannotSlice
            if found.group(2):  # <sheetData/>: a sheet with no rows
                return
            prefix = found.group(1) or b""
            self.head = _DIMENSION.sub(b"", bytes(buffer[: found.end()]))
            self.tail = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
            end_tag, row_tag = b"</" + prefix + b"sheetData>", b"<" + prefix + b"row"
            del buffer[: found.end()]
            searched = 0
            while (ended := buffer.find(end_tag, searched)) < 0:
                searched = max(0, len(buffer) - len(end_tag))
                if len(buffer) >= SLICE_BYTES and (cut := _last_row_start(buffer, row_tag)) > 0:
                    yield _numbers_its_rows(bytes(memoryview(buffer)[:cut]), row_tag)
                    del buffer[:cut]
                    searched = max(0, searched - cut)
                    continue
                block = stream.read(READ_BYTES)
                if not block:
                    raise _CannotSlice  # no end to the sheet's rows: calamine reading it whole says what is wrong
                buffer += block
            if buffer[:ended].strip():
                yield _numbers_its_rows(bytes(memoryview(buffer)[:ended]), row_tag)

    def _read(self, xml: bytes) -> tuple[int, int, list[list[Any]]]:
        """A slice's rows by calamine: the first row's index, the first column's, and the cells from there."""
        import python_calamine

        package = self.package
        marked = self._marked(xml)
        parts = dict(package.parts)
        parts[self.part] = self.head + (xml if marked is None else marked) + self.tail
        if marked is None and package.table is not None:
            parts[package.table] = package.table_xml
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as book:
            for name, data in parts.items():
                book.writestr(name, data)
        buffer.seek(0)
        try:
            sheet = python_calamine.CalamineWorkbook.from_filelike(buffer).get_sheet_by_name(self.name)
            start = sheet.start
            rows = sheet.to_python() if start else []
        except Exception:  # calamine's faults: the sheet read whole reports them in calamine's words
            raise _CannotSlice from None
        if package.strings is not None and _may_hold_mark(xml):
            rows = [_escaped(cells) for cells in rows]
        return (start[0], start[1], rows) if start else (0, 0, [])

    def _marked(self, xml: bytes) -> bytes | None:
        """The slice with each shared-string cell turned into a marked formula-string cell; None when the slice must
        be read with the table (its cells are laid out otherwise, or the mark could be mistaken)."""
        if self.package.table is None or (b't="s"' not in xml and b"t='s'" not in xml):
            return xml
        if self.package.strings is None or _may_hold_mark(xml) or b"<![CDATA[" in xml:
            return None
        marked = xml.replace(b' t="s"><v>', b' t="str"><v>' + _MARK_BYTES)
        return None if b't="s"' in marked or b"t='s'" in marked else marked


def _may_hold_mark(xml: bytes) -> bool:
    return _MARK_BYTES in xml or _MARK_REFERENCE.search(xml) is not None


def _escaped(cells: list[Any]) -> list[Any]:
    """The cells, a text of the cell's own that begins with the mark given one more, so it is never read as a
    shared string; `SharedStrings.text` takes it off again."""
    return [MARK + cell if isinstance(cell, str) and cell.startswith(MARK) else cell for cell in cells]


def _numbered(read: tuple[int, int, list[list[Any]]]) -> Iterator[Row]:
    first, column, rows = read
    if column:
        rows = [[""] * column + cells for cells in rows]
    return zip(itertools.count(first + 1), rows, strict=False)


def _last_row_start(buffer: bytearray, row_tag: bytes) -> int:
    """Where the last `<row` tag in the buffer starts (0: none after the first byte)."""
    position = len(buffer)
    while (position := buffer.rfind(row_tag, 0, position)) > 0:
        after = position + len(row_tag)
        if after < len(buffer) and buffer[after] in _ROW_TAG_ENDS:
            return position
    return 0


def _numbers_its_rows(xml: bytes, row_tag: bytes) -> bytes:
    """The slice, when its first row says its number; calamine would count a slice's unnumbered rows from 1."""
    first = xml.find(row_tag)
    if first >= 0 and not _NUMBERED_ROW.match(xml, first):
        raise _CannotSlice
    return xml


def _size(archive: zipfile.ZipFile, part: str) -> int:
    return archive.getinfo(part).file_size


def _relationships(archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id to (type, target part), targets resolved against the part's folder."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo or _size(archive, rels) > PART_LIMIT:
        return {}
    found = {}
    for relation in ElementTree.fromstring(archive.read(rels)).iter(_RELATIONSHIPS + "Relationship"):
        target = relation.get("Target") or ""
        if relation.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[relation.get("Id") or ""] = (relation.get("Type") or "", path)
    return found


def _target(archive: zipfile.ZipFile, source: str, kind: str) -> str | None:
    """The part the package's (or a part's) first relationship of type `…kind` points to."""
    return next((path for found, path in _relationships(archive, source).values() if found.endswith(kind)), None)
