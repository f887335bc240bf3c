"""The engine's verdicts, in process: which findings a charter gets, at which place, and what each rule reads."""

from __future__ import annotations

from dataclasses import replace

import pytest

from made_in_process import CATALOGUE, CHARTER, DAY, ENGINE, HEAD, _errors, _format_findings, dumped, snapshot
from svcstd.checks import check_module
from svcstd.engine import Engine, Options, classify, reads_of
from svcstd.findings import Status
from svcstd.loader import Document, load_text


def test_missing_facts_are_not_evidenced_and_wrong_facts_not_met():
    required = _errors({"required": ["a", "b", "c"]}, {"b": 1})
    assert list(classify(required[0])) == [
        (Status.NOT_EVIDENCED, ("a",), "a is missing"),
        (Status.NOT_EVIDENCED, ("c",), "c is missing"),
    ]
    either = _errors({"properties": {"x": {"anyOf": [{"required": ["p"]}, {"required": ["q"]}]}}}, {"x": {}})
    assert list(classify(either[0])) == [(Status.NOT_EVIDENCED, ("x",), "x gives none of: p, q")]
    mixed = _errors({"anyOf": [{"required": ["p"]}, {"maxProperties": 0}]}, {"z": 1})
    assert [status for status, _, _ in classify(mixed[0])] == [Status.NOT_MET]
    wrong = _errors({"properties": {"n": {"maximum": 5}}}, {"n": 6})
    assert list(classify(wrong[0])) == [(Status.NOT_MET, ("n",), "n is 6, more than 5")]


def test_options_select_ignore_and_profile():
    rule, standard = CATALOGUE.rules["BZ-D1-01"], CATALOGUE.by_id["BZ-D1"]
    fmt_rule = CATALOGUE.rules["FMT-01"]
    fmt = CATALOGUE.by_id[fmt_rule.standard_id]
    assert Options(DAY).rule_active(rule, standard)
    assert Options(DAY, select=frozenset({"BZ-D1"})).rule_active(rule, standard)
    assert Options(DAY, select=frozenset({"BZ-D1-01"})).rule_active(rule, standard)
    assert not Options(DAY, select=frozenset({"BZ-D2"})).rule_active(rule, standard)
    assert not Options(DAY, ignore=frozenset({"BZ-D1"})).rule_active(rule, standard)
    assert not Options(DAY, ignore=frozenset({"BZ-D1-01"})).rule_active(rule, standard)
    assert not Options(DAY, profile="iso-11367-2025").rule_active(rule, standard)
    assert Options(DAY, profile="belize-2016").rule_active(rule, standard)
    assert Options(DAY, profile="iso-11367-2025").rule_active(fmt_rule, fmt)
    gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
    assert Options(DAY).standard_shown(gone)
    assert Options(DAY, profile=gone.pack).standard_shown(gone)
    assert not Options(DAY, profile="iso-11367-2025").standard_shown(gone)
    assert not Options(DAY, select=frozenset({"BZ-D1"})).standard_shown(gone)
    assert Options(DAY, select=frozenset({gone.id})).standard_shown(gone)
    assert not Options(DAY, ignore=frozenset({gone.id})).standard_shown(gone)
    assert not Options(DAY, ignore=frozenset({"BZ-D1-01", "BZ-D1-02", "BZ-D1-03"})).standard_shown(standard)


def test_a_malformed_fact_makes_each_rule_reading_it_not_met_at_its_place():
    engine = Engine(CATALOGUE, Options(DAY, select=frozenset({"BZ-D1-02", "FMT-02"})))
    data = {"telephone": {"answer_within_rings": "3"}}
    checked = engine.check(Document("t.yaml", data, {}))
    by_rule = {f.rule_id: f for f in checked.findings}
    assert by_rule["BZ-D1-02"].status is Status.NOT_MET
    assert by_rule["BZ-D1-02"].path == ("telephone", "answer_within_rings")
    assert "telephone.answer_within_rings is not a valid value (format finding at line" in by_rule["BZ-D1-02"].detail
    assert {s.standard_id: s.status for s in checked.standards}["BZ-D1"] is Status.NOT_MET


def test_an_organisations_thresholds_given_as_options_are_applied():
    engine = Engine(CATALOGUE, Options(DAY, params={"BZ-D3-03": {"max_age_days": 30}}))
    assert engine.catalogue.rules["BZ-D3-03"].params["max_age_days"] == 30
    assert "30 days" in engine.catalogue.rules["BZ-D3-03"].title


def test_a_missing_part_of_a_fact_a_rule_reads_makes_the_rule_not_met_in_its_own_words():
    # an opening interval without its closing time: reception cover finds no gap in what it can read
    engine = Engine(CATALOGUE, Options(DAY, select=frozenset({"BZ-D4-02", "FMT-03"})))
    text = (
        "opening_hours:\n  weekly: {monday: [{opens: '08:00'}]}\n"
        "reception:\n  staffed_hours: {monday: [{opens: '08:00', closes: '16:00'}]}\n"
    )
    checked = engine.check(load_text(text, "t.yaml"))
    cover = [f.detail for f in checked.findings if f.rule_id == "BZ-D4-02"]
    assert cover == [
        "opening_hours.weekly.monday[0].closes lacks a part the format requires (format finding at line 2), "
        "so this standard cannot be judged met"
    ]
    missing = [f for f in checked.findings if f.rule_id == "FMT-03"]
    assert missing and all(f.detail.endswith(" is missing") for f in missing)


def test_a_rule_reads_every_property_under_each_schema_keyword_and_its_checks_path():
    schema = {
        "properties": {
            "a": {"additionalProperties": {"properties": {"x": {}}}},
            "b": {"allOf": [{"required": ["c"]}], "oneOf": [{"required": ["d"]}]},
            "e": {"if": {}, "then": {}, "else": {"required": ["f"]}},
        }
    }
    rule = replace(CATALOGUE.rules["BZ-D1-01"], schema=schema, check=None, params={"path": ["services", 0, "name"]})
    assert reads_of(rule) == {("a", "*", "x"), ("b", "c"), ("b", "d"), ("e", "f"), ("services", "*", "name")}


def test_one_of_several_required_parts_missing_is_not_evidenced():
    error = _errors({"properties": {"x": {"oneOf": [{"required": ["p"]}, {"required": ["q"]}]}}}, {"x": {}})[0]
    assert list(classify(error)) == [(Status.NOT_EVIDENCED, ("x",), "x gives none of: p, q")]


def test_an_unknown_check_is_named_in_its_error():
    with pytest.raises(KeyError, match="no_such_check"):
        check_module("no_such_check")


def test_structural_findings_and_what_each_rule_reads():
    document = load_text(CHARTER, "c.yaml")
    found = [
        (f.rule_id, f.status.value, f.line, f.column, f.dotted_path, f.detail)
        for f in ENGINE.structural_findings(document)
    ]
    reads = {
        rule_id: sorted(reads_of(CATALOGUE.rules[rule_id]))
        for rule_id in ("BZ-D2-01", "BZ-D1-02", "BZ-D3-03", "BZ-D4-01", "ISO-7.1.2-REVIEW-01", "BZ-DIR7-01")
    }
    snapshot("structural-findings.json", dumped({"findings": found, "reads": reads}))


def test_what_every_rule_reads():
    snapshot("rule-reads.json", dumped({rule.id: sorted(reads_of(rule)) for rule in CATALOGUE.rules.values()}))


def test_a_fault_through_an_alias_names_where_it_is_written_and_sorts_in_that_order():
    text = (
        HEAD
        + "opening_hours:\n  weekly: &h\n"
        + '    monday: [{opens: "8:00", closes: "16:30"}]\n'
        + '    friday: [{opens: "08:00", closes: "26:00"}]\n'
        + "reception:\n  staffed_hours: *h\n"
    )
    through = [f for f in _format_findings(text) if f.path[0] == "reception"]
    assert [(f.line, f.column, f.written_at) for f in through] == [(8, 3, (5, 22)), (8, 3, (6, 39))]
    assert through[0].detail.endswith('not a valid time of day (write "08:00") (written at line 5 under &h)')
    assert through[1].detail.endswith("(written at line 6 under &h)")
    written = load_text(text, "c.yaml")
    assert written.written_at(("reception", "staffed_hours", "friday", 0, "closes")) == ("h", (6, 39))
    assert written.written_at(("opening_hours", "weekly", "friday")) is None
    assert Document("c.yaml", written.data).written_at(("reception", "staffed_hours")) is None
