"""Minimum compliance levels sit on the right side of their targets (ISO 11367 7.1.2.4).

The clause asks for targets "specifying the minimum compliance level"; a
minimum above its target (or below it, for a KPI where lower is better) is a
contradiction that no measurement could satisfy sensibly.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.facts import number
from svcstd.findings import Status
from svcstd.loader import Document

RULES = ("ISO-7.1.2.4-02",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
READS = (
    ("services", "*", "standard", "target_percent"),
    ("services", "*", "standard", "minimum_percent"),
    ("kpis", "*", "target"),
    ("kpis", "*", "minimum"),
    ("kpis", "*", "higher_is_better"),
)


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    services = document.data.get("services")
    for index, service in enumerate(services if isinstance(services, list) else []):
        standard = service.get("standard") if isinstance(service, dict) else None
        if not isinstance(standard, dict):
            continue
        target, minimum = number(standard.get("target_percent")), number(standard.get("minimum_percent"))
        if target is not None and minimum is not None and minimum > target:
            yield Outcome(
                Status.NOT_MET,
                ("services", index, "standard", "minimum_percent"),
                f"minimum {minimum:g}% is above the target {target:g}%",
            )
    kpis = document.data.get("kpis")
    for index, kpi in enumerate(kpis if isinstance(kpis, list) else []):
        if not isinstance(kpi, dict):
            continue
        target, minimum = number(kpi.get("target")), number(kpi.get("minimum"))
        if target is None or minimum is None:
            continue
        higher_is_better = kpi.get("higher_is_better", True) is not False
        if (minimum > target) if higher_is_better else (minimum < target):
            side = "above" if higher_is_better else "below"
            yield Outcome(
                Status.NOT_MET, ("kpis", index, "minimum"), f"minimum {minimum:g} is {side} the target {target:g}"
            )
