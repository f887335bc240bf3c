"""Route each requested format of `svcstd check` to standard output or its own file.

A format names its file in one of two ways, and nothing else pairs them:
`-f sarif:svcstd.sarif`, or `-f sarif -o svcstd.sarif` (an `-o` belongs to
the `-f` just before it). Formats without a file go to standard output, at
most one of them. A file whose extension says another format (`-f junit -o
x.sarif`), an `-o` with no `-f` before it, or an output that is one of the
charters being checked is a usage error before anything is read.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcstd.check.reporters import Reporter, ReportSettings, open_reporter
from svcstd.errors import UsageError
from svcstd.files import check_writable, open_output, same_file
from svcstd.formats import choose, extension_formats, stdout_stream

if TYPE_CHECKING:
    from rich.console import Console

    from svcstd.findings import FileResult


@dataclass(frozen=True)
class Destination:
    format: str
    path: str | None
    """A file, or None for standard output."""


def plan(
    formats: Sequence[str], outputs: Sequence[str], order: Sequence[str], inputs: Sequence[str]
) -> list[Destination]:
    """Bind formats to files as written on the command line.

    `order` is the sequence of option names as they appeared ("format" and
    "output"), which is what lets an `-o` belong to the `-f` before it.
    """
    bound: list[list[str | None]] = []
    format_values, output_values = iter(formats), iter(outputs)
    for name in order:
        if name == "format":
            value = next(format_values)
            chosen, colon, path = value.partition(":")
            choose("check", chosen)
            if colon and not path:
                raise UsageError(f"--format {value!r} names no file after the colon")
            bound.append([chosen, path or None])
        else:
            path = next(output_values)
            if not bound:
                raise UsageError(
                    f"--output {path} comes before any --format; write -f FORMAT -o {path} (or -f FORMAT:{path})"
                )
            if bound[-1][1] is not None:
                raise UsageError(
                    f"--output {path}: --format {bound[-1][0]} already writes to {bound[-1][1]}; "
                    "give each file its own -f FORMAT before it"
                )
            bound[-1][1] = path
    destinations = [Destination(str(name), None if path == "-" else path) for name, path in bound] or [
        Destination("table", None)
    ]
    _check(destinations, inputs)
    return destinations


def _check(destinations: list[Destination], inputs: Sequence[str]) -> None:
    to_stdout = [d.format for d in destinations if d.path is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"formats {', '.join(to_stdout)} would all go to standard output; give each but one a file (-f FORMAT:FILE)"
        )
    charters = {os.path.realpath(p) for p in inputs if p != "-"}
    seen: dict[str, str] = {}
    holds = extension_formats("check")
    for d in destinations:
        if d.path is None:
            continue
        extension = os.path.splitext(d.path)[1].lower()
        if extension in holds and d.format not in holds[extension]:
            expected = " or ".join(sorted(holds[extension]))
            raise UsageError(
                f"--output {d.path} looks like {expected} by its extension, but its --format is {d.format}; "
                f"bind each file to its format with -f FORMAT:FILE"
            )
        if same_file(d.path, charters):
            raise UsageError(f"--output {d.path} is one of the charters being checked; it is never overwritten")
        check_writable(d.path)
        real = os.path.realpath(d.path)
        if real in seen and not d.path.startswith("/dev/"):
            raise UsageError(f"--output {d.path}: {seen[real]} already writes to that file")
        seen[real] = d.format


def render(name: str, results: Iterable[FileResult], settings: ReportSettings) -> str:
    """A whole report as text (for library use and tests; the command streams instead)."""
    buffer = io.StringIO()
    reporter = open_reporter(name, buffer, settings)
    for result in results:
        reporter.add(result)
    reporter.close()
    return buffer.getvalue()


@contextmanager
def reporters(
    destinations: list[Destination], settings: ReportSettings, console: Console | None = None
) -> Iterator[list[Reporter]]:
    """Every requested report open at once, so each result is written everywhere as soon as it exists.

    Files are committed only when every reporter has closed cleanly.
    """
    with ExitStack() as stack:
        opened = []
        for d in destinations:
            if d.path is None:
                sink = stack.enter_context(stdout_stream(d.format))
                opened.append(open_reporter(d.format, sink, settings, console))
            else:
                sink = stack.enter_context(open_output(d.path))
                opened.append(open_reporter(d.format, sink, settings, None))
        yield opened
        for reporter in opened:
            reporter.close()
