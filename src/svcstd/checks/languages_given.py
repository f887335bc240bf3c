"""The public page's text is given in every language the charter is published in (ISO 11367 7.3.2.3).

A charter that lists several languages in `charter.languages` promises its
public page in each of them. Text given once is in the first language listed;
text given per language (`promise: {en: ..., es: ...}`) is in each language
named. Each text the public page shows that lacks a listed language is one
finding at its line, so a department sees exactly what is left to translate.
Machine translation is left out on purpose: a promise is the department's own
words, in every language it publishes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from svcstd.checks import CheckContext, Outcome
from svcstd.facts import LANGUAGE_CODE, WEB_ADDRESS, primary_language, section, strings
from svcstd.findings import Status, dotted
from svcstd.loader import Document, JsonPath

RULES = ("ISO-7.3.2.3-02",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
PARAMS = {"type": "object", "additionalProperties": False, "properties": {}}
SHOWN = (
    ("organisation", "vision"),
    ("organisation", "mission"),
    ("organisation", "values", "*"),
    ("organisation", "accountable_official", "title"),
    ("reception", "greeting_standard"),
    ("opening_hours", "notes"),
    ("opening_hours", "closures", "*", "reason"),
    ("sites", "*", "opening_hours", "notes"),
    ("sites", "*", "opening_hours", "closures", "*", "reason"),
    ("services", "*", "name"),
    ("services", "*", "description"),
    ("services", "*", "standard", "promise"),
    ("complaints", "scope"),
    ("complaints", "visibility_and_access"),
    ("complaints", "assessment_and_action"),
    ("complaints", "feedback_to_complainant"),
    ("complaints", "remedies", "*"),
    ("complaints", "appeal", "internal_review"),
    ("complaints", "appeal", "independent_body"),
    ("confidentiality", "promise"),
    ("confidentiality", "code_of_practice"),
    ("confidentiality", "data_protection_policy"),
    ("kpis", "*", "indicator"),
    ("changes", "*", "what"),
    ("changes", "*", "why"),
    ("changes", "*", "approved_by"),
)
"""The department's own words `svcstd render` shows, each of which may be given per language."""
READS = (("charter", "languages"), *SHOWN)


def found_at(data: Any, pattern: tuple[str, ...], at: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Each value at a path pattern ("*" for every item of a list), with its concrete path."""
    if not pattern:
        yield at, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        for index, item in enumerate(data if isinstance(data, list) else []):
            yield from found_at(item, rest, (*at, index))
    elif isinstance(data, dict) and step in data:
        yield from found_at(data[step], rest, (*at, step))


def same_language(code: str, listed: str) -> bool:
    return code == listed or primary_language(code) == primary_language(listed)


def languages_of(value: Any, first: str) -> list[str] | None:
    """The languages a text is given in; None for a value that is not text (the format reports it) or that needs
    no translation: a web address given alone (a data-protection policy's) reads the same in every language."""
    if isinstance(value, str):
        return None if WEB_ADDRESS.fullmatch(value.strip()) else [first]
    if isinstance(value, dict):
        return [code for code, words in value.items() if isinstance(code, str) and isinstance(words, str)]
    return None


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    yield from missing_languages(document, SHOWN)


def missing_languages(document: Document, texts: tuple[tuple[str, ...], ...]) -> Iterator[Outcome]:
    """Each text at `texts` (path patterns) that lacks a language the charter lists, one outcome at its line."""
    listed = list(dict.fromkeys(strings(section(document.data, "charter").get("languages"))))
    listed = [code for code in listed if LANGUAGE_CODE.fullmatch(code)]
    if len(listed) < 2:
        return
    for pattern in texts:
        for path, value in found_at(document.data, pattern):
            given = languages_of(value, listed[0])
            if given is None:
                continue
            if missing := [code for code in listed if not any(same_language(have, code) for have in given)]:
                yield Outcome(
                    Status.NOT_MET,
                    path,
                    f"{dotted(path)} has no text in {', '.join(missing)} (charter.languages lists {', '.join(listed)})",
                )
