"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, Azure DevOps).

Rules carry their full help, source clause and a help URI; results carry
regions and a fingerprint that survives lines moving (rule + file + path),
so a finding keeps its identity between runs. Waived findings are results
with an accepted external suppression; input errors are tool notifications.
"""

from __future__ import annotations

import hashlib
from typing import Any, TextIO
from urllib.parse import quote

from svcstd import __version__
from svcstd.catalogue import Catalogue, Rule
from svcstd.findings import FileResult, Finding
from svcstd.reporters.json_report import dumps_at, dumps_line

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/svcstd/svcstd"
RULES_HELP_URI = INFORMATION_URI + "/blob/main/docs/rules.md"


def artifact_uri(path: str) -> str:
    return "stdin" if path == "-" else quote(path.replace("\\", "/").removeprefix("./"), safe="/:")


def fingerprint(finding: Finding) -> str:
    key = f"{finding.rule_id}\0{finding.file}\0{finding.dotted_path}\0{finding.detail if finding.rule_id.startswith('FMT') else ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def rule_descriptor(rule: Rule, catalogue: Catalogue) -> dict[str, Any]:
    standard = catalogue.by_id[rule.standard_id]
    source = f"{catalogue.packs[standard.pack]}, {standard.clause}"
    text = f"{rule.message}\n\nWhy it matters: {rule.why}\n\nSource: {source}: {standard.requirement}\n\nFix: {rule.fix}"
    markdown = (f"**{rule.title}**\n\n{rule.message}\n\n**Why it matters.** {rule.why}\n\n**Source.** {source}:\n\n> {standard.requirement}"
                f"\n\n**Fix.** {rule.fix}\n\n**Example**\n\n```yaml\n{rule.example.rstrip()}\n```")
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.title.replace("-", " ").split() if word.isalnum()) or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.message},
        "help": {"text": text, "markdown": markdown},
        "helpUri": f"{RULES_HELP_URI}#{rule.id.lower().replace('.', '')}",
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"standard": standard.id, "clause": standard.clause, "source": catalogue.packs[standard.pack],
                       "tags": [standard.pack, standard.id]},
    }


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": finding.severity,
        "kind": "fail",
        "message": {"text": f"{finding.message} ({finding.detail}) Source: {finding.clause}. Fix: {finding.fix}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(finding.file)},
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }, "logicalLocations": [{"fullyQualifiedName": finding.dotted_path, "kind": "member"}]}],
        "partialFingerprints": {"svcstdFinding/v1": fingerprint(finding)},
        "properties": {"standard": finding.standard_id, "status": finding.status.value, "clause": finding.clause},
    }
    if finding.waiver is not None:
        item["suppressions"] = [{"kind": "external", "status": "accepted",
                                 "justification": f"{finding.waiver.justification} (approved by {finding.waiver.approved_by}, "
                                                  f"expires {finding.waiver.expires})"}]
    return item


class SarifReporter:
    """Streams one run: the tool and its rules first, results as charters are checked, notifications last."""

    def __init__(self, sink: TextIO, catalogue: Catalogue):
        self.sink = sink
        rules = list(catalogue.rules.values())
        self.index = {rule.id: position for position, rule in enumerate(rules)}
        self.notifications: list[dict[str, Any]] = []
        self.results = 0
        tool = {"driver": {"name": "svcstd", "version": __version__, "semanticVersion": __version__,
                           "informationUri": INFORMATION_URI, "rules": [rule_descriptor(rule, catalogue) for rule in rules]}}
        sink.write(f'{{\n  "$schema": "{SARIF_SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n      "tool": {dumps_at(tool, 3)},\n'
                   f'      "columnKind": "unicodeCodePoints",\n      "results": [')

    def add(self, file_result: FileResult) -> None:
        if file_result.error is not None:
            error = file_result.error
            location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file_result.file)}}
            if error.line is not None:
                location["region"] = {"startLine": error.line, **({"startColumn": error.column} if error.column else {})}
            self.notifications.append({"level": "error", "message": {"text": f"{file_result.file}: {error.message}"},
                                       "locations": [{"physicalLocation": location}]})
            return
        for finding in file_result.findings:
            self.sink.write(("," if self.results else "") + "\n        " + dumps_line(result(finding, self.index[finding.rule_id])))
            self.results += 1

    def close(self) -> None:
        invocations = [{"executionSuccessful": not self.notifications, "toolExecutionNotifications": self.notifications}]
        self.sink.write(("\n      ]" if self.results else "]") + f',\n      "invocations": {dumps_at(invocations, 3)}\n    }}\n  ]\n}}\n')
