"""minimum_within_target (ISO-7.1.2.4-02): each minimum on the side of its target."""

from __future__ import annotations

from made_in_process import outcomes
from svcstd.checks import Outcome
from svcstd.findings import Status


def test_minimums_are_judged_on_the_side_of_their_target():
    data = {
        "services": [
            {"standard": {"target_percent": 90, "minimum_percent": 95}},
            {"standard": "x"},
            "junk",
            {"standard": {"target_percent": 90, "minimum_percent": "95"}},
        ],
        "kpis": [
            {"target": 15, "minimum": 20},
            {"target": 15, "minimum": 10, "higher_is_better": False},
            {"target": 15, "minimum": 20, "higher_is_better": False},
            {"target": 15},
            "junk",
            {"target": True, "minimum": 3},
        ],
    }
    assert outcomes("minimum_within_target", data) == [
        Outcome(Status.NOT_MET, ("services", 0, "standard", "minimum_percent"), "minimum 95% is above the target 90%"),
        Outcome(Status.NOT_MET, ("kpis", 0, "minimum"), "minimum 20 is above the target 15"),
        Outcome(Status.NOT_MET, ("kpis", 1, "minimum"), "minimum 10 is below the target 15"),
    ]


def test_checks_keep_reading_past_entries_they_skip():
    services = [
        {"id": "n"},
        {"id": "p", "priority": True, "last_reviewed": "2025-11-01"},
        {"id": "q", "priority": True},
    ]
    assert [o.path for o in outcomes("services_reviewed", {"services": services}, max_age_months=12)] == [
        ("services", 2, "last_reviewed")
    ]
    data = {"services": [{"standard": "x"}, {"standard": {"target_percent": 90, "minimum_percent": 95}}]}
    assert [o.path for o in outcomes("minimum_within_target", data)] == [("services", 1, "standard", "minimum_percent")]


def test_minimum_within_target_reads_past_entries_it_cannot_use():
    kpis = {"kpis": ["junk", {"target": 15}, {"target": 15, "minimum": 15}, {"target": 15, "minimum": 16}]}
    assert [o.path for o in outcomes("minimum_within_target", kpis)] == [("kpis", 3, "minimum")]
