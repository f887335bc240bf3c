"""The human report: a compliance table per charter, then every finding with its place, clause and fix."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from svcstd.findings import FileResult, Finding, Status

STATUS_STYLE = {
    Status.MET: ("✔ met", "green"),
    Status.NOT_MET: ("✘ not met", "bold red"),
    Status.NOT_EVIDENCED: ("? not evidenced", "yellow"),
    Status.WAIVED: ("~ waived", "magenta"),
    Status.MISSING_FROM_SOURCE: ("– missing from source", "dim"),
}


def write(results: Iterable[FileResult], console: Console) -> None:
    counts = {"compliant": 0, "non-compliant": 0, "error": 0}
    findings_total = 0
    for result in results:
        if result.error is not None:
            counts["error"] += 1
            console.print(f"[bold red]error[/] {escape(str(result.error))}", soft_wrap=True)
            continue
        findings_total += len(result.findings)
        counts["compliant" if result.compliant else "non-compliant"] += 1
        _file_report(result, console)
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    files = sum(counts.values())
    console.print(f"[bold]{files} file{'s' if files != 1 else ''} checked:[/] {', '.join(parts) or 'none'}; "
                  f"{findings_total} finding{'s' if findings_total != 1 else ''}")


def _file_report(result: FileResult, console: Console) -> None:
    table = Table(title=escape(result.file), title_justify="left", show_lines=False, expand=False)
    table.add_column("Standard", no_wrap=True)
    table.add_column("Title")
    table.add_column("Source clause")
    table.add_column("Status", no_wrap=True)
    table.add_column("Findings", justify="right")
    for standard in result.standards:
        label, style = STATUS_STYLE[standard.status]
        table.add_row(standard.standard_id, escape(standard.title), escape(standard.clause),
                      f"[{style}]{label}[/]", str(len(standard.findings)) if standard.findings else "")
    console.print(table)
    for finding in result.findings:
        _finding(finding, console)
    console.print()


def _finding(finding: Finding, console: Console) -> None:
    style = STATUS_STYLE[Status.WAIVED if finding.waived else finding.status][1]
    label = "waived" if finding.waived else finding.severity
    console.print(
        f"[{style}]{label}[/] [bold]{finding.rule_id}[/] "
        f"{escape(finding.file)}:{finding.line}:{finding.column} [cyan]{escape(finding.dotted_path)}[/]",
        soft_wrap=True,
    )
    console.print(f"  {escape(finding.message)} {escape('(' + finding.detail + ')')}", soft_wrap=True)
    console.print(f"  [dim]source:[/] {escape(finding.clause)}   [dim]fix:[/] {escape(finding.fix)}", soft_wrap=True)
    if finding.waiver is not None:
        waiver = finding.waiver
        console.print(f"  [dim]waived until {waiver.expires}, approved by[/] {escape(waiver.approved_by)}: {escape(waiver.justification)}",
                      soft_wrap=True)
