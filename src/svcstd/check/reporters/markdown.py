"""`--format markdown`: a job summary (e.g. for $GITHUB_STEP_SUMMARY): one row per charter, then the findings.

Every value goes through `text.markdown_inline`, so a file name or finding
with `|`, backticks, `<`, link syntax or a bare URL shows as the text it is.
The verdict follows `--fail-on`, as the exit code does.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import TextIO

from svcstd.check.reporters import ReportSettings
from svcstd.findings import FileResult, Status
from svcstd.text import markdown_inline as cell

ICON = {
    Status.MET: "✅ met",
    Status.NOT_MET: "❌ not met",
    Status.NOT_EVIDENCED: "❔ not evidenced",
    Status.WAIVED: "〰️ waived",
    Status.MISSING_FROM_SOURCE: "➖ missing from source",
}


class MarkdownReporter:
    """A row per charter, then each charter's findings; both spooled until the totals are known."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink
        self.settings = settings
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.details = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.files = self.compliant = self.errors = 0

    def add(self, r: FileResult) -> None:
        self.files += 1
        if r.error is not None:
            self.errors += 1
            self.rows.write(f"| {cell(r.file)} | ⚠️ error | {cell(r.error.message)} | | |\n")
            return
        passes = self.settings.passes(r)
        self.compliant += passes
        not_met = [cell(s.standard_id) for s in r.standards if s.status is Status.NOT_MET]
        unevidenced = [cell(s.standard_id) for s in r.standards if s.status is Status.NOT_EVIDENCED]
        verdict = "✅ compliant" if passes else "❌ not compliant"
        self.rows.write(
            f"| {cell(r.file)} | {verdict} | {', '.join(not_met)} | {', '.join(unevidenced)} | {len(r.findings)} |\n"
        )
        if not r.findings:
            return
        out = ["", f"## {cell(r.file)}", "", "| standard | status |", "|---|---|"]
        out += [f"| {cell(s.standard_id)} {cell(s.title)} ({cell(s.clause)}) | {ICON[s.status]} |" for s in r.standards]
        out += ["", "| line | rule | path | finding | source | fix |", "|---|---|---|---|---|---|"]
        for f in r.findings:
            label = (
                f"{cell(f.rule_id)} (waived until {cell(f.waiver.expires)})"
                if f.waiver
                else f"{cell(f.rule_id)} ({cell(f.severity)})"
            )
            out.append(
                f"| {f.line} | {label} | {cell(f.dotted_path)} | {cell(f.message)} ({cell(f.detail)}) | {cell(f.clause)} | {cell(f.fix)} |"
            )
        self.details.write("\n".join(out) + "\n")

    def close(self) -> None:
        failing = self.files - self.compliant - self.errors
        self.sink.write(
            f"# svcstd charter check\n\n{self.files} charters checked: {self.compliant} compliant, "
            f"{failing} not compliant, {self.errors} could not be read "
            f"(failing at {self.settings.fail_on} and above). {cell(self.settings.readings_line())}\n\n"
            "| charter | verdict | standards not met | not evidenced | findings |\n|---|---|---|---|---|\n"
        )
        for spool in (self.rows, self.details):
            spool.seek(0)
            shutil.copyfileobj(spool, self.sink)
            spool.close()
