"""The `svcstd` command: a thin shell that parses options, calls the library and picks a reporter.

Exit codes: 0 every charter compliant, 1 a finding at or above --fail-on,
2 an input or usage error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Optional

import typer

from svcstd import __version__
from svcstd.errors import UsageError

EXIT_INTERNAL_ERROR = 3

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
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,  # noqa: UP045
) -> None:
    """Check public service charters against service standards."""


def _parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date written YYYY-MM-DD") from None


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Charter files, directories (searched for *.yaml, *.yml), glob patterns, or - for standard input.")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Judge dates as of this day (YYYY-MM-DD); default today.")] = None,  # noqa: UP045
    standards: Annotated[Optional[list[str]], typer.Option("--standards", help="An extra standards pack (YAML) to check as well; repeatable.")] = None,  # noqa: UP045
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Leave out paths matching this pattern; repeatable.")] = None,  # noqa: UP045
    fail_on: Annotated[str, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1: error or warning.")] = "error",
    output_format: Annotated[str, typer.Option("--format", "-f", help="Output format: table or json.")] = "table",
) -> None:
    """Check charters against the standards and print a compliance table per charter."""
    from svcstd.catalogue import load_catalogue
    from svcstd.engine import Engine, Options
    from svcstd.inputs import expand
    from svcstd.reporters import make_console, table
    from svcstd.run import check_inputs, exit_code

    if fail_on not in ("error", "warning"):
        raise UsageError(f"--fail-on must be error or warning, not {fail_on!r}")
    if output_format not in ("table", "json"):
        raise UsageError(f"--format must be table or json, not {output_format!r}")
    options = Options(as_of=_parse_as_of(as_of))
    engine = Engine(load_catalogue(standards), options)
    results = list(check_inputs(expand(paths, exclude or []), engine))
    if output_format == "json":
        from svcstd.reporters import json_report

        sys.stdout.write(json_report.render(results, options.as_of))
    else:
        table.write(results, make_console())
    raise typer.Exit(exit_code(results, fail_on))


@app.command("standards")
def list_standards(
    standards: Annotated[Optional[list[str]], typer.Option("--standards", help="An extra standards pack (YAML) to list as well.")] = None,  # noqa: UP045
) -> None:
    """List the standards and their rules, with source clauses."""
    from svcstd.catalogue import load_catalogue
    from svcstd.reporters import catalogue_text, make_console

    catalogue_text.write_list(load_catalogue(standards), make_console())


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id (e.g. BZ-D2-01) or a standard id (e.g. BZ-D2).")],
    standards: Annotated[Optional[list[str]], typer.Option("--standards", help="An extra standards pack (YAML).")] = None,  # noqa: UP045
) -> None:
    """Explain a rule: what it checks, why it matters (with the source clause), and a compliant example."""
    from svcstd.catalogue import load_catalogue
    from svcstd.reporters import catalogue_text, make_console

    catalogue = load_catalogue(standards)
    console = make_console()
    key = rule_id.strip()
    if key in catalogue.rules:
        catalogue_text.write_rule(catalogue, catalogue.rules[key], console)
    elif key in catalogue.by_id:
        catalogue_text.write_standard(catalogue.by_id[key], console)
    else:
        import difflib

        close = difflib.get_close_matches(key.upper(), [*catalogue.rules, *catalogue.by_id], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `svcstd standards` lists them all"
        raise UsageError(f"unknown rule or standard {rule_id!r}{hint}")


@app.command()
def schema() -> None:
    """Print the charter JSON Schema (for editors and other validators)."""
    from svcstd.resources import resource_dir

    sys.stdout.write((resource_dir("schemas") / "charter.schema.json").read_text(encoding="utf-8"))


def main() -> None:
    """Entry point: no traceback ever reaches a user; usage errors exit 2, bugs exit 3."""
    try:
        app(standalone_mode=True)
    except UsageError as error:
        print(f"svcstd: error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # a bug; say so in one line rather than dump a traceback on a user
        print(f"svcstd: internal error: {type(error).__name__}: {error} (please report this)", file=sys.stderr)
        sys.exit(EXIT_INTERNAL_ERROR)
