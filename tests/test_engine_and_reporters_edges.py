"""The engine's wording and the CI reporters at their edges, in process.

Written from the mutants scripts/mutation.sh left alive: an organisation's
thresholds passed as options, waivers judged in process, a malformed part
inside a fact a rule reads, every schema keyword a rule's reads are walked
through, keys allowed by pattern, quoted numbers at the digit limit, dates
and accents in quoted values, and the exact layout, counts and escapes of
the SARIF, GitLab, JUnit and Markdown reports.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from svcstd.catalogue import Reading, load_catalogue
from svcstd.check.reporters import ReportSettings, open_reporter
from svcstd.checks import check_module
from svcstd.engine import Engine, Options, classify, reads_of
from svcstd.errors import InputError
from svcstd.findings import FileResult, Finding, StandardResult, Status, Waiver, standard_status
from svcstd.loader import MAX_NUMBER_DIGITS, load_text
from svcstd.schema_wording import describe, show, unknown_keys
from test_reporting_in_process import _errors

AS_OF = date(2025, 11, 1)
CATALOGUE = load_catalogue()


# --- the engine ------------------------------------------------------------------------------------------------------


def test_an_organisations_thresholds_given_as_options_are_applied():
    engine = Engine(CATALOGUE, Options(AS_OF, params={"BZ-D3-03": {"max_age_days": 30}}))
    assert engine.catalogue.rules["BZ-D3-03"].params["max_age_days"] == 30
    assert "30 days" in engine.catalogue.rules["BZ-D3-03"].title


def test_a_waiver_judged_in_process_names_a_rule_the_engine_knows():
    document = load_text(
        "organisation: {name: X}\n"
        "waivers:\n"
        "  - {rule: BZ-D1-01, justification: Agreed, approved_by: CEO, expires: '2026-01-31'}\n"
        "  - {rule: BZ-NOPE, justification: Agreed, approved_by: CEO, expires: '2026-01-31'}\n",
        "w.yaml",
    )
    result = Engine(CATALOGUE, Options(AS_OF)).check(document)
    waived = [f for f in result.findings if f.waiver is not None]
    assert waived and {f.rule_id for f in waived} == {"BZ-D1-01"}
    assert any("BZ-NOPE" in f.detail and f.rule_id.startswith("WVR") for f in result.findings)


def test_a_missing_part_of_a_fact_a_rule_reads_makes_the_rule_not_met_in_its_own_words():
    # an opening interval without its closing time: reception cover finds no gap in what it can read
    engine = Engine(CATALOGUE, Options(AS_OF, select=frozenset({"BZ-D4-02", "FMT-03"})))
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


def test_keys_allowed_by_a_pattern_are_not_unknown_and_a_schema_without_properties_knows_none():
    patterned = _errors(
        {"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": False},
        {"a": 1, "x-note": 2, "b": 3},
    )
    assert unknown_keys(patterned[0]) == ["b"]
    assert unknown_keys(_errors({"additionalProperties": False}, {"a": 1})[0]) == ["a"]


def test_one_of_several_required_parts_missing_is_not_evidenced():
    error = _errors({"properties": {"x": {"oneOf": [{"required": ["p"]}, {"required": ["q"]}]}}}, {"x": {}})[0]
    assert list(classify(error)) == [(Status.NOT_EVIDENCED, ("x",), "x gives none of: p, q")]


def test_values_are_shown_as_written_dates_and_accents_included():
    assert show(date(2025, 3, 31)) == '"2025-03-31"'
    assert show("Señora Requeña") == '"Señora Requeña"'


def test_a_value_a_false_schema_refuses_is_described_by_jsonschemas_words():
    assert describe(_errors({"properties": {"v": False}}, {"v": 1})[0]).endswith(": False schema does not allow 1")


@pytest.mark.parametrize(
    ("kind", "value", "hint"),
    [
        ("number", "12", "a number in quotes is text"),
        (["integer", "null"], "12", "a number in quotes is text"),
        ("integer", "1" * MAX_NUMBER_DIGITS, "a number in quotes is text"),
        ("integer", "1" * (MAX_NUMBER_DIGITS + 1), "not a finite number svcstd can judge"),
    ],
)
def test_a_quoted_number_gets_the_hint_that_fits_it(kind, value, hint):
    assert hint in describe(_errors({"properties": {"v": {"type": kind}}}, {"v": value})[0])


@pytest.mark.parametrize("value", ["8am", "4:30 PM"])
def test_a_twelve_hour_time_is_told_to_use_the_24_hour_clock(value):
    schema = {"properties": {"v": {"title": "Time of day", "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}}}
    assert describe(_errors(schema, {"v": value})[0]).endswith('(use the 24-hour clock, e.g. "16:30")')


def test_an_unknown_check_is_named_in_its_error():
    with pytest.raises(KeyError, match="no_such_check"):
        check_module("no_such_check")


# --- the reporters ---------------------------------------------------------------------------------------------------


def finding(rule_id: str, line: int, detail: str = "d", file: str = "a.yaml", waiver: Waiver | None = None) -> Finding:
    rule = CATALOGUE.rules[rule_id]
    return Finding(
        rule_id,
        rule.standard_id,
        rule.severity,
        Status.NOT_MET,
        rule.message,
        detail,
        ("x",),
        file,
        line,
        1,
        rule.clause,
        rule.fix,
        waiver,
    )


def result(*findings: Finding, file: str = "a.yaml") -> FileResult:
    by_standard: dict[str, list[Finding]] = {}
    for f in findings:
        by_standard.setdefault(f.standard_id, []).append(f)
    return FileResult(
        file,
        [
            StandardResult(s, CATALOGUE.by_id[s].title, CATALOGUE.by_id[s].clause, standard_status(fs), fs)
            for s, fs in by_standard.items()
        ],
    )


def report(name: str, *results: FileResult, **settings: object) -> str:
    sink = io.StringIO()
    reporter = open_reporter(name, sink, ReportSettings(CATALOGUE, AS_OF, **settings))  # type: ignore[arg-type]
    for r in results:
        reporter.add(r)
    reporter.close()
    return sink.getvalue()


UNDECODABLE = "charters/caf\udce9.yaml"  # a file name that is not UTF-8, as os.listdir gives it


def test_gitlab_fingerprints_a_file_name_that_is_not_utf8_and_separates_every_issue():
    text = report("gitlab", result(finding("BZ-D1-01", 3), finding("BZ-D2-01", 4), file=UNDECODABLE))
    issues = json.loads(text)
    assert len(issues) == 2
    path = issues[0]["location"]["path"]
    key = f"{issues[0]['check_name']}\0{path}\0x\0d".encode("utf-8", "surrogateescape")
    assert issues[0]["fingerprint"] == hashlib.sha256(key).hexdigest()
    assert json.loads(report("gitlab")) == []


def test_sarif_is_laid_out_as_two_space_json_with_or_without_results(tmp_path, monkeypatch):
    monkeypatch.setenv("TF_BUILD", "True")
    monkeypatch.setenv("SYSTEM_COLLECTIONURI", "https://dev.azure.com/OrgX/")
    root = tmp_path / "rootX"
    root.mkdir()
    readings = CATALOGUE.readings({})
    full = report(
        "sarif", result(finding("BZ-D1-01", 3), finding("BZ-D2-01", 4)), sarif_root=str(root), readings=readings
    )
    empty = report("sarif", sarif_root=str(root), readings=readings)
    for text in (full, empty):
        lines = text.splitlines()
        for opening, first in [
            ('      "tool": {', '        "driver": {'),
            ('      "automationDetails": {', '        "id": "azuredevops/pipeline/build/OrgX/////",'),
            ('      "originalUriBaseIds": {', '        "SRCROOT": {'),
            ('      "properties": {', '        "readings": ['),
            ('      "invocations": [', "        {"),
        ]:
            assert lines[lines.index(opening) + 1] == first
        data = json.loads(text)
        assert data["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == root.as_uri() + "/"
    assert '      "results": [],' in empty.splitlines()
    results = full.splitlines()[full.splitlines().index('      "results": [') + 1 :]
    assert results[0].startswith('        {"ruleId": "BZ-D1-01"') and results[0].endswith(",")
    assert results[1].startswith('        {"ruleId": "BZ-D2-01"') and results[2] == "      ],"


def test_markdown_counts_every_unreadable_charter():
    unreadable = [FileResult(name, error=InputError(name, "not YAML")) for name in ("a.yaml", "b.yaml", "c.yaml")]
    assert "3 could not be read" in report("markdown", *unreadable)


def _suite(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8")).find("testsuite")  # type: ignore[return-value]


def test_junit_counts_every_case_and_joins_every_finding_and_note():
    waiver = Waiver("BZ-D8-01", "Agreed", "CEO", "2026-01-31")
    results = result(
        finding("BZ-D1-01", 3, "first"),
        finding("BZ-D1-02", 4, "second"),
        finding("BZ-D2-01", 5),
        finding("BZ-D8-01", 6, waiver=waiver),
        finding("BZ-D8-01", 7, "again", waiver=waiver),
        finding("BZ-D8-02", 8),  # a warning, below --fail-on error
        finding("BZ-B-12", 8),
        finding("ISO-7.2.3-01", 9),
    )
    gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
    results.standards.append(StandardResult(gone.id, gone.title, gone.clause, Status.MISSING_FROM_SOURCE, []))
    results.standards.append(StandardResult("X-1", "Another standard", "X 1", Status.MISSING_FROM_SOURCE, []))
    suite = _suite(report("junit", results, junit_file_attribute=True))
    cases = suite.findall("testcase")
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": str(len(cases)),
        "failures": "2",
        "errors": "0",
        "skipped": "2",
    }
    assert len(cases) == 7 and all(case.get("file") == "a.yaml" for case in cases)
    d1 = next(case for case in cases if case.get("name", "").startswith("BZ-D1 "))
    assert d1.findtext("failure", "").count("\n") == 1
    d8 = next(case for case in cases if case.get("name", "").startswith("BZ-D8 "))
    notes = d8.findtext("system-out", "")
    assert notes.startswith("below --fail-on error (reported, not failing):\n") and "\nwaived:\n" in notes
    assert notes.count("\nBZ-D8-01 at a.yaml:") == 2
    errors = [FileResult(name, error=InputError(name, "not YAML")) for name in ("x.yaml", "y.yaml")]
    root = ET.fromstring(report("junit", *errors).encode("utf-8"))
    assert (root.get("tests"), root.get("errors")) == ("2", "2")


def test_junit_marks_which_thresholds_are_svcstds_and_which_were_configured():
    readings = [Reading("BZ-D3-03", "max_age_days", 30, 90, True), Reading("BZ-D8-02", "max_age_months", 12, 12, False)]
    properties = {
        p.get("name"): p.get("value")
        for p in _suite(report("junit", result(finding("BZ-D1-01", 3)), readings=readings)).iter("property")
    }
    assert properties["svcstd.reading.BZ-D3-03.max_age_days"] == "30"
    assert properties["svcstd.reading.BZ-D8-02.max_age_months"] == "12 (default)"


def test_standard_input_is_written_as_stdin_in_gitlab(tmp_path: Path):
    issues = json.loads(report("gitlab", result(finding("BZ-D1-01", 3), file="-")))
    assert issues[0]["location"]["path"] == "stdin"
