"""Apply a charter's waivers to its findings, and report waivers that are expired, incomplete or stale.

A waiver covers the findings of one rule (optionally under one path) until
its expiry date. Waived findings stay in every report, marked as waived, and
do not count towards the exit code; `--no-waivers` makes them count again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from svcstd.findings import Finding, Status, Waiver
from svcstd.loader import Document, JsonPath
from svcstd.rule_ids import WAIVER_EXPIRED, WAIVER_INCOMPLETE, WAIVER_RULES, WAIVER_UNUSED
from svcstd.schedule import parse_date

MakeFinding = Callable[[str, Status, JsonPath, str], Finding]


def covers(waiver_path: str | None, finding: Finding) -> bool:
    if waiver_path is None:
        return True
    path = finding.dotted_path
    return path == waiver_path or path.startswith((waiver_path + ".", waiver_path + "["))


def apply(
    document: Document, findings: list[Finding], as_of: date, known_rules: set[str], make: MakeFinding
) -> tuple[list[Finding], list[Finding]]:
    """Findings with valid waivers applied, and the findings about the waivers themselves."""
    raw = document.data.get("waivers")
    problems: list[Finding] = []
    result = list(findings)
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, dict):
            continue
        waiver, problem = _valid_waiver(item, index, as_of, known_rules)
        if problem is not None:
            problems.append(make(*problem))
            continue
        assert waiver is not None
        matched = False
        for position, finding in enumerate(result):
            if finding.rule_id == waiver.rule and not finding.waived and covers(waiver.path, finding):
                result[position] = dataclasses.replace(finding, waiver=waiver)
                matched = True
        if not matched:
            where = f" at {waiver.path}" if waiver.path else ""
            problems.append(
                make(
                    WAIVER_UNUSED,
                    Status.NOT_MET,
                    ("waivers", index),
                    f"waivers[{index}] for {waiver.rule}{where} matches no finding; it is stale",
                )
            )
    return result, problems


def _valid_waiver(
    item: dict[str, Any], index: int, as_of: date, known_rules: set[str]
) -> tuple[Waiver | None, tuple[str, Status, JsonPath, str] | None]:
    missing = [
        key
        for key in ("rule", "justification", "approved_by", "expires")
        if not isinstance(item.get(key), str) or not item[key].strip()
    ]
    if missing:
        return None, (
            WAIVER_INCOMPLETE,
            Status.NOT_MET,
            ("waivers", index),
            f"waivers[{index}] has no {', '.join(missing)}",
        )
    expires = parse_date(item["expires"])
    if expires is None:
        return None, (
            WAIVER_INCOMPLETE,
            Status.NOT_MET,
            ("waivers", index, "expires"),
            f"waivers[{index}].expires is {item['expires']!r}, not a date written YYYY-MM-DD",
        )
    rule = item["rule"]
    if rule not in known_rules or rule in WAIVER_RULES:
        return None, (
            WAIVER_UNUSED,
            Status.NOT_MET,
            ("waivers", index, "rule"),
            f"waivers[{index}] names {rule!r}, which is not a rule that can be waived",
        )
    if expires < as_of:
        return None, (
            WAIVER_EXPIRED,
            Status.NOT_MET,
            ("waivers", index, "expires"),
            f"waivers[{index}] for {rule} expired on {expires}",
        )
    path = item.get("path") if isinstance(item.get("path"), str) else None
    return Waiver(rule, item["justification"], item["approved_by"], item["expires"], path), None
