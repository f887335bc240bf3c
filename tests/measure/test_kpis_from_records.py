"""A KPI that `measures:` a standard is held to the department's records: its stated latest result is compared
with what the logs give for the same period, and a page rendered with the logs shows the measured figure."""

from __future__ import annotations

import shutil

from conftest import EXAMPLES

LOGS = EXAMPLES / "logs"
AS_OF = "2026-01-15"
STATED = "latest: {period: 2025, value: 71.0}"  # the lands example's title-search KPI: its records give 71.04


def _charter(tmp_path, stated: str):
    folder = tmp_path / "charters"
    folder.mkdir(exist_ok=True)
    text = (EXAMPLES / "lands-department.yaml").read_text(encoding="utf-8")
    assert STATED in text
    path = folder / "lands-department.yaml"
    path.write_text(text.replace(STATED, stated), encoding="utf-8")
    return path


def _measure(run, charter, *extra: str):
    return run(
        "measure", str(charter), "--correspondence", str(LOGS / "lands-department.correspondence.csv"),
        "--complaints", str(LOGS / "lands-department.complaints.csv"), "--as-of", AS_OF, *extra,
    )  # fmt: skip


def test_a_stated_result_within_a_point_of_the_records_passes_quietly(run, tmp_path):
    result = _measure(run, _charter(tmp_path, STATED), "--period", "2025", "-f", "json")
    stated = result.json()["reports"][0]["stated_latest"]
    assert stated[0] == {
        "kpi": "title-search-on-time",
        "measures": "service:land-title-search",
        "period": "2025",
        "stated_percent": 71.0,
        "recorded_percent": 71.04,
        "allowed_gap_points": 1.0,  # svcstd's reading of ISO-7.1.2.4-06, as no svcstd.toml changes it
        "disagrees": False,
    }
    assert "states" not in result.stderr


def test_a_better_figure_than_the_records_show_is_a_warning_at_its_line(run, tmp_path):
    charter = _charter(tmp_path, "latest: {period: 2025, value: 95}")
    line = next(n for n, text in enumerate(charter.read_text().splitlines(), 1) if "value: 95}" in text)
    result = _measure(
        run, charter, "--period", "2025-Q3", "-f", "json"
    )  # the KPI's own period is measured, not --period
    assert result.json()["reports"][0]["stated_latest"][0]["disagrees"] is True
    assert (
        f"svcstd: warning: {charter}:{line}: kpis[0] (title-search-on-time) states 95% for 2025, but the records give "
        "71.04% (more than 1 point apart); publish what the records show"
    ) in result.stderr
    quarter = _measure(run, _charter(tmp_path, "latest: {period: 2025-Q3, value: 62.5}"), "-f", "json")
    assert quarter.json()["reports"][0]["stated_latest"][0]["recorded_percent"] == 62.5  # the quarter's own share


def test_a_period_svcstd_cannot_read_is_left_to_the_charter(run, tmp_path):
    result = _measure(run, _charter(tmp_path, 'latest: {period: "FY 2024/25", value: 95}'), "-f", "json")
    assert result.code in (0, 1) and "states" not in result.stderr
    assert all(s["kpi"] != "title-search-on-time" for s in result.json()["reports"][0]["stated_latest"])


def test_the_page_shows_the_measured_result_marked_as_such_and_warns_of_the_stated_one(run, tmp_path):
    charter = _charter(tmp_path, "latest: {period: 2025, value: 95}")
    shutil.copytree(LOGS, tmp_path / "logs")
    args = ("--measurements", str(tmp_path / "logs"), "--period", "2025", "--as-of", AS_OF)
    english = run("render", str(charter), *args)
    assert english.code == 0, english.stderr
    assert (
        '<span data-measured="71.04">71.04%</span> (counted from our records, 1 January 2025 to 31 December 2025)'
        in english.stdout
    )
    assert "95%" not in english.stdout.split('id="performance"')[1].split("</section>")[0]
    assert "states 95% for 2025, but the records give 71.04%" in english.stderr
    spanish = run("render", str(charter), "--lang", "es", *args)
    assert "(contado en nuestros registros, del 1 de enero de 2025 al 31 de diciembre de 2025)" in spanish.stdout
    without = run("render", str(charter), "--as-of", AS_OF)  # no logs given: the charter's own words, as before
    assert "95%" in without.stdout.split('id="performance"')[1].split("</section>")[0]


def test_measure_and_render_hold_a_kpi_to_the_gap_the_configuration_allows_as_check_does(run, tmp_path):
    """The gap is one reading, `max_stated_gap_points` of ISO-7.1.2.4-06: a ministry that allows 30 points sees no
    warning from measure, render or check; one that allows none is warned of the 0.04 points check also finds."""
    charter = _charter(tmp_path, "latest: {period: 2025, value: 95}")  # 23.96 points above its records
    shutil.copytree(LOGS, tmp_path / "logs")
    for allowed, warned in ((30, False), (1, True)):
        (tmp_path / "svcstd.toml").write_text(f'[rules."ISO-7.1.2.4-06"]\nmax_stated_gap_points = {allowed}\n')
        measured = run(
            "measure", str(charter), "--correspondence", str(LOGS / "lands-department.correspondence.csv"),
            "--as-of", AS_OF, "-f", "json", cwd=tmp_path,
        )  # fmt: skip
        assert measured.json()["reports"][0]["stated_latest"][0]["disagrees"] is warned
        assert ("states 95% for 2025" in measured.stderr) is warned
        page = run("render", str(charter), "--measurements", "logs", "--as-of", AS_OF, cwd=tmp_path)
        assert page.code == 0 and ("states 95% for 2025" in page.stderr) is warned
        checked = run("check", str(charter), "--measurements", "logs", "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
        found = [f["rule"] for s in checked.json()["files"][0]["standards"] for f in s["findings"]]
        assert ("ISO-7.1.2.4-06" in found) is warned
    (tmp_path / "svcstd.toml").write_text('[rules."ISO-7.1.2.4-06"]\nmax_stated_gap_points = 0\n')
    exact = _charter(tmp_path, STATED)  # 71.0 stated, 71.04 recorded
    for command in (
        ("measure", str(exact), "--correspondence", str(LOGS / "lands-department.correspondence.csv")),
        ("render", str(exact), "--measurements", "logs"),
    ):
        assert "states 71% for 2025" in run(*command, "--as-of", AS_OF, cwd=tmp_path).stderr
    explicit = tmp_path / "elsewhere.toml"
    explicit.write_text('[rules."ISO-7.1.2.4-06"]\nmax_stated_gap_points = 30\n')
    quiet = _measure(run, charter, "--config", str(explicit), "-f", "json")
    assert quiet.json()["reports"][0]["stated_latest"][0]["disagrees"] is False
