"""`svcstd diff`: did a promise to the public get weaker?"""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd import formats
from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    ExcludeOption,
    OutputOption,
    StandardsOption,
    app,
    format_option,
    stderr_line,
)


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
    output_format: Annotated[str, format_option("diff")] = "table",
    output: OutputOption = None,
    as_of: AsOfOption = None,
    exclude: ExcludeOption = None,
    config: ConfigOption = None,
    standards: StandardsOption = None,
) -> None:
    """Did any promise to the public get weaker? Exit 1 when one did and the new charter's changes: log does not record it."""
    from svcstd.diff import run

    formats.choose("diff", output_format)
    diffs = run.compare(paths, base, exclude or [], config, as_of, standards)
    run.write(diffs, output_format, output)
    stderr_line(run.summary(diffs))
    raise typer.Exit(run.exit_code(diffs))
