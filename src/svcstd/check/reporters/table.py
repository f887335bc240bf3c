"""The human report: a compliance table per charter, then every finding with its place, clause and fix.

The table is laid out here rather than by rich's Table: a run over thousands
of charters prints thousands of tables, and measuring every cell of every
table made printing cost ten times the check itself. The layout is the same
for every charter of a run (the same standards, a fixed set of statuses), so
it is simple arithmetic; rich still colours the text and honours NO_COLOR.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from svcstd.check.reporters import ReportSettings
from svcstd.console import PIPE_WIDTH
from svcstd.findings import SEVERITY_RANK, FileResult, Finding, StandardResult, Status
from svcstd.text import visible

if TYPE_CHECKING:
    from svcstd.catalogue import Catalogue

STATUS_STYLE = {
    Status.MET: ("✔ met", "green"),
    Status.NOT_MET: ("✘ not met", "bold red"),
    Status.NOT_EVIDENCED: ("? not evidenced", "yellow"),
    Status.WAIVED: ("~ waived", "magenta"),
    Status.MISSING_FROM_SOURCE: ("– missing from source", "dim"),
}
HEADERS = ("Standard", "Title", "Source clause", "Status", "Findings")
STATUS_WIDTH = max(len(label) for label, _ in STATUS_STYLE.values())
MIN_TEXT_WIDTH = 12


Line = list[tuple[str, str]]
"""One printed line as (text, style) fragments: plain text for logs and files, styled text on a terminal."""


class TableReporter:
    """Prints each charter's table and findings as it is checked, and the totals at the end."""

    def __init__(self, console: Console, settings: ReportSettings, show_errors: bool = True):
        self.console = console
        self.show_errors = show_errors
        """False on standard output, where the command already printed each input error to standard error."""
        self.settings = settings
        self.plain = console.color_system is None  # a file, a CI log or NO_COLOR: no styling to compute
        self.counts = {"compliant": 0, "non-compliant": 0, "error": 0}
        self.findings = 0
        self.fixable = 0

    def add(self, result: FileResult) -> None:
        if result.error is not None:
            self.counts["error"] += 1
            if not self.show_errors:
                return
            self.console.print(f"[bold red]error[/] {escape(visible(result.error))}", soft_wrap=True)
            return
        self.findings += len(result.findings)
        self.fixable += sum(1 for f in result.findings if f.autofix is not None and not f.waived)
        self.counts["compliant" if self.settings.passes(result) else "non-compliant"] += 1
        width = self.console.width
        found = findings_lines(result.findings, width, self.settings.catalogue)
        if self.settings.quiet:
            if not found:
                return
            lines = [*found, []]
        else:
            lines = [[(visible(result.file), "")], *table_lines(result.standards, width), *found]
            if self.settings.per_file_summary:
                lines.append([(visible(file_verdict(result, self.settings.fail_on)), "bold")])
            lines.append([])
        if self.plain:
            self.console.file.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
            return
        from rich.text import Text

        self.console.print(Text("\n").join(Text.assemble(*line) for line in lines), soft_wrap=True, highlight=False)

    def close(self) -> None:
        if self.settings.quiet:
            return
        parts = [f"{n} {label}" for label, n in self.counts.items() if n]
        files = sum(self.counts.values())
        self.console.print(
            f"[bold]{files} file{'s' if files != 1 else ''} checked:[/] {', '.join(parts) or 'none'}; "
            f"{self.findings} finding{'s' if self.findings != 1 else ''}"
        )
        if self.fixable:
            self.console.print(f"\\[*] {self.fixable} fixable with `svcstd fix --write`", highlight=False)
        if self.settings.configured_readings():
            self.console.print(escape(visible(self.settings.readings_line())), soft_wrap=True, highlight=False)


def file_verdict(result: FileResult, fail_on: str) -> str:
    """One charter's line: its verdict at --fail-on, its open findings, and the standards they fall in."""
    open_findings = result.open_findings
    standards = sorted({f.standard_id for f in open_findings})
    verdict = "compliant" if result.passes(fail_on) else "not compliant"
    counted = f"{len(open_findings)} open finding{'s' if len(open_findings) != 1 else ''}"
    return f"{result.file}: {verdict}; {counted}" + (f" ({', '.join(standards)})" if standards else "")


def write(results: Iterable[FileResult], console: Console, settings: ReportSettings) -> None:
    reporter = TableReporter(console, settings)
    for result in results:
        reporter.add(result)
    reporter.close()


def column_widths(standards: list[StandardResult], width: int) -> list[int]:
    """Fixed columns at their widest; Title and Source clause share what is left, wrapping where they must."""
    ids = max([len(HEADERS[0]), *(len(visible(s.standard_id)) for s in standards)])
    titles = max([len(HEADERS[1]), *(len(visible(s.title)) for s in standards)])
    clauses = max([len(HEADERS[2]), *(len(visible(s.clause)) for s in standards)])
    fixed = (
        ids + STATUS_WIDTH + len(HEADERS[4]) + 3 * len(HEADERS) + 1
    )  # a space either side of each cell, and the rules
    free = max(2 * MIN_TEXT_WIDTH, width - fixed)
    if titles + clauses > free:
        titles = max(MIN_TEXT_WIDTH, min(titles, free * titles // (titles + clauses)))
        clauses = max(MIN_TEXT_WIDTH, free - titles)
    return [ids, titles, clauses, STATUS_WIDTH, len(HEADERS[4])]


NARROW = 72
"""Below this width the table becomes one line per standard, so 60 columns stay readable."""


def table_lines(standards: list[StandardResult], width: int) -> list[Line]:
    if width < NARROW:
        return narrow_lines(standards, width)
    widths = column_widths(standards, width)

    def rule(left: str, fill: str, middle: str, right: str) -> Line:
        return [(left + middle.join(fill * (w + 2) for w in widths) + right, "")]

    lines = [
        rule("┏", "━", "┳", "┓"),
        [("┃" + "┃".join(f" {h:<{w}} " for h, w in zip(HEADERS, widths, strict=True)) + "┃", "")],
        rule("┡", "━", "╇", "┩"),
    ]
    for standard in standards:
        label, style = STATUS_STYLE[standard.status]
        count = str(len(standard.findings)) if standard.findings else ""
        titles = textwrap.wrap(visible(standard.title), widths[1]) or [""]
        clauses = textwrap.wrap(visible(standard.clause), widths[2]) or [""]
        for index in range(max(len(titles), len(clauses))):
            first = index == 0
            left = (
                f"│ {visible(standard.standard_id) if first else '':<{widths[0]}} │ {titles[index] if index < len(titles) else '':<{widths[1]}} "
                f"│ {clauses[index] if index < len(clauses) else '':<{widths[2]}} │ "
            )
            status = [(label, style), (" " * (widths[3] - len(label)), "")] if first else [(" " * widths[3], "")]
            lines.append([(left, ""), *status, (f" │ {count if first else '':>{widths[4]}} │", "")])
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def narrow_lines(standards: list[StandardResult], width: int) -> list[Line]:
    """A terminal too narrow for the table: the standard, its status and count, then its title and clause wrapped below."""
    lines: list[Line] = []
    for standard in standards:
        label, style = STATUS_STYLE[standard.status]
        count = f" ({len(standard.findings)})" if standard.findings else ""
        lines.append([(visible(standard.standard_id), "bold"), (" ", ""), (label, style), (count, "")])
        text = f"{visible(standard.title)} ({visible(standard.clause)})"
        lines += [
            [(line, "dim")] for line in textwrap.wrap(text, max(20, width), initial_indent="  ", subsequent_indent="  ")
        ]
    return lines


def _how_firm(finding: Finding) -> str:
    """A line for a finding the source does not demand: a practice, a recommendation or a suggestion."""
    if finding.basis == "practice":
        return "a practice the source offers, not a requirement"
    if finding.force == "should":
        return 'the source recommends this ("should"); binding only where a ministry adopts it'
    if finding.force == "may":
        return "the source permits or suggests this; it does not require it"
    return ""


def _wrapped(text: str, width: int, style: str = "") -> list[Line]:
    return [
        [(line, style)]
        for line in textwrap.wrap(
            text,
            max(20, width),
            initial_indent="  ",
            subsequent_indent="    ",
            break_long_words=True,
            break_on_hyphens=False,
        )
    ]


def missing_section(finding: Finding) -> str | None:
    """The top-level section whose absence is this whole finding ("complaints is missing"), or None."""
    path = finding.path
    if len(path) == 1 and isinstance(path[0], str) and finding.status is Status.NOT_EVIDENCED and not finding.waived:
        return path[0] if finding.detail == f"{path[0]} is missing" else None
    return None


def findings_lines(findings: list[Finding], width: int, catalogue: Catalogue) -> list[Line]:
    """Each finding's block, except that a missing section read by several rules is one block naming what the section
    needs and the rules waiting on it: one cause, stated once (every rule is still its own finding in other formats)."""
    by_section: dict[str, list[Finding]] = {}
    for finding in findings:
        if (section := missing_section(finding)) is not None:
            by_section.setdefault(section, []).append(finding)
    lines: list[Line] = []
    shown: set[str] = set()
    for finding in findings:
        section = missing_section(finding)
        if section is None or len(by_section[section]) < 2:
            lines += finding_lines(finding, width)
        elif section not in shown:
            shown.add(section)
            lines += section_lines(section, by_section[section], width, catalogue)
    return lines


def section_lines(section: str, group: list[Finding], width: int, catalogue: Catalogue) -> list[Line]:
    from svcstd.engine import reads_of

    first = max(group, key=lambda f: SEVERITY_RANK.get(f.severity, SEVERITY_RANK["error"]))
    rules = [f.rule_id for f in group]
    needs = sorted(
        {".".join(read) for rule_id in rules for read in reads_of(catalogue.rules[rule_id]) if read[0] == section}
    )
    head: Line = [
        (first.severity, STATUS_STYLE[first.status][1]),
        (" ", ""),
        (f"{section} is missing", "bold"),
        (f" {visible(first.file)}:{first.line}:{first.column}", ""),
    ]
    return [
        head,
        *_wrapped(f"{len(rules)} rules read this section and are not evidenced: {', '.join(rules)}", width),
        *_wrapped(f"the section needs: {visible(', '.join(needs))}", width),
        *_wrapped(f"source: {visible('; '.join(dict.fromkeys(f.clause for f in group)))}", width),
        *_wrapped(f"more: svcstd explain {rules[0]} (and each rule above)", width, "dim"),
    ]


def finding_lines(finding: Finding, width: int = PIPE_WIDTH) -> list[Line]:
    """A finding's head line (level, rule, place, path), then its message, source and fix wrapped to the width."""
    style = STATUS_STYLE[Status.WAIVED if finding.waived else finding.status][1]
    label = "waived" if finding.waived else finding.severity
    place = f" {visible(finding.file)}:{finding.line}:{finding.column}"
    path = visible(finding.dotted_path)
    marker = " [*]" if finding.autofix is not None else ""  # a safe fix `svcstd fix` makes, as ruff marks one
    head: Line = [(label, style), (" ", ""), (finding.rule_id, "bold"), (marker, "bold"), (place, "")]
    fits = len(label) + 1 + len(finding.rule_id) + len(marker) + len(place) + 1 + len(path) <= width
    lines: list[Line] = [
        [*head, (" ", ""), (path, "cyan")] if fits else head,
        *([] if fits else [[("  ", ""), (path, "cyan")]]),
        *_wrapped(f"{visible(finding.message)} ({visible(finding.detail)})", width),
        *_wrapped(f"source: {visible(finding.clause)}", width),
        *(_wrapped(f"svcstd's reading: {visible(finding.reading)}", width) if finding.reading else []),
        *(_wrapped(how, width) if (how := _how_firm(finding)) else []),
        *_wrapped(f"fix: {visible(finding.fix)}", width),
        *(
            _wrapped(f"[*] svcstd fix --write makes it: {visible(finding.autofix.description)}", width)
            if finding.autofix is not None
            else []
        ),
        *_wrapped(f"more: svcstd explain {visible(finding.rule_id)}", width, "dim"),
    ]
    if finding.waiver is not None:
        waiver = finding.waiver
        lines += _wrapped(
            f"waived until {visible(waiver.expires)}, approved by {visible(waiver.approved_by)}: "
            f"{visible(waiver.justification)}",
            width,
            "dim",
        )
    return lines
