"""Delivery logs: the files a department keeps of letters, emails and complaints, as CSV or as a spreadsheet.

Correspondence log, one row per letter or email received:

    received,replied,channel,service,reference
    2025-03-03,2025-03-07,email,land-title-search,L-0113

Complaints log, one row per complaint or compliment, with the fields of the
policy's Complaints & Compliments form (Appendix C) that are not personal
data, and the department's own handling dates:

    received,type,where,service,outcome_expected,contact_requested,acknowledged,resolved,reference
    2025-03-03,complaint,counter,lease-application,A decision on my lease,yes,2025-03-04,2025-03-20,C-0042

An optional `site` column names the office that handled the item, as
`sites[].name` spells it (any letter case); its own weekdays, closures and
holidays then count its working days. Empty means the main office.

Dates are YYYY-MM-DD; `replied`, `acknowledged` and `resolved` are empty
while an item is still open. Other columns (names, email addresses, details)
are ignored, so a log exported from a case system can be used as it is, and
svcstd never reads or repeats anyone's personal details. A row that cannot be
used is reported with its line number and left out; a reply dated before its
receipt is such a row.

A log may also be a workbook (`.xlsx`, `.xlsm`, `.xls` or `.ods`, read by
calamine) with the same columns in its first sheet, or in the sheet
`--sheet` names. Dates may be date cells, spreadsheet serial numbers (days
since 30 December 1899, as Excel and LibreOffice count them) or text; a bad
row is named by its sheet and row number.
"""

from __future__ import annotations

import csv
import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svcstd.errors import InputError
from svcstd.facts import items, mapping, string
from svcstd.loader import MAX_BYTES, decode_text, read_bytes

if TYPE_CHECKING:
    from svcstd.measure.sheets import Sheet

CORRESPONDENCE_COLUMNS = ("received", "replied", "channel", "service", "reference")
COMPLAINT_COLUMNS = (
    "received",
    "type",
    "where",
    "service",
    "outcome_expected",
    "contact_requested",
    "acknowledged",
    "resolved",
    "reference",
)
COMPLAINT_TYPES = ("complaint", "compliment")
MAX_LOG_BYTES = 64 * MAX_BYTES
"""A year of a large department's letters is a few megabytes; 64 MiB leaves room and bounds memory."""
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
"""Workbooks a log may be kept in, read by calamine (see `sheets`)."""
LOG_EXTENSIONS = (".csv", *SPREADSHEETS)


@dataclass(slots=True)
class Item:
    """One letter, email or complaint: when it arrived and when each step was done (None: not yet)."""

    line: int
    """The line of the first row that gives this item (rows alike but for their reference give one item)."""
    received: date
    steps: dict[str, date | None]
    service: str | None = None
    kind: str | None = None
    site: str | None = None
    """The site's name as the charter writes it; None is the main office."""


@dataclass(frozen=True, slots=True)
class BadRow:
    file: str
    line: int
    """The CSV line, or the sheet's row number."""
    reason: str
    sheet: str | None = None
    """The workbook sheet the row is in; None for a CSV log."""

    def place(self) -> str:
        """Where in the file: `line 92` of a CSV, `sheet 'Log', row 4` of a workbook."""
        return f"line {self.line}" if self.sheet is None else f"sheet {self.sheet!r}, row {self.line}"

    def where(self) -> str:
        """`file:line` for CSV, `file, sheet NAME, row N` for a workbook: how a person finds the row."""
        return f"{self.file}:{self.line}" if self.sheet is None else f"{self.file}, {self.place()}"

    def warning(self) -> str:
        """How every command that measures names a row it left out."""
        return f"{self.where()}: {self.reason}; row left out"


@dataclass
class Log:
    """A log's rows, read lazily: `counted()` parses the text as it goes, so a million rows are never all in memory.

    A log built from `items` (tests, other callers) gives those instead. Each
    pass counts the rows it used (`count`) and collects the ones it left out
    (`bad_rows`) anew.
    """

    file: str
    items: list[Item] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    text: str | None = field(default=None, repr=False)
    kind: str = "correspondence"
    services: set[str] = field(default_factory=set, repr=False)
    sites: dict[str, str] = field(default_factory=dict, repr=False)
    delimiter: str = ","
    count: int = 0
    header: list[str] = field(default_factory=list, repr=False)
    """A spreadsheet log's column names, in lower case, as its first row gives them."""
    workbook: bytes | None = field(default=None, repr=False)
    """A spreadsheet log's bytes (then `text` is None): its rows are read from `sheet` when measured."""
    sheet: str | None = None
    opened: Sheet | None = field(default=None, repr=False)
    """The sheet as `read_log` opened it, its header read: the first pass reads on from there."""

    def counted(self) -> Iterator[tuple[Item, int]]:
        """Each distinct item with the number of rows that give it.

        A log's rows repeat a few thousand combinations of dates, service and
        site (its references differ, but svcstd does not read them), so each
        combination is checked and counted once: a million rows cost a
        dictionary lookup each. Past MAX_DISTINCT combinations the counts so
        far are given and started afresh, so memory stays bounded whatever
        the log holds. Rows left out keep their own line numbers.
        """
        if self.text is None and self.workbook is None:
            self.count = len(self.items)
            for item in self.items:
                yield item, 1
            return
        self.bad_rows, self.count = [], 0
        header, rows, text_of = self._rows()
        read = _RowReader(header, self.kind, self.services, self.sites)
        width = len(header)
        known: dict[tuple[Any, ...], Item | str] = {}
        counts: dict[tuple[Any, ...], int] = {}
        for line, row in rows:
            if self.workbook is None and len(row) > width:  # a workbook's cells beyond its named columns are notes
                self._bad(line, "more values than columns")
                continue
            signature = read.signature(row)
            found = known.get(signature)
            if found is None:
                try:
                    found = read.item(tuple(map(text_of, signature, read.names)), line)
                except ValueError as error:
                    found = str(error)
                if len(known) >= MAX_DISTINCT:
                    yield from self._flush(known, counts)
                known[signature] = found
            if isinstance(found, str):
                if any(text_of(value, "").strip() for value in row):  # a blank line is not a row
                    self._bad(line, found)
                continue
            counts[signature] = counts.get(signature, 0) + 1
        yield from self._flush(known, counts)

    def _bad(self, line: int, reason: str) -> None:
        self.bad_rows.append(BadRow(self.file, line, reason, self.sheet))

    def _rows(self) -> tuple[list[str], Iterator[tuple[int, list[Any]]], Callable[[Any, str], str]]:
        """The header, the numbered rows after it, and how a cell reads as the text a CSV log would hold."""
        if self.workbook is not None:
            opened, self.opened = self.opened, None
            if opened is None:
                from svcstd.measure.sheets import open_sheet  # a CSV log never needs the workbook readers

                opened = open_sheet(self.file, self.workbook, self.sheet)
            return self.header, opened.rows, opened.text
        assert self.text is not None
        reader = csv.reader(_lines(self.text), delimiter=self.delimiter)

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            try:
                for row in reader:
                    yield reader.line_num, row
            except csv.Error as error:
                raise InputError(self.file, f"not a readable CSV file: {error}", reader.line_num) from None

        header = [name.strip().lower() for name in next(reader, [])]
        return header, numbered(), _as_written

    def _flush(
        self, known: dict[tuple[str, ...], Item | str], counts: dict[tuple[str, ...], int]
    ) -> Iterator[tuple[Item, int]]:
        for signature, count in counts.items():
            item = known[signature]
            assert isinstance(item, Item)
            self.count += count
            yield item, count
        known.clear()
        counts.clear()


MAX_DISTINCT = 200_000
"""Distinct row combinations counted at once: tens of megabytes; a real year's log has a few thousand."""


def _date(text: str, column: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else _invalid(text, column)
    except ValueError:
        return _invalid(text, column)


def _invalid(text: str, column: str) -> date:
    raise ValueError(f"{column} {text!r} is not a date written YYYY-MM-DD")


DELIMITERS = (",", ";", "\t")
"""What spreadsheets export CSV with: comma, semicolon (where the comma is the decimal mark) and tab."""


def _delimiter(text: str, required: tuple[str, ...]) -> str:
    """The delimiter whose split of the header line names every required column (a comma when none does)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    for delimiter in DELIMITERS:
        names = {name.strip().strip('"').lower() for name in header.split(delimiter)}
        if all(name in names for name in required):
            return delimiter
    return ","


def read_log(
    path: str, kind: str, services: set[str], sites: dict[str, str] | None = None, sheet: str | None = None
) -> Log:
    """`kind` is correspondence or complaints; `services` are the charter's service ids, for the service column;
    `sites` maps each site name in lower case to the charter's spelling, for the site column; `sheet` the
    workbook sheet to read (default: the first).

    The header is checked now (a missing column is an error before anything is measured); the rows are read
    when the log is measured (`Log.counted`)."""
    required = ("received", "replied") if kind == "correspondence" else ("received", "acknowledged", "resolved")
    if Path(path).suffix.lower() in SPREADSHEETS:
        return _read_workbook(path, kind, services, sites or {}, sheet, required)
    text = _read_text(path)
    delimiter = _delimiter(text, required)
    try:
        header = [name.strip().lower() for name in next(csv.reader(_lines(text), delimiter=delimiter), [])]
    except csv.Error as error:
        raise InputError(path, f"not a readable CSV file: {error}", 1) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(
            path, f"the {kind} log has no column {', '.join(missing)} (columns needed: {', '.join(required)})", 1
        )
    return Log(path, text=text, kind=kind, services=services, sites=sites or {}, delimiter=delimiter)


class _RowReader:
    """One log's rows to Items. A row's signature is the text of the columns svcstd reads, found in the header once;
    an item is made (and checked) once per distinct signature."""

    def __init__(self, header: list[str], kind: str, services: set[str], sites: dict[str, str]):
        def column(name: str) -> int:
            """The column's index; of a name the header repeats, the last (as a mapping of name to value keeps)."""
            return len(header) - 1 - header[::-1].index(name)

        self.kind, self.services, self.sites = kind, services, sites
        self.step_names = ("replied",) if kind == "correspondence" else ("acknowledged", "resolved")
        wanted = ("received", *self.step_names, "service", "site", *(("type",) if kind == "complaints" else ()))
        self.names = tuple(name for name in wanted if name in header)
        self.indexes = tuple(column(name) for name in self.names)
        self.pick = operator.itemgetter(*self.indexes) if len(self.indexes) > 1 else None
        self.width = max(self.indexes) + 1

    def signature(self, row: list[str]) -> tuple[str, ...]:
        if self.pick is not None and len(row) >= self.width:
            return self.pick(row)
        return tuple(row[index] if index < len(row) else "" for index in self.indexes)

    def item(self, signature: tuple[str, ...], line: int) -> Item:
        values = {name: value.strip() for name, value in zip(self.names, signature, strict=True)}
        received = _date(values.get("received", ""), "received")
        if received is None:
            raise ValueError("received is empty")
        steps = {name: _date(values.get(name, ""), name) for name in self.step_names}
        for name, day in steps.items():
            if day is not None and day < received:
                raise ValueError(f"{name} {day.isoformat()} is before received {received.isoformat()}")
        kind = self.kind
        if (
            kind == "complaints"
            and steps["acknowledged"]
            and steps["resolved"]
            and steps["resolved"] < steps["acknowledged"]
        ):
            raise ValueError("resolved is before acknowledged")
        service = values.get("service") or None
        if service is not None and self.services and service not in self.services:
            raise ValueError(f"service {service!r} is not a service id of the charter")
        item_type = (values.get("type") or "complaint").lower() if kind == "complaints" else None
        if item_type is not None and item_type not in COMPLAINT_TYPES:
            raise ValueError(f"type {item_type!r} is not one of: {', '.join(COMPLAINT_TYPES)}")
        site = None
        if named := values.get("site"):
            site = self.sites.get(named.casefold())
            if site is None:
                known = ", ".join(sorted(self.sites.values())) or "none"
                raise ValueError(
                    f"site {named!r} is not a site of the charter (sites: {known}; leave it empty for the main office)"
                )
        return Item(line, received, steps, service, item_type, site)


def read_logs(paths: dict[str, str], charter: dict, sheet: str | None = None) -> dict[str, Log]:
    """Each given log (kind: path), its service and site columns checked against the charter's services and sites."""
    services = {s["id"] for s in items(mapping(charter).get("services")) if string(s.get("id"))}
    sites = {name.casefold(): name for s in items(mapping(charter).get("sites")) if (name := string(s.get("name")))}
    return {kind: read_log(path, kind, services, sites, sheet) for kind, path in paths.items()}


def _read_workbook(
    path: str, kind: str, services: set[str], sites: dict[str, str], sheet: str | None, required: tuple[str, ...]
) -> Log:
    raw = read_bytes(path, MAX_LOG_BYTES, "a spreadsheet log")
    from svcstd.measure.sheets import open_sheet

    opened = open_sheet(path, raw, sheet)
    header = [opened.text(name, "").strip().lower() for name in opened.header]
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(
            path,
            f"sheet {opened.name!r}: the {kind} log has no column {', '.join(missing)} "
            f"(columns needed in its first row: {', '.join(required)})",
            1,
        )
    return Log(
        path, kind=kind, services=services, sites=sites, workbook=raw, sheet=opened.name, opened=opened, header=header
    )


def _as_written(value: Any, column: str) -> str:
    return str(value)


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (io.StringIO would hold a four-byte-per-character copy);
    the csv reader joins the lines of a quoted field itself. A file with bare CR line endings is read as lines too."""
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _read_text(path: str) -> str:
    return decode_text(read_bytes(path, MAX_LOG_BYTES, "a CSV log"), path, "a CSV text file")


def log_paths(measurements: str | None, charter_path: str) -> dict[str, str]:
    """`<charter name>.correspondence.csv` and `<charter name>.complaints.csv` (or .xlsx, .xlsm, .xls, .ods) in
    the measurements directory.

    Anything by that name is the charter's log, whatever it is: a FIFO, a device or a broken link is then refused
    by the log reader in its own words, never passed over as if the department kept no log. Two files for one
    log (a .csv and an .xlsx of it) are an InputError naming both: svcstd never picks one of them silently."""
    if measurements is None or charter_path == "-":
        return {}
    found = {}
    for kind in ("correspondence", "complaints"):
        present = [
            str(path) for name in log_names(charter_path, kind) if os.path.lexists(path := Path(measurements) / name)
        ]
        if len(present) > 1:
            raise InputError(
                present[0], f"and {', '.join(present[1:])} are both the {kind} log of {charter_path}; keep one"
            )
        if present:
            found[kind] = present[0]
    return found


def has_logs(measurements: str, charter_path: str) -> bool:
    """Whether the measurements directory holds any file named as one of the charter's logs."""
    return any(
        os.path.lexists(Path(measurements) / name)
        for kind in ("correspondence", "complaints")
        for name in log_names(charter_path, kind)
    )


def log_stems(charter_path: str, kind: str) -> list[str]:
    """The names a charter's log may have, before the extension: `<charter name>.<kind>`, and for
    `x.charter.yaml` also `x.<kind>` (nobody would guess `x.charter.correspondence.csv`)."""
    stem = Path(charter_path).stem
    stems = [f"{stem}.{kind}"]
    if stem.endswith(".charter") and len(stem) > len(".charter"):
        stems.append(f"{stem.removesuffix('.charter')}.{kind}")
    return stems


def log_names(charter_path: str, kind: str) -> list[str]:
    """Every file name a charter's log may have: each stem with each extension a log may be kept in."""
    return [stem + extension for stem in log_stems(charter_path, kind) for extension in LOG_EXTENSIONS]
