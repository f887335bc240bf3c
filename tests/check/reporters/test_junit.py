"""JUnit XML (`check -f junit`): cases, failures at and above --fail-on, waived findings and readings."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from made_in_process import (
    CATALOGUE,
    ERROR,
    INFO,
    UNREADABLE,
    WAIVED,
    WARNING,
    catalogue_finding,
    catalogue_result,
    report,
    result,
    written_by,
)
from svcstd.catalogue import Reading
from svcstd.errors import InputError
from svcstd.findings import FileResult, StandardResult, Status, Waiver


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


def _suite(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8")).find("testsuite")  # type: ignore[return-value]


def test_junit_counts_every_case_and_joins_every_finding_and_note():
    waiver = Waiver("BZ-D8-01", "Agreed", "CEO", "2026-01-31")
    results = catalogue_result(
        catalogue_finding("BZ-D1-01", 3, "first"),
        catalogue_finding("BZ-D1-02", 4, "second"),
        catalogue_finding("BZ-D2-01", 5),
        catalogue_finding("BZ-D8-01", 6, waiver=waiver),
        catalogue_finding("BZ-D8-01", 7, "again", waiver=waiver),
        catalogue_finding("BZ-D8-02", 8),  # a warning, below --fail-on error
        catalogue_finding("BZ-B-12", 8),
        catalogue_finding("ISO-7.2.3-01", 9),
    )
    gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
    results.standards.append(StandardResult(gone.id, gone.title, gone.clause, Status.MISSING_FROM_SOURCE, []))
    results.standards.append(StandardResult("X-1", "Another standard", "X 1", Status.MISSING_FROM_SOURCE, []))
    suite = _suite(written_by("junit", results, junit_file_attribute=True))
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
    root = ET.fromstring(written_by("junit", *errors).encode("utf-8"))
    assert (root.get("tests"), root.get("errors")) == ("2", "2")


def test_junit_marks_which_thresholds_are_svcstds_and_which_were_configured():
    readings = [Reading("BZ-D3-03", "max_age_days", 30, 90, True), Reading("BZ-D8-02", "max_age_months", 12, 12, False)]
    properties = {
        p.get("name"): p.get("value")
        for p in _suite(
            written_by("junit", catalogue_result(catalogue_finding("BZ-D1-01", 3)), readings=readings)
        ).iter("property")
    }
    assert properties["svcstd.reading.BZ-D3-03.max_age_days"] == "30"
    assert properties["svcstd.reading.BZ-D8-02.max_age_months"] == "12 (default)"
