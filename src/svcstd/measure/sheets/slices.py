"""A sheet's XML cut between rows, each slice read by calamine as a workbook of its own, two at once.

calamine parses without holding the GIL, so two worker threads read slices
while the rows of the slice before are counted. A slice is a few megabytes of
XML; three are held at a time, so memory stays flat whatever the sheet's
length. What the cutting does not expect raises `CannotSlice`, and the sheet
is read whole from the row reached (see `svcstd.measure.sheets`).

calamine never returns from some damaged files (an .ods table cut short loops
for ever), so every call into it runs on a daemon thread that svcstd waits on
for a bounded time (`watched`): a thread that never returns is left behind
and does not keep svcstd from exiting.
"""

from __future__ import annotations

import functools
import io
import itertools
import queue
import re
import threading
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as Late
from typing import IO, Any, TypeVar

from svcstd.loader import MAX_BYTES

SLICE_BYTES = 2 * MAX_BYTES
"""XML handed to calamine at once: about 8,000 rows of a log, a few megabytes once read. Smaller slices save
memory and cost time (a million rows: 1 MiB slices peak near 100 MB in 4.1 s, 2 MiB near 125 MB in 3.8 s)."""
READ_BYTES = MAX_BYTES // 4
"""What is unpacked at a time while a slice is gathered."""
IN_FLIGHT = 3
"""Slices held at once: two being read by the workers while the rows of a third are counted."""
HEAD_LIMIT = MAX_BYTES
"""How far into a part its head (the elements before the first row) may reach; a longer one is read whole."""
SLICE_SECONDS = 60.0
"""How long calamine may take over one slice before svcstd stops waiting (a slice takes well under a second)."""

Row = tuple[int, list[Any]]
"""A row's number (1 is the first) and its cells from column A."""
Read = tuple[int, int, list[list[Any]]]
"""A slice as calamine read it: the index of its first row, of its first column, and the cells from there."""


class CannotSlice(Exception):
    """Something the cutting did not expect; the rest of the sheet is read whole."""


class Stuck(Exception):
    """calamine did not return in the time it was given."""


T = TypeVar("T")


def start(call: Callable[[], T]) -> Future[T]:
    """`call()` on a daemon thread of its own, as a future."""
    future: Future[T] = Future()
    threading.Thread(target=_run, args=(future, call), name="svcstd-sheet", daemon=True).start()
    return future


def _run(future: Future[T], call: Callable[[], T]) -> None:
    if not future.set_running_or_notify_cancel():
        return  # given up on before it began
    try:
        future.set_result(call())
    except BaseException as error:  # handed to whoever waits on the future
        future.set_exception(error)


class Workers:
    """Two daemon threads reading what is handed to them, in order: a thread calamine never returns on is left
    behind, and does not keep svcstd from exiting as a ThreadPoolExecutor's would."""

    def __init__(self, count: int = 2):
        self.tasks: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = queue.SimpleQueue()
        self.count = count
        for _ in range(count):
            threading.Thread(target=self._serve, name="svcstd-sheet", daemon=True).start()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self.tasks.put((future, call))
        return future

    def close(self) -> None:
        """Each worker ends once the tasks before its turn are done (or given up on)."""
        for _ in range(self.count):
            self.tasks.put(None)

    def _serve(self) -> None:
        while (task := self.tasks.get()) is not None:
            _run(*task)


def watched(call: Callable[[], T], seconds: float) -> T:
    """`call()`'s result, or Stuck when it takes longer than `seconds`."""
    try:
        return start(call).result(timeout=seconds)
    except Late:
        raise Stuck from None


class Slicer(ABC):
    """One sheet of a workbook, read a slice at a time."""

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    def slices(self) -> Iterator[tuple[int | None, bytes]]:
        """Each slice's rows' XML, with the number of rows before it (None: its rows carry their own numbers)."""

    @abstractmethod
    def workbook(self, xml: bytes) -> bytes:
        """The slice as a workbook calamine reads, its one sheet named as the original's."""

    def finish(self, xml: bytes, rows: list[list[Any]]) -> list[list[Any]]:
        """The rows calamine read from a slice, as svcstd hands them on (by default, as they are)."""
        return rows

    def rows(self) -> Iterator[Row]:
        """The sheet's rows, each slice read on a worker while the rows of the one before are counted; a part that
        does not unpack (a bad checksum, broken compression), or a slice calamine does not finish, is read whole by
        calamine, which says what is wrong."""
        workers = Workers()
        pending: deque[Future[Read]] = deque()
        try:
            try:
                for before, xml in self.slices():
                    pending.append(workers.submit(functools.partial(self.read, before, xml)))
                    if len(pending) >= IN_FLIGHT:
                        yield from numbered(self._wait(pending.popleft()))
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
                raise CannotSlice from None
            while pending:
                yield from numbered(self._wait(pending.popleft()))
        finally:
            for future in pending:
                future.cancel()
            workers.close()

    @staticmethod
    def _wait(future: Future[Read]) -> Read:
        try:
            return future.result(timeout=SLICE_SECONDS)
        except Late:
            raise CannotSlice from None

    def read(self, before: int | None, xml: bytes) -> Read:
        """A slice's rows by calamine, numbered within the sheet."""
        import python_calamine

        try:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.workbook(xml)))
            sheet = book.get_sheet_by_name(self.name)
            corner = sheet.start
            rows = sheet.to_python() if corner else []
        except Exception:  # calamine's faults: the sheet read whole reports them in calamine's words
            raise CannotSlice from None
        if not corner:
            return 0, 0, []
        return (corner[0] if before is None else before + corner[0]), corner[1], self.finish(xml, rows)


def local_name(tag: str) -> str:
    """An XML name without its namespace, as ElementTree writes it (`{uri}name`): the readers match OOXML's
    transitional and strict namespaces alike."""
    return tag.rsplit("}", 1)[-1]


def numbered(read: Read) -> Iterator[Row]:
    first, column, rows = read
    if column:
        rows = [[""] * column + cells for cells in rows]
    return zip(itertools.count(first + 1), rows, strict=False)


def stored(parts: dict[str, bytes]) -> bytes:
    """A zip archive of the parts, uncompressed: calamine unpacks nothing, and CRC-32 is all the writing costs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class Unpacked:
    """A part of a zip archive as it unpacks, a block at a time, in a buffer that is cut from the front."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.buffer = bytearray()

    def more(self) -> bool:
        block = self.stream.read(READ_BYTES)
        self.buffer += block
        return bool(block)

    def find(self, pattern: re.Pattern[bytes], limit: int | None = HEAD_LIMIT, keep: int = 0) -> re.Match[bytes]:
        """The first match in what is left, unpacking on until there is one. With a `limit`, none within that many
        bytes is CannotSlice; without, what cannot begin a match (all but the last `keep` bytes) is let go, so a
        search can pass over a whole sheet. The match reads the buffer as it is: take its groups before the
        buffer is cut."""
        searched = 0
        while (found := pattern.search(self.buffer, searched)) is None:
            if limit is not None and len(self.buffer) > limit:
                raise CannotSlice
            if limit is None:
                del self.buffer[: max(0, len(self.buffer) - keep)]
            searched = max(0, len(self.buffer) - keep) if limit is None else 0
            if not self.more():
                raise CannotSlice
        return found

    def take(self, end: int) -> bytes:
        """The buffer up to `end`, let go of."""
        taken = bytes(memoryview(self.buffer)[:end])
        del self.buffer[:end]
        return taken

    def rows(self, end_tag: bytes, row_tag: bytes) -> Iterator[bytes]:
        """The rows up to `end_tag`, a slice of about SLICE_BYTES at a time, cut only where `row_tag` starts a row;
        the end tag itself is left in the buffer. No end tag is CannotSlice: calamine reading the sheet whole says
        what is wrong."""
        searched = 0
        while (ended := self.buffer.find(end_tag, searched)) < 0:
            searched = max(0, len(self.buffer) - len(end_tag))
            if len(self.buffer) >= SLICE_BYTES and (cut := last_row_start(self.buffer, row_tag)) > 0:
                yield self.take(cut)
                searched = max(0, searched - cut)
            elif not self.more():
                raise CannotSlice
        if self.buffer[:ended].strip():
            yield self.take(ended)


_ROW_TAG_ENDS = frozenset(b" \t\r\n>/")


def last_row_start(buffer: bytearray, row_tag: bytes) -> int:
    """Where the last `row_tag` in the buffer starts as a tag of its own (not `<rowBreaks`); 0: none after the
    first byte."""
    position = len(buffer)
    while (position := buffer.rfind(row_tag, 0, position)) > 0:
        after = position + len(row_tag)
        if after < len(buffer) and buffer[after] in _ROW_TAG_ENDS:
            return position
    return 0
