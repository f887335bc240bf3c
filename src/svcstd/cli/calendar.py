"""`svcstd calendar`: a country's public holidays for a year, with their source."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from svcstd.cli.common import (
    app,
)
from svcstd.errors import UsageError, one_of


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
