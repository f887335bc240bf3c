"""What a citizen reads under "How we are doing": `svcstd measure`'s figures from the department's own logs.

The figures are measure's to the digit (the same `measure` over the same logs, the share rounded as measure
rounds it and its verdict on that share), for the whole period and for each quarter of it (each month of a
period under a year), so the page shows the trend as well as the result. The chart is an inline SVG that needs
no script; its numbers are also in the table beside it and in the chart's own text alternative, and a verdict
is a word and a symbol, never a colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from svcstd.measure.compute import Measuring

if TYPE_CHECKING:
    from svcstd.loader import Document
    from svcstd.measure.compute import Measurement


@dataclass(frozen=True)
class Point:
    """One quarter (or month) of the trend: its figures as `measure --period` of that stretch gives them."""

    start: date
    end: date
    share: float | None
    volume: int


@dataclass(frozen=True)
class Delivery:
    """One promise with a number: how often it was kept over the period, and quarter by quarter."""

    key: str
    service: str | None
    days: float
    target: float | None
    minimum: float | None
    share: float | None
    """Percent within the standard, rounded to two decimals as `measure -f json` gives it."""
    volume: int
    within: int
    pending: int
    overdue: int
    verdict: str
    trend: tuple[Point, ...]


@dataclass(frozen=True)
class Performance:
    start: date
    end: date
    as_of: date
    by_month: bool
    deliveries: tuple[Delivery, ...]
    left_out: tuple[str, ...] = ()
    """The rows measure left out of the logs, and each KPI whose stated latest result its records contradict, in
    measure's words: warnings for the person rendering."""

    def by_key(self, key: str) -> Delivery | None:
        """The measured promise a KPI `measures:`; its share is what the page shows as the KPI's latest result."""
        return next((d for d in self.deliveries if d.key == key), None)


def measured(document: Document, measuring: Measuring, as_of: date, findings: list[Any]) -> Performance | None:
    """The charter's figures from its logs in `measuring.folder`, or None where it keeps none there.

    Measured exactly as `svcstd measure` measures: an unreadable log, or figures that would rest on a value the
    format rejects, is an InputError naming it (the page is never published with figures svcstd cannot stand
    behind).
    """
    from svcstd.measure.compute import (
        disagreements,
        measure_each,
        parse_period,
        refuse_malformed,
        stated_against,
        stated_claims,
        stretches,
    )
    from svcstd.measure.logs import log_paths, read_logs

    paths = log_paths(measuring.folder, document.path)
    if not paths:
        return None
    refuse_malformed(document, findings)
    period = parse_period(measuring.period, as_of)
    by_month, parts = stretches(period)
    claims = stated_claims(document.data, as_of)
    whole, *reports = measure_each(
        document.data,
        document.path,
        read_logs(paths, document.data, measuring.sheet),
        [period, *parts, *(claimed for _, claimed, _ in claims)],
        as_of,
    )
    stretched, claimed = reports[: len(parts)], reports[len(parts) :]
    trends: dict[str, list[Point]] = {m.standard.key: [] for m in whole.measurements}
    for part, report in zip(parts, stretched, strict=True):
        for m in report.measurements:
            if m.standard.key in trends:
                trends[m.standard.key].append(Point(part.start, part.end, m.shown_share, m.volume))
    return Performance(
        period.start,
        period.end,
        as_of,
        by_month,
        tuple(_delivery(m, tuple(trends[m.standard.key])) for m in whole.measurements),
        (
            *(row.warning() for row in whole.bad_rows),
            *disagreements(document, stated_against(claims, claimed, measuring.gap)),
        ),
    )


def _delivery(m: Measurement, trend: tuple[Point, ...]) -> Delivery:
    service = m.standard.key.removeprefix("service:") if m.standard.key.startswith("service:") else None
    return Delivery(
        m.standard.key,
        service,
        m.standard.days,
        m.standard.target,
        m.standard.minimum,
        m.shown_share,
        m.volume,
        m.within,
        m.pending,
        m.overdue_open,
        m.verdict,
        trend,
    )


WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 220, 44, 36, 16


def chart(
    shares: list[float | None],
    labels: list[str],
    ident: str,
    title: str,
    description: str,
    target: float | None = None,
    minimum: float | None = None,
) -> Markup:
    """Bars of the share kept in each quarter (or month), with the target as a dashed line and the minimum as a
    dotted one; the title and description carry every number, for a screen reader and for a page without CSS.
    Charter pages and the portfolio report draw their trends with it."""
    count = max(len(shares), 1)
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_width / count
    bar = min(48.0, slot * 0.6)

    def y(share: float) -> float:
        return TOP + plot_height * (1 - share / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="trend">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 50, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="#1b1b1b">{tick}%</text>'
        )
    for index, (kept, label) in enumerate(zip(shares, labels, strict=True)):
        middle = LEFT + slot * index + slot / 2
        if kept is not None:
            parts.append(
                f'<rect x="{middle - bar / 2:.1f}" y="{y(kept):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(kept):.1f}" fill="#1d4f91"/>'
                f'<text x="{middle:.1f}" y="{y(kept) - 4:.1f}" text-anchor="middle" font-size="12" '
                f'fill="#1b1b1b">{kept:.0f}%</text>'
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="12" '
            f'fill="#1b1b1b">{escape(label)}</text>'
        )
    for level, dash in ((target, "8 4"), (minimum, "2 3")):
        if level is not None:
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y(level):.1f}" y2="{y(level):.1f}" stroke="#1b1b1b" '
                f'stroke-width="2" stroke-dasharray="{dash}"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
