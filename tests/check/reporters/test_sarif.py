"""SARIF 2.1.0 (`check -f sarif`): levels, suppressions, notifications, rule descriptors, locations and fixes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from made_in_process import (
    CATALOGUE,
    ERROR,
    INFO,
    UNREADABLE,
    WAIVED,
    WARNING,
    catalogue_finding,
    catalogue_result,
    dumped,
    finding,
    report,
    result,
    results,
    snapshot,
    written_by,
)
from svcstd.check.reporters.sarif import automation_details, rule_descriptor
from svcstd.check.reporters.sarif import result as sarif_result
from svcstd.findings import Edit, Span


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


def test_sarif_is_laid_out_as_two_space_json_with_or_without_results(tmp_path, monkeypatch):
    monkeypatch.setenv("TF_BUILD", "True")
    monkeypatch.setenv("SYSTEM_COLLECTIONURI", "https://dev.azure.com/OrgX/")
    root = tmp_path / "rootX"
    root.mkdir()
    readings = CATALOGUE.readings({})
    full = written_by(
        "sarif",
        catalogue_result(catalogue_finding("BZ-D1-01", 3), catalogue_finding("BZ-D2-01", 4)),
        sarif_root=str(root),
        readings=readings,
    )
    empty = written_by("sarif", sarif_root=str(root), readings=readings)
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


def test_sarif_carries_the_fix_and_the_place_an_alias_refers_to():
    edit = Edit(Span(10, 13, 2, 3, 2, 6, "ulr", True), "url", ("website", "ulr"), True, "website.ulr: rename to url")
    fixed = replace(finding("FMT-01", "error"), autofix=edit, written_at=(7, 9))
    artifact = {"uri": "c.yaml", "uriBaseId": "SRCROOT"}
    item = sarif_result(fixed, 0, artifact)
    assert item["fixes"] == [
        {
            "description": {"text": "website.ulr: rename to url"},
            "artifactChanges": [
                {
                    "artifactLocation": artifact,
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 6},
                            "insertedContent": {"text": "url"},
                        }
                    ],
                }
            ],
        }
    ]
    assert item["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": artifact, "region": {"startLine": 7, "startColumn": 9}},
            "message": {"text": "where this value is written, under the anchor the alias refers to"},
        }
    ]
    plain = sarif_result(finding("FMT-01", "error"), 0, artifact)
    assert "fixes" not in plain and "relatedLocations" not in plain
