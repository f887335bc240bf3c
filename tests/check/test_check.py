"""`svcstd check` as a department head runs it: dates, --fail-on, packs, folders, statistics, --quiet."""

from __future__ import annotations

import json

from conftest import AS_OF, EXAMPLES


def test_as_of_changes_date_verdicts(run):
    early = run("check", "examples/immigration-department.yaml", "--as-of", "2025-01-20", "-f", "json").json()
    website = next(s for s in early["files"][0]["standards"] if s["id"] == "BZ-D3")
    assert website["status"] == "met"
    late = run("check", "examples/vital-statistics-registry.yaml", "--as-of", "2027-01-01", "-f", "json")
    assert late.code == 1
    rules = {f["rule"] for s in late.json()["files"][0]["standards"] for f in s["findings"]}
    assert {"BZ-D3-03", "BZ-D7-03", "ISO-7.1.2-REVIEW-02"} <= rules


def test_fail_on_warning_counts_warnings(run, tmp_path):
    charter = tmp_path / "c.yaml"
    source = (run.__globals__["ROOT"] / "examples/vital-statistics-registry.yaml").read_text()
    charter.write_text(source.replace('last_survey: "2025-06-30"', 'last_survey: "2024-06-30"'))
    assert run("check", str(charter), "--as-of", AS_OF).code == 0
    assert run("check", str(charter), "--as-of", AS_OF, "--fail-on", "warning").code == 1
    assert run("check", str(charter), "--fail-on", "fatal").code == 2


def test_custom_standards_pack_is_validated_and_used(run, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: my-unit\ntitle: Our own standards\nsource: Unit service plan 2025\nstandards:\n"
        "  - id: MY-1\n    title: Languages\n    clause: plan section 3\n    requirement: We publish in English and French.\n"
        "    rules:\n      - id: MY-1-01\n        title: Charter in French\n        severity: error\n"
        "        basis: stated\n        quote: We publish in English and French.\n"
        "        message: The charter is not published in French.\n        why: Many visitors read French.\n"
        "        fix: Add fr to charter.languages.\n        example: 'charter: {languages: [en, fr]}'\n"
        "        schema: {required: [charter], properties: {charter: {required: [languages], properties: {languages: {contains: {const: fr}}}}}}\n"
    )
    report = run(
        "check", "examples/lands-department.yaml", "--standards", str(pack), "--as-of", AS_OF, "-f", "json"
    ).json()
    mine = next(s for s in report["files"][0]["standards"] if s["id"] == "MY-1")
    assert mine["status"] == "not met" and mine["findings"][0]["clause"] == "plan section 3"
    pack.write_text("pack: broken\ntitle: x\nsource: y\nstandards:\n  - id: X\n    title: t\n")
    result = run("check", "examples/lands-department.yaml", "--standards", str(pack))
    assert result.code == 2
    assert result.stderr.startswith(f"svcstd: error: {pack}:5: invalid standards pack")


def test_directory_glob_and_exclude(run):
    report = run("check", "examples", "--exclude", "small-unit.yaml", "--as-of", AS_OF, "-f", "json").json()
    assert [f["file"] for f in report["files"]] == [
        "examples/immigration-department.yaml",
        "examples/lands-department.yaml",
        "examples/vital-statistics-registry.yaml",
    ]
    report = run("check", "examples/l*.yaml", "--as-of", AS_OF, "-f", "json").json()
    assert [f["file"] for f in report["files"]] == ["examples/lands-department.yaml"]


def test_no_color_is_honoured(run):
    import os

    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    colored = run("check", "examples/lands-department.yaml", "--as-of", "2025-11-01", env=env).stdout
    assert "\x1b[31m" in colored or "\x1b[1;31m" in colored
    plain = run("check", "examples/lands-department.yaml", "--as-of", "2025-11-01", env={**env, "NO_COLOR": "1"}).stdout
    assert "\x1b[31m" not in plain and "\x1b[1;31m" not in plain and "✘ not met" in plain


def test_statistics_count_each_rules_open_findings_in_place_of_the_table(run, tmp_path):
    report = tmp_path / "report.json"
    result = run("check", str(EXAMPLES), "--statistics", "--as-of", AS_OF, "-f", "json", "-o", str(report))
    assert result.code == 1, result.stderr
    expected: dict[str, int] = {}
    for charter in json.loads(report.read_text(encoding="utf-8"))["files"]:
        for standard in charter["standards"]:
            for finding in standard["findings"]:
                if not finding["waived"]:
                    expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    lines = [line.split() for line in result.stdout.splitlines()]
    assert {words[1]: int(words[0]) for words in lines} == expected
    assert [int(words[0]) for words in lines] == sorted((int(words[0]) for words in lines), reverse=True)
    assert "BZ-D4-02" in result.stdout and "Reception is staffed throughout opening hours" in result.stdout
    assert "files checked" in result.stderr


def test_each_charter_of_a_run_over_several_ends_with_its_own_verdict(run):
    several = run(
        "check",
        str(EXAMPLES / "lands-department.yaml"),
        str(EXAMPLES / "vital-statistics-registry.yaml"),
        "--as-of",
        AS_OF,
    )
    lines = several.stdout.splitlines()
    assert f"{EXAMPLES / 'lands-department.yaml'}: not compliant; 6 open findings (BZ-D2, BZ-D4)" in lines
    assert f"{EXAMPLES / 'vital-statistics-registry.yaml'}: compliant; 0 open findings" in lines
    one = run("check", str(EXAMPLES / "lands-department.yaml"), "--as-of", AS_OF)
    assert ": not compliant; 6 open findings" not in one.stdout  # one charter: the run's summary says it


def test_quiet_prints_the_findings_only(run):
    charters = (str(EXAMPLES / "lands-department.yaml"), str(EXAMPLES / "vital-statistics-registry.yaml"))
    quiet = run("check", *charters, "--as-of", AS_OF, "--quiet")
    assert quiet.code == 1 and quiet.stderr == ""
    headers = [line for line in quiet.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(headers) == 6 and all(line.startswith("error BZ-D") for line in headers)
    assert "┃" not in quiet.stdout and "checked" not in quiet.stdout and "compliant" not in quiet.stdout
    full = run("check", *charters, "--as-of", AS_OF)
    assert all(line in full.stdout.splitlines() for line in quiet.stdout.splitlines() if line)  # the same findings


def test_a_missing_section_is_one_block_naming_what_it_needs_and_every_rule_stays_a_finding_in_json(run, tmp_path):
    report = tmp_path / "report.json"
    small = str(EXAMPLES / "small-unit.yaml")
    result = run("check", small, "--as-of", AS_OF, "-f", "table", "-f", "json", "-o", str(report))
    lines = result.stdout.splitlines()
    assert f"warning complaints is missing {small}:1:1" in lines
    block = "\n".join(lines[lines.index(f"warning complaints is missing {small}:1:1") :][:14])
    assert "17 rules read this section and are not evidenced: BZ-B-01, BZ-B-02" in block
    assert "the section needs: complaints.acknowledge_within_working_days" in block and "complaints.scope" in block
    assert "source: Appendix B (Guideline for Handling Customers Feedback)" in block
    assert not any(line.startswith("warning BZ-B-01 ") for line in lines)  # stated once, not once per rule
    findings = [
        f["rule"]
        for charter in json.loads(report.read_text(encoding="utf-8"))["files"]
        for standard in charter["standards"]
        for f in standard["findings"]
    ]
    assert {"BZ-B-01", "BZ-B-02", "ISO-7.3.2.5-01"} <= set(findings)  # machine formats keep one finding per rule
