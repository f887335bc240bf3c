"""`report --measurements`: each kind of standard's share across the portfolio, quarter by quarter, summed from
the very figures `svcstd measure` gives each department, and the departments below their minimum in the last."""

from __future__ import annotations

import json

from conftest import EXAMPLES

LOGS = EXAMPLES / "logs"
AS_OF = "2026-01-15"
QUARTERS = ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
MEASURED = ("lands-department", "vital-statistics-registry")


def _kind(key: str) -> str:
    return "service" if key.startswith("service:") else key


def _measure(run, name: str, period: str) -> list[dict]:
    result = run(
        "measure", str(EXAMPLES / f"{name}.yaml"), "--correspondence", str(LOGS / f"{name}.correspondence.csv"),
        "--complaints", str(LOGS / f"{name}.complaints.csv"), "--period", period, "--as-of", AS_OF, "-f", "json",
    )  # fmt: skip
    return result.json()["reports"][0]["standards"]


def test_the_portfolio_trend_is_the_sum_of_each_departments_measured_quarters(run, tmp_path):
    result = run(
        "report", str(EXAMPLES), "-o", str(tmp_path / "out"), "--measurements", str(LOGS), "--period", "2025",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    portfolio = json.loads((tmp_path / "out" / "portfolio.json").read_text(encoding="utf-8"))
    trend = portfolio["trend"]
    assert trend["by"] == "quarter"
    assert [s["start"] for s in trend["stretches"]] == ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"]
    expected: dict[str, list[list[int]]] = {}
    below = []
    for name in MEASURED:
        for index, quarter in enumerate(QUARTERS):
            for standard in _measure(run, name, quarter):
                sums = expected.setdefault(_kind(standard["key"]), [[0, 0] for _ in QUARTERS])
                sums[index][0] += standard["within"]
                sums[index][1] += standard["volume"]
                latest = quarter == QUARTERS[-1]
                minimum, share = standard["minimum_percent"], standard["share_percent"]
                if latest and minimum is not None and share is not None and share < minimum:
                    below.append((name, standard["key"], share, minimum))
    shown = {kind: [[q["within"], q["volume"]] for q in quarters] for kind, quarters in trend["standards"].items()}
    assert shown == expected
    for quarters in trend["standards"].values():
        for q in quarters:
            assert q["share_percent"] == (round(100 * q["within"] / q["volume"], 2) if q["volume"] else None)
    listed = sorted((d["key"].split("/")[-1].removesuffix(".yaml"), d["standard"], d["share_percent"], d["minimum_percent"])
                    for d in trend["below_minimum_latest"])  # fmt: skip
    assert listed == sorted(below) and listed, "the lands example falls below its minimum in the last quarter"
    page = (tmp_path / "out" / "portfolio.html").read_text(encoding="utf-8")
    assert 'id="trend"' in page and 'role="img"' in page and 'id="below-minimum"' in page
    markdown = (tmp_path / "out" / "portfolio.md").read_text(encoding="utf-8")
    assert "### Across the portfolio, by quarter" in markdown and "| standard | Q1 2025 | Q2 2025 |" in markdown


def test_a_period_under_a_year_is_summed_month_by_month_and_without_logs_there_is_no_trend(run, tmp_path):
    monthly = run(
        "report", str(EXAMPLES), "-o", str(tmp_path / "m"), "--measurements", str(LOGS),
        "--period", "2025-01-01..2025-03-31", "--as-of", AS_OF,
    )  # fmt: skip
    assert monthly.code == 0, monthly.stderr
    trend = json.loads((tmp_path / "m" / "portfolio.json").read_text(encoding="utf-8"))["trend"]
    assert trend["by"] == "month" and len(trend["stretches"]) == 3
    plain = run("report", str(EXAMPLES), "-o", str(tmp_path / "p"), "--as-of", AS_OF)
    assert plain.code == 0
    assert "trend" not in json.loads((tmp_path / "p" / "portfolio.json").read_text(encoding="utf-8"))
