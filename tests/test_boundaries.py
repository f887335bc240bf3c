"""Every comparison of the judgement core at, just below and just above its threshold.

Mutation testing showed that a `<` turned into `<=`, a required key dropped
from a rule or a threshold nudged in a pack survived the suite, because
equality was never tested. Each test here names one boundary; they run in
process (the command line adds nothing to a comparison) except where the
boundary is the command's own (file size, annotation escaping).
"""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, EXAMPLES, with_value
from consumers import annotations
from svcstd.catalogue import load_catalogue
from svcstd.engine import Engine, Options
from svcstd.loader import MAX_BYTES, Document, load_text
from svcstd.measure.compute import Calendars, Conventions, Standard, measure_standard, parse_period
from svcstd.measure.logs import Item, Log
from svcstd.waivers import covers

CATALOGUE = load_catalogue()
REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()
DATA = yaml.safe_load(REGISTRY)


def _engine(as_of: str = AS_OF) -> Engine:
    return Engine(CATALOGUE, Options(as_of=date.fromisoformat(as_of)))


ENGINE = _engine()


def rules_failing(data: dict, engine: Engine = ENGINE) -> set[str]:
    return {f.rule_id for f in engine.check(Document("t.yaml", data)).findings}


def changed(path: str, value: object) -> dict:
    """The registry (which meets every rule) with one value set."""
    return with_value(DATA, tuple(int(step) if step.isdigit() else step for step in path.split(".")), value)


# --- every threshold of the bundled packs, at and beyond its limit --------------------------------------------------

THRESHOLDS = [
    # rule, path, value that still passes (the limit itself), value just beyond it
    ("BZ-D2-01", "correspondence.reply_within_working_days", 5, 6),
    ("BZ-D7-01", "staffing.teams.1.staff", 2, 1),
    ("BZ-B-09", "complaints.acknowledge_within_working_days", 5, 6),
    ("ISO-7.1.2-REVIEW-01", "charter.review_cycle_months", 12, 13),
    ("BZ-D8-01", "consultation.survey_frequency", "annually", "every_two_years"),
    ("BZ-D3-03", "website.last_updated", "2025-05-05", "2025-05-04"),  # 180 days before 2025-11-01, and 181
    ("BZ-D7-03", "staffing.training.last_refresher", "2024-11-01", "2024-10-31"),  # 12 months exactly, and a day more
    ("BZ-D8-02", "consultation.last_survey", "2024-11-01", "2024-10-31"),
    ("BZ-DIR1-02", "reporting.last_annual_report", "2024-11-01", "2024-10-31"),
    ("BZ-DIR7-01", "services.0.last_reviewed", "2024-11-01", "2024-10-31"),
    ("ISO-7.1.2-REVIEW-02", "charter.last_reviewed", "2024-11-01", "2024-10-31"),  # due exactly on the as-of day
]


@pytest.mark.parametrize("rule,path,limit,beyond", THRESHOLDS, ids=[t[0] for t in THRESHOLDS])
def test_each_threshold_holds_at_its_limit_and_fails_just_beyond(rule, path, limit, beyond):
    assert rule not in rules_failing(changed(path, limit))
    assert rule in rules_failing(changed(path, beyond))


def test_dates_after_the_as_of_day_are_not_evidence():
    assert "BZ-D3-03" not in rules_failing(changed("website.last_updated", AS_OF))
    assert "BZ-D3-03" in rules_failing(changed("website.last_updated", "2025-11-02"))


@pytest.mark.parametrize("words,fails", [(25, False), (26, True)])
def test_plain_language_limit_is_at_and_not_beyond_the_parameter(words, fails):
    promise = " ".join(["word"] * (words - 1)) + " end."
    assert ("ISO-7.3.2.3-01" in rules_failing(changed("services.0.standard.promise", promise))) is fails


@pytest.mark.parametrize("minimum,fails", [(95, False), (95.5, True), (0, False)])
def test_a_minimum_equal_to_its_target_is_allowed(minimum, fails):
    assert ("ISO-7.1.2.4-02" in rules_failing(changed("services.1.standard.minimum_percent", minimum))) is fails


@pytest.mark.parametrize("minimum,fails", [(15, False), (14, True), (16, False)])
def test_for_a_kpi_where_lower_is_better_the_minimum_sits_at_or_above_the_target(minimum, fails):
    data = changed(
        "kpis",
        [
            {
                "id": "wait",
                "indicator": "Median wait in minutes",
                "target": 15,
                "minimum": minimum,
                "higher_is_better": False,
                "reporting_frequency": "quarterly",
            }
        ],
    )
    assert ("ISO-7.1.2.4-02" in rules_failing(data)) is fails


# --- every required key of every rule is needed ---------------------------------------------------------------------


def _required_keys(schema: dict, example: object, path: tuple = ()) -> list[tuple]:
    """Paths of the example that some `required` in the rule's schema names (following properties the example has)."""
    found: list[tuple] = []
    if not isinstance(schema, dict) or not isinstance(example, dict):
        return found
    for name in schema.get("required", []):
        if name in example:
            found.append((*path, name))
    for name, sub in (schema.get("properties") or {}).items():
        if name in example:
            found += _required_keys(sub, example[name], (*path, name))
    return found


def _without(data: dict, path: tuple) -> dict:
    out = copy.deepcopy(data)
    node = out
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return out


SCHEMA_RULES = [
    rule
    for rule in CATALOGUE.rules.values()
    if rule.schema is not None and rule.standard_id not in ("FORMAT", "WAIVERS")
]


@pytest.mark.parametrize("rule", SCHEMA_RULES, ids=lambda r: r.id)
def test_every_required_key_a_rule_names_is_needed(rule):
    base = yaml.safe_load("format_version: 1\norganisation:\n  name: Test Unit\n")
    example = yaml.safe_load(rule.example)
    data = copy.deepcopy(base)
    for key, value in example.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and isinstance(data.get(key), dict) else value
    assert rule.id not in rules_failing(data)
    keys = [path for path in _required_keys(rule.schema, data) if path != ("organisation",)]
    assert keys or rule.id in ("BZ-B-09", "BZ-B-13"), "a rule with a schema names what it needs"
    for path in keys:
        assert rule.id in rules_failing(_without(data, path)), path


# --- what each rule is sensitive to, against a reviewed snapshot -------------------------------------------------------

SENSITIVITY = Path(__file__).parent / "data" / "rule_sensitivity.json"


def _leaves(node: object, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in [(*path, key), *_leaves(value, (*path, key))]]
    if isinstance(node, list):
        return [found for index, value in enumerate(node) for found in _leaves(value, (*path, index))]
    return []


def _get(data: object, path: tuple) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def sensitivity(rule_id: str) -> dict[str, list[str]]:
    """Which changes to a rule's own compliant example make it fail: dropping a key, emptying a list or keeping only its
    first item, flipping a flag, moving a number by one. A pack mutant (a required key dropped, a threshold moved) changes this, so the snapshot in
    tests/data/rule_sensitivity.json (reviewed when a rule changes on purpose) catches it."""
    rule = CATALOGUE.rules[rule_id]
    data = yaml.safe_load("format_version: 1\norganisation:\n  name: Test Unit\n")
    for key, value in yaml.safe_load(rule.example).items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and isinstance(data.get(key), dict) else value
    found: dict[str, list[str]] = {"drop": [], "empty": [], "first": [], "flip": [], "up": [], "down": []}
    for path in _leaves(data):
        if path == ("format_version",):
            continue
        name = ".".join(map(str, path))
        value = _get(data, path)
        variants = {"drop": _without(data, path)}
        if isinstance(value, list) and value:
            variants["empty"] = with_value(data, path, [])
            if len(value) > 1:
                variants["first"] = with_value(data, path, value[:1])
        if isinstance(value, bool):
            variants["flip"] = with_value(data, path, not value)
        elif isinstance(value, (int, float)):
            variants["up"], variants["down"] = with_value(data, path, value + 1), with_value(data, path, value - 1)
        for kind, variant in variants.items():
            if rule_id in rules_failing(variant):
                found[kind].append(name)
    return {kind: names for kind, names in found.items() if names}


def test_each_rule_is_sensitive_to_exactly_what_the_reviewed_snapshot_says():
    ids = sorted(r.id for r in CATALOGUE.rules.values() if r.standard_id not in ("FORMAT", "WAIVERS"))
    current = {rule_id: sensitivity(rule_id) for rule_id in ids}
    if os.environ.get("SVCSTD_UPDATE_GOLDEN"):
        SENSITIVITY.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    assert current == json.loads(SENSITIVITY.read_text()), (
        "a rule now reacts differently to its own example; review and update the snapshot"
    )


# --- waivers: expiry on the day, and a path covers only itself and what is under it ---------------------------------


@pytest.mark.parametrize("expires,applies", [(AS_OF, True), ("2025-10-31", False), ("2025-11-02", True)])
def test_a_waiver_applies_through_its_expiry_day(expires, applies):
    data = changed("correspondence.reply_within_working_days", 10)
    data["waivers"] = [
        {"rule": "BZ-D2-01", "justification": "Agreed during the migration.", "approved_by": "CEO", "expires": expires}
    ]
    findings = [f for f in ENGINE.check(Document("t.yaml", data)).findings if f.rule_id in ("BZ-D2-01", "WVR-01")]
    assert any(f.rule_id == "WVR-01" for f in findings) is (not applies)
    assert all(f.waived for f in findings if f.rule_id == "BZ-D2-01") is applies


def test_a_waiver_path_covers_that_place_and_below_it_never_a_sibling_with_a_longer_name():
    from svcstd.findings import Finding, Status

    def finding(path: tuple) -> Finding:
        return Finding("R", "S", "error", Status.NOT_MET, "m", "d", path, "t.yaml", 1, 1, "c", "f")

    assert covers("services[1]", finding(("services", 1)))
    assert covers("services[1]", finding(("services", 1, "standard", "promise")))
    assert not covers("services[1]", finding(("services", 10)))
    assert not covers("services[1]", finding(("services", 10, "standard")))
    assert not covers("staffing.team", finding(("staffing", "teams", 0)))
    assert covers(None, finding(("anything",)))


# --- schedules: touching intervals, a deadline on a Friday --------------------------------------------------------


def test_touching_intervals_leave_no_gap():
    halves = [{"opens": "08:00", "closes": "12:00"}, {"opens": "12:00", "closes": "16:00"}]
    whole = [{"opens": "08:00", "closes": "16:00"}]
    for opening, staffed in ((halves, whole), (whole, halves), (halves, halves)):
        data = changed("opening_hours.weekly", {"monday": opening})
        data["reception"]["staffed_hours"] = {"monday": staffed}
        assert "BZ-D4-02" not in rules_failing(data)
    data = changed("opening_hours.weekly", {"monday": whole})
    data["reception"]["staffed_hours"] = {
        "monday": [{"opens": "08:00", "closes": "11:59"}, {"opens": "12:00", "closes": "16:00"}]
    }
    assert "BZ-D4-02" in rules_failing(data)


def _figures(rows: list[tuple[str, str | None]], as_of: str) -> tuple[int, int, int, int]:
    charter = {
        "organisation": {"country": "BZ"},
        "opening_hours": {
            "weekly": {
                d: [{"opens": "08:00", "closes": "16:00"}]
                for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
            }
        },
    }
    log = Log(
        "log.csv",
        [
            Item(n, date.fromisoformat(r), {"replied": date.fromisoformat(s) if s else None})
            for n, (r, s) in enumerate(rows)
        ],
    )
    standard = Standard("correspondence.reply", "Replies", 4, "correspondence", "replied", "D.2")
    day = date.fromisoformat(as_of)
    m = measure_standard(standard, log, Calendars(charter), parse_period("2025", day), day, Conventions())
    return m.volume, m.within, m.pending, m.overdue_open


def test_a_reply_on_the_closed_day_after_a_friday_deadline_is_within():
    # received Monday 17 March 2025, 4 working days: the deadline is Friday 21 March, extended over the weekend
    assert _figures([("2025-03-17", "2025-03-21")], "2025-12-31")[:2] == (1, 1)
    assert _figures([("2025-03-17", "2025-03-22")], "2025-12-31")[:2] == (1, 1)  # Saturday: no extra working day taken
    assert _figures([("2025-03-17", "2025-03-24")], "2025-12-31")[:2] == (1, 0)  # Monday: five working days
    assert _figures([("2025-03-17", None)], "2025-03-23") == (0, 0, 1, 0)  # still within on the Sunday
    assert _figures([("2025-03-17", None)], "2025-03-24") == (1, 0, 0, 1)  # past its deadline on the Monday


# --- the command's own limits ---------------------------------------------------------------------------------------


def test_a_charter_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(run, tmp_path):
    head = "format_version: 1\norganisation: {name: Size Unit}\n# "
    exact = tmp_path / "exact.yaml"
    exact.write_bytes((head + "x" * (MAX_BYTES - len(head) - 1) + "\n").encode())
    assert exact.stat().st_size == MAX_BYTES
    assert run("check", str(exact), "--as-of", AS_OF, "-f", "json").code == 1
    over = tmp_path / "over.yaml"
    over.write_bytes((head + "x" * (MAX_BYTES - len(head)) + "\n").encode())
    result = run("check", str(over), "--as-of", AS_OF)
    assert result.code == 2 and "over.yaml" in result.stderr


def test_annotations_escape_their_separators_and_keep_the_finding_level(run, tmp_path):
    folder = tmp_path / "a,b:c%d"
    folder.mkdir()
    charter = folder / "c.yaml"
    charter.write_text(REGISTRY.replace('last_survey: "2025-06-30"', 'last_survey: "2024-06-30"'))  # a warning only
    out = run("check", str(charter), "--as-of", AS_OF, "-f", "github").stdout
    [(level, file, *_)] = annotations(out)
    assert level == "warning" and "a%2Cb%3Ac%25d" in out and "a,b:c%d" not in out.split("::")[1]
    assert file.endswith("c.yaml")


def test_a_yaml_text_loaded_in_process_matches_the_engine_input():
    """The in-process helpers above judge what the command judges: the same charter gives the same findings."""
    assert not ENGINE.check(load_text(REGISTRY, "t.yaml")).findings
    assert not ENGINE.check(Document("t.yaml", DATA)).findings
