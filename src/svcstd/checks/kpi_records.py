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
from typing import TYPE_CHECKING

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status
from svcstd.loader import Document

if TYPE_CHECKING:
    from svcstd.judge import Judge

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
        if kpi.apart(gap):
            yield Outcome(
                Status.NOT_MET,
                ("kpis", kpi.index, "latest", "value"),
                f"{kpi.kpi} states {kpi.stated:g}% for {kpi.period}; the records give {kpi.recorded:g}% "
                f"(more than {gap:g} point apart)",
            )


def allowed_gap(judge: Judge) -> float | None:
    """The gap the configuration allows between a KPI's stated result and its records, for the commands that
    compare them besides `check` (measure, render): `max_stated_gap_points` of the rules this check serves, the
    smallest where several do; None when no loaded pack has such a rule."""
    served = {rule.id for rule in judge.catalogue.rules.values() if rule.check == "kpi_records"}
    gaps = [
        float(reading.value)
        for reading in judge.readings
        if reading.rule_id in served and reading.parameter == "max_stated_gap_points"
    ]
    return min(gaps, default=None)
