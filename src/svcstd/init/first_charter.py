"""A first charter from a few answers (`svcstd init`): the facts that shape a charter, and nothing invented.

The people who write charters are department heads and their staff. `init`
asks what only they know (who they are, where and when they are open, how
fast they reply, what they offer, who answers for it), checks each answer as
it is typed, and writes a charter that passes the format. Every section it
could not ask about is left out, not filled with a placeholder (a placeholder
would read as a promise), and named in a closing comment, so `svcstd check`
reports each as one missing section.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svcstd.errors import UsageError
from svcstd.facts import LANGUAGE_CODE
from svcstd.schedule import WEEKDAYS

SCHEMA_URL = "https://raw.githubusercontent.com/svcstd/svcstd/main/schemas/charter.schema.json"
_TIME = re.compile(r"(([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00)")
_TELEPHONE = re.compile(r"\+?[0-9][0-9 ()./-]{5,}[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DAY_NAMES = {day[:3]: day for day in WEEKDAYS}
LEFT_FOR_LATER = (
    ("telephone", "how fast calls are answered"),
    ("reception", "how visitors are greeted and when reception is staffed"),
    ("website", "the website and when it was last updated"),
    ("publication", "where hours, contacts and standards are published"),
    ("staffing", "public-facing teams, breaks and training"),
    ("consultation", "surveys and feedback"),
    ("complaints", "how to complain and what happens next"),
    ("confidentiality", "how personal information is protected"),
    ("kpis", "indicators, targets and results"),
)
"""Sections `init` does not ask about: listed in the file so the author knows what comes next."""

Weekly = dict[str, list[tuple[str, str]]]
LIST_SEPARATORS = {"languages": ", ", "hours": "; "}
"""Answers an answers file may give as a list, and how the list reads as one typed answer."""


@dataclass
class Answers:
    name: str
    country: str = "BZ"
    ministry: str | None = None
    address: str | None = None
    telephone: str | None = None
    email: str | None = None
    hours: Weekly = field(default_factory=dict)
    closed_on_public_holidays: bool = True
    reply_within_working_days: int | None = None
    services: list[tuple[str, int | None]] = field(default_factory=list)
    official_name: str | None = None
    official_title: str | None = None
    official_email: str | None = None
    languages: list[str] = field(default_factory=lambda: ["en"])


# Each reader takes what a person typed and returns the value, or raises ValueError saying what is wrong.


def text(value: str) -> str:
    if not value.strip():
        raise ValueError("this cannot be empty")
    return " ".join(value.split())


def optional_text(value: str) -> str | None:
    return " ".join(value.split()) or None


def country(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTRY.fullmatch(code):
        raise ValueError("write the two-letter country code, e.g. BZ")
    return code


def telephone(value: str) -> str | None:
    number = value.strip()
    if number and not _TELEPHONE.fullmatch(number):
        raise ValueError("write a telephone number with its digits, e.g. +501 822-2204")
    return number or None


def email(value: str) -> str | None:
    address = value.strip()
    if address and not _EMAIL.fullmatch(address):
        raise ValueError("write an email address, e.g. enquiries@example.gov.bz")
    return address or None


def working_days(value: str) -> int | None:
    days = value.strip()
    if not days:
        return None
    if not days.isdigit() or not 1 <= int(days) <= 365:
        raise ValueError("write a whole number of working days from 1 to 365")
    return int(days)


def languages(value: str) -> list[str]:
    codes = [code.strip().lower() for code in re.split(r"[,\s]+", value) if code.strip()]
    if not codes or not all(LANGUAGE_CODE.fullmatch(code) for code in codes):
        raise ValueError("write language codes separated by commas, e.g. en, es")
    return list(dict.fromkeys(codes))


def weekly(value: str) -> Weekly:
    """Opening hours written as people say them: `mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00`."""
    found: Weekly = {}
    for part in filter(None, (piece.strip() for piece in value.split(";"))):
        days, _, spans = part.partition(" ")
        chosen = _days(days.lower())
        intervals = [_interval(span) for span in spans.replace(",", " ").split()]
        if not intervals:
            raise ValueError(f"give opening times after {days}, e.g. {days} 08:00-16:30")
        for day in chosen:
            found[day] = intervals
    if not found:
        raise ValueError("give the days and times, e.g. mon-fri 08:00-16:30")
    return {day: found[day] for day in WEEKDAYS if day in found}


def _days(words: str) -> list[str]:
    chosen: list[str] = []
    for word in words.split(","):
        first, _, last = word.partition("-")
        if first[:3] not in _DAY_NAMES or (last and last[:3] not in _DAY_NAMES):
            raise ValueError(f"{word!r} is not a day or a range of days, e.g. mon-fri or sat")
        start = WEEKDAYS.index(_DAY_NAMES[first[:3]])
        end = WEEKDAYS.index(_DAY_NAMES[last[:3]]) if last else start
        if end < start:
            raise ValueError(f"{word!r}: a range of days runs from Monday towards Sunday, e.g. mon-fri")
        chosen += WEEKDAYS[start : end + 1]
    return chosen


def _interval(span: str) -> tuple[str, str]:
    opens, dash, closes = span.partition("-")
    if not dash or not _TIME.fullmatch(opens) or not _TIME.fullmatch(closes):
        raise ValueError(f"{span!r} is not an opening time, e.g. 08:00-16:30 (24-hour clock)")
    return opens.zfill(5), closes.zfill(5)


def yes_no(value: str) -> bool:
    word = value.strip().lower()
    if word not in ("y", "yes", "n", "no"):
        raise ValueError("answer yes or no")
    return word.startswith("y")


Ask = Callable[[str, Callable[[str], Any], str | None], Any]
"""Asks one question with its reader and a default (None: no default), until the answer reads."""


def interview(ask: Ask, say: Callable[[str], None], policy: dict[str, str]) -> Answers:
    """The questions, in the order a department head thinks of the answers. `policy` holds the source's own words
    for the promises asked about (the rule id: its quote), shown where the promise is asked."""
    say("A few questions about your department; press Enter to skip any you cannot answer yet.")
    answers = Answers(name=ask("Department name", text, None))
    answers.ministry = ask("Ministry (if any)", optional_text, "")
    answers.country = ask("Country (two-letter code)", country, "BZ")
    answers.address = ask("Address of the main office", optional_text, "")
    answers.telephone = ask("Public telephone number", telephone, "")
    answers.email = ask("Public email address", email, "")
    say("Opening hours: days and 24-hour times, e.g. mon-fri 08:00-12:00 13:00-17:00; sat 08:00-12:00")
    answers.hours = ask("Opening hours", weekly, "mon-fri 08:00-16:30")
    answers.closed_on_public_holidays = ask("Closed on public holidays? (yes/no)", yes_no, "yes")
    if "BZ-D2-01" in policy:
        say(f'The policy asks: "{policy["BZ-D2-01"]}"')
    answers.reply_within_working_days = ask("Working days to reply to letters and emails", working_days, "5")
    say("Your services, one at a time; press Enter on an empty name when done.")
    while name := ask(f"Service {len(answers.services) + 1} name", optional_text, ""):
        answers.services.append((name, ask(f"Working days to deliver {name} (Enter if none)", working_days, "")))
    answers.official_name = ask("Who answers for this charter (name)", optional_text, "")
    if answers.official_name:
        answers.official_title = ask("Their job title", optional_text, "")
        answers.official_email = ask("Their email address", email, "")
    answers.languages = ask("Languages the charter is published in", languages, "en")
    return answers


def read_answers(path: str) -> dict[str, Any]:
    """An answers file (`init --answers`), read as warily as a charter and checked against
    schemas/init-answers.schema.json, so a file of the wrong shape is one line naming it and the line."""
    import jsonschema

    from svcstd.errors import InputError
    from svcstd.loader import load_path
    from svcstd.resources import json_resource

    try:
        document = load_path(path)
    except InputError as unreadable:
        raise UsageError(f"--answers {unreadable.without_content()}") from None
    validator = jsonschema.Draft202012Validator(json_resource("init-answers.schema.json"))
    problem = jsonschema.exceptions.best_match(validator.iter_errors(document.data))
    if problem is not None:
        where = tuple(problem.absolute_path)
        line, _ = document.position(where)
        raise UsageError(f"{path}:{line}: {_answer_problem(problem, where)}")
    return dict(document.data)


def _answer_problem(error: Any, where: tuple[Any, ...]) -> str:
    """What is wrong with one answer, in the schema's words (its description says what is expected)."""
    from svcstd.findings import dotted

    place = dotted(where) if where else "the answers"
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in error.instance if key not in known)
        return f"{place}: unknown answer {extra[0][:40]!r}; known: {', '.join(known)}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"{place}: {missing[0]} is required"
    if error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{place}: expected {' or '.join(_KIND_WORDS.get(str(kind), str(kind)) for kind in kinds)}"
    hint = error.schema.get("description") or (error.parent.schema.get("description") if error.parent else None)
    return f"{place}: not a valid answer" + (f"; {hint}" if hint else "")


_KIND_WORDS = {
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


def from_mapping(data: Any, source: str) -> Answers:
    """Answers from an answers file or flags: the same readers check each value as a typed one would be checked."""
    if not isinstance(data, dict):
        raise UsageError(f"{source}: expected a mapping of answers (name:, country:, hours:, ...)")
    known = {
        "name",
        "ministry",
        "country",
        "address",
        "telephone",
        "email",
        "hours",
        "closed_on_public_holidays",
        "reply_within_working_days",
        "services",
        "official",
        "languages",
    }
    if unknown := sorted(str(key) for key in data if key not in known):
        raise UsageError(f"{source}: unknown answer {unknown[0]!r}; known: {', '.join(sorted(known))}")

    def read(key: str, reader: Callable[[str], Any], default: str) -> Any:
        value = data.get(key)
        if value is None:
            value = default
        if isinstance(value, list) and key in LIST_SEPARATORS and all(isinstance(item, str) for item in value):
            value = LIST_SEPARATORS[key].join(value)  # languages: [en, es]; hours: [mon-fri 08:00-16:30, ...]
        if isinstance(value, (dict, list, bool)):
            raise UsageError(f"{source}: {key} must be written as text")
        try:
            return reader(str(value))
        except ValueError as error:
            raise UsageError(f"{source}: {key}: {error}") from None

    if data.get("name") is None:
        raise UsageError(f"{source}: name is required (the department's name)")
    answers = Answers(name=read("name", text, ""))
    answers.ministry = read("ministry", optional_text, "")
    answers.country = read("country", country, "BZ")
    answers.address = read("address", optional_text, "")
    answers.telephone = read("telephone", telephone, "")
    answers.email = read("email", email, "")
    answers.hours = read("hours", weekly, "mon-fri 08:00-16:30")
    closed = data.get("closed_on_public_holidays", True)
    answers.closed_on_public_holidays = (
        closed if isinstance(closed, bool) else read("closed_on_public_holidays", yes_no, "")
    )
    answers.reply_within_working_days = read("reply_within_working_days", working_days, "5")
    services = data.get("services") or []
    if not isinstance(services, list):
        raise UsageError(f"{source}: services must be a list of service names (or name=working days)")
    for item in services:
        if isinstance(item, dict):  # {name: Licence, within_working_days: 10}
            name, days = (
                str(item.get("name", "")),
                "" if item.get("within_working_days") is None else str(item.get("within_working_days")),
            )
        elif isinstance(item, str):
            name, _, days = item.partition("=")
        else:
            raise UsageError(f"{source}: services: each service is a name, NAME=WORKING_DAYS, or a mapping")
        try:
            answers.services.append((text(name), working_days(days)))
        except ValueError as error:
            raise UsageError(f"{source}: services: {item!r}: {error}") from None
    official = data.get("official")
    if official is not None:
        if not isinstance(official, dict):
            raise UsageError(f"{source}: official must be a mapping (name:, title:, email:)")
        answers.official_name = read_in(official, "name", optional_text, source)
        answers.official_title = read_in(official, "title", optional_text, source)
        answers.official_email = read_in(official, "email", email, source)
    answers.languages = read("languages", languages, "en")
    return answers


def read_in(data: dict[str, Any], key: str, reader: Callable[[str], Any], source: str) -> Any:
    value = data.get(key)
    try:
        return reader("" if value is None else str(value))
    except ValueError as error:
        raise UsageError(f"{source}: official.{key}: {error}") from None


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service"


def _q(value: str) -> str:
    """A double-quoted YAML scalar: read as the text typed, whatever it holds."""
    return json.dumps(value, ensure_ascii=False)


def write_charter(answers: Answers, timezone: str | None, holiday_calendar: str | None, policy: dict[str, str]) -> str:
    """The charter's YAML, every section with a one-line comment saying what it is for."""
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        f"# The public service charter of {answers.name}, started with `svcstd init` on {date.today().isoformat()}.",
        "# `svcstd check` on this file says what is still missing; `svcstd explain ID` explains each standard.",
        "format_version: 1",
        "",
        "# Who you are, and who answers for this charter.",
        "organisation:",
        f"  name: {_q(answers.name)}",
    ]
    if answers.ministry:
        lines.append(f"  ministry: {_q(answers.ministry)}")
    lines.append(f"  country: {_q(answers.country)}")
    if answers.official_name:
        lines += ["  accountable_official:", f"    name: {_q(answers.official_name)}"]
        if answers.official_title:
            lines.append(f"    title: {_q(answers.official_title)}")
        if answers.official_email:
            lines.append(f"    email: {_q(answers.official_email)}")
    lines += [
        "",
        "# The languages the charter is published in (the first is that of text given once); add published and",
        "# last_reviewed dates once it is published.",
        "charter:",
        f"  languages: [{', '.join(answers.languages)}]",
    ]
    contact = [
        *([f"  address: {_q(answers.address)}"] if answers.address else []),
        *([f"  telephone: [{_q(answers.telephone)}]"] if answers.telephone else []),
        *([f"  email: {_q(answers.email)}"] if answers.email else []),
    ]
    if contact:
        lines += ["", "# How the public reaches you.", "contact:", *contact]
    lines += [
        "",
        "# When the office is open, on the 24-hour clock in quotes; a day left out is closed all day.",
        "opening_hours:",
        *([f"  timezone: {_q(timezone)}"] if timezone else []),
        "  weekly:",
        *(
            f"    {day}: [{', '.join(f'{{opens: {_q(o)}, closes: {_q(c)}}}' for o, c in spans)}]"
            for day, spans in answers.hours.items()
        ),
        f"  public_holidays: {'closed' if answers.closed_on_public_holidays else 'open'}",
        *([f"  holiday_calendar: {_q(holiday_calendar)}"] if holiday_calendar else []),
    ]
    if answers.reply_within_working_days is not None:
        quote = policy.get("BZ-D2-01")
        lines += [
            "",
            "# How fast you reply to letters and emails, in working days.",
            *([f'# The policy (Appendix D, item 2): "{quote}"'] if quote else []),
            "correspondence:",
            f"  reply_within_working_days: {answers.reply_within_working_days}",
        ]
    if answers.services:
        lines += ["", "# What you offer, and the standard you promise for each.", "services:"]
        taken: set[str] = set()
        for name, days in answers.services:
            ident = slug(name)
            while ident in taken:
                ident += "-2"
            taken.add(ident)
            lines += [f"  - id: {_q(ident)}", f"    name: {_q(name)}"]
            if days is not None:
                lines += ["    standard:", f"      within_working_days: {days}"]
    lines += [
        "",
        "# Still to write; `svcstd check` names what each section needs:",
        *(f"#   {section}: {what}" for section, what in LEFT_FOR_LATER),
    ]
    return "\n".join(lines) + "\n"


def policy_quotes() -> dict[str, str]:
    """The source's own words for the promises `init` asks about, by rule id."""
    from svcstd.catalogue import load_catalogue

    rules = load_catalogue([]).rules
    return {rule_id: rules[rule_id].quote for rule_id in ("BZ-D2-01",) if rule_id in rules}


def zone_of(country: str) -> str | None:
    """The country's time zone, where it has exactly one (Belize: America/Belize)."""
    from babel.core import get_global

    zones = get_global("territory_zones").get(country, [])
    return zones[0] if len(zones) == 1 else None


def calendar_of(country: str) -> str | None:
    from svcstd.public_holidays import known_countries

    return country if country in known_countries() else None


def charter_text(facts: Answers, policy: dict[str, str]) -> str:
    """The first charter's YAML, with the country's time zone and holiday calendar where svcstd knows them."""
    return write_charter(facts, zone_of(facts.country), calendar_of(facts.country), policy)


def write_new(target: str, text: str) -> None:
    """Write the charter to a new file only: one that exists, even created a moment ago, is never replaced."""
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{target} exists; svcstd init never overwrites a file (give another path)") from None
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
