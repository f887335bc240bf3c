"""The CI gate's outputs, read back by their real consumers: where each format goes, what it holds, what it never replaces.

Every produced file is parsed by the tool a pipeline would use on it: the
official SARIF schema and the SARIF Multitool's GitHub and Azure DevOps rule
sets, the Jenkins xunit JUnit schema (lxml) and junitparser, markdown-it-py
for job summaries, the workflow-command syntax for annotations."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import threading
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from junitparser import Failure, JUnitXml

from conftest import AS_OF, EXAMPLES, LANDS_REPLY_LINE, ROOT
from consumers import annotations, markdown, valid_junit, valid_sarif
from made_in_process import LANDS, SARIF_SCHEMA

CODE_CLIMATE_CATEGORIES = {
    "Bug Risk", "Clarity", "Compatibility", "Complexity", "Duplication", "Performance", "Security", "Style"
}  # fmt: skip
"""The categories the Code Climate engine specification (SPEC.md) allows; GitLab Code Quality reads that format."""


REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()


AZURE_ENV = {
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/ministry/",
    "SYSTEM_TEAMPROJECT": "charters",
    "SYSTEM_DEFINITIONID": "7",
    "BUILD_DEFINITIONNAME": "charters-ci",
    "SYSTEM_PHASEID": "3a3a2a60-14c7-570b-14a4-fa42ad92f52a",
    "SYSTEM_PHASENAME": "check",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "42",
}


def _svcstd_commands(document) -> list[str]:
    found = []
    if isinstance(document, dict):
        for value in document.values():
            found += _svcstd_commands(value)
    elif isinstance(document, list):
        for value in document:
            found += _svcstd_commands(value)
    elif isinstance(document, str):
        found += [line.strip() for line in document.splitlines() if line.strip().startswith("svcstd ")]
    return found


def test_github_actions_example_produces_what_each_step_reads(run, repo):
    workflow = yaml.safe_load((ROOT / "docs/github-actions.yml").read_text())
    steps = workflow["jobs"]["svcstd"]["steps"]
    commands = _svcstd_commands(steps)
    assert len(commands) == 1
    result = run(*shlex.split(commands[0])[1:], "--as-of", AS_OF, cwd=repo)
    assert result.code == 1, result.stderr
    # the log gets annotations, one per finding, on the charters' lines
    found = annotations(result.stdout)
    assert found[[f[1] for f in found].index("charters/lands-department.yaml")][:4] == (
        "error",
        "charters/lands-department.yaml",
        str(LANDS_REPLY_LINE),
        "30",
    )
    # the upload step reads the SARIF file named in its `with`
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    sarif = valid_sarif(repo / upload["with"]["sarif_file"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "charters/lands-department.yaml" in uris
    # the summary step appends summary.md: a Markdown table with a row per charter
    summary_step = next(step for step in steps if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    summary = repo / shlex.split(summary_step["run"])[1]
    tokens = markdown().parse(summary.read_text(encoding="utf-8"))
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "charters/lands-department.yaml" in cells and "charters/vital-statistics-registry.yaml" in cells
    assert not [t for t in tokens if t.type == "inline" and any(c.type == "link_open" for c in t.children or [])]
    assert "stderr" not in summary.read_text() and result.stderr.strip().startswith("svcstd: 4 files checked")


def test_gitlab_example_produces_its_reports(run, repo):
    pipeline = yaml.safe_load((ROOT / "docs/gitlab-ci.yml").read_text())
    job = pipeline["svcstd"]
    commands = _svcstd_commands(job["script"])
    assert len(commands) == 1
    result = run(*shlex.split(commands[0])[1:], "--as-of", AS_OF, cwd=repo)
    assert result.code == 1, result.stderr
    assert "4 files checked" in result.stdout  # the table in the job log
    reports = job["artifacts"]["reports"]
    junit = repo / reports["junit"]
    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(junit))}
    cases = list(suites["charters/lands-department.yaml"])
    assert all(
        case._elem.get("file") == "charters/lands-department.yaml" for case in cases
    )  # GitLab links failures to files
    quality = json.loads((repo / reports["codequality"]).read_text(encoding="utf-8"))
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(quality[0])
    reply = next(issue for issue in quality if issue["check_name"] == "BZ-D2-01")
    assert (
        reply["location"] == {"path": "charters/lands-department.yaml", "lines": {"begin": LANDS_REPLY_LINE}}
        and reply["severity"] == "major"
    )
    assert len({issue["fingerprint"] for issue in quality}) == len(quality)
    assert all(set(issue["categories"]) <= CODE_CLIMATE_CATEGORIES for issue in quality)


def test_output_binds_to_the_format_before_it(run, tmp_path):
    sarif, summary = tmp_path / "svcstd.sarif", tmp_path / "summary.md"
    result = run(
        "check",
        "examples/lands-department.yaml",
        "--as-of",
        AS_OF,
        "-f",
        "github",
        "-f",
        "sarif",
        "-o",
        str(sarif),
        "-f",
        "markdown",
        "-o",
        str(summary),
    )
    assert result.code == 1
    assert annotations(result.stdout)[0][0] == "error"
    assert valid_sarif(sarif)["runs"][0]["results"]
    assert summary.read_text().startswith("# svcstd charter check")
    colon = run(
        "check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", f"junit:{tmp_path / 'j.xml'}", "-f", "json"
    )
    assert colon.code == 1 and colon.json()["files"][0]["file"] == "examples/lands-department.yaml"
    assert valid_junit(tmp_path / "j.xml")


@pytest.mark.parametrize(
    "options,message",
    [
        (["-o", "x.json"], "comes before any --format"),
        (["-f", "junit", "-o", "x.sarif"], "looks like sarif by its extension, but its --format is junit"),
        (["-f", "sarif", "-o", "x.md"], "looks like markdown"),
        (["-f", "markdown:x.xml"], "looks like junit"),
        (["-f", "json", "-o", "a.json", "-o", "b.json"], "already writes to a.json"),
        (["-f", "json", "-f", "sarif"], "would all go to standard output"),
        (["-f", "json:a.json", "-f", "gitlab:a.json"], "already writes to that file"),
        (["-f", "xml"], "is not one of"),
        (["-f", "json:"], "names no file"),
    ],
)
def test_misrouted_outputs_are_usage_errors_before_anything_is_written(run, tmp_path, options, message):
    result = run("check", str(EXAMPLES / "lands-department.yaml"), *options, cwd=tmp_path)
    assert result.code == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_devices_fifos_and_symlinks_are_written_through_not_replaced(run, tmp_path):
    null = run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", "json:/dev/null")
    assert null.code == 1 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    target = tmp_path / "reports/real.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", f"json:{link}").code == 1
    assert link.is_symlink() and json.loads(target.read_text())["files"][0]["compliant"] is False
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", f"sarif:{fifo}").code == 1
    reader.join(30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(received[0])["version"] == "2.1.0"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    refused = run("check", "examples/lands-department.yaml", "-f", f"json:{folder}")
    assert refused.code == 2 and "is a directory" in refused.stderr


def test_measure_and_report_write_through_devices_and_refuse_their_inputs(run, tmp_path):
    log = tmp_path / "replies.csv"
    shutil.copy(EXAMPLES / "logs/lands-department.correspondence.csv", log)
    before = log.read_bytes()
    refused = run(
        "measure", "examples/lands-department.yaml", "--correspondence", str(log), "-f", "json", "-o", str(log)
    )
    assert refused.code == 2 and "one of the inputs" in refused.stderr and log.read_bytes() == before
    measured = run(
        "measure",
        "examples/lands-department.yaml",
        "--correspondence",
        str(log),
        "--period",
        "2025",
        "-f",
        "json",
        "-o",
        "/dev/null",
        "--as-of",
        "2026-01-15",
    )
    assert measured.code in (0, 1) and stat.S_ISCHR(os.stat("/dev/null").st_mode), measured.stderr
    site = tmp_path / "site"
    site.mkdir()
    (site / "portfolio.md").symlink_to("/dev/null")
    first = run("report", "examples", "-o", str(site), "--as-of", AS_OF)
    assert first.code == 2 and "not a page svcstd wrote" in first.stderr
    forced = run("report", "examples", "-o", str(site), "--as-of", AS_OF, "--force")
    # a link inside an output folder is replaced by the page, never written through (docs/check.md)
    assert forced.code == 0 and not (site / "portfolio.md").is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert (site / "portfolio.md").read_text().startswith("#")
    assert json.loads((site / "portfolio.json").read_text())["portfolio_version"] == 1


def test_sarif_inside_azure_pipelines_meets_every_ghazdo_rule(run, tmp_path):
    out = tmp_path / "ado.sarif"
    env = {**os.environ, **AZURE_ENV}
    assert run("check", "examples", "--as-of", AS_OF, "-f", f"sarif:{out}", env=env).code == 1
    details = valid_sarif(out, azure=True)["runs"][0]["automationDetails"]
    assert (
        details["id"]
        == "azuredevops/pipeline/build/ministry/charters/7/3a3a2a60-14c7-570b-14a4-fa42ad92f52a/refs/heads/main/42"
    )


def test_output_that_is_an_input_is_refused(run, tmp_path):
    charter = tmp_path / "c.sarif"
    charter.write_text(REGISTRY)
    result = run("check", str(charter), "-f", "sarif", "-o", str(charter))
    assert result.code == 2 and "never overwritten" in result.stderr and charter.read_text() == REGISTRY


def test_input_errors_and_summary_reach_stderr_when_every_format_goes_to_files(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n")
    result = run(
        "check",
        str(bad),
        "examples/lands-department.yaml",
        "--as-of",
        AS_OF,
        "-f",
        f"json:{tmp_path / 'r.json'}",
        "-f",
        f"sarif:{tmp_path / 'r.sarif'}",
    )
    assert result.code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"svcstd: error: {bad}:2:") and "YAML syntax error" in lines[0]
    assert (
        lines[-1]
        == "svcstd: 2 files checked: 0 compliant, 1 not compliant, 1 could not be read; 6 open findings (exit 2)"
    )


POISON = {
    "review cycle of 95,696 months": ("review_cycle_months: 12", "review_cycle_months: 95696"),
    "last reviewed in year 9999": ('    last_reviewed: "2025-05-15"', '    last_reviewed: "9999-06-01"'),
    "website updated in year 1": ('last_updated: "2025-10-20"', 'last_updated: "0001-01-01"'),
}


@pytest.mark.parametrize("name", sorted(POISON))
def test_values_at_the_calendar_edges_are_findings_never_internal_errors(run, tmp_path, name):
    old, new = POISON[name]
    assert old in REGISTRY
    poisoned = tmp_path / "poisoned.yaml"
    poisoned.write_text(REGISTRY.replace(old, new))
    for fmt in ("json", "sarif", "junit", "markdown", "github", "gitlab", "table"):
        result = run("check", str(poisoned), "examples/lands-department.yaml", "--as-of", AS_OF, "-f", fmt)
        assert result.code == 1, (fmt, result.stderr)
        assert "internal error" not in result.stderr
    assert run("render", str(poisoned), "--as-of", AS_OF).code == 0
    report = run(
        "report", str(poisoned), "examples/lands-department.yaml", "-o", str(tmp_path / "site"), "--as-of", AS_OF
    )
    assert report.code == 0, report.stderr


def test_every_format_follows_fail_on(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY.replace('last_survey: "2025-06-30"', 'last_survey: "2024-06-30"'))  # a warning only
    for fail_on, code, compliant in (("error", 0, True), ("warning", 1, False)):
        files = {
            fmt: tmp_path / f"{fail_on}.{ext}" for fmt, ext in (("json", "json"), ("junit", "xml"), ("markdown", "md"))
        }
        result = run(
            "check",
            str(charter),
            "--as-of",
            AS_OF,
            "--fail-on",
            fail_on,
            "-f",
            "table",
            *(f"-f{fmt}:{path}" for fmt, path in files.items()),
        )
        assert result.code == code
        assert ("1 compliant" in result.stdout) is compliant and ("1 non-compliant" in result.stdout) is not compliant
        report = json.loads(files["json"].read_text())
        assert report["files"][0]["compliant"] is compliant and report["fail_on"] == fail_on
        suites = valid_junit(files["junit"])
        failures = [r for suite in suites for case in suite for r in case.result if isinstance(r, Failure)]
        assert (failures == []) is compliant
        assert ("✅ compliant" in files["markdown"].read_text()) is compliant


def test_sarif_uris_are_relative_to_the_repository_and_stable_however_the_path_is_spelt(run, repo, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text(LANDS)
    try:
        results = {}
        for spelling in (
            "charters/lands-department.yaml",
            "./charters/lands-department.yaml",
            str(repo / "charters/lands-department.yaml"),
        ):
            out = repo / "out.sarif"
            assert run("check", spelling, str(outside), "--as-of", AS_OF, "-f", f"sarif:{out}", cwd=repo).code == 1
            results[spelling] = valid_sarif(out)["runs"][0]
        locations = {
            spelling: [
                (r["locations"][0]["physicalLocation"]["artifactLocation"], r["partialFingerprints"])
                for r in run_["results"]
            ]
            for spelling, run_ in results.items()
        }
        assert len({json.dumps(value) for value in locations.values()}) == 1
        first = next(iter(results.values()))
        artifacts = [loc for loc, _ in next(iter(locations.values()))]
        assert {"uri": "charters/lands-department.yaml", "uriBaseId": "SRCROOT"} in artifacts
        assert {"uri": outside.as_uri()} in artifacts
        assert first["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.as_uri() + "/"
        assert first["automationDetails"]["id"] and first["tool"]["driver"]["fullName"]
        sub = repo / "charters"
        nested = run("check", "lands-department.yaml", "--as-of", AS_OF, "-f", "sarif", cwd=sub).json()
        assert (
            nested["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "charters/lands-department.yaml"
        )
        rooted = run(
            "check", "lands-department.yaml", "--as-of", AS_OF, "-f", "sarif", "--sarif-root", str(sub), cwd=sub
        ).json()
        assert (
            rooted["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "lands-department.yaml"
        )
    finally:
        outside.unlink()


def test_junit_is_valid_against_the_jenkins_xunit_schema_and_gitlab_gets_its_file_attribute(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n")
    plain, gitlab = tmp_path / "plain.xml", tmp_path / "gitlab.xml"
    run("check", "examples", str(bad), "--as-of", AS_OF, "-f", f"junit:{plain}")
    suites = valid_junit(plain)
    assert all(case._elem.get("time") == "0" and case._elem.get("file") is None for suite in suites for case in suite)
    skipped = [case for suite in suites for case in suite if case._elem.find("skipped") is not None]
    assert skipped and all(case._elem.find("skipped").text.startswith("missing from source") for case in skipped)
    assert suites._elem.get("time") == "0" and suites._elem.get("skipped") is None
    run("check", "examples", "--as-of", AS_OF, "-f", f"junit:{gitlab}", "--junit-file-attribute")
    cases = [case for suite in JUnitXml.fromfile(str(gitlab)) for case in suite]
    assert cases and all(case._elem.get("file") == case.classname for case in cases)


@pytest.mark.parametrize(
    "name",
    [
        "a<b>.yaml",
        "tick`s`.yaml",
        "back\\slash.yaml",
        "pipe|d.yaml",
        "[link](https:evil.example).yaml",
        "x@evil.example.yaml",
        "*star*_under_.yaml",
    ],
)
def test_markdown_summary_shows_file_names_as_written(run, tmp_path, name):
    charter = tmp_path / name
    charter.write_text(LANDS)
    text = run("check", name, "--as-of", AS_OF, "-f", "markdown", cwd=tmp_path).stdout
    tokens = markdown().parse(text)
    row = [t for t in tokens if t.type == "inline"]
    assert name in [t.content for t in row] or name in [("".join(c.content for c in t.children or [])) for t in row]
    rendered = markdown().render(text)
    assert "<a " not in rendered and "<em>" not in rendered and "<code>" not in rendered
    heading = [
        ("".join(c.content for c in t.children or []))
        for i, t in enumerate(tokens[1:], 1)
        if tokens[i - 1].type == "heading_open"
    ]
    assert name in heading


def test_a_terminal_that_cannot_encode_symbols_degrades_them(run):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    env.pop("COLUMNS", None)
    table = run("check", "examples/lands-department.yaml", "--as-of", AS_OF, env=env)
    assert table.code == 1 and "internal error" not in table.stderr and "? not met" in table.stdout
    report = run("check", "examples/immigration-department.yaml", "--as-of", AS_OF, "-f", "json", env=env)
    assert (report.code == 1 and "Elena Requeña" in json.dumps(report.json(), ensure_ascii=False)) or report.json()


def test_table_fits_a_60_column_terminal(run):
    env = {**os.environ, "COLUMNS": "60"}
    result = run("check", "examples/lands-department.yaml", "--as-of", AS_OF, env=env)
    assert result.code == 1
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert (
        "BZ-D2 ✘ not met (1)" in result.stdout
        and "fix: Set correspondence.reply_within_working_days to" in result.stdout
    )


def test_jobs_all_and_tool_table_in_svcstd_toml(run, tmp_path):
    assert run("check", "examples", "--as-of", AS_OF, "--jobs", "all").code == 1
    bad = run("check", "examples", "--jobs", "many")
    assert bad.code == 2 and "--jobs" in bad.stderr
    (tmp_path / "svcstd.toml").write_text('[tool.svcstd]\nignore = ["BZ-D2", "BZ-D4"]\n')
    (tmp_path / "c.yaml").write_text(LANDS)
    assert run("check", "c.yaml", "--as-of", AS_OF, cwd=tmp_path).code == 0
    assert json.loads(run("config", cwd=tmp_path).stdout)["ignore"] == ["BZ-D2", "BZ-D4"]


BAD_FILES = {
    "syntax": b"a: [\n",
    "binary": b"\x00\x01\x02",
    "duplicate": b"format_version: 1\norganisation:\n  name: A\n  name: B\n",
    **{name: REGISTRY.replace(old, new).encode() for name, (old, new) in POISON.items()},
    "controls": REGISTRY.replace("Vital Statistics Unit", "Vital \x1b]0;pwned\x07 \x1b[2J Unit").encode(),
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(min_value=2, max_value=6),
    position=st.integers(min_value=0, max_value=5),
    poison=st.sampled_from(sorted(BAD_FILES)),
)
def test_one_poisoned_file_among_many_leaves_every_output_well_formed(run, tmp_path_factory, count, position, poison):
    folder = tmp_path_factory.mktemp("many")
    position = min(position, count - 1)
    for index in range(count):
        path = folder / f"c{index}.yaml"
        path.write_bytes(BAD_FILES[poison] if index == position else REGISTRY.encode())
    out = tmp_path_factory.mktemp("out")
    files = {
        "json": out / "r.json",
        "sarif": out / "r.sarif",
        "junit": out / "r.xml",
        "markdown": out / "r.md",
        "gitlab": out / "gl.json",
        "github": out / "annotations.txt",
    }
    result = run("check", str(folder), "--as-of", AS_OF, *(f"-f{fmt}:{path}" for fmt, path in files.items()))
    assert result.code in (1, 2), result.stderr
    assert "internal error" not in result.stderr and "\x1b" not in result.stderr
    report = json.loads(files["json"].read_text(), parse_constant=lambda name: pytest.fail(f"non-JSON constant {name}"))
    assert [Path(f["file"]).name for f in report["files"]] == [f"c{i}.yaml" for i in range(count)]
    assert sum(f["compliant"] for f in report["files"]) == count - 1  # every good charter was still judged
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(json.loads(files["sarif"].read_text()))
    assert len(list(valid_junit(files["junit"]))) == count
    assert markdown().parse(files["markdown"].read_text())
    assert isinstance(json.loads(files["gitlab"].read_text()), list)
    annotations(files["github"].read_text())
    for path in files.values():
        assert "\x1b" not in path.read_text()
