"""Every Belize quotation in the catalogue is the policy's own words, whole.

The policy text is vendored in standards/sources/ (a public government
document). A quotation is split at "[...]" into pieces; each piece must occur
in the policy word for word (punctuation, list marks and line breaks aside),
and must end where the policy's sentence, clause or list item ends, unless a
"[...]" follows it. So a paraphrase fails, and so does a quote cut short
mid-sentence (ISO 11367 7.1.3 once lost ", when these are known to him or her").
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from svcstd.catalogue import load_catalogue

POLICY = (ROOT / "standards/sources/belize-customer-service-policy-2016.txt").read_text(encoding="utf-8")
_LINK = re.compile(r"\[([^\]]*)\]\(#?\)|\[([^\]]*)\]\(#\)")
_WORD = re.compile(r"[a-z0-9]+")
_CUT = "[...]"


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return text.replace("*", "").replace("\u2019", "'").lower()  # emphasis marks (** and *) are formatting


SOURCE = _plain(POLICY)
SOURCE_WORDS = [(m.group(), m.end()) for m in _WORD.finditer(SOURCE)]


def _ends_there(end: int) -> bool:
    """The policy's sentence, clause or list item ends right after this point."""
    rest = SOURCE[end:].lstrip(" \t")
    return not rest or rest[0] in ".;:!?)\n" or (rest[0] == "," and rest[1:].lstrip(" \t")[:1] in ("\n", ""))


def piece_found(piece: str, cut_after: bool) -> bool:
    words = _WORD.findall(_plain(piece))
    if not words:
        return True
    count = len(words)
    for start in range(len(SOURCE_WORDS) - count + 1):
        if all(SOURCE_WORDS[start + i][0] == word for i, word in enumerate(words)):
            end = SOURCE_WORDS[start + count - 1][1]
            trailing = _plain(piece).rstrip()[-1:]
            if cut_after or trailing in ".;:!?," or _ends_there(end):
                return True
    return False


def quote_problems(quote: str) -> list[str]:
    pieces = quote.split(_CUT)
    return [
        piece.strip() for index, piece in enumerate(pieces) if not piece_found(piece, cut_after=index < len(pieces) - 1)
    ]


def quoted_segments(requirement: str) -> list[str]:
    return re.findall(r'"([^"]+)"', requirement)


CATALOGUE = load_catalogue()
BELIZE = [s for s in CATALOGUE.standards if s.pack == "belize-2016"]


@pytest.mark.parametrize("standard", BELIZE, ids=lambda s: s.id)
def test_every_belize_quotation_is_the_policys_own_words(standard):
    segments = quoted_segments(standard.requirement)
    assert segments or standard.missing_from_source, "a requirement quotes its source"
    quotes = [*segments, *(rule.quote for rule in standard.rules), *(item.quote for item in standard.unchecked)]
    for quote in quotes:
        assert not quote_problems(quote), (standard.id, quote_problems(quote))


@pytest.mark.parametrize(
    "quote",
    [
        "Telephone calls are to be responded to in a prompt and professional manner.",  # paraphrased: "calls"
        "Telephone call are to be responded to in a prompt",  # cut short mid-sentence
        "All mailed correspondences are to be replied to within (5) five days.",  # a word dropped
        "Customers are to be greeted immediately [...] within five working days.",  # a second piece not in the text
    ],
)
def test_a_paraphrased_or_truncated_quotation_is_caught(quote):
    assert quote_problems(quote)


def test_every_rule_of_every_bundled_pack_says_how_firmly_its_source_asks():
    for rule in CATALOGUE.rules.values():
        if rule.standard_id in ("FORMAT", "WAIVERS"):
            assert rule.basis == "format"
            continue
        assert rule.basis in ("stated", "threshold", "practice") and rule.quote, rule.id
        if rule.basis == "threshold":
            assert rule.reading and "{" not in rule.reading, rule.id
        if rule.basis == "practice":
            assert rule.severity == "info", rule.id
