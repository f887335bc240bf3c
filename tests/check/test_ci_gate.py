"""Machine-readable output, gating, selection, waivers and configuration, as a CI job uses them."""

from __future__ import annotations

import json

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from conftest import AS_OF, LANDS_REPLY_LINE, ROOT

SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-2.1.0.schema.json").read_text())
REPORT_SCHEMA = json.loads((ROOT / "schemas/report.schema.json").read_text())
REGISTRY = (ROOT / "examples/vital-statistics-registry.yaml").read_text()
LANDS = (ROOT / "examples/lands-department.yaml").read_text()


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format_version: 1\norganisation:\n  name: A\n  name: B\n")
    return path


def test_sarif_is_valid_against_the_official_schema(run, tmp_path, bad_file):
    out = tmp_path / "report.sarif"
    result = run("check", "examples", str(bad_file), "--as-of", AS_OF, "-f", "sarif", "-o", str(out))
    assert result.code == 2 and result.stdout == ""
    sarif = json.loads(out.read_text())
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(sarif)
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    lands = [
        r
        for r in run_["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("lands-department.yaml")
    ]
    reply = next(r for r in lands if r["ruleId"] == "BZ-D2-01")
    assert reply["locations"][0]["physicalLocation"]["region"] == {"startLine": LANDS_REPLY_LINE, "startColumn": 30}
    assert rules[reply["ruleIndex"]]["id"] == "BZ-D2-01"
    assert "Appendix D, item 2" in rules[reply["ruleIndex"]]["help"]["text"]
    assert rules[reply["ruleIndex"]]["helpUri"].startswith("https://")
    notifications = run_["invocations"][0]["toolExecutionNotifications"]
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert notifications[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_sarif_fingerprints_are_stable_when_lines_move(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(LANDS)
    first = run("check", str(charter), "--as-of", AS_OF, "-f", "sarif").json()
    charter.write_text("# a new comment line\n\n" + LANDS)
    second = run("check", str(charter), "--as-of", AS_OF, "-f", "sarif").json()
    prints = [[r["partialFingerprints"] for r in s["runs"][0]["results"]] for s in (first, second)]
    lines = [
        [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in s["runs"][0]["results"]]
        for s in (first, second)
    ]
    assert prints[0] == prints[1] and len(set(map(str, prints[0]))) == len(prints[0])
    assert [line + 2 for line in lines[0]] == lines[1]


def test_junit_reads_back_with_junitparser(run, tmp_path, bad_file):
    out = tmp_path / "junit.xml"
    result = run(
        "check",
        "examples/lands-department.yaml",
        "examples/vital-statistics-registry.yaml",
        str(bad_file),
        "--as-of",
        AS_OF,
        "-f",
        "junit",
        "-o",
        str(out),
    )
    assert result.code == 2
    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(out))}
    lands = suites["examples/lands-department.yaml"]
    outcomes = {case.name: [type(r).__name__ for r in case.result] for case in lands}
    assert outcomes["BZ-D2 Correspondence"] == ["Failure"]
    assert outcomes["BZ-D4 Meeting in person"] == ["Failure"]
    assert outcomes["BZ-D6 Item 6 (not in the source text)"] == ["Skipped"]
    assert outcomes["BZ-D1 Answering the telephone"] == []
    failure = next(r for case in lands if case.name.startswith("BZ-D2") for r in case.result)
    assert (
        isinstance(failure, Failure)
        and f"examples/lands-department.yaml:{LANDS_REPLY_LINE}:30: BZ-D2-01" in failure.text
    )
    assert all(
        not case.result or isinstance(case.result[0], Skipped)
        for case in suites["examples/vital-statistics-registry.yaml"]
    )
    broken = list(suites[str(bad_file)])
    assert len(broken) == 1 and isinstance(broken[0].result[0], Error)
    assert lands.tests == 26 and lands.failures == 2 and lands.skipped == 1


def test_json_is_valid_against_its_own_schema(run, bad_file):
    result = run("check", "examples", str(bad_file), "--as-of", AS_OF, "-f", "json")
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(result.json())


def test_github_annotations_and_markdown_summary(run, bad_file):
    result = run("check", "examples/lands-department.yaml", str(bad_file), "--as-of", AS_OF, "-f", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"::error file=examples/lands-department.yaml,line={LANDS_REPLY_LINE},col=30,title=BZ-D2-01 (not met)::"
    )
    assert any(
        line.startswith(f"::error file={bad_file},line=4,title=svcstd input error::duplicate key") for line in lines
    )
    markdown = run("check", "examples", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| examples/lands-department.yaml | ❌ not compliant | BZ-D2, BZ-D4 |" in markdown
    assert "| examples/vital-statistics-registry.yaml | ✅ compliant |" in markdown


def test_several_formats_in_one_run_and_output_safety(run, tmp_path):
    sarif, junit = tmp_path / "out/a.sarif", tmp_path / "b.xml"
    result = run(
        "check",
        "examples/lands-department.yaml",
        "--as-of",
        AS_OF,
        "-f",
        "sarif",
        "-o",
        str(sarif),
        "-f",
        "junit",
        "-o",
        str(junit),
        "-f",
        "table",
    )
    assert result.code == 1 and "1 file checked" in result.stdout
    assert json.loads(sarif.read_text())["version"] == "2.1.0" and junit.read_text().startswith("<?xml")
    assert not list(tmp_path.glob("**/*.tmp"))
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY)
    refused = run("check", str(charter), "-f", "json", "-o", str(charter))
    assert refused.code == 2 and "never overwritten" in refused.stderr and charter.read_text() == REGISTRY
    assert run("check", str(charter), "-f", "json", "-f", "sarif").code == 2
    assert run("check", str(charter), "-f", "xml").code == 2


def test_output_is_deterministic(run, tmp_path):
    outputs = [
        run("check", "examples", "--as-of", AS_OF, "-f", name).stdout for name in ("json", "sarif", "junit", "markdown")
    ]
    again = [
        run("check", "examples", "--as-of", AS_OF, "-f", name).stdout for name in ("json", "sarif", "junit", "markdown")
    ]
    assert outputs == again


def test_fail_on_and_exit_codes(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY.replace('last_survey: "2025-06-30"', 'last_survey: "2024-06-30"'))
    assert run("check", str(charter), "--as-of", AS_OF).code == 0
    assert run("check", str(charter), "--as-of", AS_OF, "--fail-on", "warning").code == 1
    assert run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "--fail-on", "error").code == 1


def test_select_ignore_and_profiles(run):
    def standards(*options):
        report = run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", "json", *options)
        return report.code, {s["id"]: s["status"] for s in report.json()["files"][0]["standards"]}

    code, belize = standards("--profile", "belize-2016")
    assert code == 1 and not [s for s in belize if s.startswith("ISO")] and belize["BZ-D6"] == "missing from source"
    code, iso = standards("--profile", "iso-11367-2025")
    assert code == 0 and not [s for s in iso if s.startswith("BZ")] and "FORMAT" in iso
    code, ignored = standards("--ignore", "BZ-D2,BZ-D4-02")
    assert code == 0 and "BZ-D2" not in ignored and "BZ-D4" in ignored and ignored["BZ-D4"] == "met"
    code, selected = standards("--select", "BZ-D2-01")
    assert code == 1 and list(selected) == ["BZ-D2"]
    bad = run("check", "examples/lands-department.yaml", "--select", "BZ-D2-1")
    assert bad.code == 2 and "did you mean" in bad.stderr
    assert run("check", "examples/lands-department.yaml", "--profile", "belize").code == 2


WAIVER = (
    "\nwaivers:\n  - rule: BZ-D2-01\n    justification: Replies take 10 days during the land registry migration, agreed with customers.\n"
    '    approved_by: Chief Executive Officer, Ministry of Natural Resources\n    expires: "{expires}"\n'
)


def test_valid_waiver_marks_findings_waived_in_every_format(run, tmp_path):
    charter = tmp_path / "lands.yaml"
    charter.write_text(LANDS + WAIVER.format(expires="2026-03-31"))
    report = run("check", str(charter), "--as-of", AS_OF, "-f", "json", "--ignore", "BZ-D4").json()
    d2 = next(s for s in report["files"][0]["standards"] if s["id"] == "BZ-D2")
    assert d2["status"] == "waived" and d2["findings"][0]["waived"] and report["files"][0]["compliant"]
    assert d2["findings"][0]["waiver"]["expires"] == "2026-03-31"
    assert run("check", str(charter), "--as-of", AS_OF, "--ignore", "BZ-D4").code == 0
    table = run("check", str(charter), "--as-of", AS_OF, "--ignore", "BZ-D4").stdout
    assert "~ waived" in table and "waived until 2026-03-31" in table
    sarif = run("check", str(charter), "--as-of", AS_OF, "-f", "sarif", "--ignore", "BZ-D4").json()
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["status"] == "accepted"
    github = run("check", str(charter), "--as-of", AS_OF, "-f", "github", "--ignore", "BZ-D4").stdout
    assert github.startswith("::notice ") and "(waived)" in github
    junit = run("check", str(charter), "--as-of", AS_OF, "-f", "junit", "--ignore", "BZ-D4").stdout
    assert "waived:" in junit and "<failure" not in junit
    markdown = run("check", str(charter), "--as-of", AS_OF, "-f", "markdown", "--ignore", "BZ-D4").stdout
    assert "BZ-D2-01 (waived until 2026-03-31)" in markdown
    refused = run("check", str(charter), "--as-of", AS_OF, "--ignore", "BZ-D4", "--no-waivers", "-f", "json")
    assert refused.code == 1 and not refused.json()["files"][0]["compliant"]


def test_expired_incomplete_and_stale_waivers_are_findings(run, tmp_path):
    charter = tmp_path / "lands.yaml"
    charter.write_text(LANDS + WAIVER.format(expires="2025-06-30"))
    report = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    rules = {f["rule"]: f for s in report.json()["files"][0]["standards"] for f in s["findings"]}
    assert (
        "WVR-01" in rules and "expired on 2025-06-30" in rules["WVR-01"]["detail"] and not rules["BZ-D2-01"]["waived"]
    )
    charter.write_text(
        LANDS + WAIVER.format(expires="2026-03-31").replace("    justification: Replies take", "    x: Replies take")
    )
    report = run("check", str(charter), "--as-of", AS_OF, "-f", "json").json()
    rules = {f["rule"] for s in report["files"][0]["standards"] for f in s["findings"] if not f["waived"]}
    assert {"WVR-02", "BZ-D2-01"} <= rules
    charter.write_text(REGISTRY + WAIVER.format(expires="2026-03-31"))
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    stale = [f for s in result.json()["files"][0]["standards"] for f in s["findings"]]
    assert [(f["rule"], f["severity"]) for f in stale] == [("WVR-03", "warning")] and "stale" in stale[0]["detail"]
    assert result.code == 0
    assert run("check", str(charter), "--as-of", AS_OF, "--fail-on", "warning").code == 1


def test_configuration_file_and_overrides(run, tmp_path):
    (tmp_path / "charters").mkdir()
    (tmp_path / "charters/lands.yaml").write_text(LANDS)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.svcstd]\nprofile = "belize-2016"\nignore = ["BZ-D4"]\n[tool.svcstd.rules.BZ-D3-03]\nmax_age_days = 30\n'
    )
    report = run("check", "charters", "--as-of", AS_OF, "-f", "json", cwd=tmp_path).json()
    statuses = {s["id"]: s["status"] for s in report["files"][0]["standards"]}
    assert "BZ-D4" not in statuses and "ISO-7.1.1" not in statuses and statuses["BZ-D3"] == "not met"
    overridden = run("check", "charters", "--as-of", AS_OF, "-f", "json", "--profile", "all", cwd=tmp_path).json()
    assert "ISO-7.1.1" in {s["id"] for s in overridden["files"][0]["standards"]}
    effective = json.loads(run("config", cwd=tmp_path).stdout)
    assert effective["profile"] == "belize-2016" and effective["rules"] == {"BZ-D3-03": {"max_age_days": 30}}
    assert effective["source"].endswith("pyproject.toml")
    (tmp_path / "svcstd.toml").write_text('fail_on = "fatal"\n')
    bad = run("check", "charters", cwd=tmp_path)
    assert bad.code == 2 and "invalid configuration: key 'fail_on'" in bad.stderr
    (tmp_path / "svcstd.toml").write_text('fail-on = "error"\n')
    bad = run("config", cwd=tmp_path)
    assert bad.code == 2 and "unknown key 'fail-on'; did you mean 'fail_on'?" in bad.stderr
    (tmp_path / "svcstd.toml").write_text("[rules.BZ-D3-99]\nmax_age_days = 5\n")
    assert "unknown rule or standard 'BZ-D3-99'" in run("check", "charters", cwd=tmp_path).stderr


def test_pre_commit_hook_definition_runs_the_command(run):
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "svcstd")
    assert hook["language"] == "python" and hook["entry"].split()[0] == "svcstd"
    args = hook["entry"].split()[1:] + hook.get("args", [])
    assert run(*args, "examples/vital-statistics-registry.yaml", "--as-of", AS_OF).code == 0
