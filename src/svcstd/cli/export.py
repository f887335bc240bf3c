"""`svcstd export`: charters as open data (iCalendar, HSDS 3.0, the standards table)."""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    ExcludeOption,
    ForceOption,
    PeriodOption,
    SheetOption,
    StandardsOption,
    app,
    measurements_option,
    name_some,
    stderr_line,
)
from svcstd.errors import UsageError
from svcstd.exit_codes import ExitCode


@app.command()
def export(
    paths: Annotated[list[str], typer.Argument(help="Charter files, directories or glob patterns.")],
    to: Annotated[
        str,
        typer.Option(
            "--to", help="hsds (services as HSDS 3.0 records), ical (opening hours per site) or standards (a table)."
        ),
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Directory for the files.")],
    year: Annotated[
        int | None, typer.Option("--year", help="ical: the year of the calendar and its holidays; default: --as-of's.")
    ] = None,
    measurements: Annotated[
        str | None, measurements_option("with --to standards, the table gives each standard's measured delivery.")
    ] = None,
    period: PeriodOption = None,
    sheet: SheetOption = None,
    force: ForceOption = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to export a charter that `svcstd check` would fail (exit 1).")
    ] = False,
    as_of: AsOfOption = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    standards: StandardsOption = None,
) -> None:
    """Export charters as open data: opening hours as iCalendar, service standards as CSV and JSON.

    As with render, a charter that `svcstd check` would fail is exported with a warning; --strict refuses the
    run instead (exit 1, nothing written). A charter that cannot be read stops the run (exit 2).
    """
    from svcstd.config import parse_as_of
    from svcstd.export.run import export as run_export

    if year is not None and not 1900 <= year <= 2200:
        raise UsageError(f"--year {year} is outside 1900 to 2200")
    from svcstd.judge import build_judge

    judge = build_judge(config, parse_as_of(as_of), standards=standards, exclude=exclude)
    done = run_export(
        paths,
        to,
        output,
        judge,
        year=year,
        measurements=measurements,
        period=period,
        sheet=sheet,
        force=force,
        strict=strict,
    )
    level = "error" if strict else "warning"
    name_some(
        done.shortfalls,
        lambda s: f"svcstd: {level}: {s}" + ("; not exported (--strict)" if strict else "; exported anyway"),
        f"svcstd: {level}: and {{more}} more charters that `svcstd check` would fail",
    )
    if strict and done.shortfalls:
        raise typer.Exit(ExitCode.FAILED)
    name_some(done.warnings, lambda warning: f"svcstd: warning: {warning}", "svcstd: and {more} more warnings")
    stderr_line(f"svcstd: wrote {len(done.written)} file{'s' if len(done.written) != 1 else ''} to {output}")
