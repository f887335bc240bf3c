"""`--format github`: GitHub Actions workflow commands, so findings show as annotations on the charter's lines.

Every value is made visible first (no escape sequence reaches the log), then
escaped as the workflow-command syntax asks: `%`, CR and LF in messages, and
`:` and `,` as well in properties, so no charter text can end a command early
or forge another one.
"""

from __future__ import annotations

from typing import TextIO

from svcstd.check.reporters import ReportSettings
from svcstd.explain import help_uri
from svcstd.findings import FileResult
from svcstd.text import visible

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: object) -> str:
    """A workflow command's message: visible, with `%`, CR and LF escaped."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: object) -> str:
    """A workflow command's property (file, title): as a message, and `:` and `,` escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """One workflow command per finding, written as each charter is checked."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink  # annotations carry no verdict, so no setting changes what is written

    def add(self, result: FileResult) -> None:
        if result.error is not None:
            where = f"file={escape_property(result.file)}"
            if result.error.line is not None:
                where += f",line={result.error.line}"
            self.sink.write(f"::error {where},title=svcstd input error::{escape_data(result.error.message)}\n")
            return
        for f in result.findings:
            level = "notice" if f.waived else LEVEL.get(f.severity, "error")
            title = f"{f.rule_id} ({'waived' if f.waived else f.status.value})"
            message = (
                f"{f.message} ({f.detail}) Source: {f.cited}. Fix: {f.fix.rstrip('.')}. "
                f"More: svcstd explain {f.rule_id} or {help_uri(f.rule_id)}"
            )
            self.sink.write(
                f"::{level} file={escape_property(f.file)},line={f.line},col={f.column},title={escape_property(title)}::{escape_data(message)}\n"
            )

    def close(self) -> None:
        pass
