"""services_reviewed (BZ-DIR7-01): priority services reviewed within the window, one by one."""

from __future__ import annotations

from made_in_process import outcomes
from svcstd.checks import Outcome
from svcstd.findings import Status


def test_priority_services_are_judged_one_by_one_in_their_own_words():
    services = [
        {"id": "a", "priority": True},
        {"id": "b", "priority": True, "last_reviewed": "soon"},
        {"priority": True, "last_reviewed": "2026-01-01"},
        {"id": "d", "priority": True, "last_reviewed": "2024-06-30"},
        {"id": "e", "priority": True, "last_reviewed": "2025-06-30"},
        {"id": "f", "priority": "yes"},
        {"id": "g"},
        "junk",
    ]
    found = outcomes("services_reviewed", {"services": services}, max_age_months=12)
    assert found == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("services", 0, "last_reviewed"),
            "priority service a records no review (last_reviewed)",
        ),
        Outcome(
            Status.NOT_EVIDENCED,
            ("services", 1, "last_reviewed"),
            "services[1].last_reviewed is 'soon', not a date written YYYY-MM-DD",
        ),
        Outcome(
            Status.NOT_MET,
            ("services", 2, "last_reviewed"),
            "priority service services[2] was reviewed 2026-01-01, after the as-of date 2025-11-01",
        ),
        Outcome(
            Status.NOT_MET,
            ("services", 3, "last_reviewed"),
            "priority service d was last reviewed 2024-06-30; the limit is 12 months before 2025-11-01",
        ),
    ]
    nothing_marked = Outcome(
        Status.NOT_EVIDENCED, ("services",), "no service is marked priority: true, so none was reviewed"
    )  # never met by absence: BZ-DIR2-02 asks for the marks
    assert outcomes("services_reviewed", {"services": "none"}, max_age_months=12) == [nothing_marked]
    assert outcomes("services_reviewed", {"services": [{"id": "a", "priority": False}]}, max_age_months=12) == [
        nothing_marked
    ]
