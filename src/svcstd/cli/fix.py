"""`svcstd fix`: safe, mechanical fixes to charters."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from svcstd.cli.common import (
    ConfigOption,
    ExcludeOption,
    StandardsOption,
    app,
    error_line,
    stderr_line,
)
from svcstd.exit_codes import ExitCode


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

    from svcstd.fix.apply import fix_inputs
    from svcstd.inputs import expand
    from svcstd.judge import build_judge

    judge = build_judge(config, today.today(), standards=standards, exclude=exclude)  # the files check would read
    inputs = expand(paths, judge.settings.exclude)
    run = fix_inputs(inputs, judge.engine.autofixes, write, error_line, sys.stdout.write)
    stderr_line(run.summary(write))
    raise typer.Exit(
        ExitCode.INPUT_ERROR if run.failed else (ExitCode.FAILED if run.fixed and not write else ExitCode.OK)
    )
