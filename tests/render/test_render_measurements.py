"""`render --measurements`: "How we are doing" shows exactly `svcstd measure`'s figures, for the period and for each
quarter (or month) of it, in English and Spanish, with the chart's numbers also in words and in a table."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES

LOGS = EXAMPLES / "logs"
AS_OF = "2026-01-15"
MEASURED = ["lands-department", "vital-statistics-registry"]


class Figures(HTMLParser):
    """The data-* figures of the "How we are doing" section, and the text of its chart's title and description."""

    def __init__(self) -> None:
        super().__init__()
        self.deliveries: list[dict[str, str]] = []
        self.trends: list[list[dict[str, str]]] = []
        self.svg_text: list[str] = []
        self._in_svg_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "section" and found.get("class") == "delivery":
            self.deliveries.append({})
            self.trends.append([])
        elif self.deliveries and tag == "dd":
            self.deliveries[-1].update({k: v for k, v in found.items() if k.startswith("data-")})
        elif self.deliveries and tag == "tr" and "data-start" in found:
            self.trends[-1].append(dict(found))
        elif self.trends and self.trends[-1] and tag == "td":
            self.trends[-1][-1].update({k: v for k, v in found.items() if k.startswith("data-")})
        self._in_svg_text = tag in ("title", "desc") and bool(self.deliveries)

    def handle_data(self, data: str) -> None:
        if self._in_svg_text:
            self.svg_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_svg_text = False


def _page(run, tmp_path: Path, name: str, lang: str, period: str) -> tuple[str, Figures]:
    out = tmp_path / f"{name}-{lang}.html"
    result = run(
        "render", str(EXAMPLES / f"{name}.yaml"), "--lang", lang, "--as-of", AS_OF,
        "--measurements", str(LOGS), "--period", period,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    out.write_text(result.stdout, encoding="utf-8")
    figures = Figures()
    figures.feed(result.stdout)
    return result.stdout, figures


def _measure(run, name: str, period: str) -> dict:
    result = run(
        "measure", str(EXAMPLES / f"{name}.yaml"), "--correspondence", str(LOGS / f"{name}.correspondence.csv"),
        "--complaints", str(LOGS / f"{name}.complaints.csv"), "--period", period, "--as-of", AS_OF, "-f", "json",
    )  # fmt: skip
    assert result.code in (0, 1), result.stderr
    return {s["key"]: s for s in result.json()["reports"][0]["standards"]}


def _number(text: str) -> float | None:
    return float(text) if text else None


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", MEASURED)
def test_the_page_shows_exactly_measures_figures_for_the_year_and_each_quarter(run, tmp_path, name, lang):
    _, figures = _page(run, tmp_path, name, lang, "2025")
    year = _measure(run, name, "2025")
    quarters = {quarter: _measure(run, name, quarter) for quarter in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")}
    assert [d["data-key"] for d in figures.deliveries] == list(year)
    for shown, trend in zip(figures.deliveries, figures.trends, strict=True):
        expected = year[shown["data-key"]]
        assert _number(shown["data-share"]) == expected["share_percent"]
        assert int(shown["data-volume"]) == expected["volume"]
        assert shown["data-verdict"] == expected["verdict"]
        assert _number(shown.get("data-target", "")) == expected["target_percent"]
        assert _number(shown.get("data-minimum", "")) == expected["minimum_percent"]
        assert [row["data-start"] for row in trend] == ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"]
        for row, quarter in zip(trend, quarters, strict=True):
            figures_of_quarter = quarters[quarter][shown["data-key"]]
            assert _number(row["data-share"]) == figures_of_quarter["share_percent"], (quarter, shown["data-key"])
            assert int(row["data-volume"]) == figures_of_quarter["volume"]


def test_the_page_says_the_period_the_day_measured_and_whose_records_in_both_languages(run, tmp_path):
    english, figures = _page(run, tmp_path, "lands-department", "en", "2025")
    assert "How we are doing" in english
    assert (
        "from our own records of the letters, emails and complaints we received from 1 January 2025 to 31 December 2025, counted on 15 January 2026"
        in english
    )
    assert "✘ Below the lowest acceptable level" in english  # a word and a symbol, not a colour alone
    assert "Q3 2025" in english and 'role="img"' in english
    # the chart's text alternative carries every quarter's share and the target
    said = " ".join(figures.svg_text)
    assert "Q1 2025: 66.67% of 3" in said and "Target 90%." in said and "Lowest acceptable 80%." in said
    spanish, _ = _page(run, tmp_path, "lands-department", "es", "2025")
    assert "Nuestros resultados" in spanish and "del 1 de enero de 2025 al 31 de diciembre de 2025" in spanish
    assert "T3 de 2025" in spanish and "✘ Por debajo del mínimo aceptable" in spanish


def test_a_period_under_a_year_is_shown_month_by_month(run, tmp_path):
    _, figures = _page(run, tmp_path, "vital-statistics-registry", "en", "2025-01-01..2025-06-30")
    months = [row["data-start"] for row in figures.trends[0]]
    assert months == ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"]
    march = _measure(run, "vital-statistics-registry", "2025-03")[figures.deliveries[0]["data-key"]]
    assert _number(figures.trends[0][2]["data-share"]) == march["share_percent"]


def test_a_site_of_pages_gains_the_section_only_where_there_are_logs_and_the_markdown_page_too(run, tmp_path):
    result = run(
        "render", str(EXAMPLES), "-o", str(tmp_path / "site"), "--as-of", AS_OF,
        "--measurements", str(LOGS), "--period", "2025", "--jobs", "2",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    with_section = sorted(p.name for p in (tmp_path / "site").glob("*.html") if 'id="delivery"' in p.read_text("utf-8"))
    assert with_section == ["lands-department.html", "vital-statistics-registry.html"]
    assert "row left out" in result.stderr  # the example logs' faulty rows, as measure names them
    markdown = run(
        "render", str(EXAMPLES / "lands-department.yaml"), "-f", "markdown", "--as-of", AS_OF,
        "--measurements", str(LOGS), "--period", "2025",
    )  # fmt: skip
    assert "## How we are doing" in markdown.stdout and "| Q2 2025 | 37\\.5% | 16 |" in markdown.stdout


def test_a_bad_log_or_option_is_one_line_and_nothing_is_written(run, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "lands-department.correspondence.csv").write_text("when,what\n1,2\n", encoding="utf-8")
    result = run(
        "render", str(EXAMPLES / "lands-department.yaml"), "-o", str(tmp_path / "site"), "--as-of", AS_OF,
        "--measurements", str(logs),
    )  # fmt: skip
    assert result.code == 2 and "lands-department.correspondence.csv" in result.stderr and "no column" in result.stderr
    assert not (tmp_path / "site").exists()
    alone = run("render", str(EXAMPLES / "lands-department.yaml"), "--period", "2025")
    assert alone.code == 2 and "give --measurements DIR too" in alone.stderr
    wrong = run("render", str(EXAMPLES / "lands-department.yaml"), "--measurements", str(LOGS), "--period", "2025-Q5")
    assert wrong.code == 2 and "--period '2025-Q5'" in wrong.stderr
    assert len(result.stderr.strip().splitlines()) == 1
