"""The `svcstd` command: a thin shell that parses options, calls the library and picks a reporter.

Exit codes: 0 every charter compliant, 1 a finding at or above --fail-on,
2 an input or usage error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from svcstd import __version__
from svcstd.errors import UsageError, one_of
from svcstd.exit_codes import ExitCode

if TYPE_CHECKING:
    from svcstd.batch import RunSummary
    from svcstd.catalogue import Catalogue
    from svcstd.findings import FileResult
    from svcstd.outputs import Destination

T = TypeVar("T")
MAX_WARNINGS = 20
"""Log rows left out (measure), or charters check would fail (render), named one by one on stderr; a run with
thousands names the first and counts the rest, which the report (or `svcstd check`) lists in full."""

# Options several commands share, declared once so their names and help never drift apart.
ConfigOption = Annotated[
    str | None,
    typer.Option("--config", help="Configuration file (default: svcstd.toml or [tool.svcstd] in pyproject.toml)."),
]
JobsOption = Annotated[
    str | None,
    typer.Option(
        "--jobs", "-j", help="Worker processes: 1 for none, all (or 0) for every core; default: all for big runs."
    ),
]
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="Leave out paths matching this pattern; repeatable.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Judge dates (reviews, waivers, open items) as of this day, YYYY-MM-DD; default today."
    ),
]
StandardsOption = Annotated[
    list[str] | None, typer.Option("--standards", help="An extra standards pack (YAML); repeatable.")
]


app = typer.Typer(
    name="svcstd",
    help="Check public service charters against service standards (Belize Customer Service Policy 2016, ISO 11367:2025).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"svcstd {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """Check public service charters against service standards."""


def _split(values: list[str] | None) -> list[str]:
    """Repeatable options also accept comma-separated lists: --select BZ-D2,BZ-D3."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


class _OrderedCommand(TyperCommand):
    """Records the order in which options were given, so `-o FILE` binds to the `-f FORMAT` just before it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            ctx.meta["svcstd.order"] = [param.name for param in order]
        except Exception:
            ctx.meta["svcstd.order"] = []
        return super().parse_args(ctx, args)


def _option_order(ctx: typer.Context, formats: list[str], outputs: list[str]) -> list[str]:
    """ "format"/"output" in command-line order (falling back to all formats first if the order is unknown)."""
    names = {"output_format": "format", "output": "output"}
    order = [names[name] for name in ctx.meta.get("svcstd.order", []) if name in names]
    if order.count("format") != len(formats) or order.count("output") != len(outputs):
        order = ["format"] * len(formats) + ["output"] * len(outputs)
    return order


def _parse_jobs(value: str | None, count: int) -> int:
    from svcstd.batch import default_jobs

    if value is None:
        return default_jobs(count)
    if value == "all" or value == "0":
        return default_jobs(10**9)
    if not value.isdigit():
        raise UsageError(f"--jobs must be a number of processes (1 for none) or all, not {value!r}")
    return int(value)


@app.command(cls=_OrderedCommand)
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
            help="FORMAT or FORMAT:FILE, repeatable. Formats: table, json, sarif, junit, github, gitlab, markdown.",
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
    from svcstd import outputs
    from svcstd.batch import RunSummary, check_parallel
    from svcstd.config import parse_as_of
    from svcstd.inputs import expand
    from svcstd.judge import build_judge
    from svcstd.reporters import ReportSettings, make_console
    from svcstd.text import visible

    formats, files = output_format or [], output or []
    if sarif_root is not None and not os.path.isdir(sarif_root):
        raise UsageError(f"--sarif-root {sarif_root} is not a directory")
    judge = build_judge(
        config,
        parse_as_of(as_of),
        fail_on=fail_on,
        profile=profile,
        select=_split(select),
        ignore=_split(ignore),
        standards=standards,
        exclude=exclude,
        no_waivers=no_waivers,
    )
    settings, engine = judge.settings, judge.engine
    skipped: list[str] = []
    inputs = expand(paths, settings.exclude, skipped)
    for warning in skipped:
        _stderr_line(f"svcstd: warning: {visible(warning)}")
    destinations = outputs.plan(formats, files, _option_order(ctx, formats, files), [item.path for item in inputs])
    workers = _parse_jobs(jobs, len(inputs))
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
        for result in _with_progress(results, len(inputs), destinations):
            for reporter in reporters:
                reporter.add(result)
            summary.add(result)
            if result.error is not None:
                _error_line(str(result.error))
    if statistics:
        _print_statistics(summary, engine.catalogue)
    if not table_on_stdout and not quiet:
        _stderr_line(summary.line())
    raise typer.Exit(summary.exit_code)


def _print_statistics(summary: RunSummary, catalogue: Catalogue) -> None:
    """One line per rule with open findings: how many, the rule, its severity and title; most frequent first."""
    from svcstd.text import visible

    counts = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(count)) for _, count in counts), default=1)
    id_width = max((len(rule_id) for rule_id, _ in counts), default=1)
    for rule_id, count in counts:
        rule = catalogue.rules[rule_id]
        print(visible(f"{count:>{width}}  {rule_id:<{id_width}}  {rule.severity:<7}  {rule.title}"))


def _name_some(items: Sequence[T], line: Callable[[T], str], rest: str) -> None:
    """The first MAX_WARNINGS items on stderr, one line each, then `rest` saying how many more ({more})."""
    for item in items[:MAX_WARNINGS]:
        _stderr_line(line(item))
    if len(items) > MAX_WARNINGS:
        _stderr_line(rest.format(more=len(items) - MAX_WARNINGS))


def _error_line(message: str) -> None:
    from svcstd.text import visible

    _stderr_line(f"svcstd: error: {visible(message)}")


def _stderr_line(text: str) -> None:
    """Every line svcstd writes to standard error: a file name or a charter's words in it may hold escape sequences,
    which reach a terminal or CI log only as visible escapes (visible() leaves text it has already shown alone)."""
    from svcstd.text import visible

    sys.stdout.flush()
    print(visible(text), file=sys.stderr, flush=True)


def _with_progress(results: Iterator[FileResult], total: int, destinations: list[Destination]) -> Iterator[FileResult]:
    """A progress bar on stderr for people at a terminal, when every report goes to a file; never in CI."""
    import os

    interactive = sys.stderr.isatty() and not os.environ.get("CI") and total >= 20
    if not interactive or any(d.path is None for d in destinations):
        return results
    from rich.progress import track

    from svcstd.reporters import make_console

    return iter(
        track(results, total=total, description="Checking charters", console=make_console(stderr=True), transient=True)
    )


@app.command()
def render(
    paths: Annotated[
        list[str], typer.Argument(help="Charter files, directories, glob patterns, or - for standard input.")
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Directory for the pages; without it one charter's page is printed."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="html (default) or markdown.")] = "html",
    lang: Annotated[
        str, typer.Option("--lang", help="Page language: en (default), es, or another language given with --messages.")
    ] = "en",
    messages: Annotated[
        str | None,
        typer.Option("--messages", help="YAML file of page texts for --lang (a new language or your own wording)."),
    ] = None,
    template_dir: Annotated[
        str | None,
        typer.Option("--template-dir", help="Your own Jinja2 templates, run sandboxed; extend svcstd/<name>."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to render a charter that `svcstd check` would fail (exit 1).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in the output directory that svcstd did not write.")
    ] = False,
    as_of: AsOfOption = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
    with_exports: Annotated[
        bool,
        typer.Option(
            "--with-exports",
            help="Also write each charter's opening-hours calendars (.ics) and HSDS records beside its page, linked.",
        ),
    ] = False,
) -> None:
    """Render public charter pages (accessible HTML or Markdown, English or Spanish) from charters."""
    from svcstd.config import parse_as_of, resolve_settings
    from svcstd.judge import judge_from
    from svcstd.render import publish
    from svcstd.render.pages import EXTENSIONS

    one_of("--format", output_format, EXTENSIONS)
    settings = resolve_settings(config, exclude=exclude)
    localiser = publish.make_localiser(lang, messages)
    inputs = publish.read_inputs(paths, settings.exclude)
    publish.check_request(
        len(inputs), output, template_dir
    )  # before the packs are read: the request's own faults first
    if with_exports and output is None:
        raise UsageError("--with-exports writes files beside the pages: give --output DIR")
    judge = judge_from(settings, parse_as_of(as_of))
    rendered = publish.render(
        inputs,
        engine=judge.engine,
        fail_on=settings.fail_on,
        fmt=output_format,
        localiser=localiser,
        output=output,
        template_dir=template_dir,
        force=force,
        strict=strict,
        jobs=_parse_jobs(jobs, len(inputs)),
        with_exports=with_exports,
    )
    level = "error" if strict else "warning"
    _name_some(
        rendered.shortfalls,
        lambda s: (
            f"svcstd: {level}: {s.path}: does not meet {', '.join(s.standards)} (`svcstd check {s.path}` says why)"
            + ("; not rendered (--strict)" if strict else "; rendered anyway")
        ),
        f"svcstd: {level}: and {{more}} more charters that `svcstd check` would fail",
    )
    if strict and rendered.shortfalls:
        raise typer.Exit(ExitCode.FAILED)
    if rendered.untranslated:
        language = localiser.locale.english_name
        _stderr_line(
            f"svcstd: warning: {len(rendered.untranslated)} page texts have no {language} translation and are shown in English: "
            f"{', '.join(rendered.untranslated)}"
        )
    if rendered.page is not None:
        sys.stdout.write(rendered.page.text)
    else:
        _stderr_line(
            f"svcstd: wrote {len(rendered.written)} page{'s' if len(rendered.written) != 1 else ''} to {output}"
        )


@app.command()
def measure(
    charter: Annotated[str, typer.Argument(help="The charter whose service standards the logs are measured against.")],
    correspondence: Annotated[
        str | None, typer.Option("--correspondence", help="CSV log of letters and emails (received, replied, ...).")
    ] = None,
    complaints: Annotated[
        str | None, typer.Option("--complaints", help="CSV log of complaints (received, acknowledged, resolved, ...).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="2025, 2025-Q3, 2025-07 or 2025-01-01..2025-06-30; default: last 12 months."),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table (default), json or markdown.")] = "table",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")
    ] = None,
) -> None:
    """Measure delivery against the charter's standards from logs: volume, share within, median, 90th percentile, verdict."""
    from svcstd.config import parse_as_of
    from svcstd.errors import InputError
    from svcstd.files import check_output, write_text
    from svcstd.loader import load_path
    from svcstd.measure import output as measure_output
    from svcstd.measure.compute import measure as measure_charter
    from svcstd.measure.compute import nothing_to_measure, parse_period, refuse_malformed
    from svcstd.measure.logs import read_logs

    one_of("--format", output_format, ("table", "json", "markdown"))
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
    try:
        document = load_path(charter)
        refuse_malformed(document)
        data = document.data
        nothing_to_measure(data, charter, list(paths))
        report = measure_charter(
            data, charter, read_logs(paths, data), chosen, day
        )  # rows are read as they are measured
    except InputError as error:
        raise UsageError(str(error)) from None
    if output_format == "table" and output is None:
        from svcstd.reporters import make_console

        measure_output.write_table([report], make_console())
    else:
        text = measure_output.render(output_format, [report])
        if output is None:
            sys.stdout.write(text)
        else:
            write_text(output, text)
    if output_format != "table" or output is not None:  # the table lists bad rows itself
        _name_some(
            report.bad_rows,
            lambda row: f"svcstd: warning: {row.warning()}",
            "svcstd: warning: and {more} more rows left out; the report lists every one",
        )
    for warning in report.warnings:
        _stderr_line(f"svcstd: warning: {warning}")
    raise typer.Exit(ExitCode.FAILED if report.falls_short else ExitCode.OK)


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="Charter files, directories or glob patterns: the portfolio.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Directory for portfolio.md, portfolio.html and portfolio.json.")
    ],
    measurements: Annotated[
        str | None,
        typer.Option("--measurements", help="Logs named <charter>.correspondence.csv and <charter>.complaints.csv."),
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="portfolio.json of an earlier report, to show the change since.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Delivery period for --measurements (as for measure); default: last 12 months."),
    ] = None,
    as_of: AsOfOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in the output directory that svcstd did not write.")
    ] = False,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
) -> None:
    """The clearing-house report over many charters: compliance per standard, reviews due, delivery, change since a baseline."""
    from svcstd.config import parse_as_of, resolve_settings
    from svcstd.inputs import expand
    from svcstd.judge import judge_from
    from svcstd.measure.compute import parse_period
    from svcstd.output_folder import write_site
    from svcstd.portfolio.build import build
    from svcstd.portfolio.pages import pages

    if measurements is not None and not os.path.isdir(measurements):
        raise UsageError(f"--measurements {measurements} is not a directory")
    settings = resolve_settings(config, exclude=exclude)
    day = parse_as_of(as_of)
    chosen = parse_period(period, day) if measurements is not None else None
    inputs = expand(paths, settings.exclude)
    judge = judge_from(settings, day)  # a binding adoption raises severities before the engine reads them
    workers = _parse_jobs(jobs, len(inputs))
    portfolio = build(inputs, judge.engine, day, measurements, chosen, baseline, settings.fail_on, jobs=workers)
    protected = frozenset(os.path.realpath(item.path) for item in inputs if item.path != "-")
    written = write_site(output, pages(portfolio), force=force, protected=protected)
    for department in portfolio.departments:
        if department.error:
            _stderr_line(f"svcstd: error: {department.error}")
    if measurements is not None:  # a charter whose logs are missing or misnamed is named, never passed over
        from svcstd.measure.logs import log_names, log_paths

        unmeasured = [item.path for item in inputs if item.path != "-" and not log_paths(measurements, item.path)]
        _name_some(
            unmeasured,
            lambda path: (
                f"svcstd: warning: {path}: no logs in {measurements} (looked for "
                f"{' or '.join(log_names(path, 'correspondence'))} and the complaints log of the same name)"
            ),
            "svcstd: warning: and {more} more charters without logs",
        )
    listed = ", ".join(str(path) for path in written[:3])
    more = f" and {len(written) - 3} pages of the matrix, one per ministry (or part of one)" if len(written) > 3 else ""
    _stderr_line(f"svcstd: wrote {listed}{more}")
    raise typer.Exit(ExitCode.INPUT_ERROR if any(d.error for d in portfolio.departments) else ExitCode.OK)


@app.command()
def diff(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="OLD NEW (files, - or REV:path), or with --base the charters (files or folders) to compare with that revision."
        ),
    ],
    base: Annotated[
        str | None,
        typer.Option("--base", help="A git revision (e.g. origin/main) to read each charter's old version from."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table (default), json, markdown, sarif or github.")
    ] = "table",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")
    ] = None,
    as_of: AsOfOption = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    standards: StandardsOption = None,
) -> None:
    """Did any promise to the public get weaker? Exit 1 when one did and the new charter's changes: log does not record it."""
    from svcstd.promises import run

    one_of("--format", output_format, run.FORMATS)
    diffs = run.compare(paths, base, exclude or [], config, as_of, standards)
    run.write(diffs, output_format, output)
    _stderr_line(run.summary(diffs))
    raise typer.Exit(run.exit_code(diffs))


@app.command("config")
def show_config(
    config: Annotated[
        str | None, typer.Option("--config", help="Configuration file to read instead of searching.")
    ] = None,
) -> None:
    """Print the effective configuration (file settings with defaults) as JSON."""
    import json

    from svcstd.config import load_settings

    print(json.dumps(load_settings(config).as_dict(), indent=2))


@app.command("standards")
def list_standards(
    standards: StandardsOption = None,
) -> None:
    """List the standards and their rules, with source clauses."""
    from svcstd.catalogue import load_catalogue
    from svcstd.explain import write_list
    from svcstd.reporters import make_console

    write_list(load_catalogue(standards), make_console())


@app.command()
def calendar(
    country: Annotated[str, typer.Argument(help="Country code (ISO 3166-1 alpha-2), e.g. BZ.")],
    year: Annotated[int, typer.Option("--year", help="The year to list.")] = date.today().year,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table (default) or json.")] = "table",
) -> None:
    """List a country's public holidays for a year, with where each date comes from (a Government notice or the package's rules)."""
    from svcstd.holidays_data import check_country, holiday_year

    one_of("--format", output_format, ("table", "json"))
    if not 1 <= year <= 9999:
        raise UsageError(f"--year {year} is not a year from 1 to 9999")
    check_country(country, "calendar")
    entry = holiday_year(country, year)
    if output_format == "json":
        from svcstd.text import dump_json

        data = {
            "country": country,
            "year": year,
            "published": entry.published,
            "source": entry.source,
            "holidays": [
                {"date": h.day.isoformat(), "weekday": h.day.strftime("%A"), "name": h.name} for h in entry.holidays
            ],
        }
        sys.stdout.write(dump_json(data))
        return
    from rich.markup import escape
    from rich.table import Table

    from svcstd.reporters import make_console

    table = Table(title=f"Public holidays, {escape(country)} {year}", title_justify="left")
    for column in ("Date", "Day", "Holiday"):
        table.add_column(column)
    for holiday in entry.holidays:
        table.add_row(holiday.day.isoformat(), holiday.day.strftime("%A"), escape(holiday.name))
    console = make_console()
    console.print(table)
    console.print(f"Source: {escape(entry.source)}", soft_wrap=True)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id (e.g. BZ-D2-01) or a standard id (e.g. BZ-D2).")],
    standards: StandardsOption = None,
    config: ConfigOption = None,
) -> None:
    """Explain a rule: what it checks, why it matters, how firmly its source asks, and a compliant example.

    Thresholds are shown as the configuration in force sets them, beside svcstd's defaults.
    """
    from datetime import date

    from svcstd.explain import write_rule, write_standard
    from svcstd.judge import build_judge
    from svcstd.reporters import make_console

    catalogue = build_judge(config, date.today(), standards=standards).engine.catalogue  # as check reads it
    console = make_console()
    key = rule_id.strip()
    if key not in catalogue.rules and key not in catalogue.by_id:  # ids in any case: bz-d2-01 is BZ-D2-01
        same = {known for known in (*catalogue.rules, *catalogue.by_id) if known.casefold() == key.casefold()}
        key = same.pop() if len(same) == 1 else key
    if key in catalogue.rules:
        write_rule(catalogue, catalogue.rules[key], console)
    elif key in catalogue.by_id:
        write_standard(catalogue.by_id[key], console)
    else:
        import difflib

        close = difflib.get_close_matches(key.upper(), [*catalogue.rules, *catalogue.by_id], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `svcstd standards` lists them all"
        raise UsageError(f"unknown rule or standard {rule_id!r}{hint}")


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
        str | None,
        typer.Option(
            "--measurements", help="standards: a folder of logs (NAME.correspondence.csv, NAME.complaints.csv)."
        ),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="standards: the period measured, as for `svcstd measure`.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in the output directory that svcstd did not write.")
    ] = False,
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
        force=force,
        strict=strict,
    )
    level = "error" if strict else "warning"
    _name_some(
        done.shortfalls,
        lambda s: f"svcstd: {level}: {s}" + ("; not exported (--strict)" if strict else "; exported anyway"),
        f"svcstd: {level}: and {{more}} more charters that `svcstd check` would fail",
    )
    if strict and done.shortfalls:
        raise typer.Exit(ExitCode.FAILED)
    _name_some(done.warnings, lambda warning: f"svcstd: warning: {warning}", "svcstd: and {more} more warnings")
    _stderr_line(f"svcstd: wrote {len(done.written)} file{'s' if len(done.written) != 1 else ''} to {output}")


@app.command()
def init(
    path: Annotated[
        str | None, typer.Argument(help="The charter file to write; default: the department's name, .charter.yaml.")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: take the answers from the flags and --answers.")
    ] = False,
    answers: Annotated[
        str | None, typer.Option("--answers", help="A YAML file of answers (name:, country:, hours:, services:, ...).")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The department's name.")] = None,
    ministry: Annotated[str | None, typer.Option("--ministry", help="Its ministry.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Two-letter country code (default BZ).")] = None,
    telephone: Annotated[str | None, typer.Option("--telephone", help="Public telephone number.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Public email address.")] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help="Opening hours, e.g. 'mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00'."),
    ] = None,
    reply_days: Annotated[
        str | None, typer.Option("--reply-days", help="Working days to reply to letters and emails.")
    ] = None,
    service: Annotated[
        list[str] | None, typer.Option("--service", help="A service, NAME or NAME=WORKING_DAYS; repeatable.")
    ] = None,
    official: Annotated[str | None, typer.Option("--official", help="Who answers for the charter.")] = None,
    official_title: Annotated[str | None, typer.Option("--official-title", help="Their job title.")] = None,
    official_email: Annotated[str | None, typer.Option("--official-email", help="Their email address.")] = None,
    language: Annotated[
        str | None, typer.Option("--languages", help="Languages the charter is published in, e.g. en,es.")
    ] = None,
) -> None:
    """Start a charter: a few questions (or --no-input with flags), then a file that passes the format.

    Sections it does not ask about are left out and named in the file, so `svcstd check` lists each once.
    Never overwrites a file.
    """
    from svcstd import starter

    if path is not None and os.path.lexists(path):
        raise UsageError(f"{path} exists; svcstd init never overwrites a file (give another path)")
    policy = _policy_quotes()
    if no_input or answers is not None:
        given: dict[str, Any] = {}
        if answers is not None:
            given = starter.read_answers(answers)
        flags = {
            "name": name,
            "ministry": ministry,
            "country": country,
            "telephone": telephone,
            "email": email,
            "hours": hours,
            "reply_within_working_days": reply_days,
            "services": service,
            "languages": language,
        }
        given.update({key: value for key, value in flags.items() if value is not None})
        if official or official_title or official_email:
            given["official"] = {"name": official, "title": official_title, "email": official_email}
        facts = starter.from_mapping(given, answers or "--no-input")
    else:
        if not sys.stdin.isatty():
            raise UsageError(
                "svcstd init asks its questions on a terminal; use --no-input with flags, or --answers FILE"
            )
        facts = starter.interview(_ask, lambda line: typer.echo(line), policy)
    target = path or f"{starter.slug(facts.name)}.charter.yaml"
    text = starter.write_charter(facts, _zone_of(facts.country), _calendar_of(facts.country), policy)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # x: never replaces what is there
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{target} exists; svcstd init never overwrites a file (give another path)") from None
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
    _stderr_line(f"svcstd: wrote {target}; next: svcstd check {target} (it lists what is still to write)")


def _ask(question: str, read: Callable[[str], Any], default: str | None) -> Any:
    """One question, asked again until the answer reads; Enter takes the default shown in brackets."""
    shown = f" [{default}]" if default else ""
    while True:
        try:
            typed = input(f"{question}{shown}: ")
        except EOFError:
            raise UsageError("no answer (end of input); nothing written") from None
        try:
            return read(typed if typed.strip() or default is None else default)
        except ValueError as error:
            typer.echo(f"  {error}")


def _policy_quotes() -> dict[str, str]:
    """The source's own words for the promises `init` asks about, by rule id."""
    from svcstd.catalogue import load_catalogue

    rules = load_catalogue([]).rules
    return {rule_id: rules[rule_id].quote for rule_id in ("BZ-D2-01",) if rule_id in rules}


def _zone_of(country: str) -> str | None:
    """The country's time zone, where it has exactly one (Belize: America/Belize)."""
    from babel.core import get_global

    zones = get_global("territory_zones").get(country, [])
    return zones[0] if len(zones) == 1 else None


def _calendar_of(country: str) -> str | None:
    from svcstd.holidays_data import known_countries

    return country if country in known_countries() else None


@app.command()
def fix(
    paths: Annotated[
        list[str],
        typer.Argument(help="Charter files, directories, glob patterns, or - for standard input."),
    ],
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fixes to the files (standard input: print the fixed charter).")
    ] = False,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    standards: StandardsOption = None,
) -> None:
    """Make safe, mechanical fixes: quote values YAML 1.1 tools misread, rename a misspelt key where it is certain.

    Without --write, print the fixes as a unified diff and exit 1 when there are any. Nothing else in a file
    changes: comments, key order, anchors and blank lines stay as written.
    """
    from datetime import date as today

    from svcstd.autofix import fix_file
    from svcstd.errors import InputError
    from svcstd.inputs import expand
    from svcstd.judge import build_judge

    judge = build_judge(config, today.today(), standards=standards, exclude=exclude)  # the files check would read
    engine = judge.engine
    inputs = expand(paths, judge.settings.exclude)
    fixed = files = failed = portable = 0
    for item in inputs:
        try:
            if item.error is not None:
                raise item.error
            result = fix_file(item.path, engine.autofixes)
        except InputError as error:
            _error_line(str(error))
            failed += 1
            continue
        if not result.edits:
            continue
        if write:
            try:
                result.write()
            except UsageError as error:  # this file is left as it was; the others are still fixed
                _error_line(str(error))
                failed += 1
                continue
        else:
            sys.stdout.write(result.diff())
        files += 1
        fixed += len(result.edits)
        portable += sum(not edit.resolves_finding for edit in result.edits)
    _stderr_line(_fix_summary(fixed, files, portable, failed, write))
    raise typer.Exit(ExitCode.INPUT_ERROR if failed else (ExitCode.FAILED if fixed and not write else ExitCode.OK))


def _fix_summary(fixed: int, files: int, portable: int, failed: int, write: bool) -> str:
    """One line: what was (or can be) fixed, why a fix `check` does not mark is there, and what could not be read or
    written."""
    noun = "fix" if fixed == 1 else "fixes"
    where = f"{files} file{'s' if files != 1 else ''}"
    why = (
        f" ({portable} only quote values YAML 1.1 tools would misread; `svcstd check` reads them right and reports "
        "nothing there)"
        if portable
        else ""
    )
    line = (f"{fixed} {noun} made in {where}" if write else f"{fixed} {noun} available in {where}") + why
    line = line if fixed else "nothing to fix"
    if failed:
        line += f"; {failed} file{'s' if failed != 1 else ''} left as {'they were' if failed != 1 else 'it was'} (see above)"
    elif fixed and not write:
        line += "; apply with --write"
    return f"svcstd: {line}"


@app.command()
def schema() -> None:
    """Print the charter JSON Schema (for editors and other validators)."""
    from svcstd.resources import resource_dir

    sys.stdout.write((resource_dir("schemas") / "charter.schema.json").read_text(encoding="utf-8"))


def main() -> None:
    """Entry point: no traceback ever reaches a user; usage errors exit 2, bugs exit 3."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a symbol gets a '?', never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        app(standalone_mode=True)
    except UsageError as error:
        _error_line(str(error))
        sys.exit(ExitCode.INPUT_ERROR)
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader of standard output went away (`svcstd check ... | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.BROKEN_PIPE)
    except SystemExit as done:
        # click turns a closed standard output (EPIPE) into exit 1, our "not compliant": give the shell's code
        # (click's PacifyFlushWrapper, which typer vendors under a private name in newer releases: matched by name)
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(ExitCode.BROKEN_PIPE)
        raise
    except Exception as error:  # a bug; say so in one line rather than dump a traceback on a user
        from svcstd.text import visible

        print(f"svcstd: internal error: {type(error).__name__}: {visible(error)} (please report this)", file=sys.stderr)
        sys.exit(ExitCode.INTERNAL_ERROR)
