"""`svcstd check --measurements DIR`: each KPI's stated latest result held to the department's logs (ISO-7.1.2.4-06),
found and read as `svcstd measure` reads them; without the logs the rule is not judged at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES

AS_OF = "2025-11-01"
RULE = "ISO-7.1.2.4-06"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The vital statistics example and its logs, its first KPI stating 99.5% where the records give 96.61%."""
    shutil.copytree(EXAMPLES / "logs", tmp_path / "logs")
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    stated = "latest: {period: 2025-Q3, value: 96.2}"
    assert stated in text
    (tmp_path / "vital-statistics-registry.yaml").write_text(
        text.replace(stated, "latest: {period: 2025-Q3, value: 99.5}"), encoding="utf-8"
    )
    (tmp_path / "as-published.yaml").write_text(text, encoding="utf-8")
    for kind in ("correspondence", "complaints"):
        shutil.copy(
            tmp_path / "logs" / f"vital-statistics-registry.{kind}.csv", tmp_path / "logs" / f"as-published.{kind}.csv"
        )
    return tmp_path


def findings(report: dict, file: str) -> list[dict]:
    result = next(r for r in report["files"] if r["file"].endswith(file))
    return [f for s in result["standards"] for f in s["findings"]]


def test_a_kpi_its_records_contradict_is_a_warning_at_its_value(run, folder):
    done = run("check", "vital-statistics-registry.yaml", "as-published.yaml", "--measurements", "logs",
               "--as-of", AS_OF, "-f", "json", cwd=folder)  # fmt: skip
    assert done.code == 0, done.stderr  # a warning: the source recommends ("should")
    report = done.json()
    [finding] = findings(report, "vital-statistics-registry.yaml")
    assert (finding["rule"], finding["severity"], finding["path"]) == (RULE, "warning", "kpis[0].latest.value")
    assert finding["detail"] == (
        "certificates-on-time states 99.5% for 2025-Q3; the records give 96.61% (more than 1 point apart)"
    )
    line = next(n for n, t in enumerate((folder / "vital-statistics-registry.yaml").open(), 1) if "99.5" in t)
    assert finding["line"] == line
    assert findings(report, "as-published.yaml") == []  # 96.2% stated, 96.61% recorded: within the point
    failing = run("check", "vital-statistics-registry.yaml", "--measurements", "logs", "--as-of", AS_OF,
                  "--fail-on", "warning", "-q", cwd=folder)  # fmt: skip
    assert failing.code == 1 and RULE in failing.stdout


def test_measure_gives_the_figure_check_holds_the_kpi_to(run, folder):
    measured = run("measure", "vital-statistics-registry.yaml", "--correspondence",
                   "logs/vital-statistics-registry.correspondence.csv", "--as-of", AS_OF, "-f", "json", cwd=folder)  # fmt: skip
    [report] = measured.json()["reports"]
    [stated] = [s for s in report["stated_latest"] if s["kpi"] == "certificates-on-time"]
    assert (stated["stated_percent"], stated["recorded_percent"], stated["disagrees"]) == (99.5, 96.61, True)


def test_without_logs_the_rule_is_not_judged(run, folder):
    done = run("check", "vital-statistics-registry.yaml", "--as-of", AS_OF, "-f", "json", cwd=folder)
    assert done.code == 0
    assert findings(done.json(), "vital-statistics-registry.yaml") == []
    alone = run("check", "vital-statistics-registry.yaml", "--as-of", AS_OF, "--select", RULE, cwd=folder)
    assert "ISO-7.1.2.4" not in alone.stdout  # nothing to show: the rule needs the logs


def test_workers_read_the_logs_as_one_process_does(run, folder):
    args = ("check", str(folder), "--measurements", str(folder / "logs"), "--as-of", AS_OF, "-f", "json")
    one, many = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.stdout == many.stdout and RULE in one.stdout


def test_a_log_svcstd_cannot_read_is_one_error_naming_it(run, folder):
    (folder / "logs" / "vital-statistics-registry.correspondence.csv").unlink()
    (folder / "logs" / "vital-statistics-registry.correspondence.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    done = run("check", "vital-statistics-registry.yaml", "--measurements", "logs", "--as-of", AS_OF, cwd=folder)
    assert done.code == 2
    assert "logs/vital-statistics-registry.correspondence.xlsx" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_measurements_must_be_a_folder(run, folder):
    done = run("check", "vital-statistics-registry.yaml", "--measurements", "nowhere", cwd=folder)
    assert done.code == 2
    assert done.stderr == "svcstd: error: --measurements nowhere is not a directory\n"
