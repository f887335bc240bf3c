"""An .xlsx or .xlsm sheet, cut between its `<row>` elements.

An .xlsx sheet is one XML part with a `<row r="n">` element per row, so a
slice of rows is the sheet itself with fewer rows: each goes to calamine in a
workbook of its own, with the original's workbook, styles and relationships
(so a date cell is still a date) and without its shared-string table (see
`shared_strings`), unless the slice needs it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from svcstd.loader import MAX_BYTES
from svcstd.measure.sheets.shared_strings import MARK_BYTES, SharedStrings, escaped, may_hold_mark
from svcstd.measure.sheets.slices import CannotSlice, Slicer, Unpacked, local_name, stored

PART_LIMIT = MAX_BYTES
"""What the parts copied into each slice's own workbook (its workbook, styles and relationships) may come to; a
workbook with larger ones is read whole. Other parts (other sheets, pictures) calamine never needs for this sheet."""
_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData\b[^>]*?(/?)>")
_WORKSHEET = re.compile(rb"<((?:[\w.-]+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*/>")
"""The sheet's declared extent: dropped from a slice's head, since calamine sizes its grid by it."""
_NUMBERED_ROW = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?\br\s*=\s*[\"']\d")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class XlsxPackage:
    """An .xlsx archive as svcstd reads it: its sheets' names and parts, and the parts each slice's workbook needs."""

    def __init__(
        self, path: str, archive: zipfile.ZipFile, sheets: dict[str, str], parts: dict[str, bytes], table: str | None
    ):
        self.archive, self.sheets, self.parts, self.table = archive, sheets, parts, table
        self.table_xml = archive.read(table) if table else b""
        self.strings = SharedStrings.usable(path, self.table_xml) if table else None

    @classmethod
    def of(cls, path: str, raw: bytes) -> XlsxPackage | None:
        """The package, or None when the archive is not laid out as an .xlsx (a part missing, styles too large to
        copy into every slice): calamine then reads it whole, and says what is wrong with it."""
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
                ids = [value for key, value in sheet.attrib.items() if local_name(key) == "id"]
                if local_name(sheet.tag) == "sheet" and ids and sheet.get("name") is not None:
                    sheets[sheet.get("name") or ""] = rels.get(ids[0], ("", ""))[1]
            table = next((part for kind, part in rels.values() if kind.endswith("/sharedStrings")), None)
            return cls(path, archive, sheets, parts, table if table in archive.NameToInfo else None)
        except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError, EOFError):
            return None

    def names(self) -> list[str]:
        return list(self.sheets)

    def first(self) -> str | None:
        return next(iter(self.sheets), None)

    def has(self, name: str) -> bool:
        return name in self.sheets

    def slicer(self, name: str) -> XlsxSlicer | None:
        part = self.sheets.get(name)
        return XlsxSlicer(self, name, part) if part and part in self.archive.NameToInfo else None


class XlsxSlicer(Slicer):
    """One sheet part, cut between its rows."""

    def __init__(self, package: XlsxPackage, name: str, part: str):
        super().__init__(name)
        self.package, self.part = package, part
        self.head = self.tail = b""

    def slices(self) -> Iterator[tuple[int | None, bytes]]:
        with self.package.archive.open(self.part) as stream:
            unpacked = Unpacked(stream)
            found = unpacked.find(_SHEET_DATA)
            root = _WORKSHEET.search(unpacked.buffer, 0, found.start())
            if root is None:
                raise CannotSlice
            if found.group(2):  # <sheetData/>: a sheet with no rows
                return
            prefix, worksheet = found.group(1) or b"", root.group(1)  # read before the buffer is cut
            self.head = _DIMENSION.sub(b"", unpacked.take(found.end()))
            self.tail = b"</" + prefix + b"sheetData></" + worksheet + b">"
            row_tag = b"<" + prefix + b"row"
            for xml in unpacked.rows(b"</" + prefix + b"sheetData>", row_tag):
                first = xml.find(row_tag)
                if first >= 0 and not _NUMBERED_ROW.match(xml, first):
                    raise CannotSlice  # calamine would count a slice's unnumbered rows from 1
                yield None, xml

    def workbook(self, xml: bytes) -> bytes:
        package = self.package
        marked = self._marked(xml)
        parts = dict(package.parts)
        parts[self.part] = self.head + (xml if marked is None else marked) + self.tail
        if marked is None and package.table is not None:
            parts[package.table] = package.table_xml
        return stored(parts)

    def finish(self, xml: bytes, rows: list[list[Any]]) -> list[list[Any]]:
        if self.package.strings is not None and may_hold_mark(xml):
            return [escaped(cells) for cells in rows]
        return rows

    def _marked(self, xml: bytes) -> bytes | None:
        """The slice with each shared-string cell turned into a marked formula-string cell; None when the slice must
        be read with the table (its cells are laid out otherwise, or the mark could be mistaken)."""
        if self.package.table is None or (b't="s"' not in xml and b"t='s'" not in xml):
            return xml
        if self.package.strings is None or may_hold_mark(xml) or b"<![CDATA[" in xml:
            return None
        marked = xml.replace(b' t="s"><v>', b' t="str"><v>' + MARK_BYTES)
        return None if b't="s"' in marked or b"t='s'" in marked else marked


def _relationships(archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id to (type, target part), targets resolved against the part's folder."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo or archive.getinfo(rels).file_size > PART_LIMIT:
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
