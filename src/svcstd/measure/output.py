"""`svcstd measure` reports: a table for people, JSON for scripts, Markdown for published reports."""

from __future__ import annotations

from typing import Any

from svcstd.measure.compute import BELOW_MINIMUM, BELOW_TARGET, MET, Measurement, MeasureReport
from svcstd.text import dump_json
from svcstd.text import markdown_inline as cell

VERDICT_STYLE = {MET: "green", BELOW_TARGET: "yellow", BELOW_MINIMUM: "bold red"}


def number(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.0f}{suffix}" if float(value).is_integer() else f"{value:.1f}{suffix}"


def target_text(m: Measurement) -> str:
    parts = []
    if m.standard.target is not None:
        parts.append(f"target {number(m.standard.target, '%')}")
    if m.standard.minimum is not None:
        parts.append(f"minimum {number(m.standard.minimum, '%')}")
    return ", ".join(parts) or "none set"


def as_dict(report: MeasureReport) -> dict[str, Any]:
    return {
        "measure_version": 1,
        "charter": report.charter,
        "organisation": report.organisation,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "as_of": report.as_of.isoformat(),
        "standards": [
            {
                "key": m.standard.key,
                "label": m.standard.label,
                "within_working_days": m.standard.days,
                "clause": m.standard.clause,
                "target_percent": m.standard.target,
                "minimum_percent": m.standard.minimum,
                "volume": m.volume,
                "within": m.within,
                "share_percent": m.shown_share,
                "median_working_days": None if m.median is None else round(m.median, 2),  # as displayed
                "p90_working_days": None if m.p90 is None else round(m.p90, 2),
                "open_overdue": m.overdue_open,
                "open_pending": m.pending,
                "verdict": m.verdict,
            }
            for m in report.measurements
        ],
        "kpis": [
            {
                "id": k.id,
                "indicator": k.indicator,
                "measures": k.measures,
                "target": k.target,
                "minimum": k.minimum,
                "value": None if k.value is None else round(k.value, 2),
                "verdict": k.verdict,
            }
            for k in report.kpis
        ],
        "stated_latest": [stated.as_dict() for stated in report.stated],
        "bad_rows": [
            {"file": row.file, "line": row.line, "reason": row.reason, **({"sheet": row.sheet} if row.sheet else {})}
            for row in report.bad_rows
        ],
        "items_read": report.items,
        "provenance": report.provenance,
    }


def render_json(reports: list[MeasureReport]) -> str:
    return dump_json({"reports": [as_dict(report) for report in reports]})


def render_markdown(reports: list[MeasureReport]) -> str:
    out: list[str] = []
    for report in reports:
        out += [
            f"# Delivery against the service standards: {cell(report.organisation)}",
            "",
            f"Period {report.period.label}, open items judged as of {report.as_of.isoformat()}. Turnaround in working days.",
            "",
            "| standard | promise | volume | within | median | 90th percentile | open past deadline | open, not yet due | target | verdict |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for m in report.measurements:
            out.append(
                f"| {cell(m.standard.label)} | {m.standard.days:g} working days | {m.volume} | {number(m.share, '%')} | {number(m.median)} | "
                f"{number(m.p90)} | {m.overdue_open} | {m.pending} | {target_text(m)} | {m.verdict} |"
            )
        if report.kpis:
            out += ["", "| KPI | target | minimum | result | verdict |", "|---|---|---|---|---|"]
            out += [
                f"| {cell(k.indicator or k.id)} | {number(k.target, '%')} | {number(k.minimum, '%')} | {number(k.value, '%')} | {k.verdict} |"
                for k in report.kpis
            ]
        if report.bad_rows:
            out += ["", f"{len(report.bad_rows)} rows could not be used and were left out:", ""]
            out += [f"- `{cell(row.file)}` {cell(row.place())}: {cell(row.reason)}" for row in report.bad_rows]
        out += ["", *(cell(line) for line in provenance_lines(report))]
        out.append("")
    return "\n".join(out)


def provenance_lines(report: MeasureReport) -> list[str]:
    """What an auditor needs to reproduce the figures: conventions, each year's holiday source, the inputs' digests."""
    found = report.provenance
    if not found:
        return []
    conventions = found["conventions"]
    lines = [
        f"Counted by svcstd {found['svcstd_version']}: receipt on a closed day counted as {conventions['receipt_on_closed_day']}; "
        f"service letters {'also count' if conventions['service_items_in_correspondence'] else 'do not count'} against the "
        "correspondence standard; steps dated after the as-of day treated as not yet done."
    ]
    lines += [f"Holidays {c['country']} {c['year']}: {c['source']}." for c in found["calendars"]]
    lines += [f"Input {i['file']}: sha256 {i['sha256'] or 'not available (standard input)'}." for i in found["inputs"]]
    return lines


def write_table(reports: list[MeasureReport], console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    for report in reports:
        table = Table(
            title=f"{escape(report.organisation)}: {report.period.label} (as of {report.as_of.isoformat()})",
            title_justify="left",
        )
        numeric = ("Volume", "Within", "Median", "P90", "Open late", "Pending")
        for column in ("Standard", "Promise", "Volume", "Within", "Median", "P90", "Open late", "Pending", "Target"):
            table.add_column(column, justify="right" if column in numeric else "left")
        table.add_column("Verdict")
        for m in report.measurements:
            style = VERDICT_STYLE.get(m.verdict, "dim")
            table.add_row(
                escape(m.standard.label),
                f"{m.standard.days:g} working days",
                str(m.volume),
                number(m.share, "%"),
                number(m.median),
                number(m.p90),
                str(m.overdue_open),
                str(m.pending),  # open and not yet due: counted nowhere else
                target_text(m),
                f"[{style}]{m.verdict}[/]",
            )
        console.print(table)
        for k in report.kpis:
            style = VERDICT_STYLE.get(k.verdict, "dim")
            console.print(
                f"KPI [bold]{escape(k.id)}[/] {escape(k.indicator)}: {number(k.value, '%')} against target {number(k.target, '%')}, "
                f"minimum {number(k.minimum, '%')}: [{style}]{k.verdict}[/]",
                soft_wrap=True,
            )
        for row in report.bad_rows:
            console.print(f"[yellow]bad row[/] {escape(row.where())}: {escape(row.reason)} (left out)", soft_wrap=True)
        for line in provenance_lines(report):
            console.print(f"[dim]{escape(line)}[/]", soft_wrap=True)
        console.print()
