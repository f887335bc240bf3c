"""`--format gitlab`: GitLab Code Quality (a Code Climate JSON array), so findings show in merge requests.

GitLab reads description, check_name, fingerprint, severity, location.path
(relative to the repository root, as in the SARIF report) and
location.lines.begin. Waived findings are not issues and are left out; a
charter that cannot be read is a critical issue at its line. Findings below
`--fail-on` are still reported, as minor or info issues, since Code Quality
shows change rather than gating.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, TextIO

from svcstd.check.reporters import ReportSettings
from svcstd.check.reporters.json_report import dumps_line
from svcstd.explain import help_uri
from svcstd.files import relative_to_root
from svcstd.findings import FileResult
from svcstd.text import visible

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CATEGORY = "Bug Risk"
"""A charter short of a standard is a defect in what it promises: the nearest of the Code Climate specification's
categories (SPEC.md, "Categories": it has no "Compliance"; tests/check/test_outputs.py holds the whole list)."""
INPUT_ERROR = "svcstd-input-error"


class GitlabReporter:
    """Streams the array: an issue per open finding, as each charter is checked."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink
        self.root = settings.root()
        self.written = False
        """Whether an issue was written: the next one follows a comma."""
        sink.write("[")

    def path(self, file: str) -> str:
        if file == "-":
            return "stdin"
        return visible(relative_to_root(file, self.root) or Path(os.path.abspath(file)).as_posix())

    def issue(self, check: str, description: str, severity: str, path: str, line: int, key: str) -> None:
        entry: dict[str, Any] = {
            "type": "issue",
            "check_name": check,
            "description": visible(description),
            "categories": [CATEGORY],
            "severity": severity,
            "fingerprint": hashlib.sha256(f"{check}\0{path}\0{key}".encode("utf-8", "surrogateescape")).hexdigest(),
            "location": {"path": path, "lines": {"begin": line}},
        }
        self.sink.write(("," if self.written else "") + "\n  " + dumps_line(entry))
        self.written = True

    def add(self, result: FileResult) -> None:
        path = self.path(result.file)
        if result.error is not None:
            self.issue(
                INPUT_ERROR,
                f"svcstd could not read this charter: {result.error.message}",
                "critical",
                path,
                result.error.line or 1,
                "",
            )
            return
        for f in result.open_findings:
            key = f"{f.dotted_path}\0{f.detail}"
            self.issue(
                f.rule_id,
                f"{f.rule_id}: {f.message} ({f.detail}) Source: {f.cited}. Fix: {f.fix.rstrip('.')}. "
                f"More: svcstd explain {f.rule_id} or {help_uri(f.rule_id)}",
                SEVERITY.get(f.severity, "major"),
                path,
                f.line,
                key,
            )

    def close(self) -> None:
        self.sink.write(("\n]" if self.written else "]") + "\n")
