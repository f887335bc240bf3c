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
from svcstd.errors import UsageError
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
            error_line(str(error))
            failed += 1
            continue
        if not result.edits:
            continue
        if write:
            try:
                result.write()
            except UsageError as error:  # this file is left as it was; the others are still fixed
                error_line(str(error))
                failed += 1
                continue
        else:
            sys.stdout.write(result.diff())
        files += 1
        fixed += len(result.edits)
        portable += sum(not edit.resolves_finding for edit in result.edits)
    stderr_line(_fix_summary(fixed, files, portable, failed, write))
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
