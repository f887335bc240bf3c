"""`svcstd edit`: a charter in a web form on this computer, judged as it is typed by the same rules as `check`."""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd.cli.common import AsOfOption, ConfigOption, StandardsOption, app, stderr_line
from svcstd.exit_codes import ExitCode


@app.command()
def edit(
    charter: Annotated[
        str | None,
        typer.Argument(help="The charter to edit; a file that does not exist yet is created when saved."),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1 to listen on; default: a free one.", min=0, max=65535)
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the editor's address instead of opening a browser.")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="The editor's language: en (default) or es.")] = "en",
    as_of: AsOfOption = None,
    config: ConfigOption = None,
    standards: StandardsOption = None,
) -> None:
    """Edit a charter in the browser: a form for every section, the findings beside their fields, safe fixes in
    one click, a preview of the public page, and saving that keeps your comments and layout.

    It listens on 127.0.0.1 only, and the address it prints holds a token no other page knows. Stop it with
    Ctrl-C.
    """
    import os

    from svcstd.config import parse_as_of
    from svcstd.edit.page import LANGUAGES
    from svcstd.edit.server import Editor, serve
    from svcstd.edit.session import Session
    from svcstd.errors import InputError, UsageError, one_of
    from svcstd.judge import build_judge

    one_of("--lang", lang, LANGUAGES)
    if charter is not None and (charter == "-" or os.path.isdir(charter)):
        raise UsageError(f"{charter}: the editor opens one charter file, or a new file name")
    judge = build_judge(config, parse_as_of(as_of), standards=standards)
    folder = os.path.dirname(os.path.abspath(charter)) if charter else os.getcwd()
    try:
        session = Session(judge, charter, folder)
    except InputError as error:  # the charter cannot be read: one line naming it, and the line where there is one
        raise UsageError(str(error)) from None

    def ready(address: str) -> None:
        stderr_line(f"svcstd: editing {charter or 'a new charter'} at {address}")
        stderr_line("svcstd: press Ctrl-C to stop the editor")
        if not no_browser:
            import webbrowser

            webbrowser.open(address)

    try:
        serve(Editor(session, lang), port, ready)
    except OSError as error:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    except KeyboardInterrupt:
        stderr_line("svcstd: editor stopped")
        raise typer.Exit(ExitCode.OK) from None
