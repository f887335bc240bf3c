"""Reporters, classification, measurement and the portfolio, in process and to the letter.

The command-level tests prove each format reaches its real consumer; these
pin what mutation testing (scripts/mutation.sh) showed the command-level tests
could not see: each severity's level in every format, each escape, the verdict
of a share exactly at its target, a review due exactly on the as-of day.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from svcstd.catalogue import load_catalogue
from svcstd.check.reporters import ReportSettings, open_reporter
from svcstd.engine import Engine, Options, classify
from svcstd.errors import InputError, UsageError
from svcstd.findings import FileResult, Finding, StandardResult, Status, Waiver, standard_status
from svcstd.loader import Document
from svcstd.measure.compute import (
    BELOW_MINIMUM,
    BELOW_TARGET,
    MET,
    NO_DATA,
    NO_TARGET,
    Calendars,
    Conventions,
    Period,
    Standard,
    measure_standard,
    parse_period,
    standards_of,
    verdict,
)
from svcstd.measure.logs import Item, Log, log_paths
from svcstd.report.build import Department, Portfolio, StandardSummary, as_json, department_key
from svcstd.schema_wording import describe

AS_OF = date(2025, 11, 1)
CATALOGUE = load_catalogue()
FILE = "dir/a,b:c%d.yaml"
WAIVER = Waiver("BZ-D8-01", "Agreed", "CEO", "2026-01-31")


def finding(
    rule_id: str,
    severity: str,
    status: Status = Status.NOT_MET,
    detail: str = "x%y\nz",
    line: int = 3,
    waiver: Waiver | None = None,
) -> Finding:
    rule = CATALOGUE.rules[rule_id]
    return Finding(
        rule_id, rule.standard_id, severity, status, "msg", detail, ("a", 1), FILE, line, 5, "C 1", "fix it", waiver
    )


def result(*findings: Finding, missing: bool = False) -> FileResult:
    by_standard: dict[str, list[Finding]] = {}
    for f in findings:
        by_standard.setdefault(f.standard_id, []).append(f)
    standards = [
        StandardResult(s, CATALOGUE.by_id[s].title, CATALOGUE.by_id[s].clause, standard_status(fs), fs)
        for s, fs in by_standard.items()
    ]
    if missing:
        gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
        standards.append(StandardResult(gone.id, gone.title, gone.clause, Status.MISSING_FROM_SOURCE, []))
    return FileResult(FILE, standards)


def report(name: str, *results: FileResult, fail_on: str = "error", tmp_path: Path | None = None) -> str:
    sink = io.StringIO()
    settings = ReportSettings(CATALOGUE, AS_OF, fail_on, sarif_root=str(tmp_path) if tmp_path else None)
    reporter = open_reporter(name, sink, settings)
    for r in results:
        reporter.add(r)
    reporter.close()
    return sink.getvalue()


ERROR, WARNING, INFO = (
    finding("BZ-D1-01", "error"),
    finding("BZ-D8-01", "warning", line=4),
    finding("BZ-B-12", "info", line=5),
)
WAIVED = finding("BZ-D8-02", "warning", line=6, waiver=WAIVER)
UNREADABLE = FileResult("bad:1,%.yaml", error=InputError("bad:1,%.yaml", "not YAML", line=7))


# --- severities and escapes, format by format -------------------------------------------------------------------------


def test_github_levels_and_escapes_every_property_and_message():
    lines = report("github", result(ERROR, WARNING, INFO, WAIVED), UNREADABLE).splitlines()
    file = "dir/a%2Cb%3Ac%25d.yaml"
    assert lines == [
        f"::error file={file},line=3,col=5,title=BZ-D1-01 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D1-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d1-01",
        f"::warning file={file},line=4,col=5,title=BZ-D8-01 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D8-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d8-01",
        f"::notice file={file},line=6,col=5,title=BZ-D8-02 (waived)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D8-02 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d8-02",
        f"::notice file={file},line=5,col=5,title=BZ-B-12 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-B-12 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-b-12",
        "::error file=bad%3A1%2C%25.yaml,line=7,title=svcstd input error::not YAML",
    ]
    no_line = FileResult("b.yaml", error=InputError("b.yaml", "missing"))
    assert report("github", no_line) == "::error file=b.yaml,title=svcstd input error::missing\n"


def test_gitlab_maps_each_severity_leaves_waived_out_and_makes_input_errors_critical(tmp_path):
    issues = json.loads(report("gitlab", result(ERROR, WARNING, INFO, WAIVED), UNREADABLE, tmp_path=tmp_path))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("BZ-D1-01", "major", 3),
        ("BZ-D8-01", "minor", 4),
        ("BZ-B-12", "info", 5),
        ("svcstd-input-error", "critical", 7),
    ]
    assert issues[0]["description"] == "BZ-D1-01: msg (x%y\\nz) Source: C 1. Fix: fix it" + (
        ". More: svcstd explain BZ-D1-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d1-01"
    )
    assert len({i["fingerprint"] for i in issues}) == 4
    no_line = FileResult("-", error=InputError("-", "empty"))
    assert json.loads(report("gitlab", no_line, tmp_path=tmp_path))[0]["location"] == {
        "path": "stdin",
        "lines": {"begin": 1},
    }
    assert report("gitlab", tmp_path=tmp_path) == "]\n".rjust(3, "[")


def test_sarif_levels_suppressions_and_notifications(tmp_path):
    sarif = json.loads(report("sarif", result(ERROR, WARNING, INFO, WAIVED), UNREADABLE, tmp_path=tmp_path))
    run = sarif["runs"][0]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]] == [
        ("BZ-D1-01", "error", {"startLine": 3, "startColumn": 5}),
        ("BZ-D8-01", "warning", {"startLine": 4, "startColumn": 5}),
        ("BZ-D8-02", "warning", {"startLine": 6, "startColumn": 5}),
        ("BZ-B-12", "note", {"startLine": 5, "startColumn": 5}),
    ]
    assert [("suppressions" in r) for r in run["results"]] == [False, False, True, False]
    assert run["results"][2]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "Agreed (approved by CEO, expires 2026-01-31)"}
    ]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]}
    assert (levels["BZ-D1-01"], levels["BZ-D8-01"], levels["BZ-B-12"]) == ("error", "warning", "note")
    assert [r["ruleIndex"] for r in run["results"]] == [list(levels).index(r["ruleId"]) for r in run["results"]]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["message"]["text"] == "bad:1,%.yaml: not YAML"
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    clean = json.loads(report("sarif", result(), tmp_path=tmp_path))["runs"][0]
    assert clean["results"] == [] and clean["invocations"][0]["executionSuccessful"] is True
    assert run["results"][0]["partialFingerprints"] != run["results"][1]["partialFingerprints"]


@pytest.mark.parametrize(
    ("fail_on", "failing", "below"),
    [
        ("error", ["BZ-D1"], ["BZ-D8", "BZ-B"]),
        ("warning", ["BZ-D1", "BZ-D8"], ["BZ-B"]),
        ("info", ["BZ-D1", "BZ-D8", "BZ-B"], []),
    ],
)
def test_junit_fails_a_standard_exactly_at_and_above_fail_on(fail_on, failing, below):
    root = ET.fromstring(report("junit", result(ERROR, WARNING, INFO, missing=True), UNREADABLE, fail_on=fail_on))
    suite = root.find("testsuite")
    cases = {case.get("name").split()[0]: case for case in suite.iter("testcase")}
    assert sorted(s for s, case in cases.items() if case.find("failure") is not None) == sorted(failing)
    assert sorted(s for s, case in cases.items() if "below --fail-on" in (case.findtext("system-out") or "")) == sorted(
        below
    )
    assert [s for s, case in cases.items() if case.find("skipped") is not None] == ["BZ-D6"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == (
        "4",
        str(len(failing)),
        "1",
        "0",
    )
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", str(len(failing)), "1")
    errored = root.findall("testsuite")[1].find("testcase/error")
    assert errored.get("message") == "bad:1,%.yaml:7: not YAML" and errored.get("type") == "input error"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["svcstd.fail_on"] == fail_on and props["svcstd.as_of"] == "2025-11-01"


def test_junit_lists_waived_findings_and_writes_a_bare_root_when_nothing_was_checked():
    root = ET.fromstring(report("junit", result(WAIVED)))
    case = root.find("testsuite/testcase")
    assert case.find("failure") is None
    assert (
        case.findtext("system-out")
        == "waived:\nBZ-D8-02 at dir/a,b:c%d.yaml:6: Agreed (approved by CEO, expires 2026-01-31)"
    )
    empty = report("junit")
    assert (
        empty
        == '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcstd" time="0" tests="0" failures="0" errors="0" />\n'
    )


@pytest.mark.parametrize(("fail_on", "verdict_text"), [("error", "✅ compliant"), ("warning", "❌ not compliant")])
def test_markdown_verdict_follows_fail_on_and_labels_each_severity(fail_on, verdict_text):
    text = report("markdown", result(WARNING, INFO, WAIVED), UNREADABLE, fail_on=fail_on)
    compliant = 1 if fail_on == "error" else 0
    assert f"2 charters checked: {compliant} compliant, {1 - compliant} not compliant, 1 could not be read" in text
    assert f"(failing at {fail_on} and above)" in text
    assert f"| dir/a,b:c%d.yaml | {verdict_text} | BZ-D8, BZ-B |  | 3 |" in text
    assert "| 4 | BZ-D8-01 (warning) |" in text and "| 5 | BZ-B-12 (info) |" in text
    assert "| 6 | BZ-D8-02 (waived until 2026-01-31) |" in text
    assert "| bad:1,%.yaml | ⚠️ error | not YAML | | |" in text
    assert "| BZ-D8 " in text and "❌ not met" in text


def test_json_verdict_follows_fail_on():
    for fail_on, compliant in (("error", True), ("warning", False)):
        data = json.loads(report("json", result(WARNING, INFO), fail_on=fail_on))
        assert data["files"][0]["compliant"] is compliant
        findings = [f for s in data["files"][0]["standards"] for f in s["findings"]]
        assert [f["severity"] for f in findings] == ["warning", "info"]


@pytest.mark.parametrize(
    ("severity", "fail_on", "passes"),
    [
        ("error", "error", False),
        ("warning", "error", True),
        ("warning", "warning", False),
        ("info", "warning", True),
        ("info", "info", False),
        ("unknown", "error", False),
    ],
)
def test_a_charter_passes_unless_an_open_finding_is_at_or_above_fail_on(severity, fail_on, passes):
    assert result(finding("BZ-D1-01", severity)).passes(fail_on) is passes
    assert result(finding("BZ-D1-01", severity, waiver=WAIVER)).passes(fail_on) is True
    assert UNREADABLE.passes(fail_on) is False


# --- engine classification ----------------------------------------------------------------------------------------------


def test_standard_status_orders_not_met_before_not_evidenced_before_waived():
    nm, ne = finding("BZ-D1-01", "error"), finding("BZ-D1-01", "error", Status.NOT_EVIDENCED)
    waived = finding("BZ-D1-01", "error", waiver=WAIVER)
    assert standard_status([ne, nm]) is Status.NOT_MET
    assert standard_status([ne, waived]) is Status.NOT_EVIDENCED
    assert standard_status([waived]) is Status.WAIVED
    assert standard_status([]) is Status.MET
    assert standard_status([nm], missing_from_source=True) is Status.MISSING_FROM_SOURCE


def _errors(schema: dict, instance: object) -> list:
    import jsonschema

    return list(jsonschema.Draft202012Validator(schema).iter_errors(instance))


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


@pytest.mark.parametrize(
    ("schema", "value", "words"),
    [
        ({"minimum": 1}, 0, "v is 0, less than 1"),
        ({"const": True}, False, "v is false, expected true"),
        ({"minItems": 2}, [], "v is empty"),
        ({"minItems": 2}, [1], "v has 1 items, fewer than 2"),
        ({"enum": ["a", "b"]}, "c", 'v is "c"; expected one of: a, b'),
        (
            {"type": "boolean"},
            "yes",
            'v is "yes"; expected true or false (YAML 1.1 tools read yes as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        (
            {"type": "integer"},
            ".nan",
            'v is ".nan"; expected a whole number (not a finite number svcstd can judge: write the number itself)',
        ),
        (
            {"type": "string", "title": "Time of day"},
            800,
            'v is 800; expected text (write the time in quotes as "HH:MM")',
        ),
        ({"type": "string"}, 7, "v is 7; expected text (put it in quotes so YAML keeps it as written)"),
        ({"type": ["string", "null"]}, {}, "v is a mapping; expected text or nothing"),
        ({"type": "array"}, {}, "v is a mapping; expected a list"),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "4pm",
            'v is "4pm", not a valid time of day (use the 24-hour clock, e.g. "16:30")',
        ),
        ({"pattern": "^x$", "title": "Time of day"}, "800", 'v is "800", not a valid time of day (write "08:00")'),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8h",
            'v is "8h", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Date"},
            "1/2",
            'v is "1/2", not a valid date (write YYYY-MM-DD, e.g. 2025-03-31)',
        ),
        (
            {"pattern": "^x$", "title": "Telephone number"},
            "1",
            'v is "1", not a valid telephone number (e.g. "+501 822-2204")',
        ),
        ({"pattern": "^x$"}, "1", 'v is "1", not a valid pattern'),
        # each YAML trap's hint, written from the survivors of the third mutation run
        (
            {"type": "boolean"},
            "no",
            'v is "no"; expected true or false (YAML 1.1 tools read no as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        (
            {"type": "boolean"},
            "On",
            'v is "On"; expected true or false (YAML 1.1 tools read On as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        ({"type": "boolean"}, "maybe", 'v is "maybe"; expected true or false'),
        (
            {"type": ["number", "null"]},
            "1e999",
            'v is "1e999"; expected a number or nothing (not a finite number svcstd can judge: '
            "write the number itself)",
        ),
        ({"type": "integer"}, "twelve", 'v is "twelve"; expected a whole number'),
        (
            {"type": "integer"},
            "12",
            'v is "12"; expected a whole number (a number in quotes is text: write it without the quotes)',
        ),
        ({"type": "string"}, True, "v is true; expected text"),
        (
            {"type": "string", "title": "Time of day"},
            2.5,
            'v is 2.5; expected text (write the time in quotes as "HH:MM")',
        ),
        ({"type": "object"}, [1], "v is a list; expected a mapping of keys"),
        ({"type": "integer"}, "x" * 100, 'v is "' + "x" * 78 + "…; expected a whole number"),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8:00 PM",
            'v is "8:00 PM", not a valid time of day (use the 24-hour clock, e.g. "16:30")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8",
            'v is "8", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "12345",
            'v is "12345", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"pattern": "^x$", "title": "Time of day"}, "930", 'v is "930", not a valid time of day (write "09:30")'),
        ({"pattern": "^x$", "title": "Time of day"}, "2400", 'v is "2400", not a valid time of day (write "24:00")'),
        (  # no time of day to suggest: 25 o'clock is not one
            {"pattern": "^x$", "title": "Time of day"},
            "25:00",
            'v is "25:00", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"enum": [1, 2]}, 5, "v is 5; expected one of: 1, 2"),
        ({"uniqueItems": True}, [1, 1], "v lists the same item twice"),
        ({"maxLength": 1}, "ab", "v: 'ab' is too long"),
    ],
)
def test_each_schema_failure_is_described_in_its_own_words(schema, value, words):
    assert describe(_errors({"properties": {"v": schema}}, {"v": value})[0]) == words


def test_options_select_ignore_and_profile():
    rule, standard = CATALOGUE.rules["BZ-D1-01"], CATALOGUE.by_id["BZ-D1"]
    fmt_rule = CATALOGUE.rules["FMT-01"]
    fmt = CATALOGUE.by_id[fmt_rule.standard_id]
    assert Options(AS_OF).rule_active(rule, standard)
    assert Options(AS_OF, select=frozenset({"BZ-D1"})).rule_active(rule, standard)
    assert Options(AS_OF, select=frozenset({"BZ-D1-01"})).rule_active(rule, standard)
    assert not Options(AS_OF, select=frozenset({"BZ-D2"})).rule_active(rule, standard)
    assert not Options(AS_OF, ignore=frozenset({"BZ-D1"})).rule_active(rule, standard)
    assert not Options(AS_OF, ignore=frozenset({"BZ-D1-01"})).rule_active(rule, standard)
    assert not Options(AS_OF, profile="iso-11367-2025").rule_active(rule, standard)
    assert Options(AS_OF, profile="belize-2016").rule_active(rule, standard)
    assert Options(AS_OF, profile="iso-11367-2025").rule_active(fmt_rule, fmt)
    gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
    assert Options(AS_OF).standard_shown(gone)
    assert Options(AS_OF, profile=gone.pack).standard_shown(gone)
    assert not Options(AS_OF, profile="iso-11367-2025").standard_shown(gone)
    assert not Options(AS_OF, select=frozenset({"BZ-D1"})).standard_shown(gone)
    assert Options(AS_OF, select=frozenset({gone.id})).standard_shown(gone)
    assert not Options(AS_OF, ignore=frozenset({gone.id})).standard_shown(gone)
    assert not Options(AS_OF, ignore=frozenset({"BZ-D1-01", "BZ-D1-02", "BZ-D1-03"})).standard_shown(standard)


def test_a_malformed_fact_makes_each_rule_reading_it_not_met_at_its_place():
    engine = Engine(CATALOGUE, Options(AS_OF, select=frozenset({"BZ-D1-02", "FMT-02"})))
    data = {"telephone": {"answer_within_rings": "3"}}
    checked = engine.check(Document("t.yaml", data, {}))
    by_rule = {f.rule_id: f for f in checked.findings}
    assert by_rule["BZ-D1-02"].status is Status.NOT_MET
    assert by_rule["BZ-D1-02"].path == ("telephone", "answer_within_rings")
    assert "telephone.answer_within_rings is not a valid value (format finding at line" in by_rule["BZ-D1-02"].detail
    assert {s.standard_id: s.status for s in checked.standards}["BZ-D1"] is Status.NOT_MET


# --- measurement ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        (" 2025-03-01..2025-03-01 ", date(2025, 3, 1), date(2025, 3, 1)),
        (None, date(2024, 11, 2), AS_OF),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text, AS_OF)
    assert (period.start, period.end) == (start, end)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(date.fromordinal(start.toordinal() - 1))
    assert not period.contains(date.fromordinal(end.toordinal() + 1))


@pytest.mark.parametrize("text", ["2025-Q5", "2025-13", "2025-03-02..2025-03-01", "25", "2025-02-30..2025-03-01"])
def test_bad_periods_are_usage_errors(text):
    with pytest.raises(UsageError, match="is not a year"):
        parse_period(text, AS_OF)


@pytest.mark.parametrize(
    ("share", "target", "minimum", "expected"),
    [
        (None, 90, 80, NO_DATA),
        (50, None, None, NO_TARGET),
        (80, 90, 80, BELOW_TARGET),
        (79.9, 90, 80, BELOW_MINIMUM),
        (90, 90, 80, MET),
        (89.9, 90, None, BELOW_TARGET),
        (80, None, 80, MET),
        (79.9, None, 80, BELOW_MINIMUM),
        (0, 0, None, MET),
    ],
)
def test_a_share_exactly_at_its_target_or_minimum_meets_it(share, target, minimum, expected):
    assert verdict(share, target, minimum) == expected


CHARTER = {
    "organisation": {"country": "BZ"},
    "opening_hours": {
        "timezone": "America/Belize",
        "weekly": {
            day: [{"opens": "08:00", "closes": "16:00"}]
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
        },
    },
}


def _item(received: date, replied: date | None = None, service: str | None = None, kind: str = "letter") -> Item:
    return Item(1, received, {"replied": replied} if replied else {}, service, kind)


def test_measure_counts_on_the_deadline_and_leaves_out_what_is_not_yet_known():
    standard = Standard("correspondence.reply", "Replies", 2, "correspondence", "replied", "c", target=50)
    monday, tuesday, wednesday, thursday = (date(2025, 10, d) for d in (20, 21, 22, 23))
    log = Log(
        "log.csv",
        [
            _item(monday, wednesday),  # 2 working days: within
            _item(monday, thursday),  # 3: late
            _item(monday, monday),  # same day: 0
            _item(monday),  # open, deadline Wednesday passed by as_of: overdue
            _item(AS_OF),  # received on as_of: pending
            _item(date(2025, 11, 2)),  # after as_of: not yet known
            _item(monday, date(2025, 11, 3)),  # replied after as_of: still open, overdue
            _item(monday, tuesday, kind="compliment"),  # not an item to answer
        ],
    )
    period = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    m = measure_standard(standard, log, Calendars(CHARTER), period, AS_OF)
    assert (m.volume, m.within, m.pending, m.overdue_open) == (5, 2, 1, 2)
    assert (m.median, m.share, m.verdict) == (2, 40, BELOW_TARGET)
    due = measure_standard(standard, Log("l", [_item(monday)]), Calendars(CHARTER), period, wednesday)
    assert (due.volume, due.pending) == (0, 1)
    late = measure_standard(standard, Log("l", [_item(monday)]), Calendars(CHARTER), period, thursday)
    assert (late.volume, late.overdue_open) == (1, 1)


def test_service_items_count_against_their_service_and_by_convention_against_correspondence():
    reply = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    service = Standard("service:lands", "Lands", 5, "correspondence", "replied", "c", service="lands")
    log = Log(
        "l", [_item(date(2025, 10, 20), date(2025, 10, 21), "lands"), _item(date(2025, 10, 20), date(2025, 10, 21))]
    )
    period = parse_period("2025", AS_OF)
    assert measure_standard(reply, log, Calendars(CHARTER), period, AS_OF).volume == 2
    assert (
        measure_standard(
            reply, log, Calendars(CHARTER), period, AS_OF, Conventions(service_items_in_correspondence=False)
        ).volume
        == 1
    )
    assert measure_standard(service, log, Calendars(CHARTER), period, AS_OF).volume == 1
    assert measure_standard(service, Log("l", []), Calendars(CHARTER), period, AS_OF).verdict == NO_DATA


def test_a_kpi_overrides_the_targets_the_charter_sets_beside_a_standard():
    data = {
        "correspondence": {"reply_within_working_days": 5},
        "complaints": {"acknowledge_within_working_days": 2, "resolve_within_working_days": 0},
        "services": [
            {
                "id": "a",
                "name": "A",
                "standard": {"within_working_days": 3, "target_percent": 90, "minimum_percent": 80},
            },
            {"id": "b", "standard": {"within_working_days": 4, "target_percent": 90}},
            {"standard": {"within_working_days": 1}},
        ],
        "kpis": [
            {"measures": "service:b", "target": 95, "minimum": 85},
            {"measures": "correspondence.reply", "target": 70},
        ],
    }
    found = {s.key: (s.days, s.target, s.minimum, s.label) for s in standards_of(data)}
    assert found == {
        "correspondence.reply": (5, 70.0, None, "Replies to letters and emails"),
        "complaints.acknowledge": (2, None, None, "Complaints acknowledged"),
        "complaints.resolve": (0, None, None, "Complaints resolved"),  # the same day: measured, never dropped
        "service:a": (3, 90.0, 80.0, "A"),
        "service:b": (4, 95.0, 85.0, "b"),
    }


# --- the portfolio --------------------------------------------------------------------------------------------------------


def test_a_review_due_on_the_as_of_day_is_not_yet_overdue():
    due = date(2025, 11, 1)
    assert Department("a.yaml", "A", review_due=due).overdue_days(due) is None
    assert Department("a.yaml", "A", review_due=due).overdue_days(date(2025, 11, 2)) == 1
    assert Department("a.yaml", "A").overdue_days(due) == 0
    assert Department("a.yaml", "A", error="unreadable").overdue_days(due) is None


def test_waived_counts_as_met_and_missing_from_source_is_not_judged():
    summary = StandardSummary(
        "S", "t", "c", Counter({"met": 1, "waived": 1, "not met": 1, "not evidenced": 1, "missing from source": 3})
    )
    assert summary.judged == 4 and summary.percent_met == 50
    assert StandardSummary("S", "t", "c").percent_met is None


def test_changes_and_new_departments_against_a_baseline(tmp_path):
    a, b = str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")
    baseline = {
        "standards": [{"id": "BZ-D1", "percent_met": 50}, {"id": "BZ-D2", "percent_met": "x"}],
        "departments": [{"key": department_key(a), "statuses": {"BZ-D1": "met", "BZ-D2": "met"}}, "junk"],
    }
    departments = [
        Department(a, "A", statuses={"BZ-D1": "not met", "BZ-D2": "met", "BZ-D3": "met"}),
        Department(b, "B"),
        Department(str(tmp_path / "c.yaml"), "C", error="unreadable"),
    ]
    portfolio = Portfolio(AS_OF, [], departments, baseline=baseline)
    assert [(c.name, c.standard, c.before, c.after) for c in portfolio.changes] == [("A", "BZ-D1", "met", "not met")]
    assert [d.name for d in portfolio.new_departments] == ["B"]
    assert (
        portfolio.baseline_percent("BZ-D1"),
        portfolio.baseline_percent("BZ-D2"),
        portfolio.baseline_percent("X"),
    ) == (50.0, None, None)
    assert [d.name for d in portfolio.readable] == ["A", "B"]
    assert [d.name for d in portfolio.overdue] == ["A", "B"]
    without = Portfolio(AS_OF, [], departments)
    assert (without.changes, without.new_departments, without.baseline_percent("BZ-D1")) == ([], [], None)


def test_overdue_departments_come_most_overdue_first():
    departments = [
        Department("a", "A", review_due=date(2025, 10, 1)),
        Department("b", "B", review_due=date(2025, 6, 1)),
        Department("c", "C", review_due=date(2026, 1, 1)),
    ]
    assert [d.name for d in Portfolio(AS_OF, [], departments).overdue] == ["B", "A"]


def test_logs_are_found_by_the_charters_name(tmp_path):
    (tmp_path / "lands.correspondence.csv").write_text("x")
    (tmp_path / "lands.complaints.csv").mkdir()  # not a log: found, so the reader refuses it in its own words
    assert log_paths(str(tmp_path), "charters/lands.yaml") == {
        "correspondence": str(tmp_path / "lands.correspondence.csv"),
        "complaints": str(tmp_path / "lands.complaints.csv"),
    }
    assert log_paths(str(tmp_path), "charters/other.yaml") == {}
    assert log_paths(None, "charters/lands.yaml") == {} and log_paths(str(tmp_path), "-") == {}


def test_portfolio_json_rounds_shares_and_dates_reviews():
    summary = StandardSummary("S", "t", "c", Counter({"met": 2, "not met": 1}))
    department = Department(
        "a.yaml", "A", statuses={"S": "met"}, last_reviewed=date(2025, 1, 2), review_due=date(2026, 1, 2)
    )
    data = as_json(Portfolio(AS_OF, [summary], [department]))
    assert data["standards"] == [
        {"id": "S", "title": "t", "clause": "c", "counts": {"met": 2, "not met": 1}, "percent_met": 66.7}
    ]
    assert (data["departments"][0]["last_reviewed"], data["departments"][0]["review_due"]) == (
        "2025-01-02",
        "2026-01-02",
    )
    assert department_key("-") == "-" and department_key("") == ""
