"""date_within (BZ-D3-03, BZ-D7-03, BZ-D8-02, BZ-DIR1-02): a date at its path within the window, never in the future."""

from __future__ import annotations

from datetime import date

from made_in_process import outcomes, outcomes_of_yaml
from svcstd.checks import Outcome
from svcstd.findings import Status


def test_date_within_reads_its_path_and_either_window():
    doc = {"x": {"d": "2025-05-05"}}
    assert outcomes("date_within", doc, path=["x", "d"], max_age_days=180) == []
    [old] = outcomes("date_within", doc, path=["x", "d"], max_age_days=179)
    assert old == Outcome(
        Status.NOT_MET, ("x", "d"), "x.d is 2025-05-05, 180 days before 2025-11-01; the limit is 179 days"
    )
    [months] = outcomes("date_within", doc, path=["x", "d"], max_age_months=5)
    assert months.detail == "x.d is 2025-05-05, 180 days before 2025-11-01; the limit is 5 months"
    assert outcomes("date_within", {"x": {"d": "nope"}}, path=["x", "d"], max_age_days=1) == [
        Outcome(Status.NOT_EVIDENCED, ("x", "d"), "x.d is 'nope', not a date written YYYY-MM-DD")
    ]


def test_date_within_names_the_missing_path_it_was_given():
    assert outcomes("date_within", {}, path=["x", "d"], max_age_days=1) == [
        Outcome(Status.NOT_EVIDENCED, ("x", "d"), "x.d is missing")
    ]


def test_date_within_days_months_future_and_missing():
    doc = 'website: {last_updated: "2025-05-05"}'
    assert outcomes_of_yaml("date_within", doc, path=["website", "last_updated"], max_age_days=180) == []
    [old] = outcomes_of_yaml("date_within", doc, path=["website", "last_updated"], max_age_days=90)
    assert old.detail == "website.last_updated is 2025-05-05, 180 days before 2025-11-01; the limit is 90 days"
    [future] = outcomes_of_yaml(
        "date_within", doc, as_of=date(2025, 1, 1), path=["website", "last_updated"], max_age_days=90
    )
    assert future.status.value == "not met" and "after the as-of date" in future.detail
    [missing] = outcomes_of_yaml("date_within", "a: 1", path=["website", "last_updated"], max_age_months=12)
    assert missing.status.value == "not evidenced"
    assert outcomes_of_yaml("date_within", 'x: {d: "2024-11-01"}', path=["x", "d"], max_age_months=12) == []
    assert len(outcomes_of_yaml("date_within", 'x: {d: "2024-10-31"}', path=["x", "d"], max_age_months=12)) == 1
