"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, Azure DevOps).

Rules carry their full help, source clause and a help URI; results carry
regions and a fingerprint that survives lines moving (rule + file + path),
so a finding keeps its identity between runs. Waived findings are results
with an accepted external suppression; input errors are tool notifications.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from svcstd import __version__
from svcstd.catalogue import Catalogue, Rule, basis_sentence
from svcstd.check.reporters import ReportSettings
from svcstd.check.reporters.json_report import dumps_at, dumps_line
from svcstd.explain import INFORMATION_URI, help_uri
from svcstd.files import relative_to_root
from svcstd.findings import FileResult, Finding
from svcstd.rule_ids import FORMAT_RULES
from svcstd.text import visible

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


ROOT_ID = "SRCROOT"
"""The uriBaseId of every artifact inside the root, as GitHub and Azure DevOps expect (paths relative to the checkout)."""
FULL_NAME = "svcstd public service charter checker"
AUTOMATION_ID = "svcstd/"
"""The run's category (GitHub code scanning keeps one set of alerts per category)."""


def _uri_text(path: str) -> str:
    return quote(os.fsencode(path).replace(b"\\", b"/"), safe="/")


class Locator:
    """Artifact locations relative to one root, so `./x.yaml`, `x.yaml` and `/abs/x.yaml` are one artifact."""

    def __init__(self, root: Path):
        self.root = root

    def location(self, path: str) -> dict[str, Any]:
        if path == "-":
            return {"uri": "stdin"}
        relative = relative_to_root(path, self.root)
        if relative is None:
            return {"uri": "file://" + _uri_text(os.path.abspath(path))}
        return {"uri": _uri_text(relative), "uriBaseId": ROOT_ID}

    def root_uri(self) -> str:
        return "file://" + _uri_text(str(self.root)).rstrip("/") + "/"


AZURE_PIPELINE = {
    "buildDefinitionId": "SYSTEM_DEFINITIONID",
    "buildDefinitionName": "BUILD_DEFINITIONNAME",
    "phaseId": "SYSTEM_PHASEID",
    "phaseName": "SYSTEM_PHASENAME",
}
"""automationDetails properties GitHub Advanced Security for Azure DevOps requires, from Azure Pipelines' variables."""


def automation_details() -> dict[str, Any]:
    """The run's category; inside Azure Pipelines (TF_BUILD), the pipeline identity GHAzDO asks for (rules 1019, 1020)."""
    env = os.environ
    if env.get("TF_BUILD", "").lower() != "true":
        return {"id": AUTOMATION_ID}
    organisation = env.get("SYSTEM_COLLECTIONURI", "").rstrip("/").rsplit("/", 1)[-1]
    parts = [
        organisation,
        env.get("SYSTEM_TEAMPROJECT", ""),
        env.get("SYSTEM_DEFINITIONID", ""),
        env.get("SYSTEM_PHASEID", ""),
        env.get("BUILD_SOURCEBRANCH", ""),
        env.get("BUILD_BUILDID", ""),
    ]
    properties = {
        f"azuredevops/pipeline/build/{name}": env.get(variable, "") for name, variable in AZURE_PIPELINE.items()
    }
    return {"id": "azuredevops/pipeline/build/" + "/".join(parts), "properties": properties}


def fingerprint(finding: Finding, uri: str) -> str:
    key = (
        f"{finding.rule_id}\0{uri}\0{finding.dotted_path}\0{finding.detail if finding.rule_id in FORMAT_RULES else ''}"
    )
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def rule_descriptor(rule: Rule, catalogue: Catalogue) -> dict[str, Any]:
    standard = catalogue.by_id[rule.standard_id]
    source = f"{catalogue.packs[standard.pack]}, {standard.clause}"
    basis = basis_sentence(rule)
    text = (
        f"{rule.message}\n\nWhy it matters: {rule.why}\n\nSource: {source}: {standard.requirement}\n\nBasis: {basis}"
        f"\n\nFix: {rule.fix}"
    )
    markdown = (
        f"**{rule.title}**\n\n{rule.message}\n\n**Why it matters.** {rule.why}\n\n**Source.** {source}:\n\n> {standard.requirement}"
        f"\n\n**Basis.** {basis}\n\n**Fix.** {rule.fix}\n\n**Example**\n\n```yaml\n{rule.example.rstrip()}\n```"
    )
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.title.replace("-", " ").split() if word.isalnum())
        or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.message},
        "help": {"text": text, "markdown": markdown},
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "error")},
        "properties": {
            "standard": standard.id,
            "clause": rule.clause,
            "source": catalogue.packs[standard.pack],
            "basis": rule.basis,
            "force": rule.force,
            "quote": rule.quote,
            "reading": rule.reading,
            "parameters": rule.params,
            "tags": list(dict.fromkeys([standard.pack, standard.id, rule.basis])),
        },
    }


LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def result(finding: Finding, rule_index: int, artifact: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL.get(finding.severity, "error"),
        "kind": "fail",
        "message": {
            "text": visible(f"{finding.message} ({finding.detail}) Source: {finding.cited}. Fix: {finding.fix}")
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                "logicalLocations": [{"fullyQualifiedName": visible(finding.dotted_path), "kind": "member"}],
            }
        ],
        "partialFingerprints": {"svcstdFinding/v1": fingerprint(finding, artifact["uri"])},
        "properties": {
            "standard": finding.standard_id,
            "status": finding.status.value,
            "clause": finding.clause,
            "basis": finding.basis,
            "force": finding.force,
            **({"reading": visible(finding.reading)} if finding.reading else {}),
        },
    }
    if finding.written_at is not None:  # reached through an alias: where the value itself is written
        line, column = finding.written_at
        item["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": line, "startColumn": column},
                },
                "message": {"text": "where this value is written, under the anchor the alias refers to"},
            }
        ]
    if finding.autofix is not None:
        change = finding.autofix
        item["fixes"] = [
            {
                "description": {"text": visible(change.description)},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact,
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": change.span.line,
                                    "startColumn": change.span.column,
                                    "endLine": change.span.end_line,
                                    "endColumn": change.span.end_column,
                                },
                                "insertedContent": {"text": change.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    if finding.waiver is not None:
        item["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{finding.waiver.justification} (approved by {finding.waiver.approved_by}, "
                f"expires {finding.waiver.expires})",
            }
        ]
    return item


class SarifReporter:
    """Streams one run: the tool and its rules first, results as charters are checked, notifications last."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink
        catalogue = settings.catalogue
        self.locator = Locator(settings.root())
        rules = list(catalogue.rules.values())
        self.index = {rule.id: position for position, rule in enumerate(rules)}
        self.notifications: list[dict[str, Any]] = []
        self.written = False
        """Whether a result was written: the next one follows a comma."""
        tool = {
            "driver": {
                "name": "svcstd",
                "fullName": FULL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule, catalogue) for rule in rules],
            }
        }
        bases = {ROOT_ID: {"uri": self.locator.root_uri()}}
        sink.write(
            f'{{\n  "$schema": "{SARIF_SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n      "tool": {dumps_at(tool, 3)},\n'
            f'      "automationDetails": {dumps_at(automation_details(), 3)},\n'
            f'      "originalUriBaseIds": {dumps_at(bases, 3)},\n'
            f'      "columnKind": "unicodeCodePoints",\n'
            f'      "properties": {dumps_at({"readings": [r.as_dict() for r in settings.readings]}, 3)},\n'
            f'      "results": ['
        )

    def add(self, file_result: FileResult) -> None:
        if file_result.error is not None:
            error = file_result.error
            location: dict[str, Any] = {"artifactLocation": self.locator.location(file_result.file)}
            if error.line is not None:
                location["region"] = {
                    "startLine": error.line,
                    **({"startColumn": error.column} if error.column else {}),
                }
            self.notifications.append(
                {
                    "level": "error",
                    "message": {"text": visible(f"{file_result.file}: {error.message}")},
                    "locations": [{"physicalLocation": location}],
                }
            )
            return
        artifact = self.locator.location(file_result.file)  # one charter, one artifact: located once
        for finding in file_result.findings:
            self.sink.write(
                ("," if self.written else "")
                + "\n        "
                + dumps_line(result(finding, self.index[finding.rule_id], artifact))
            )
            self.written = True

    def close(self) -> None:
        invocations = [
            {"executionSuccessful": not self.notifications, "toolExecutionNotifications": self.notifications}
        ]
        self.sink.write(
            ("\n      ]" if self.written else "]")
            + f',\n      "invocations": {dumps_at(invocations, 3)}\n    }}\n  ]\n}}\n'
        )
