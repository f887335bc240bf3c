"""Every report, word for word, against a reviewed snapshot: the kills mutation testing asked for.

Mutation testing (scripts/mutation.sh) showed that the reporters, the
engine's structural findings, measurement and the portfolio were checked by
what they must contain, not by all they say, so a changed label, level, key
or clause survived. These tests compare whole outputs, built in process from
fixed inputs, with snapshots in tests/data/snapshots/ (review a diff there
like a golden page; regenerate with SVCSTD_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from svcstd import __version__
from svcstd.catalogue import load_catalogue
from svcstd.check.reporters import ReportSettings, open_reporter
from svcstd.check.reporters.sarif import automation_details, rule_descriptor
from svcstd.engine import Engine, Options, reads_of
from svcstd.errors import InputError
from svcstd.findings import FileResult
from svcstd.formats import text_of
from svcstd.inputs import Input
from svcstd.loader import load_path, load_text
from svcstd.measure.compute import measure, parse_period
from svcstd.measure.logs import read_logs
from svcstd.report.build import as_json, build

SNAPSHOTS = ROOT / "tests/data/snapshots"
AS_OF = date(2025, 11, 1)
CATALOGUE = load_catalogue()
ENGINE = Engine(CATALOGUE, Options(AS_OF))

CHARTER = """format_version: 1
organisation:
  name: "Registry, Belmopan: 100% of cases"
  ministry: 7
  countyr: BZ
opening_hours:
  timezone: America/Belise
  weekly:
    monday: [{opens: 0800, closes: "16:00"}]
    tuesday: [{opens: "08:00", closes: "4:30pm"}]
sites:
  - name: Annex
    opening_hours: {timezone: Mars/Olympus, weekly: {}}
charter:
  review_cycle_months: "12"
  published: yes
correspondence:
  reply_within_working_days: 12
  replies_include: {contact_name: true}
complaints:
  channels: [email]
waivers:
  - {rule: BZ-D2-01, justification: Agreed while the registry moves., approved_by: Registrar, expires: "2026-01-31"}
  - {rule: BZ-D7-02, path: staffing, justification: Old., approved_by: Registrar, expires: "2025-01-31"}
"""


def snapshot(name: str, text: str) -> None:
    text = text.replace(f'"{__version__}"', '"VERSION"').replace(f"svcstd {__version__}", "svcstd VERSION")
    path = SNAPSHOTS / name
    if os.environ.get("SVCSTD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run SVCSTD_UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; inspect the diff, regenerate with SVCSTD_UPDATE_GOLDEN=1"
    )


def dumped(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def results() -> list[FileResult]:
    checked = ENGINE.check(load_text(CHARTER, "charters/registry, a:b%.yaml"))
    unreadable = FileResult(
        "charters/broken.yaml", error=InputError("charters/broken.yaml", "not YAML", line=3, column=7)
    )
    return [checked, unreadable]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "gitlab", "markdown", "table"])
@pytest.mark.parametrize("fail_on", ["error", "info"])
def test_each_format_says_exactly_what_it_said_when_reviewed(fmt, fail_on, monkeypatch):
    monkeypatch.delenv("TF_BUILD", raising=False)
    sink = io.StringIO()
    settings = ReportSettings(CATALOGUE, AS_OF, fail_on, sarif_root=str(ROOT), readings=CATALOGUE.readings({}))
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


def test_every_sarif_rule_descriptor():
    snapshot("sarif-rules.json", dumped([rule_descriptor(rule, CATALOGUE) for rule in CATALOGUE.rules.values()]))


def test_azure_pipelines_gets_the_automation_details_it_requires(monkeypatch):
    values = {
        "TF_BUILD": "True",
        "SYSTEM_COLLECTIONURI": "https://dev.azure.com/belize/",
        "SYSTEM_TEAMPROJECT": "charters",
        "SYSTEM_DEFINITIONID": "12",
        "SYSTEM_PHASEID": "p1",
        "BUILD_SOURCEBRANCH": "refs/heads/main",
        "BUILD_BUILDID": "345",
        "BUILD_DEFINITIONNAME": "svcstd",
        "SYSTEM_PHASENAME": "check",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    assert automation_details() == {
        "id": "azuredevops/pipeline/build/belize/charters/12/p1/refs/heads/main/345",
        "properties": {
            "azuredevops/pipeline/build/buildDefinitionId": "12",
            "azuredevops/pipeline/build/buildDefinitionName": "svcstd",
            "azuredevops/pipeline/build/phaseId": "p1",
            "azuredevops/pipeline/build/phaseName": "check",
        },
    }
    monkeypatch.setenv("TF_BUILD", "false")
    assert automation_details() == {"id": "svcstd/"}
    for key in values:
        monkeypatch.delenv(key)
    monkeypatch.setenv("TF_BUILD", "TRUE")  # a pipeline that sets none of the rest: every part empty, never invented
    assert automation_details() == {
        "id": "azuredevops/pipeline/build//////",
        "properties": {
            f"azuredevops/pipeline/build/{name}": ""
            for name in ("buildDefinitionId", "buildDefinitionName", "phaseId", "phaseName")
        },
    }


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


def test_measurement_of_the_bundled_logs():
    charter = EXAMPLES / "vital-statistics-registry.yaml"
    data = load_path(str(charter)).data
    logs = {
        kind: str(EXAMPLES / f"logs/vital-statistics-registry.{kind}.csv") for kind in ("correspondence", "complaints")
    }
    report = measure(data, str(charter.relative_to(ROOT)), read_logs(logs, data), parse_period("2025", AS_OF), AS_OF)
    snapshot("measure-vital-statistics.json", text_of("measure", "json", [report]).replace(str(ROOT), "ROOT"))


def test_the_portfolio_with_waivers_measurements_and_a_baseline(tmp_path):
    folder = tmp_path / "charters"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "waived.yaml").write_text(CHARTER, encoding="utf-8")
    inputs = [Input(str(p)) for p in sorted(folder.glob("*.yaml"))] + [Input(str(folder / "gone.yaml"))]
    first = as_json(build(inputs, ENGINE, AS_OF, str(EXAMPLES / "logs"), parse_period("2025", AS_OF)))
    baseline = tmp_path / "baseline.json"
    first["departments"][0]["statuses"]["BZ-D2"] = "not met"
    baseline.write_text(json.dumps(first), encoding="utf-8")
    again = build(inputs, ENGINE, AS_OF, str(EXAMPLES / "logs"), parse_period("2025", AS_OF), str(baseline))
    summary = {
        "json": as_json(again),
        "changes": [c.__dict__ for c in again.changes],
        "overdue": [d.name for d in again.overdue],
        "new": [d.name for d in again.new_departments],
    }
    for department in summary["json"]["departments"]:
        department.pop("promises")  # svcstd diff's own tests judge these
        for entry in (department.get("provenance") or {}).get("inputs", []):
            entry["file"] = Path(entry["file"]).name
    snapshot("portfolio.json", dumped(summary).replace(str(tmp_path), "TMP").replace(str(ROOT), "ROOT"))


def test_what_every_rule_reads():
    snapshot("rule-reads.json", dumped({rule.id: sorted(reads_of(rule)) for rule in CATALOGUE.rules.values()}))


def test_unknown_keys_are_named_with_a_suggestion_or_the_keys_allowed():
    from svcstd.schema_wording import unknown_key_detail

    assert unknown_key_detail(("a",), "nmae", ["name", "id"]) == "unknown key a.nmae; did you mean 'name'?"
    assert unknown_key_detail(("a", 0), "zzz", ["name", "id"]) == "unknown key a[0].zzz; known keys here: name, id"
    assert unknown_key_detail((), "zzz", []) == "unknown key zzz"
    document = load_text(
        "format_version: 1\norganisation: {name: A}\nx-own: 1\nwebsite: {url: 'https://a.bz', extra: 1}\n", "c.yaml"
    )
    found = [(f.rule_id, f.dotted_path, f.line, f.column) for f in ENGINE.structural_findings(document)]
    assert found == [("FMT-01", "website.extra", 4, 32)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"{",
            "--baseline B:1: not JSON (Expecting property name enclosed in double quotes); give the portfolio.json of an earlier report",
        ),
        (b"[1]", "--baseline B: not a portfolio.json written by `svcstd report`"),
        (b'{"portfolio_version": 2}', "--baseline B: not a portfolio.json written by `svcstd report`"),
        (
            b'{"portfolio_version": 1, "as_of": "2025-01-01", "standards": [], "departments": [{"file": 3, "statuses": {}}]}',
            "--baseline B: not a portfolio.json written by `svcstd report`: at departments/0/file: 3 is not of type 'string'",
        ),
        (b"[" * 100000 + b"]" * 100000, "--baseline B: nested too deeply to be a portfolio.json"),
        (b"\xff\xfe\x00", "--baseline B:1: binary content (NUL byte): not a JSON text file"),
    ],
)
def test_every_unusable_baseline_is_one_line_saying_why(tmp_path, content, message):
    from svcstd.errors import UsageError
    from svcstd.report.build import read_baseline

    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        read_baseline(str(path))
    assert str(raised.value).replace(str(path), "B").startswith(message)
    with pytest.raises(UsageError, match=r"--baseline .*missing\.json"):
        read_baseline(str(tmp_path / "missing.json"))


@pytest.mark.parametrize(
    ("hours", "where"),
    [
        ({}, "organisation.country"),
        ({"holiday_calendar": "QQ"}, "opening_hours.holiday_calendar"),
    ],
)
def test_a_holiday_calendar_svcstd_cannot_look_up_is_an_error_naming_where(hours, where):
    from svcstd.errors import UsageError
    from svcstd.measure.compute import Calendars

    data = {"organisation": {"country": "QQ"}, "opening_hours": hours}
    with pytest.raises(UsageError) as raised:
        Calendars(data, "c.yaml")
    assert str(raised.value).startswith(f"c.yaml: {where}: no public holiday calendar for 'QQ'")
    site = {"organisation": {"country": "BZ"}, "sites": [{"name": "A", "opening_hours": {"holiday_calendar": "bz"}}]}
    with pytest.raises(
        UsageError,
        match=re.escape(
            "c.yaml: sites[0].opening_hours.holiday_calendar: no public holiday calendar for 'bz'; did you mean 'BZ'"
        ),
    ):
        Calendars(site, "c.yaml")
    Calendars(
        {"organisation": {"country": "QQ"}, "opening_hours": {"public_holidays": "open"}}, "c.yaml"
    )  # never asked for


@pytest.mark.parametrize(
    ("measurement", "expected"),
    [
        ({}, ("day_of_receipt", True)),
        (
            {"receipt_on_closed_day": "next_working_day", "service_items_in_correspondence": False},
            ("next_working_day", False),
        ),
        ({"receipt_on_closed_day": "someday", "service_items_in_correspondence": "no"}, ("day_of_receipt", True)),
    ],
)
def test_measurement_conventions_come_from_the_charter(measurement, expected):
    from svcstd.measure.compute import Conventions

    conventions = Conventions.from_charter({"measurement": measurement})
    assert (conventions.receipt_on_closed_day, conventions.service_items_in_correspondence) == expected
    assert conventions.as_dict()["receipt_on_closed_day"] == expected[0]


def test_sarif_locates_standard_input_paths_inside_and_outside_the_root_and_odd_names(tmp_path):
    from svcstd.check.reporters.sarif import Locator, fingerprint

    root = tmp_path / "repo"
    (root / "a b#").mkdir(parents=True)
    locator = Locator(root)
    assert locator.location("-") == {"uri": "stdin"}
    assert locator.location(str(root / "a b#" / "c%.yaml")) == {"uri": "a%20b%23/c%25.yaml", "uriBaseId": "SRCROOT"}
    outside = tmp_path / "elsewhere" / "x\\y.yaml"
    assert locator.location(str(outside)) == {
        "uri": "file://" + str(tmp_path).replace(" ", "%20") + "/elsewhere/x/y.yaml"
    }
    assert Locator(Path("/srv/charters/")).root_uri() == "file:///srv/charters/"
    assert Locator(Path("/")).root_uri() == "file:///"
    [finding] = [f for f in results()[0].findings if f.rule_id == "FMT-01"]
    undecodable = fingerprint(finding, "a\udcffb.yaml")  # a file name byte that is not UTF-8
    assert len(undecodable) == 32 and undecodable != fingerprint(finding, "ab.yaml")


def test_an_unknown_severity_is_reported_as_an_error_everywhere():
    from dataclasses import replace
    from xml.etree import ElementTree as ET

    [finding] = [f for f in results()[0].findings if f.rule_id == "FMT-01"]
    odd = FileResult("c.yaml", results()[0].standards[:0])
    odd.standards.append(replace(results()[0].standards[0], findings=[replace(finding, severity="critical")]))

    def written(name: str) -> str:
        sink = io.StringIO()
        reporter = open_reporter(name, sink, ReportSettings(CATALOGUE, AS_OF, sarif_root=str(ROOT)))
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


def test_dotted_paths_and_the_top_level():
    from svcstd.findings import dotted

    assert dotted(()) == "(top level)"
    assert dotted(("services", 2, "standard")) == "services[2].standard"
    assert dotted((0, "a")) == "[0].a"


class _Failing:
    """An engine that fails on one charter: the portfolio names it and goes on."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.shown_standards = engine.shown_standards

    def check(self, document: Any) -> FileResult:
        if "boom" in document.path:
            raise ValueError("no")
        return self.engine.check(document)


def test_the_portfolio_reads_each_departments_own_cycle_names_failures_and_matches_old_baselines(tmp_path):
    from svcstd.report.build import Portfolio, department, department_key

    six = tmp_path / "six.yaml"
    six.write_text(
        CHARTER.replace('review_cycle_months: "12"', "review_cycle_months: 6\n  last_reviewed: '2025-01-10'")
    )
    found = department(Input(str(six)), ENGINE, AS_OF, None, None)
    assert (found.name, found.last_reviewed, found.review_due) == (
        "Registry, Belmopan: 100% of cases",
        date(2025, 1, 10),
        date(2025, 7, 10),
    )
    assert found.compliant is False and "correspondence.reply_within_working_days" in found.promises
    boom = tmp_path / "boom.yaml"
    boom.write_text(CHARTER)
    failed = department(Input(str(boom)), _Failing(ENGINE), AS_OF, None, None)  # type: ignore[arg-type]
    assert (failed.file, failed.name) == (str(boom), str(boom))
    assert (
        failed.error
        == f"{boom}: svcstd could not judge this file: ValueError: no (a value svcstd cannot handle, or a bug in svcstd: please report it)"
    )
    old = {"departments": [{"file": str(six), "statuses": {"BZ-D2": "met"}}, {"key": 5, "file": "x.yaml"}]}
    portfolio = Portfolio(AS_OF, [], [found], baseline=old)
    assert [(c.standard, c.before, c.after) for c in portfolio.changes] == [("BZ-D2", "met", found.statuses["BZ-D2"])]
    assert portfolio.new_departments == [] and department_key(str(six)) == found.key


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
