"""The charter was reviewed within its own review cycle (ISO 11367 7.1.1, 7.1.2.4).

The cycle is charter.review_cycle_months, or svcstd's default of 12 months
where it is missing or invalid (calendar.review_due, the one answer check,
pages and the portfolio share); rule ISO-7.1.2-REVIEW-01 reports the cycle itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status
from svcstd.loader import Document
from svcstd.schedule import effective_review_cycle, parse_date, review_due

RULES = ("ISO-7.1.2-REVIEW-02",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
READS = (("charter", "last_reviewed"), ("charter", "review_cycle_months"))


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    path = ("charter", "last_reviewed")
    value = document.get(path)
    if value is None:
        yield Outcome(Status.NOT_EVIDENCED, path, "charter.last_reviewed is missing")
        return
    reviewed = parse_date(value)
    if reviewed is None:
        yield Outcome(Status.NOT_EVIDENCED, path, f"charter.last_reviewed is {value!r}, not a date written YYYY-MM-DD")
        return
    cycle = effective_review_cycle(document.get(("charter", "review_cycle_months")))
    if reviewed > context.as_of:
        yield Outcome(
            Status.NOT_MET,
            path,
            f"charter.last_reviewed is {reviewed}, a date in the future (after {context.as_of}); a review is dated "
            "the day it took place",
        )
        return
    due = review_due(reviewed, document.get(("charter", "review_cycle_months")))
    if due is not None and due < context.as_of:
        yield Outcome(
            Status.NOT_MET, path, f"last reviewed {reviewed}; with a {cycle}-month cycle the review was due by {due}"
        )
