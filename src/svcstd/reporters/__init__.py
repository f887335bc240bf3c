"""One module per output format; each is a Reporter fed the same FileResults one at a time.

Reporters stream: `add` writes (or spools to a temporary file) what one
charter contributes and keeps nothing of it, and `close` writes the rest. So
memory stays flat however many charters a run checks, and a report that must
begin with totals (JUnit, Markdown) spools its body to disk until they are
known.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from svcstd.catalogue import Catalogue
    from svcstd.findings import FileResult

PIPE_WIDTH = 120
"""Width when writing to a file or CI log, where no terminal says how wide it is."""


class Reporter(Protocol):
    def add(self, result: FileResult) -> None: ...

    def close(self) -> None: ...


def make_console(stderr: bool = False) -> Console:
    """Rich console for people: terminal width on a terminal, a fixed width in logs; NO_COLOR is honoured by rich."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, width=None if stream.isatty() else PIPE_WIDTH)


def open_reporter(name: str, sink: TextIO, catalogue: Catalogue, as_of: date, console: Console | None = None) -> Reporter:
    """The reporter for format `name`, writing to `sink` (the table writes to `console` when one is given)."""
    if name == "json":
        from svcstd.reporters.json_report import JsonReporter

        return JsonReporter(sink, as_of)
    if name == "sarif":
        from svcstd.reporters.sarif import SarifReporter

        return SarifReporter(sink, catalogue)
    if name == "junit":
        from svcstd.reporters.junit import JunitReporter

        return JunitReporter(sink)
    if name == "github":
        from svcstd.reporters.github import GithubReporter

        return GithubReporter(sink)
    if name == "markdown":
        from svcstd.reporters.markdown import MarkdownReporter

        return MarkdownReporter(sink)
    from rich.console import Console

    from svcstd.reporters.table import TableReporter

    return TableReporter(console or Console(file=sink, width=PIPE_WIDTH, no_color=True, highlight=False, color_system=None))
