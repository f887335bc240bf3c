"""One module per output format; each is a Reporter fed the same FileResults one at a time.

Reporters stream: `add` writes (or spools to a temporary file) what one
charter contributes and keeps nothing of it, and `close` writes the rest. So
memory stays flat however many charters a run checks, and a report that must
begin with totals (JUnit, Markdown) spools its body to disk until they are
known. Every reporter judges pass or fail with the same `ReportSettings.passes`,
so no two formats of one run can disagree about a charter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from svcstd.catalogue import Catalogue, Reading
    from svcstd.findings import FileResult


@dataclass(frozen=True)
class ReportSettings:
    """What every reporter of one run is told: the same catalogue, day and pass/fail threshold."""

    catalogue: Catalogue
    as_of: date
    fail_on: str = "error"
    """Lowest severity that fails a charter; every format's verdict follows it."""
    sarif_root: str | None = None
    """Directory SARIF artifact URIs are relative to; default: the repository holding the working directory."""
    junit_file_attribute: bool = False
    """Add GitLab's `file` attribute to JUnit test cases (outside the Jenkins xunit schema)."""
    readings: list[Reading] = field(default_factory=list)
    """Every svcstd threshold in force, so each report says which reading produced its verdicts."""
    per_file_summary: bool = False
    """End each charter's table with a line of its own verdict (runs over several charters)."""
    quiet: bool = False
    """The table shows the findings only: no tables, verdict lines or summary (--quiet)."""

    def configured_readings(self) -> list[Reading]:
        return [reading for reading in self.readings if reading.configured]

    def readings_line(self) -> str:
        """One line for a report header: the thresholds an organisation changed, or that all are svcstd's defaults."""
        from svcstd.catalogue import shown_value

        changed = self.configured_readings()
        if not changed:
            return "Thresholds: svcstd's defaults (svcstd explain RULE shows each)."
        return (
            "Thresholds set by configuration: "
            + "; ".join(
                f"{r.rule_id} {r.parameter} = {shown_value(r.value)} (default {shown_value(r.default)})"
                for r in changed
            )
            + "."
        )

    def root(self) -> Path:
        """The directory report paths are relative to: --sarif-root, else the working directory's repository."""
        from svcstd.files import repository_root

        return Path(os.path.abspath(self.sarif_root)) if self.sarif_root else repository_root()

    def passes(self, result: FileResult) -> bool:
        """The one definition of a passing charter: readable, and no open finding at or above --fail-on."""
        return result.passes(self.fail_on)


class Reporter(Protocol):
    def add(self, result: FileResult) -> None: ...

    def close(self) -> None: ...


def open_reporter(name: str, sink: TextIO, settings: ReportSettings, console: Console | None = None) -> Reporter:
    """The reporter for format `name`, writing to `sink` (the table writes to `console` when one is given)."""
    from svcstd.formats import writer

    reporter_class = writer("check", name)
    if name == "table":
        if console is not None:  # standard output: input errors are on standard error already
            return reporter_class(console, settings, show_errors=False)
        from svcstd.console import plain_console

        return reporter_class(plain_console(sink), settings)
    return reporter_class(sink, settings)
