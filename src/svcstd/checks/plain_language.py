"""Public promises are written in plain language (ISO 11367 7.3.2.3).

Standards are to be formulated "in the customer's/citizen's language". The
one measure that holds in any language a charter is written in is sentence
length: long sentences are the first thing plain-language guides cut. Each
public-facing text (service promises, the greeting standard, the complaints
procedure's own words) is split into sentences and every sentence longer
than `max_sentence_words` words is a finding at its line. The limit is
svcstd's reading, a parameter; syllable-based readability scores are left
out because they only hold for English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from svcstd.checks import CheckContext, Outcome
from svcstd.facts import translations
from svcstd.findings import Status, dotted
from svcstd.loader import Document, JsonPath
from svcstd.text import excerpt

RULES = ("ISO-7.3.2.3-01",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
PARAMS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["max_sentence_words"],
    "properties": {"max_sentence_words": {"type": "integer", "minimum": 5, "maximum": 100}},
}
PUBLIC_TEXTS = (
    ("reception", "greeting_standard"),
    ("complaints", "introduction"),
    ("complaints", "commitment"),
    ("complaints", "scope"),
    ("complaints", "visibility_and_access"),
    ("complaints", "feedback_to_complainant"),
)
READS = (*PUBLIC_TEXTS, ("services", "*", "standard", "promise"))

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def texts(document: Document) -> Iterator[tuple[JsonPath, str]]:
    """Each public text, and each language's text of one given per language (every version is a promise)."""
    found: list[tuple[JsonPath, Any]] = [(path, document.get(path)) for path in PUBLIC_TEXTS]
    services = document.data.get("services")
    for index, service in enumerate(services if isinstance(services, list) else []):
        standard = service.get("standard") if isinstance(service, dict) else None
        if isinstance(standard, dict):
            found.append((("services", index, "standard", "promise"), standard.get("promise")))
    for path, value in found:
        if isinstance(value, str):
            yield path, value
        for code, words in translations(value).items():
            yield (*path, code), words


def long_sentences(text: str, limit: int) -> Iterator[tuple[int, str]]:
    for sentence in _SENTENCE_END.split(text.strip()):
        words = len(_WORD.findall(sentence))
        if words > limit:
            yield words, sentence


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    limit = int(context.params["max_sentence_words"])
    for path, text in texts(document):
        for words, sentence in long_sentences(text, limit):
            yield Outcome(
                Status.NOT_MET,
                path,
                f"{dotted(path)} has a sentence of {words} words (svcstd's limit: {limit}): {excerpt(sentence, 70)}",
            )
