"""The hours and service standards are published in every language the charter lists (Belize Appendix D, item 5).

"Ministries and departments are to publicize [...] hours of operation,
standards for timeliness and quality of customer service." For a charter
published in several languages, svcstd reads "publicize" as: in each of them.
This check reads only what the clause names (each service's name and promise,
each KPI indicator, opening-hours notes and closure reasons); the wider
question, every text of the public page, is ISO 11367 7.3.2.3's
(`languages_given`).
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.checks.languages_given import missing_languages
from svcstd.loader import Document

RULES = ("BZ-D5-04",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
PARAMS = {"type": "object", "additionalProperties": False, "properties": {}}
STANDARDS_AND_HOURS = (
    ("opening_hours", "notes"),
    ("opening_hours", "closures", "*", "reason"),
    ("sites", "*", "opening_hours", "notes"),
    ("sites", "*", "opening_hours", "closures", "*", "reason"),
    ("services", "*", "name"),
    ("services", "*", "standard", "promise"),
    ("kpis", "*", "indicator"),
)
READS = (("charter", "languages"), *STANDARDS_AND_HOURS)


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    yield from missing_languages(document, STANDARDS_AND_HOURS)
