"""`--format markdown`: a job summary (e.g. for $GITHUB_STEP_SUMMARY): one row per charter, then the findings."""

from __future__ import annotations

import shutil
import tempfile
from typing import TextIO

from svcstd.findings import FileResult, Status

ICON = {Status.MET: "✅ met", Status.NOT_MET: "❌ not met", Status.NOT_EVIDENCED: "❔ not evidenced",
        Status.WAIVED: "〰️ waived", Status.MISSING_FROM_SOURCE: "➖ missing from source"}


def cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


class MarkdownReporter:
    """A row per charter, then each non-compliant charter's findings; both spooled until the totals are known."""

    def __init__(self, sink: TextIO):
        self.sink = sink
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.details = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.files = self.compliant = self.errors = 0

    def add(self, r: FileResult) -> None:
        self.files += 1
        if r.error is not None:
            self.errors += 1
            self.rows.write(f"| `{cell(r.file)}` | ⚠️ error | {cell(r.error.message)} | | |\n")
            return
        self.compliant += r.compliant
        not_met = [s.standard_id for s in r.standards if s.status is Status.NOT_MET]
        unevidenced = [s.standard_id for s in r.standards if s.status is Status.NOT_EVIDENCED]
        verdict = "✅ compliant" if r.compliant else "❌ not compliant"
        self.rows.write(f"| `{cell(r.file)}` | {verdict} | {', '.join(not_met)} | {', '.join(unevidenced)} | {len(r.findings)} |\n")
        if not r.findings:
            return
        out = ["", f"## `{cell(r.file)}`", "", "| standard | status |", "|---|---|"]
        out += [f"| {s.standard_id} {cell(s.title)} ({cell(s.clause)}) | {ICON[s.status]} |" for s in r.standards]
        out += ["", "| line | rule | path | finding | source | fix |", "|---|---|---|---|---|---|"]
        for f in r.findings:
            label = f"{f.rule_id} (waived until {f.waiver.expires})" if f.waiver else f"{f.rule_id} ({f.severity})"
            out.append(f"| {f.line} | {label} | `{cell(f.dotted_path)}` | {cell(f.message)} ({cell(f.detail)}) | {cell(f.clause)} | {cell(f.fix)} |")
        self.details.write("\n".join(out) + "\n")

    def close(self) -> None:
        self.sink.write(f"# svcstd charter check\n\n{self.files} charters checked: {self.compliant} compliant, "
                        f"{self.files - self.compliant - self.errors} not compliant, {self.errors} could not be read.\n\n"
                        "| charter | verdict | standards not met | not evidenced | findings |\n|---|---|---|---|---|\n")
        for spool in (self.rows, self.details):
            spool.seek(0)
            shutil.copyfileobj(spool, self.sink)
            spool.close()
