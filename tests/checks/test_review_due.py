"""review_due (ISO-7.1.2-REVIEW-02): the charter's review within its own cycle."""

from __future__ import annotations

from made_in_process import outcomes, outcomes_of_yaml
from svcstd.checks import Outcome
from svcstd.findings import Status


def test_the_review_check_names_its_cycle_and_its_due_date():
    def review(**charter: object) -> list[Outcome]:
        return outcomes("review_due", {"charter": charter})

    assert review() == [Outcome(Status.NOT_EVIDENCED, ("charter", "last_reviewed"), "charter.last_reviewed is missing")]
    assert review(last_reviewed="someday") == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("charter", "last_reviewed"),
            "charter.last_reviewed is 'someday', not a date written YYYY-MM-DD",
        )
    ]
    assert review(last_reviewed="2025-12-01") == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "charter.last_reviewed is 2025-12-01, a date in the future (after 2025-11-01); a review is dated the day "
            "it took place",
        )
    ]
    assert review(last_reviewed="2025-01-15", review_cycle_months=6) == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "last reviewed 2025-01-15; with a 6-month cycle the review was due by 2025-07-15",
        )
    ]
    assert review(last_reviewed="2024-09-15", review_cycle_months=500) == [
        Outcome(
            Status.NOT_MET,
            ("charter", "last_reviewed"),
            "last reviewed 2024-09-15; with a 12-month cycle the review was due by 2025-09-15",
        )
    ]
    assert review(last_reviewed="2025-01-15", review_cycle_months=12) == []


def test_review_due_passes_a_charter_reviewed_on_the_day_judged():
    assert outcomes("review_due", {"charter": {"last_reviewed": "2025-11-01"}}) == []


def test_review_due_uses_the_charters_own_cycle():
    assert outcomes_of_yaml("review_due", 'charter: {last_reviewed: "2025-06-01", review_cycle_months: 6}') == []
    [late] = outcomes_of_yaml("review_due", 'charter: {last_reviewed: "2025-04-01", review_cycle_months: 6}')
    assert late.detail == "last reviewed 2025-04-01; with a 6-month cycle the review was due by 2025-10-01"
    assert len(outcomes_of_yaml("review_due", 'charter: {last_reviewed: "2024-10-01"}')) == 1
