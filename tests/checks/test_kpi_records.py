"""kpi_records (ISO-7.1.2.4-06): a KPI's stated latest result held to the department's records, within the gap."""

from __future__ import annotations

from made_in_process import DAY
from svcstd.checks import CheckContext, Outcome, Recorded, get_check
from svcstd.findings import Status
from svcstd.loader import Document

DOCUMENT = Document("t.yaml", {"kpis": []})


def judged(records, gap: float = 1) -> list[Outcome]:
    context = CheckContext(DAY, {"max_stated_gap_points": gap}, records)
    return list(get_check("kpi_records")(DOCUMENT, context))


def test_a_stated_result_further_from_the_records_than_the_gap_is_not_met():
    kpis = [
        Recorded(0, "on-time", "2025-Q3", 99.5, 96.61),
        Recorded(1, "close", "2025", 90, 90.99),
        Recorded(2, "exactly-one-apart", "2025", 90, 91),
        Recorded(3, "no-cases", "2025", 90, None),
        Recorded(4, "worse-than-recorded", "2025", 80, 95),
    ]
    assert judged(lambda document: kpis) == [
        Outcome(
            Status.NOT_MET,
            ("kpis", 0, "latest", "value"),
            "on-time states 99.5% for 2025-Q3; the records give 96.61% (more than 1 point apart)",
        ),
        Outcome(
            Status.NOT_MET,
            ("kpis", 4, "latest", "value"),
            "worse-than-recorded states 80% for 2025; the records give 95% (more than 1 point apart)",
        ),
    ]


def test_the_gap_is_a_reading_a_configuration_may_widen():
    kpis = [Recorded(0, "on-time", "2025-Q3", 99.5, 96.61)]
    assert judged(lambda document: kpis, gap=3) == []


def test_without_records_nothing_is_judged():
    assert judged(None) == []
