"""`--format json`: the documented, versioned machine format (schemas/report.schema.json).

Each charter's entry is one line of the "files" list, so a report of
thousands of charters is quick to write and diffs line by line.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from svcstd import __version__
from svcstd.check.reporters import ReportSettings
from svcstd.explain import help_uri
from svcstd.findings import FileResult, Finding
from svcstd.text import json_string, json_text

REPORT_VERSION = 2


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "standard": finding.standard_id,
        "severity": finding.severity,
        "basis": finding.basis,
        "force": finding.force,
        "reading": finding.reading,
        "status": finding.status.value,
        "message": finding.message,
        "detail": finding.detail,
        "path": finding.dotted_path,
        "line": finding.line,
        "column": finding.column,
        "clause": finding.clause,
        "fix": finding.fix,
        "help_uri": help_uri(finding.rule_id),
        "autofix": None
        if finding.autofix is None
        else {
            "description": finding.autofix.description,
            "replacement": finding.autofix.replacement,
            "start": {"line": finding.autofix.span.line, "column": finding.autofix.span.column},
            "end": {"line": finding.autofix.span.end_line, "column": finding.autofix.span.end_column},
        },
        "waived": finding.waived,
        "waiver": None
        if finding.waiver is None
        else {
            "justification": finding.waiver.justification,
            "approved_by": finding.waiver.approved_by,
            "expires": finding.waiver.expires,
            "path": finding.waiver.path,
        },
    }


def file_dict(result: FileResult, fail_on: str = "error") -> dict[str, Any]:
    file = json_string(result.file)
    if result.error is not None:
        error = {"message": json_string(result.error.message), "line": result.error.line, "column": result.error.column}
        return {"file": file, "compliant": False, "error": error, "standards": []}
    return {
        "file": file,
        "compliant": result.passes(fail_on),
        "error": None,
        "standards": [
            {
                "id": standard.standard_id,
                "title": standard.title,
                "clause": standard.clause,
                "status": standard.status.value,
                "findings": [finding_dict(f) for f in standard.findings],
            }
            for standard in result.standards
        ],
    }


def dumps_at(value: Any, depth: int) -> str:
    """`value` as json.dumps(indent=2) writes it `depth` levels down, so a streamed document reads as one dump."""
    return json_text(json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)).replace(
        "\n", "\n" + "  " * depth
    )


def dumps_line(value: Any) -> str:
    """One entry per line: json's C encoder (indent forces the pure-Python one, the largest cost of a big report)."""
    return json_text(json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False))


class JsonReporter:
    """Writes the report as it goes: the head, one file entry per charter, then the summary."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink
        self.fail_on = settings.fail_on
        self.summary = {"files": 0, "compliant": 0, "errors": 0, "findings": 0}
        tool = {"name": "svcstd", "version": __version__}
        sink.write(
            f'{{\n  "report_version": {REPORT_VERSION},\n  "tool": {dumps_at(tool, 1)},\n  "as_of": "{settings.as_of.isoformat()}",\n'
            f'  "fail_on": "{settings.fail_on}",\n  "readings": {dumps_at([r.as_dict() for r in settings.readings], 1)},\n'
            '  "files": ['
        )

    def add(self, result: FileResult) -> None:
        entry = file_dict(result, self.fail_on)
        self.sink.write(("," if self.summary["files"] else "") + "\n    " + dumps_line(entry))
        self.summary["files"] += 1
        self.summary["compliant"] += entry["compliant"]
        self.summary["errors"] += entry["error"] is not None
        self.summary["findings"] += sum(len(s["findings"]) for s in entry["standards"])

    def close(self) -> None:
        self.sink.write(
            ("\n  ]" if self.summary["files"] else "]") + f',\n  "summary": {dumps_at(self.summary, 1)}\n}}\n'
        )
