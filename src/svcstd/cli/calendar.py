"""`svcstd calendar`: a country's public holidays for a year, with their source."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from svcstd import formats
from svcstd.cli.common import OutputOption, app, format_option
from svcstd.errors import UsageError


@app.command()
def calendar(
    country: Annotated[str, typer.Argument(help="Country code (ISO 3166-1 alpha-2), e.g. BZ.")],
    year: Annotated[int, typer.Option("--year", help="The year to list.")] = date.today().year,
    output_format: Annotated[str, format_option("calendar")] = "table",
    output: OutputOption = None,
) -> None:
    """List a country's public holidays for a year, with where each date comes from (a Government notice or the package's rules)."""
    from svcstd.public_holidays import check_country, holiday_year

    formats.choose("calendar", output_format)
    if not 1 <= year <= 9999:
        raise UsageError(f"--year {year} is not a year from 1 to 9999")
    check_country(country, "calendar")
    formats.emit("calendar", output_format, holiday_year(country, year), output)
