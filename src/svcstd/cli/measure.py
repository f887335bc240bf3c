"""`svcstd measure`: delivery against the standards, from the department's logs."""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd import formats
from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    OutputOption,
    PeriodOption,
    SheetOption,
    app,
    format_option,
    name_some,
    stderr_line,
)
from svcstd.errors import UsageError
from svcstd.exit_codes import ExitCode


@app.command()
def measure(
    charter: Annotated[str, typer.Argument(help="The charter whose service standards the logs are measured against.")],
    correspondence: Annotated[
        str | None,
        typer.Option(
            "--correspondence", help="Log of letters and emails (received, replied, ...): CSV or a spreadsheet."
        ),
    ] = None,
    complaints: Annotated[
        str | None,
        typer.Option(
            "--complaints", help="Log of complaints (received, acknowledged, resolved, ...): CSV or a spreadsheet."
        ),
    ] = None,
    period: PeriodOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[str, format_option("measure")] = "table",
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Measure delivery against the charter's standards from logs: volume, share within, median, 90th percentile, verdict."""
    from svcstd.checks.kpi_records import allowed_gap
    from svcstd.config import parse_as_of, resolve_settings
    from svcstd.errors import InputError
    from svcstd.files import check_output
    from svcstd.judge import judge_from
    from svcstd.loader import load_path
    from svcstd.measure.compute import measure_document, nothing_to_measure, parse_period

    formats.choose("measure", output_format)
    if correspondence is None and complaints is None:
        raise UsageError("give a log to measure: --correspondence FILE, --complaints FILE or both")
    day = parse_as_of(as_of)
    chosen = parse_period(period, day)
    paths = {
        kind: path
        for kind, path in (("correspondence", correspondence), ("complaints", complaints))
        if path is not None
    }
    if output is not None:
        check_output(output, [charter, *paths.values()])
    gap = allowed_gap(judge_from(resolve_settings(config), day))  # svcstd.toml's reading, as check applies it
    try:
        document = load_path(charter)
        nothing_to_measure(document.data, charter, list(paths))
        report = measure_document(document, paths, chosen, day, sheet, gap)  # rows are read as they are measured
    except InputError as error:
        raise UsageError(str(error)) from None
    formats.emit("measure", output_format, [report], output, [charter, *paths.values()])
    if output_format != "table" or output is not None:  # the table lists bad rows itself
        name_some(
            report.bad_rows,
            lambda row: f"svcstd: warning: {row.warning()}",
            "svcstd: warning: and {more} more rows left out; the report lists every one",
        )
    for warning in report.warnings:
        stderr_line(f"svcstd: warning: {warning}")
    raise typer.Exit(ExitCode.FAILED if report.falls_short else ExitCode.OK)
