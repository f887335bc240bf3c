"""Every rule of the catalogue passes on its own example and fails without it (or on its counter-example)."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from svcstd.catalogue import load_catalogue
from svcstd.checks import Recorded
from svcstd.engine import Engine, Options
from svcstd.loader import Document, load_text

CATALOGUE = load_catalogue()


def records(document: Document) -> list[Recorded]:
    """What a department's logs give each KPI that states a latest result: 96.61%, as the vital statistics
    example's records give for its 2025-Q3 (a rule that `needs: measurements` is judged against these)."""
    kpis = document.data.get("kpis") if isinstance(document.data, dict) else None
    return [
        Recorded(index, str(kpi.get("id")), str(kpi["latest"].get("period")), float(kpi["latest"]["value"]), 96.61)
        for index, kpi in enumerate(kpis if isinstance(kpis, list) else [])
        if isinstance(kpi, dict)
        and isinstance(kpi.get("latest"), dict)
        and isinstance(kpi["latest"].get("value"), (int, float))
    ]


ENGINE = Engine(CATALOGUE, Options(as_of=date(2025, 11, 1), records=records))
BASE = "format_version: 1\norganisation:\n  name: Test Unit\n"
RULES = sorted(CATALOGUE.rules)


def merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def rule_ids(text: str) -> set[str]:
    document = load_text(text, "t.yaml")
    return {f.rule_id for f in ENGINE.check(document).findings}


def charter(fragment: str | None) -> str:
    data = yaml.safe_load(BASE)
    if fragment:
        data = merge(data, yaml.safe_load(fragment))
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_passes_on_its_example(rule_id):
    rule = CATALOGUE.rules[rule_id]
    text = rule.example if rule.standard_id == "FORMAT" else charter(rule.example)
    assert rule_id not in rule_ids(text)


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_fails_on_a_bare_charter_or_its_counter_example(rule_id):
    rule = CATALOGUE.rules[rule_id]
    failing = [charter(None)] + ([rule.bad if rule.standard_id == "FORMAT" else charter(rule.bad)] if rule.bad else [])
    assert any(rule_id in rule_ids(text) for text in failing)


@pytest.mark.parametrize("rule_id", [r for r in RULES if CATALOGUE.rules[r].bad])
def test_counter_example_is_not_met_rather_than_not_evidenced(rule_id):
    rule = CATALOGUE.rules[rule_id]
    text = rule.bad if rule.standard_id == "FORMAT" else charter(rule.bad)
    findings = [f for f in ENGINE.check(load_text(text, "t.yaml")).findings if f.rule_id == rule_id]
    assert findings and all(f.status.value == "not met" for f in findings)


def test_every_standard_cites_a_clause_and_quotes_its_requirement():
    for standard in CATALOGUE.standards:
        assert standard.clause and standard.requirement
        if standard.pack != "format" and not standard.missing_from_source:
            assert standard.rules, standard.id
    assert CATALOGUE.by_id["BZ-D6"].missing_from_source and not CATALOGUE.by_id["BZ-D6"].rules


def test_each_missing_fact_is_one_finding():
    """`required: [contact_name, telephone]` with both missing is two findings, not four."""
    text = charter("correspondence:\n  reply_within_working_days: 5\n  replies_include: {}\n")
    findings = [
        (f.rule_id, f.path) for f in ENGINE.check(load_text(text, "t.yaml")).findings if f.rule_id == "BZ-D2-02"
    ]
    assert findings == [
        ("BZ-D2-02", ("correspondence", "replies_include", "contact_name")),
        ("BZ-D2-02", ("correspondence", "replies_include", "telephone")),
    ]
