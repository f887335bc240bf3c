"""Route each requested format to stdout or its own file, written atomically.

`--format` and `--output` pair up in order: `-f sarif -o a.sarif -f junit -o
b.xml -f table` writes two files and prints the table. At most one format
goes to stdout. An output may never be one of the charters being checked.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from svcstd.catalogue import Catalogue
from svcstd.errors import UsageError
from svcstd.findings import FileResult
from svcstd.reporters import Reporter, open_reporter

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "json", "sarif", "junit", "github", "markdown")


def plan(formats: Sequence[str], outputs: Sequence[str], inputs: Sequence[str]) -> list[tuple[str, str | None]]:
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"--format {name!r} is not one of: {', '.join(FORMATS)}")
    if len(outputs) > len(formats):
        raise UsageError("more --output files than --format options; give a --format for each --output")
    pairs: list[tuple[str, str | None]] = [(name, outputs[i] if i < len(outputs) else None) for i, name in enumerate(formats)]
    to_stdout = [name for name, path in pairs if path is None]
    if len(to_stdout) > 1:
        raise UsageError(f"formats {', '.join(to_stdout)} would all go to standard output; give each but one an --output file")
    charters = {os.path.realpath(p) for p in inputs if p != "-"}
    for _, path in pairs:
        if path is not None and os.path.realpath(path) in charters:
            raise UsageError(f"--output {path} is one of the charters being checked; it is never overwritten")
        if path is not None and os.path.isdir(path):
            raise UsageError(f"--output {path} is a directory")
    return pairs


def render(name: str, results: Iterable[FileResult], catalogue: Catalogue, as_of: date) -> str:
    """A whole report as text (for library use and tests; the command streams instead)."""
    buffer = io.StringIO()
    reporter = open_reporter(name, buffer, catalogue, as_of)
    for result in results:
        reporter.add(result)
    reporter.close()
    return buffer.getvalue()


@contextmanager
def atomic_text(path: str) -> Iterator[TextIO]:
    """A text file written beside `path` and renamed over it only when the block ends without error.

    A reader never sees half a report, and an interrupted run leaves the old
    file as it was.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise UsageError(f"--output {path}: cannot write: {error.strerror or error}") from None
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"--output {path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: str, text: str) -> None:
    with atomic_text(path) as stream:
        stream.write(text)


@contextmanager
def reporters(pairs: list[tuple[str, str | None]], catalogue: Catalogue, as_of: date, console: Console | None = None) -> Iterator[list[Reporter]]:
    """Every requested report open at once, so each result is written everywhere as soon as it exists.

    Files are committed only when every reporter has closed cleanly.
    """
    with ExitStack() as stack:
        opened = []
        for name, path in pairs:
            sink = sys.stdout if path is None else stack.enter_context(atomic_text(path))
            opened.append(open_reporter(name, sink, catalogue, as_of, console if path is None else None))
        yield opened
        for reporter in opened:
            reporter.close()


def _mode_for(target: Path) -> int:
    """The mode an ordinary write would give: the old file's, or 0666 less the umask (mkstemp alone gives 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
