"""What every format of `check` says, to the letter: reviewed snapshots, unknown severities, where to read more."""

from __future__ import annotations

import io
import json

import pytest

from conftest import ROOT
from made_in_process import CATALOGUE, DAY, dumped, results, snapshot
from svcstd.check.reporters import ReportSettings, open_reporter
from svcstd.check.reporters.sarif import rule_descriptor
from svcstd.findings import FileResult


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "gitlab", "markdown", "table"])
@pytest.mark.parametrize("fail_on", ["error", "info"])
def test_each_format_says_exactly_what_it_said_when_reviewed(fmt, fail_on, monkeypatch):
    monkeypatch.delenv("TF_BUILD", raising=False)
    sink = io.StringIO()
    settings = ReportSettings(CATALOGUE, DAY, fail_on, sarif_root=str(ROOT), readings=CATALOGUE.readings({}))
    reporter = open_reporter(fmt, sink, settings)
    for result in results():
        reporter.add(result)
    reporter.close()
    text = sink.getvalue()
    if fmt == "sarif":  # the rule table is snapshotted once, below; the version is not the reporter's to judge
        log = json.loads(text)
        log["runs"][0]["tool"]["driver"]["rules"] = len(log["runs"][0]["tool"]["driver"]["rules"])
        text = dumped(log)
    snapshot(f"report-{fail_on}.{fmt}.txt", text.replace(str(ROOT), "ROOT"))


def test_an_unknown_severity_is_reported_as_an_error_everywhere():
    from dataclasses import replace
    from xml.etree import ElementTree as ET

    [finding] = [f for f in results()[0].findings if f.rule_id == "FMT-01"]
    odd = FileResult("c.yaml", results()[0].standards[:0])
    odd.standards.append(replace(results()[0].standards[0], findings=[replace(finding, severity="critical")]))

    def written(name: str) -> str:
        sink = io.StringIO()
        reporter = open_reporter(name, sink, ReportSettings(CATALOGUE, DAY, sarif_root=str(ROOT)))
        reporter.add(odd)
        reporter.close()
        return sink.getvalue()

    assert written("github").startswith(
        "::error file=charters/registry%2C a%3Ab%25.yaml,line=5,col=3,title=FMT-01 (not met)::"
    )
    assert json.loads(written("sarif"))["runs"][0]["results"][0]["level"] == "error"
    assert json.loads(written("gitlab"))[0]["severity"] == "major"
    assert ET.fromstring(written("junit").encode()).get("failures") == "1"
    critical = replace(CATALOGUE.rules["FMT-01"], severity="critical")
    assert rule_descriptor(critical, CATALOGUE)["defaultConfiguration"] == {"level": "error"}
    assert odd.passes() is False and odd.passes("error") is False


def test_every_finding_says_where_to_read_more():
    from svcstd.check.reporters.json_report import finding_dict
    from svcstd.check.reporters.table import finding_lines

    rules_page = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    for finding in results()[0].findings:
        lines = ["".join(text for text, _ in line) for line in finding_lines(finding)]
        assert lines[-1 if finding.waiver is None else -2] == f"  more: svcstd explain {finding.rule_id}"
        uri = finding_dict(finding)["help_uri"]
        anchor = uri.split("#", 1)[1]
        assert uri.startswith("https://") and f"### {finding.rule_id}\n" in rules_page
        assert anchor == finding.rule_id.lower().replace(".", "")
