"""`--format github`: GitHub Actions workflow commands, so findings show as annotations on the charter's lines."""

from __future__ import annotations

from collections.abc import Iterable

from svcstd.findings import FileResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Iterable[FileResult]) -> str:
    lines = []
    for result in results:
        if result.error is not None:
            where = f"file={_property(result.file)}"
            if result.error.line is not None:
                where += f",line={result.error.line}"
            lines.append(f"::error {where},title=svcstd input error::{_data(result.error.message)}")
            continue
        for f in result.findings:
            level = "notice" if f.waived else f.severity
            title = f"{f.rule_id} ({'waived' if f.waived else f.status.value})"
            message = f"{f.message} ({f.detail}) Source: {f.clause}. Fix: {f.fix}"
            lines.append(f"::{level} file={_property(f.file)},line={f.line},col={f.column},title={_property(title)}::{_data(message)}")
    return "".join(line + "\n" for line in lines)
