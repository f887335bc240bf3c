"""`svcstd diff`: did a promise to the public get weaker?"""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd.cli.common import (
    AsOfOption,
    ConfigOption,
    ExcludeOption,
    StandardsOption,
    app,
    stderr_line,
)
from svcstd.errors import one_of


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
    stderr_line(run.summary(diffs))
    raise typer.Exit(run.exit_code(diffs))
