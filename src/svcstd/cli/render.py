"""`svcstd render`: public charter pages, accessible HTML or Markdown, in English or Spanish."""

from __future__ import annotations

import sys
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
from svcstd.errors import UsageError, one_of
from svcstd.exit_codes import ExitCode


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
    force: ForceOption = False,
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
    measurements: Annotated[str | None, measurements_option('each page gains "How we are doing".')] = None,
    period: PeriodOption = None,
    sheet: SheetOption = None,
) -> None:
    """Render public charter pages (accessible HTML or Markdown, English or Spanish) from charters."""
    from svcstd.checks.kpi_records import allowed_gap
    from svcstd.config import parse_as_of, resolve_settings
    from svcstd.judge import judge_from
    from svcstd.measure.compute import Measuring
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
    measuring = Measuring.from_options(measurements, period, sheet, judge.engine.options.as_of, allowed_gap(judge))
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
        jobs=parse_jobs(jobs, len(inputs)),
        with_exports=with_exports,
        measuring=measuring,
    )
    level = "error" if strict else "warning"
    name_some(
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
        stderr_line(
            f"svcstd: warning: {len(rendered.untranslated)} page texts have no {language} translation and are shown in English: "
            f"{', '.join(rendered.untranslated)}"
        )
    name_some(
        rendered.warnings,
        lambda warning: f"svcstd: warning: {warning}",
        "svcstd: warning: and {more} more rows left out; `svcstd measure` lists every one",
    )
    if rendered.page is not None:
        sys.stdout.write(rendered.page.text)
    else:
        stderr_line(
            f"svcstd: wrote {len(rendered.written)} page{'s' if len(rendered.written) != 1 else ''} to {output}"
        )
