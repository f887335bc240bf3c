"""Excel's shared-string table, looked up only for the cells svcstd reads.

Excel keeps every text of a workbook in one table that each cell indexes. A
log with a reference per row has a table of a million strings, and calamine
would read it again for every slice. So the .xlsx slicer hands a slice's
shared-string cells to calamine as formula-string cells holding a mark and
their index (`MARK + index`), and a mark is looked up here only when svcstd
reads that cell's text: once per distinct combination of dates, service and
site, never per row. Each entry reads as calamine reads it; the tests hold the
two to each other.
"""

from __future__ import annotations

import re
from array import array
from typing import Any
from xml.etree import ElementTree

from svcstd.errors import InputError
from svcstd.measure.sheets.slices import local_name

MARK = "\ue000"
"""A private-use character: a cell `MARK + n` is the shared string n, looked up when its text is read."""
MARK_BYTES = MARK.encode()
_MARK_REFERENCE = re.compile(rb"&#(?:[xX]0*[eE]000|0*57344);")


def may_hold_mark(xml: bytes) -> bool:
    """Whether the XML may hold a text of its own that begins with the mark (as a character or a reference)."""
    return MARK_BYTES in xml or _MARK_REFERENCE.search(xml) is not None


def escaped(cells: list[Any]) -> list[Any]:
    """The cells, a text of the cell's own that begins with the mark given one more, so it is never read as a
    shared string; `SharedStrings.text` takes it off again."""
    return [MARK + cell if isinstance(cell, str) and cell.startswith(MARK) else cell for cell in cells]


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
        """The table, when its entries can be found by their tags alone (no CDATA or comment in it)."""
        root = re.search(rb"<(([\w.-]+:)?sst)\b[^>]*>", xml[:4096])
        if root is None or b"<![CDATA[" in xml or b"<!--" in xml:
            return None
        return cls(path, xml, root.group(0), root.group(1), root.group(2) or b"")

    def text(self, marked: str) -> str:
        """The text of a marked cell (`MARK + index`); a text of the cell's own given a second mark (`escaped`)
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
        out), `_x00HH_` escapes undone."""
        if self.starts is None:
            self.starts = array("I", (match.start() for match in self.entry.finditer(self.xml)))
        if index >= len(self.starts):
            raise InputError(self.path, f"not a readable spreadsheet: shared string {index} is not in its table")
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.xml.rfind(self.close)
        try:
            entry = ElementTree.fromstring(self.open + self.xml[self.starts[index] : end] + self.close)[0]
        except (ElementTree.ParseError, IndexError) as error:
            raise InputError(self.path, f"not a readable spreadsheet: shared string {index}: {error}") from None
        runs = [entry, *(child for child in entry if local_name(child.tag) == "r")]
        text = "".join(t.text or "" for run in runs for t in run if local_name(t.tag) == "t")
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
