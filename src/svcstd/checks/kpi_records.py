"""A KPI's stated latest result agrees with the department's own records (ISO 11367 7.1.2.4).

The clause asks that indicators and targets be "evaluated against the
results". Where a KPI `measures:` a standard the logs record and states a
latest result, the records give the same share for the same period; a stated
figure further from it than the tolerance (svcstd's, for rounding) would
publish a better or worse result than the department achieved. The records
are read by `svcstd check --measurements`; without them the rule is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status
from svcstd.loader import Document

RULES = ("ISO-7.1.2.4-06",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
READS = (("kpis", "*", "measures"), ("kpis", "*", "latest"))
PARAMS = {
    "type": "object",
    "properties": {"max_stated_gap_points": {"type": "number", "minimum": 0, "maximum": 100}},
    "required": ["max_stated_gap_points"],
    "additionalProperties": False,
}


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    if context.records is None:
        return
    gap = float(context.params["max_stated_gap_points"])
    for kpi in context.records(document):
        if kpi.recorded is not None and abs(kpi.stated - kpi.recorded) > gap:
            yield Outcome(
                Status.NOT_MET,
                ("kpis", kpi.index, "latest", "value"),
                f"{kpi.kpi} states {kpi.stated:g}% for {kpi.period}; the records give {kpi.recorded:g}% "
                f"(more than {gap:g} point apart)",
            )
