"""`svcstd report`: the clearing-house report over many charters."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    ExcludeOption,
    ForceOption,
    JobsOption,
    PeriodOption,
    SheetOption,
    app,
    measurements_option,
    name_some,
    parse_jobs,
    stderr_line,
)
from svcstd.exit_codes import ExitCode


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="Charter files, directories or glob patterns: the portfolio.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Directory for portfolio.md, portfolio.html and portfolio.json.")
    ],
    measurements: Annotated[
        str | None, measurements_option("the portfolio gains each standard's delivery, by quarter.")
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="portfolio.json of an earlier report, to show the change since.")
    ] = None,
    period: PeriodOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    force: ForceOption = False,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
) -> None:
    """The clearing-house report over many charters: compliance per standard, reviews due, delivery, change since a baseline."""
    from svcstd.config import parse_as_of, resolve_settings
    from svcstd.inputs import expand
    from svcstd.judge import judge_from
    from svcstd.measure.compute import Measuring, parse_period
    from svcstd.output_folder import write_site_streamed
    from svcstd.report.build import build
    from svcstd.report.pages import pages

    settings = resolve_settings(config, exclude=exclude)
    day = parse_as_of(as_of)
    measuring = Measuring.from_options(measurements, period, sheet, day)
    chosen = parse_period(measuring.period, day) if measuring is not None else None
    inputs = expand(paths, settings.exclude)
    judge = judge_from(settings, day)  # a binding adoption raises severities before the engine reads them
    workers = parse_jobs(jobs, len(inputs))
    portfolio = build(
        inputs, judge.engine, day, measurements, chosen, baseline, settings.fail_on, jobs=workers, sheet=sheet
    )
    protected = frozenset(os.path.realpath(item.path) for item in inputs if item.path != "-")
    written = write_site_streamed(output, pages(portfolio), force=force, protected=protected)
    for department in portfolio.departments:
        if department.error:
            stderr_line(f"svcstd: error: {department.error}")
    if measurements is not None:  # a charter whose logs are missing or misnamed is named, never passed over
        from svcstd.measure.logs import LOG_EXTENSIONS, has_logs, log_stems

        unmeasured = [item.path for item in inputs if item.path != "-" and not has_logs(measurements, item.path)]
        name_some(
            unmeasured,
            lambda path: (
                f"svcstd: warning: {path}: no logs in {measurements} (looked for "
                f"{' or '.join(stem + LOG_EXTENSIONS[0] for stem in log_stems(path, 'correspondence'))} "
                f"(or {', '.join(LOG_EXTENSIONS[1:])}) and the complaints log of the same name)"
            ),
            "svcstd: warning: and {more} more charters without logs",
        )
    listed = ", ".join(str(path) for path in written[:3])
    more = f" and {len(written) - 3} pages of the matrix, one per ministry (or part of one)" if len(written) > 3 else ""
    stderr_line(f"svcstd: wrote {listed}{more}")
    raise typer.Exit(ExitCode.INPUT_ERROR if any(d.error for d in portfolio.departments) else ExitCode.OK)
