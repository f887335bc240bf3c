"""How firmly the source asks, and which reading produced a verdict: basis, info severity and configurable thresholds.

Through the installed command: a practice never fails a run unless asked to,
an organisation's own thresholds are validated and echoed in every format,
and `explain` says plainly what the source says and how svcstd reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import AS_OF, EXAMPLES, ROOT
from svcstd.catalogue import load_catalogue

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()


def _charter(tmp_path: Path, text: str = REGISTRY) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _findings(report: dict) -> list[dict]:
    return [f for s in report["files"][0]["standards"] for f in s["findings"]]


def test_a_practice_is_info_and_fails_a_run_only_with_fail_on_info(run, tmp_path):
    charter = _charter(tmp_path, REGISTRY.replace("  follows_iso_10002: true\n", ""))
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    assert result.code == 0
    [finding] = _findings(result.json())
    assert (finding["rule"], finding["severity"], finding["basis"]) == ("ISO-7.2.3-04", "info", "practice")
    assert run("check", str(charter), "--as-of", AS_OF, "--fail-on", "info").code == 1
    assert "::notice file=" in run("check", str(charter), "--as-of", AS_OF, "-f", "github").stdout
    sarif = json.loads(run("check", str(charter), "--as-of", AS_OF, "-f", "sarif").stdout)
    [res] = sarif["runs"][0]["results"]
    assert res["level"] == "note" and res["properties"]["basis"] == "practice"
    table = run("check", str(charter), "--as-of", AS_OF).stdout
    assert "info ISO-7.2.3-04" in table and "a practice the source offers, not a requirement" in table


def test_an_organisation_sets_its_own_thresholds_and_every_format_says_so(run, tmp_path):
    charter = _charter(tmp_path)
    (tmp_path / "svcstd.toml").write_text("[rules.BZ-D7-01]\nmin_staff = 3\n")
    out = {
        fmt: tmp_path / name
        for fmt, name in (("json", "r.json"), ("sarif", "r.sarif"), ("junit", "r.xml"), ("markdown", "r.md"))
    }
    result = run(
        "check", str(charter), "--as-of", AS_OF, *(f"-f{f}:{p}" for f, p in out.items()), "-f", "table", cwd=tmp_path
    )
    assert result.code == 1  # the Certificates desk has 2 staff
    assert "Thresholds set by configuration: BZ-D7-01 min_staff = 3 (default 2)." in result.stdout
    assert 'svcstd\'s reading: svcstd reads "adequate number of staff" as at least 3 staff' in result.stdout
    report = json.loads(out["json"].read_text())
    reading = next(r for r in report["readings"] if r["rule"] == "BZ-D7-01")
    assert reading == {"rule": "BZ-D7-01", "parameter": "min_staff", "value": 3, "default": 2, "configured": True}
    [finding] = _findings(report)
    assert (
        finding["rule"] == "BZ-D7-01" and finding["basis"] == "threshold" and "at least 3 staff" in finding["reading"]
    )
    sarif = json.loads(out["sarif"].read_text())
    assert {"rule": "BZ-D7-01", "parameter": "min_staff", "value": 3, "default": 2, "configured": True} in sarif[
        "runs"
    ][0]["properties"]["readings"]
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "BZ-D7-01")
    assert rule["properties"]["basis"] == "threshold" and rule["properties"]["parameters"] == {"min_staff": 3}
    properties = {p.get("name"): p.get("value") for p in etree.parse(str(out["junit"])).iter("property")}
    assert properties["svcstd.reading.BZ-D7-01.min_staff"] == "3"
    assert properties["svcstd.reading.BZ-D3-03.max_age_days"] == "180 (default)"
    assert "BZ-D7-01 min\\_staff = 3 (default 2)" in out["markdown"].read_text()


@pytest.mark.parametrize(
    "setting,reason",
    [
        ("[rules.BZ-D2-01]\nmax_days = 3\n", "it has no threshold of svcstd's to set (basis: stated"),
        ("[rules.BZ-D7-01]\nmin_staff = 0\n", "0 is less than the minimum of 1"),
        ("[rules.BZ-D7-01]\nmin_staf = 3\n", "its thresholds are min_staff"),
        ('[rules.BZ-D8-01]\nsurvey_frequencies = ["weekly"]\n', "is not allowed"),
        ('[rules.BZ-D3-03]\nseverity = "fatal"\n', "'fatal' is not one of ['error', 'warning', 'info']"),
    ],
)
def test_settings_outside_a_rules_own_thresholds_are_refused_in_one_line(run, tmp_path, setting, reason):
    charter = _charter(tmp_path)
    (tmp_path / "svcstd.toml").write_text(setting)
    for command in (
        ["check", str(charter)],
        ["render", str(charter)],
        ["report", str(charter), "-o", str(tmp_path / "r")],
        ["explain", "BZ-D7-01"],
    ):
        result = run(*command, cwd=tmp_path)
        assert result.code == 2 and reason in result.stderr and "svcstd.toml: " in result.stderr, (
            command,
            result.stderr,
        )
        assert len(result.stderr.strip().splitlines()) == 1


def test_explain_says_what_the_source_says_and_how_svcstd_reads_it(run, tmp_path):
    stated = run("explain", "BZ-D2-01").stdout
    assert (
        "basis: stated" in stated and 'The source states this requirement itself: "All mailed correspondences' in stated
    )
    (tmp_path / "svcstd.toml").write_text("[rules.BZ-D3-03]\nmax_age_days = 90\n")
    threshold = " ".join(run("explain", "BZ-D3-03", cwd=tmp_path).stdout.split())
    assert 'The source says "Online presence via a website' in threshold
    assert 'svcstd reads "up-to-date" as content reviewed within the last 90 days.' in threshold
    assert (
        "set max_age_days (svcstd's default 180, set to 90 by configuration) under [rules.BZ-D3-03] in svcstd.toml"
        in threshold
    )
    practice = " ".join(run("explain", "ISO-7.2.3-01").stdout.split())
    assert "basis: practice" in practice and "fails a run only with --fail-on info" in practice
    standard = run("explain", "BZ-D3").stdout
    assert "not checked" in standard and "user-friendly and easy to navigate" in standard


def test_a_pack_rule_must_say_its_basis_and_a_checks_params_are_validated(run, tmp_path):
    head = (
        "pack: mine\ntitle: Mine\nsource: Our plan\nstandards:\n  - id: MY-1\n    title: T\n    clause: s1\n"
        "    requirement: We do it.\n    rules:\n      - id: MY-1-01\n        title: T\n        severity: error\n"
    )
    tail = "        message: m\n        why: w\n        fix: f\n        example: 'a: 1'\n"
    pack = tmp_path / "pack.yaml"
    pack.write_text(head + tail + "        schema: {required: [website]}\n")
    result = run("check", str(EXAMPLES / "small-unit.yaml"), "--standards", str(pack))
    assert result.code == 2 and "'basis' is a required property" in result.stderr
    basis = "        basis: stated\n        quote: We do it.\n"
    pack.write_text(head + basis + tail + "        check: date_within\n")
    result = run("check", str(EXAMPLES / "small-unit.yaml"), "--standards", str(pack))
    assert result.code == 2 and "params of check date_within: 'path' is a required property" in result.stderr, (
        result.stderr
    )
    pack.write_text(head + basis + tail + "        schema: {properties: {x: {maximum: {$param: top}}}}\n")
    result = run("check", str(EXAMPLES / "small-unit.yaml"), "--standards", str(pack))
    assert result.code == 2 and "$param 'top', which its params do not give" in result.stderr
    pack.write_text(head + "        basis: format\n" + tail)
    result = run("check", str(EXAMPLES / "small-unit.yaml"), "--standards", str(pack))
    assert result.code == 2 and "basis 'format', which only svcstd's own format pack may use" in result.stderr, (
        result.stderr
    )
    pack.write_text(head + "        basis: stated\n" + tail + "        schema: {required: [website]}\n")
    result = run("check", str(EXAMPLES / "small-unit.yaml"), "--standards", str(pack))
    assert result.code == 2 and "'quote' is a required property" in result.stderr, result.stderr


def test_complaints_acknowledged_slower_than_correspondence_are_not_met(run, tmp_path):
    charter = _charter(
        tmp_path, REGISTRY.replace("acknowledge_within_working_days: 2", "acknowledge_within_working_days: 8")
    )
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    [finding] = _findings(result.json())  # the registry takes complaints by post and email: correspondence
    assert (finding["rule"], finding["status"], finding["clause"]) == ("BZ-B-09", "not met", "Appendix D, item 2")
    assert (finding["basis"], finding["force"], finding["severity"], finding["reading"]) == (
        "stated",
        "must",
        "error",
        None,
    )
    at_five = run(
        "check",
        str(
            _charter(
                tmp_path, REGISTRY.replace("acknowledge_within_working_days: 2", "acknowledge_within_working_days: 5")
            )
        ),
        "--as-of",
        AS_OF,
        "-f",
        "json",
    )
    assert _findings(at_five.json()) == []
    (tmp_path / "svcstd.toml").write_text("[rules.BZ-B-09]\nmax_working_days = 10\n")
    refused = run("check", str(charter), "--as-of", AS_OF, cwd=tmp_path)
    assert refused.code == 2 and "BZ-B-09" in refused.stderr  # the policy's own 5 days: nothing to configure


def test_complaints_taken_only_in_person_are_acknowledged_within_svcstds_threshold(run, tmp_path):
    spoken = REGISTRY.replace(
        "  channels: [in_person, telephone, email, post, online]", "  channels: [in_person, telephone]"
    )
    assert spoken != REGISTRY
    for days, expected in ((5, []), (6, [("BZ-B-13", "warning", "threshold")])):
        text = spoken.replace("acknowledge_within_working_days: 2", f"acknowledge_within_working_days: {days}")
        report = run("check", str(_charter(tmp_path, text)), "--as-of", AS_OF, "-f", "json").json()
        assert [(f["rule"], f["severity"], f["basis"]) for f in _findings(report)] == expected, days


def test_a_long_promise_is_flagged_as_not_plain_language(run, tmp_path):
    long = (
        "We will, subject to the availability of the registers and to the verification of every document that you submit "
        "to us, issue your certificate within three working days of the date on which the application is received."
    )
    largo = (
        "Sujeto a la disponibilidad de los registros y a la verificación de todos los documentos que usted nos "
        "presente, expediremos su certificado dentro de los tres días hábiles siguientes a la fecha de su solicitud."
    )
    charter = _charter(
        tmp_path,
        REGISTRY.replace("en: We issue your certificate within 3 working days.", f"en: {long}").replace(
            "es: Expedimos su certificado en un plazo de 5 días hábiles.", f"es: {largo}"
        ),
    )
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    assert result.code == 0  # a warning: sentence length is a sign, not proof
    findings = _findings(result.json())
    # each language's version of a promise is read: the English of one service, the Spanish of another
    assert [(f["rule"], f["severity"], f["path"]) for f in findings] == [
        ("ISO-7.3.2.3-01", "warning", "services[1].standard.promise.en"),
        ("ISO-7.3.2.3-01", "warning", "services[2].standard.promise.es"),
    ]
    assert all("(svcstd's limit: 25)" in f["detail"] for f in findings)
    assert "37 words" in findings[0]["detail"] and "35 words" in findings[1]["detail"]


def test_the_readings_page_lists_every_threshold_with_its_default():
    section = (ROOT / "docs" / "readings.md").read_text(encoding="utf-8")
    for rule in load_catalogue().rules.values():
        for name in rule.thresholds:
            value = rule.params[name]
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            assert f"| {rule.id} | `{name}` | {shown} |" in section, (rule.id, name)
