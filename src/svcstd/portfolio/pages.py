"""The portfolio report as pages: Markdown, self-contained accessible HTML with an inline SVG chart, and JSON.

The chart shows the share of charters meeting each standard, with the
baseline's share marked where there is one; the same figures are in the
table beside it, so nothing is only in the picture.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup, escape

from svcstd import __version__
from svcstd.findings import Status
from svcstd.measure.output import number, target_text
from svcstd.portfolio.build import Portfolio, as_json
from svcstd.render.environment import make_environment
from svcstd.render.localise import Localiser
from svcstd.render.pages import Page, fill
from svcstd.text import markdown_inline

TEMPLATES = Path(__file__).parent / "templates"
SYMBOL = {Status.MET.value: "✔", Status.NOT_MET.value: "✘", Status.NOT_EVIDENCED.value: "?", Status.WAIVED.value: "~",
          Status.MISSING_FROM_SOURCE.value: "–"}
BAR_ROW, LABEL_WIDTH, BAR_WIDTH = 28, 150, 400


def chart_svg(portfolio: Portfolio) -> Markup:
    """Horizontal bars, one per standard: the share of charters that meet it (waived counts as met)."""
    rows = [s for s in portfolio.standards if s.percent_met is not None]
    height = BAR_ROW * len(rows) + 30
    width = LABEL_WIDTH + BAR_WIDTH + 60
    description = "; ".join(f"{s.id} {s.percent_met:.0f}%" for s in rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc">',
             '<title id="chart-title">Share of charters meeting each standard</title>',
             f'<desc id="chart-desc">{escape(description)}</desc>']
    for index, standard in enumerate(rows):
        y = 10 + index * BAR_ROW
        share = standard.percent_met or 0
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13" fill="#1b1b1b">{escape(standard.id)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="16" fill="#dfe6ee"/>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH * share / 100:.1f}" height="16" fill="#0b4f8a"/>')
        before = portfolio.baseline_percent(standard.id)
        if before is not None:
            x = LABEL_WIDTH + BAR_WIDTH * before / 100
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" stroke="#a1141b" stroke-width="3"/>')
        parts.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 15}" font-size="13" fill="#1b1b1b">{share:.0f}%</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def html_page(portfolio: Portfolio) -> str:
    env = make_environment("html", Localiser("en"), own_templates=TEMPLATES)
    env.globals.update(symbol=SYMBOL, number=number, target_text=target_text, version=__version__)
    return fill(env, "portfolio.html.j2", {"p": portfolio, "chart": chart_svg(portfolio)}, None)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bar(percent: float | None) -> str:
    if percent is None:
        return ""
    filled = round(percent / 10)
    return "█" * filled + "░" * (10 - filled)


def markdown_page(portfolio: Portfolio) -> str:
    p = portfolio

    def md(value: str) -> str:
        return markdown_inline(value)

    readable = p.readable
    out = ["# Service charter portfolio: compliance report", "",
           f"As of {p.as_of.isoformat()}: {len(p.departments)} charters, {sum(d.compliant for d in readable)} compliant, "
           f"{len(p.overdue)} due or overdue for review, {len(p.departments) - len(readable)} could not be read.", ""]
    out += ["## Compliance per standard", "", _row(["standard", "title", "source", "met", "not met", "not evidenced", "waived", "share met", "",
                                                   *(["change since baseline"] if p.baseline else [])]),
            "|---|---|---|---|---|---|---|---|---|" + ("---|" if p.baseline else "")]
    for s in p.standards:
        before = p.baseline_percent(s.id)
        change = [f"{s.percent_met - before:+.0f} points" if before is not None and s.percent_met is not None else "new"] if p.baseline else []
        out.append(_row([s.id, md(s.title), md(s.clause), *(str(s.counts[k.value]) for k in (Status.MET, Status.NOT_MET, Status.NOT_EVIDENCED,
                                                                                           Status.WAIVED)),
                         number(s.percent_met, "%"), _bar(s.percent_met), *change]))
    out += ["", "## Departments and standards", "", "✔ met, ✘ not met, ? not evidenced, ~ waived, – not in the source.", "",
            _row(["department", *(s.id for s in p.standards)]), "|---|" + "---|" * len(p.standards)]
    for d in readable:
        out.append(_row([md(d.name), *(SYMBOL.get(d.statuses.get(s.id, ""), "") for s in p.standards)]))
    out += ["", "## Charters due for review", ""]
    if p.overdue:
        out += [_row(["department", "last reviewed", "review due", "days overdue"]), "|---|---|---|---|"]
        out += [_row([md(d.name), d.last_reviewed.isoformat() if d.last_reviewed else "never", d.review_due.isoformat() if d.review_due else "not set",
                      str(d.overdue_days(p.as_of)) if d.review_due else "no review date"]) for d in p.overdue]
    else:
        out.append("None: every charter was reviewed within its cycle.")
    delivered = [d for d in readable if d.delivery]
    if delivered:
        out += ["", f"## Delivery against the standards ({p.period.label if p.period else ''})", "",
                _row(["department", "standard", "promise", "volume", "within", "target", "verdict"]), "|---|---|---|---|---|---|---|"]
        for d in delivered:
            assert d.delivery is not None
            out += [_row([md(d.name), md(m.standard.label), f"{m.standard.days} working days", str(m.volume), number(m.share, "%"),
                          target_text(m), m.verdict]) for m in d.delivery.measurements]
        if p.bad_rows:
            out += ["", "### Log rows left out", "", "These rows could not be counted; the figures above leave them out.", ""]
            out += [f"- {md(d.name)}: {md(row.file)} line {row.line}: {md(row.reason)}" for d, row in p.bad_rows]
    if p.baseline:
        out += ["", f"## Change since the baseline ({p.baseline.get('as_of', '')})", ""]
        changes = p.changes
        out += ([f"- {markdown_inline(c.name, block=True)}: {c.standard} {c.before} → {c.after}" for c in changes]
                or ["No department changed status on any standard."])
        out += [f"- {markdown_inline(d.name, block=True)}: new since the baseline" for d in p.new_departments]
    errors = [d for d in p.departments if d.error]
    if errors:
        out += ["", "## Could not be read", ""] + [f"- {markdown_inline(d.error or '', block=True)}" for d in errors]
    out += ["", f"Made by svcstd {__version__}.", ""]
    return "\n".join(out)


def pages(portfolio: Portfolio) -> list[Page]:
    return [Page("portfolio.md", markdown_page(portfolio)), Page("portfolio.html", html_page(portfolio)),
            Page("portfolio.json", json.dumps(as_json(portfolio), indent=2, ensure_ascii=False) + "\n")]
