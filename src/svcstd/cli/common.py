"""What every svcstd command shares: the app, the options several take, and how a line reaches stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from svcstd import __version__
from svcstd.errors import UsageError
from svcstd.exit_codes import ExitCode

if TYPE_CHECKING:
    from svcstd.batch import RunSummary
    from svcstd.catalogue import Catalogue
    from svcstd.check.destinations import Destination
    from svcstd.findings import FileResult

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
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace files in the output directory that svcstd did not write.")
]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write the report to this file (atomically); - for standard output."),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="The period measured: 2025, 2025-Q3, 2025-07 or 2025-01-01..2025-06-30; default: the last 12 months.",
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet", help="The sheet of a spreadsheet log (.xlsx, .xlsm, .xls, .ods) to read; default: the first."
    ),
]
StandardsOption = Annotated[
    list[str] | None, typer.Option("--standards", help="An extra standards pack (YAML); repeatable.")
]


def measurements_option(purpose: str) -> Any:
    """The --measurements option: the same folder and naming for every command that reads logs, and what this
    command does with them."""
    return typer.Option(
        "--measurements",
        help="A folder of logs named after each charter (NAME.correspondence.csv and NAME.complaints.csv, or .xlsx, "
        f".xlsm, .xls, .ods): {purpose}",
    )


def format_option(command: str) -> Any:
    """The --format option of a command that writes one report: its formats, from the registry."""
    from svcstd.formats import help_text

    return typer.Option("--format", "-f", help=help_text(command))


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


def split_values(values: list[str] | None) -> list[str]:
    """Repeatable options also accept comma-separated lists: --select BZ-D2,BZ-D3."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


class OrderedCommand(TyperCommand):
    """Records the order in which options were given, so `-o FILE` binds to the `-f FORMAT` just before it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            ctx.meta["svcstd.order"] = [param.name for param in order]
        except Exception:
            ctx.meta["svcstd.order"] = []
        return super().parse_args(ctx, args)


def option_order(ctx: typer.Context, formats: list[str], outputs: list[str]) -> list[str]:
    """ "format"/"output" in command-line order (falling back to all formats first if the order is unknown)."""
    names = {"output_format": "format", "output": "output"}
    order = [names[name] for name in ctx.meta.get("svcstd.order", []) if name in names]
    if order.count("format") != len(formats) or order.count("output") != len(outputs):
        order = ["format"] * len(formats) + ["output"] * len(outputs)
    return order


def parse_jobs(value: str | None, count: int) -> int:
    from svcstd.batch import default_jobs

    if value is None:
        return default_jobs(count)
    if value == "all" or value == "0":
        return default_jobs(10**9)
    if not value.isdigit():
        raise UsageError(f"--jobs must be a number of processes (1 for none) or all, not {value!r}")
    return int(value)


def print_statistics(summary: RunSummary, catalogue: Catalogue) -> None:
    """One line per rule with open findings: how many, the rule, its severity and title; most frequent first."""
    from svcstd.text import visible

    counts = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(count)) for _, count in counts), default=1)
    id_width = max((len(rule_id) for rule_id, _ in counts), default=1)
    for rule_id, count in counts:
        rule = catalogue.rules[rule_id]
        print(visible(f"{count:>{width}}  {rule_id:<{id_width}}  {rule.severity:<7}  {rule.title}"))


def name_some(items: Sequence[T], line: Callable[[T], str], rest: str) -> None:
    """The first MAX_WARNINGS items on stderr, one line each, then `rest` saying how many more ({more})."""
    for item in items[:MAX_WARNINGS]:
        stderr_line(line(item))
    if len(items) > MAX_WARNINGS:
        stderr_line(rest.format(more=len(items) - MAX_WARNINGS))


def error_line(message: str) -> None:
    from svcstd.text import visible

    stderr_line(f"svcstd: error: {visible(message)}")


def stderr_line(text: str) -> None:
    """Every line svcstd writes to standard error: a file name or a charter's words in it may hold escape sequences,
    which reach a terminal or CI log only as visible escapes (visible() leaves text it has already shown alone)."""
    from svcstd.text import visible

    sys.stdout.flush()
    print(visible(text), file=sys.stderr, flush=True)


def with_progress(results: Iterator[FileResult], total: int, destinations: list[Destination]) -> Iterator[FileResult]:
    """A progress bar on stderr for people at a terminal, when every report goes to a file; never in CI."""

    interactive = sys.stderr.isatty() and not os.environ.get("CI") and total >= 20
    if not interactive or any(d.path is None for d in destinations):
        return results
    from rich.progress import track

    from svcstd.console import make_console

    return iter(
        track(results, total=total, description="Checking charters", console=make_console(stderr=True), transient=True)
    )
