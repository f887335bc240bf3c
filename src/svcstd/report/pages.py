"""The portfolio report as pages: Markdown, self-contained accessible HTML with an inline SVG chart, and JSON.

The chart shows the share of charters meeting each standard, with the
baseline's share marked where there is one; the same figures are in the
table beside it, so nothing is only in the picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from jinja2 import Environment
from markupsafe import Markup, escape

from svcstd import __version__
from svcstd.findings import Status
from svcstd.measure.output import number, target_text
from svcstd.output_folder import Page, StreamedPage
from svcstd.render.environment import make_environment
from svcstd.render.localise import Localiser
from svcstd.render.pages import fill, fill_into
from svcstd.report.build import TREND_LABELS, Department, Portfolio, StandardSummary, share, write_json
from svcstd.text import markdown_inline

TEMPLATES = Path(__file__).parent / "templates"
SYMBOL = {
    Status.MET.value: "✔",
    Status.NOT_MET.value: "✘",
    Status.NOT_EVIDENCED.value: "?",
    Status.WAIVED.value: "~",
    Status.MISSING_FROM_SOURCE.value: "–",
}
BAR_ROW, LABEL_WIDTH, BAR_WIDTH = 28, 150, 400


def chart_svg(portfolio: Portfolio) -> Markup:
    """Horizontal bars, one per standard: the share of charters that meet it (waived counts as met)."""
    rows = [s for s in portfolio.standards if s.percent_met is not None]
    height = BAR_ROW * len(rows) + 30
    width = LABEL_WIDTH + BAR_WIDTH + 60
    description = "; ".join(f"{s.id} {s.percent_met:.0f}%" for s in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Share of charters meeting each standard</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for index, standard in enumerate(rows):
        y = 10 + index * BAR_ROW
        share = standard.percent_met or 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13" fill="#1b1b1b">{escape(standard.id)}</text>'
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="16" fill="#dfe6ee"/>')
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH * share / 100:.1f}" height="16" fill="#0b4f8a"/>'
        )
        before = portfolio.baseline_percent(standard.id)
        if before is not None:
            x = LABEL_WIDTH + BAR_WIDTH * before / 100
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" stroke="#a1141b" stroke-width="3"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 15}" font-size="13" fill="#1b1b1b">{share:.0f}%</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class TrendRow:
    """One kind of standard across the portfolio: its share of cases kept in time, quarter by quarter."""

    kind: str
    label: str
    points: list[tuple[str, float | None, int, int]]
    """(quarter or month, share, cases kept in time, cases)."""
    chart: Markup


def stretch_label(start: date, by_month: bool) -> str:
    return start.strftime("%b %Y") if by_month else f"Q{(start.month - 1) // 3 + 1} {start.year}"


def trend_rows(portfolio: Portfolio) -> list[TrendRow]:
    """The portfolio's trend per kind of standard, each with its chart (whose title and description say every
    figure, and whose table is beside it)."""
    from svcstd.render.performance import chart

    by_month, parts = portfolio.stretches
    labels = [stretch_label(part.start, by_month) for part in parts]
    rows = []
    for index, (kind, counts) in enumerate(portfolio.trend.items(), start=1):
        points = [(label, share(w, v), w, v) for label, (w, v) in zip(labels, counts, strict=True)]
        title = f"{TREND_LABELS[kind]}: share of the portfolio's cases dealt with in time, by {'month' if by_month else 'quarter'}"
        said = "; ".join(f"{label}: {s:g}% of {v}" for label, s, _, v in points if s is not None) + "."
        drawn = chart([s for _, s, _, _ in points], labels, f"trend-{index}", title, said)
        rows.append(TrendRow(kind, TREND_LABELS[kind], points, drawn))
    return rows


MATRIX_ROWS = 200
"""Departments one page's matrix holds. A bigger portfolio's report gives a summary per ministry, and each
ministry's matrix on pages of its own (in parts of this many), so every page stays quick to load and to read."""


@dataclass
class MatrixPart:
    name: str
    ministry: str
    number: int
    count: int
    departments: list[Department]


@dataclass
class MinistryGroup:
    ministry: str
    departments: list[Department]
    compliant: int
    overdue: int
    parts: list[MatrixPart] = field(default_factory=list)


def ministry_groups(portfolio: Portfolio) -> list[MinistryGroup]:
    """The readable departments by ministry (in name order), or none when one page's matrix holds them all."""
    readable = portfolio.readable
    if len(readable) <= MATRIX_ROWS:
        return []
    by_ministry: dict[str, list[Department]] = {}
    for department in readable:
        by_ministry.setdefault(department.ministry or "No ministry named", []).append(department)
    groups, names = [], set()
    for ministry in sorted(by_ministry, key=lambda name: (name.casefold(), name)):
        members = by_ministry[ministry]
        group = MinistryGroup(
            ministry,
            members,
            sum(d.compliant for d in members),
            sum(d.overdue_days(portfolio.as_of) is not None for d in members),
        )
        stem = "portfolio-" + (re.sub(r"[^a-z0-9]+", "-", ministry.lower()).strip("-") or "ministry")
        while stem in names:  # two ministries whose names differ only in punctuation
            stem += "-x"
        names.add(stem)
        chunks = [members[start : start + MATRIX_ROWS] for start in range(0, len(members), MATRIX_ROWS)]
        for part, chunk in enumerate(chunks, 1):
            name = f"{stem}-{part}.html" if len(chunks) > 1 else f"{stem}.html"
            group.parts.append(MatrixPart(name, ministry, part, len(chunks), chunk))
        groups.append(group)
    return groups


def _html_environment() -> Environment:
    env = make_environment("html", Localiser("en"), own_templates=TEMPLATES)
    env.globals.update(symbol=SYMBOL, number=number, target_text=target_text, version=__version__)
    return env


def html_pages(portfolio: Portfolio) -> list[Page | StreamedPage]:
    """portfolio.html, and for a big portfolio a page per ministry's part of the matrix."""
    env = _html_environment()
    groups = ministry_groups(portfolio)
    context = {"p": portfolio, "chart": chart_svg(portfolio), "groups": groups, "trend": trend_rows(portfolio)}
    found: list[Page | StreamedPage] = [
        StreamedPage("portfolio.html", lambda stream: fill_into(stream, env, "portfolio.html.j2", context, None))
    ]
    for group in groups:
        for part in group.parts:
            found.append(Page(part.name, fill(env, "portfolio-part.html.j2", {"p": portfolio, "part": part}, None)))
    return found


def _bar(percent: float | None) -> str:
    if percent is None:
        return ""
    filled = round(percent / 10)
    return "█" * filled + "░" * (10 - filled)


def write_markdown(portfolio: Portfolio, stream: TextIO) -> None:
    """The same report as the HTML page, from a template of its own; every value escaped by the Markdown environment."""
    env = make_environment("markdown", Localiser("en"), own_templates=TEMPLATES)

    def change(standard: StandardSummary) -> str:
        before = portfolio.baseline_percent(standard.id)
        return (
            f"{standard.percent_met - before:+.0f} points"
            if before is not None and standard.percent_met is not None
            else "new"
        )

    def row(cells: list[object]) -> Markup:
        return Markup("| " + " | ".join(markdown_inline(cell) for cell in cells) + " |")

    env.globals.update(
        number=number,
        target_text=target_text,
        version=Markup(__version__),
        bar=_bar,
        change=change,
        row=row,
        symbols=lambda d: [SYMBOL.get(d.statuses.get(s.id, ""), "") for s in portfolio.standards],
    )
    env.filters["trend_cell"] = lambda point: "–" if point[1] is None else f"{number(point[1], '%')} ({point[3]})"
    fill_into(stream, env, "portfolio.md.j2", {"p": portfolio, "trend": trend_rows(portfolio)}, None)


def markdown_pages(portfolio: Portfolio) -> list[StreamedPage]:
    return [StreamedPage("portfolio.md", lambda stream: write_markdown(portfolio, stream))]


def json_pages(portfolio: Portfolio) -> list[StreamedPage]:
    return [StreamedPage("portfolio.json", lambda stream: write_json(portfolio, stream))]


def pages(portfolio: Portfolio) -> list[Page | StreamedPage]:
    """One set of pages per format `report` declares in the registry: portfolio.md, portfolio.json and
    portfolio.html, then, for a big portfolio, its ministries' matrix pages."""
    from svcstd import formats

    return [page for name in formats.names("report") for page in formats.writer("report", name)(portfolio)]
