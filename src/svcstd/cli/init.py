"""`svcstd init`: a first charter from a few answers."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from svcstd.cli.common import (
    app,
    stderr_line,
)
from svcstd.errors import UsageError


@app.command()
def init(
    path: Annotated[
        str | None, typer.Argument(help="The charter file to write; default: the department's name, .charter.yaml.")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: take the answers from the flags and --answers.")
    ] = False,
    answers: Annotated[
        str | None, typer.Option("--answers", help="A YAML file of answers (name:, country:, hours:, services:, ...).")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The department's name.")] = None,
    ministry: Annotated[str | None, typer.Option("--ministry", help="Its ministry.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Two-letter country code (default BZ).")] = None,
    telephone: Annotated[str | None, typer.Option("--telephone", help="Public telephone number.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Public email address.")] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help="Opening hours, e.g. 'mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00'."),
    ] = None,
    reply_days: Annotated[
        str | None, typer.Option("--reply-days", help="Working days to reply to letters and emails.")
    ] = None,
    service: Annotated[
        list[str] | None, typer.Option("--service", help="A service, NAME or NAME=WORKING_DAYS; repeatable.")
    ] = None,
    official: Annotated[str | None, typer.Option("--official", help="Who answers for the charter.")] = None,
    official_title: Annotated[str | None, typer.Option("--official-title", help="Their job title.")] = None,
    official_email: Annotated[str | None, typer.Option("--official-email", help="Their email address.")] = None,
    language: Annotated[
        str | None, typer.Option("--languages", help="Languages the charter is published in, e.g. en,es.")
    ] = None,
) -> None:
    """Start a charter: a few questions (or --no-input with flags), then a file that passes the format.

    Sections it does not ask about are left out and named in the file, so `svcstd check` lists each once.
    Never overwrites a file.
    """
    from svcstd.init import first_charter

    if path is not None and os.path.lexists(path):
        raise UsageError(f"{path} exists; svcstd init never overwrites a file (give another path)")
    policy = first_charter.policy_quotes()
    if no_input or answers is not None:
        given: dict[str, Any] = {}
        if answers is not None:
            given = first_charter.read_answers(answers)
        flags = {
            "name": name,
            "ministry": ministry,
            "country": country,
            "telephone": telephone,
            "email": email,
            "hours": hours,
            "reply_within_working_days": reply_days,
            "services": service,
            "languages": language,
        }
        given.update({key: value for key, value in flags.items() if value is not None})
        if official or official_title or official_email:
            given["official"] = {"name": official, "title": official_title, "email": official_email}
        facts = first_charter.from_mapping(given, answers or "--no-input")
    else:
        if not sys.stdin.isatty():
            raise UsageError(
                "svcstd init asks its questions on a terminal; use --no-input with flags, or --answers FILE"
            )
        facts = first_charter.interview(_ask, lambda line: typer.echo(line), policy)
    target = path or f"{first_charter.slug(facts.name)}.charter.yaml"
    first_charter.write_new(target, first_charter.charter_text(facts, policy))
    stderr_line(f"svcstd: wrote {target}; next: svcstd check {target} (it lists what is still to write)")


def _ask(question: str, read: Callable[[str], Any], default: str | None) -> Any:
    """One question, asked again until the answer reads; Enter takes the default shown in brackets."""
    shown = f" [{default}]" if default else ""
    while True:
        try:
            typed = input(f"{question}{shown}: ")
        except EOFError:
            raise UsageError("no answer (end of input); nothing written") from None
        try:
            return read(typed if typed.strip() or default is None else default)
        except ValueError as error:
            typer.echo(f"  {error}")
