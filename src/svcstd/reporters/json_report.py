"""`--format json`: the documented, versioned machine format (schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from svcstd import __version__
from svcstd.findings import FileResult, Finding

REPORT_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "standard": finding.standard_id,
        "severity": finding.severity,
        "status": finding.status.value,
        "message": finding.message,
        "detail": finding.detail,
        "path": finding.dotted_path,
        "line": finding.line,
        "column": finding.column,
        "clause": finding.clause,
        "fix": finding.fix,
        "waived": finding.waived,
        "waiver": None if finding.waiver is None else {
            "justification": finding.waiver.justification,
            "approved_by": finding.waiver.approved_by,
            "expires": finding.waiver.expires,
            "path": finding.waiver.path,
        },
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    if result.error is not None:
        error = {"message": result.error.message, "line": result.error.line, "column": result.error.column}
        return {"file": result.file, "compliant": False, "error": error, "standards": []}
    return {
        "file": result.file,
        "compliant": result.compliant,
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


def render(results: Iterable[FileResult], as_of: date) -> str:
    files = [file_dict(result) for result in results]
    summary = {
        "files": len(files),
        "compliant": sum(1 for f in files if f["compliant"]),
        "errors": sum(1 for f in files if f["error"] is not None),
        "findings": sum(len(s["findings"]) for f in files for s in f["standards"]),
    }
    report = {"report_version": REPORT_VERSION, "tool": {"name": "svcstd", "version": __version__},
              "as_of": as_of.isoformat(), "files": files, "summary": summary}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
