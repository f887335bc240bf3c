"""An .ods sheet, cut between its `<table:table-row>` elements.

An OpenDocument spreadsheet keeps every sheet in one part, content.xml, each
a `<table:table>` of `<table:table-row>` elements. Its rows carry no numbers,
so the rows before each slice are counted as it is cut (a row repeated n
times, `table:number-rows-repeated="n"`, is n rows, as calamine counts it).
A slice goes to calamine as a document holding that one table; a cell's type
is written on the cell (`office:value-type`), so no styles are needed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from svcstd.measure.sheets.slices import HEAD_LIMIT, CannotSlice, Slicer, Unpacked, stored

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OFFICE = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ROOT = re.compile(rb"<(([\w.-]+:)?)document-content\b[^>]*>")
_NAMESPACES = re.compile(rb"""xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']""")
MAX_ROWS = 1_048_576
"""calamine reads no row of an .ods past this one (Excel's last); a sheet that reaches it is read whole."""


class OdsPackage:
    """An .ods archive as svcstd reads it: its content part's root element and the prefixes it declares."""

    strings = None
    """An .ods keeps its texts in its cells: no shared-string table to look marks up in."""

    def __init__(self, archive: zipfile.ZipFile, root: bytes, office: bytes, table: bytes, manifest: bytes):
        self.archive, self.root, self.office, self.table, self.manifest = archive, root, office, table, manifest
        self.table_start = re.compile(rb"<" + re.escape(table) + rb"table[\s/>]")
        self.table_tag = re.compile(rb"<" + re.escape(table) + rb"table(?=[\s/>])[^>]*?(/?)>")

    @classmethod
    def of(cls, raw: bytes) -> OdsPackage | None:
        """The package, or None when the archive is not an OpenDocument spreadsheet laid out as svcstd expects:
        calamine then reads it whole, and says what is wrong with it."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            if "content.xml" not in archive.NameToInfo or "mimetype" not in archive.NameToInfo:
                return None
            if archive.getinfo("mimetype").file_size > 100 or archive.read("mimetype").strip() != MIMETYPE:
                return None
            with archive.open("content.xml") as stream:
                root = Unpacked(stream).find(_ROOT)
            declared = {uri: prefix + b":" for prefix, uri in _NAMESPACES.findall(root.group(0))}
            manifest = "META-INF/manifest.xml"
            if root.group(1) != b"office:" or declared.get(_OFFICE) != b"office:" or declared.get(_TABLE) != b"table:":
                return None  # calamine reads tables only under these prefixes; whole, it says what it makes of others
            if manifest not in archive.NameToInfo or archive.getinfo(manifest).file_size > HEAD_LIMIT:
                return None
            return cls(archive, root.group(0), root.group(1), declared[_TABLE], archive.read(manifest))
        except (zipfile.BadZipFile, CannotSlice, OSError, EOFError, ValueError):
            return None

    def tables(self) -> Iterator[tuple[str, bytes, Unpacked]]:
        """Each table's name and start tag, in order, with content.xml unpacked up to just after that tag."""
        with self.archive.open("content.xml") as stream:
            unpacked = Unpacked(stream)
            while True:
                try:
                    found = unpacked.find(self.table_start, limit=None, keep=len(self.table_start.pattern))
                except CannotSlice:  # the end of content.xml
                    return
                unpacked.take(found.start())
                tag = unpacked.find(self.table_tag)
                start = unpacked.take(tag.end())
                try:
                    name = self._name(start)
                except (ElementTree.ParseError, IndexError):
                    raise CannotSlice from None
                yield name, start, unpacked

    def names(self) -> list[str]:
        return [name for name, _, _ in self.tables()]

    def first(self) -> str | None:
        return next((name for name, _, _ in self.tables()), None)

    def has(self, name: str) -> bool:
        return any(found == name for found, _, _ in self.tables())

    def slicer(self, name: str) -> OdsSlicer:
        return OdsSlicer(self, name)

    def _name(self, start: bytes) -> str:
        """A table's name as its start tag writes it, entities and all, read by an XML parser."""
        empty = start[:-2] + b"/>" if start.endswith(b"/>") else start[:-1] + b"/>"
        close = b"</" + self.office + b"document-content>"
        element = ElementTree.fromstring(self.root + empty + close)[0]
        return next((value for key, value in element.attrib.items() if key.endswith("}name")), "")


class OdsSlicer(Slicer):
    """One table of content.xml, cut between its rows."""

    def __init__(self, package: OdsPackage, name: str):
        super().__init__(name)
        self.package = package
        self.head = self.tail = b""
        table = package.table
        self.row_tags = re.compile(rb"<" + re.escape(table) + rb"table-row[\s/>]")
        self.repeated = re.compile(
            rb"<"
            + re.escape(table)
            + rb"table-row\s[^>]*?"
            + re.escape(table)
            + rb"""number-rows-repeated\s*=\s*["']0*(\d+)["']"""
        )

    def slices(self) -> Iterator[tuple[int | None, bytes]]:
        package = self.package
        office, table = package.office, package.table
        for name, start, unpacked in package.tables():
            if name != self.name:
                continue
            if start.endswith(b"/>"):  # a table with no rows
                return
            self.head = package.root + b"<" + office + b"body><" + office + b"spreadsheet>" + start
            self.tail = b"</" + table + b"table></" + office + b"spreadsheet></" + office + b"body></" + office
            self.tail += b"document-content>"
            before = 0
            for xml in unpacked.rows(b"</" + table + b"table>", b"<" + table + b"table-row"):
                if package.table_start.search(xml):
                    raise CannotSlice  # a table within a cell: its end tag would end this one early
                repeats = self.repeated.findall(xml)
                if any(len(n) > 7 for n in repeats):
                    raise CannotSlice  # more rows than calamine reads: it says where it stops
                rows = len(self.row_tags.findall(xml)) + sum(int(n) - 1 for n in repeats)
                if before + rows > MAX_ROWS:
                    raise CannotSlice
                yield before, xml
                before += rows
            return
        raise CannotSlice  # the table was not found where it was named: calamine says why

    def workbook(self, xml: bytes) -> bytes:
        return stored(
            {
                "mimetype": MIMETYPE,
                "META-INF/manifest.xml": self.package.manifest,
                "content.xml": self.head + xml + self.tail,
            }
        )
