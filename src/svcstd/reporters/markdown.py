"""`--format markdown`: a job summary (e.g. for $GITHUB_STEP_SUMMARY): one row per charter, then the findings."""

from __future__ import annotations

from collections.abc import Iterable

from svcstd.findings import FileResult, Status

ICON = {Status.MET: "✅ met", Status.NOT_MET: "❌ not met", Status.NOT_EVIDENCED: "❔ not evidenced",
        Status.WAIVED: "〰️ waived", Status.MISSING_FROM_SOURCE: "➖ missing from source"}


def cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def render(results: Iterable[FileResult]) -> str:
    results = list(results)
    out = ["# svcstd charter check", ""]
    compliant = sum(1 for r in results if r.compliant)
    errors = sum(1 for r in results if r.error is not None)
    out += [f"{len(results)} charters checked: {compliant} compliant, {len(results) - compliant - errors} not compliant, "
            f"{errors} could not be read.", "", "| charter | verdict | standards not met | not evidenced | findings |", "|---|---|---|---|---|"]
    for r in results:
        if r.error is not None:
            out.append(f"| `{cell(r.file)}` | ⚠️ error | {cell(r.error.message)} | | |")
            continue
        not_met = [s.standard_id for s in r.standards if s.status is Status.NOT_MET]
        unevidenced = [s.standard_id for s in r.standards if s.status is Status.NOT_EVIDENCED]
        verdict = "✅ compliant" if r.compliant else "❌ not compliant"
        out.append(f"| `{cell(r.file)}` | {verdict} | {', '.join(not_met)} | {', '.join(unevidenced)} | {len(r.findings)} |")
    for r in results:
        if r.error is not None or not r.findings:
            continue
        out += ["", f"## `{cell(r.file)}`", "", "| standard | status |", "|---|---|"]
        out += [f"| {s.standard_id} {cell(s.title)} ({cell(s.clause)}) | {ICON[s.status]} |" for s in r.standards]
        out += ["", "| line | rule | path | finding | source | fix |", "|---|---|---|---|---|---|"]
        for f in r.findings:
            label = f"{f.rule_id} (waived until {f.waiver.expires})" if f.waiver else f"{f.rule_id} ({f.severity})"
            out.append(f"| {f.line} | {label} | `{cell(f.dotted_path)}` | {cell(f.message)} ({cell(f.detail)}) | {cell(f.clause)} | {cell(f.fix)} |")
    return "\n".join(out) + "\n"
