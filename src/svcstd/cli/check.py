"""`svcstd check`: charters judged against the standards, every format written where it was asked."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    ExcludeOption,
    JobsOption,
    OrderedCommand,
    SheetOption,
    StandardsOption,
    app,
    error_line,
    measurements_option,
    option_order,
    parse_jobs,
    print_statistics,
    split_values,
    stderr_line,
    with_progress,
)
from svcstd.errors import UsageError
from svcstd.formats import names


@app.command(cls=OrderedCommand)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Charter files, directories (searched for *.yaml, *.yml), glob patterns, or - for standard input."
        ),
    ],
    as_of: AsOfOption = None,
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="FORMAT or FORMAT:FILE, repeatable. Formats: " + ", ".join(names("check")) + ".",
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output", "-o", help="File for the --format just before it (same as -f FORMAT:FILE); written atomically."
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity that fails a charter (exit 1; 'not compliant' in every format): error, warning or info.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule or standard ids (comma-separated or repeated)."),
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Leave out these rule or standard ids.")] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="all (default), belize-2016, iso-11367-2025 or a custom pack id.")
    ] = None,
    no_waivers: Annotated[
        bool, typer.Option("--no-waivers", help="Refuse waivers: waived findings count as findings.")
    ] = False,
    standards: StandardsOption = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
    measurements: Annotated[str | None, measurements_option("each KPI's stated result is held to them.")] = None,
    sheet: SheetOption = None,
    sarif_root: Annotated[
        str | None,
        typer.Option(
            "--sarif-root",
            help="Directory SARIF and GitLab paths are relative to; default: the working directory's git repository.",
        ),
    ] = None,
    junit_file_attribute: Annotated[
        bool,
        typer.Option(
            "--junit-file-attribute", help="Add GitLab's file attribute to JUnit test cases (outside the xunit schema)."
        ),
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print how many open findings each rule has, across all charters, instead of the table.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print the findings only: no tables, verdict lines or summary."),
    ] = False,
) -> None:
    """Check charters against the standards; print a compliance table per charter or write machine formats."""
    from svcstd.batch import RunSummary, check_parallel
    from svcstd.check import destinations as outputs
    from svcstd.check.records import LogRecords
    from svcstd.check.reporters import ReportSettings
    from svcstd.config import parse_as_of
    from svcstd.console import make_console
    from svcstd.inputs import expand
    from svcstd.judge import build_judge
    from svcstd.text import visible

    formats, files = output_format or [], output or []
    if sarif_root is not None and not os.path.isdir(sarif_root):
        raise UsageError(f"--sarif-root {sarif_root} is not a directory")
    day = parse_as_of(as_of)
    measuring = None
    if measurements is not None or sheet is not None:  # measure's modules stay out of a plain check's start-up
        from svcstd.measure.compute import Measuring

        measuring = Measuring.from_options(measurements, None, sheet, day)
    judge = build_judge(
        config,
        day,
        fail_on=fail_on,
        profile=profile,
        select=split_values(select),
        ignore=split_values(ignore),
        standards=standards,
        exclude=exclude,
        no_waivers=no_waivers,
        records=None if measuring is None else LogRecords(measuring.folder, measuring.sheet, day),
    )
    settings, engine = judge.settings, judge.engine
    skipped: list[str] = []
    inputs = expand(paths, settings.exclude, skipped)
    for warning in skipped:
        stderr_line(f"svcstd: warning: {visible(warning)}")
    destinations = outputs.plan(formats, files, option_order(ctx, formats, files), [item.path for item in inputs])
    workers = parse_jobs(jobs, len(inputs))
    report_settings = ReportSettings(
        engine.catalogue,
        engine.options.as_of,
        settings.fail_on,
        sarif_root,
        junit_file_attribute,
        readings=judge.readings,
        per_file_summary=len(inputs) > 1,
        quiet=quiet,
    )
    results = check_parallel(inputs, engine, workers, settings.standards)
    if statistics:  # the counts take the table's place on standard output, as ruff's --statistics does
        destinations = [d for d in destinations if not (d.format == "table" and d.path is None)]
    table_on_stdout = any(d.format == "table" and d.path is None for d in destinations)
    console = make_console() if table_on_stdout else None
    summary = RunSummary(settings.fail_on)
    with outputs.reporters(destinations, report_settings, console=console) as reporters:
        for result in with_progress(results, len(inputs), destinations):
            for reporter in reporters:
                reporter.add(result)
            summary.add(result)
            if result.error is not None:
                error_line(str(result.error))
    if statistics:
        print_statistics(summary, engine.catalogue)
    if not table_on_stdout and not quiet:
        stderr_line(summary.line())
    raise typer.Exit(summary.exit_code)
