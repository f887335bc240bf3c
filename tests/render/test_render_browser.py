"""Rendered pages in a real browser and a real validator, as a web team's audit would see them.

Needs what README's test command installs: Debian's chromium at /usr/bin/chromium
(or $CHROMIUM) and the npm packages in tests/browser (axe-core, playwright-core,
vnu-jar), plus Java for the Nu HTML Checker. These tests never skip: a missing
browser fails them, since a skipped audit would hide a broken page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from charters import generate  # bench/charters.py

from conftest import AS_OF, EXAMPLES, ROOT, svcstd
from made_in_process import HOSTILE

BROWSER_TOOLS = ROOT / "tests" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VNU = BROWSER_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_HINT = (
    "install the test tools as README's test command does (apt-get install chromium; npm ci --prefix tests/browser)"
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[Path]:
    """Every example in English and Spanish as a site, a hostile charter's page, the portfolio report with a baseline,
    and a big portfolio's summary and one ministry's page."""
    root = tmp_path_factory.mktemp("pages")
    logs = str(EXAMPLES / "logs")
    for lang in ("en", "es"):
        result = svcstd(  # with the calendars and HSDS records linked, and "How we are doing" from the example logs
            "render", str(EXAMPLES), "-o", str(root / lang), "--lang", lang, "--as-of", AS_OF, "--with-exports",
            "--measurements", logs, "--period", "2025",
        )  # fmt: skip
        assert result.code == 0, result.stderr
    assert 'id="delivery"' in (root / "en" / "lands-department.html").read_text(encoding="utf-8")
    assert 'id="delivery"' in (root / "es" / "vital-statistics-registry.html").read_text(encoding="utf-8")
    months = svcstd(  # a period under a year: the trend by month
        "render", str(EXAMPLES / "vital-statistics-registry.yaml"), "-o", str(root / "months"), "--lang", "es",
        "--as-of", AS_OF, "--measurements", logs, "--period", "2025-01-01..2025-06-30",
    )  # fmt: skip
    assert months.code == 0, months.stderr
    hostile = root / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    assert svcstd("render", str(hostile), "-o", str(root / "hostile"), "--as-of", AS_OF).code == 0
    assert (
        svcstd(
            "report",
            str(EXAMPLES),
            "-o",
            str(root / "baseline"),
            "--measurements",
            logs,
            "--period",
            "2025",
            "--as-of",
            "2026-01-15",
        ).code
        == 0
    )
    assert (
        svcstd(
            "report",
            str(EXAMPLES),
            "-o",
            str(root / "report"),
            "--measurements",
            logs,
            "--period",
            "2025",
            "--as-of",
            "2026-06-15",
            "--baseline",
            str(root / "baseline" / "portfolio.json"),
        ).code
        == 0
    )
    (root / "baseline" / "portfolio.html").unlink()
    # a portfolio bigger than one page's matrix: its summary page and one ministry's matrix page
    generate(260, seed=11, directory=root / "charters")
    assert svcstd("report", str(root / "charters"), "-o", str(root / "big"), "--as-of", AS_OF).code == 0
    for extra in sorted((root / "big").glob("portfolio-*.html"))[1:]:
        extra.unlink()
    found = sorted(root.glob("*/*.html"))
    assert len(found) == 2 * (len(list(EXAMPLES.glob("*.yaml"))) + 1) + 2 + 2 + 1
    return found


@pytest.fixture(scope="module")
def audit(pages) -> dict[str, dict]:
    assert Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM}: {SETUP_HINT}"
    assert (BROWSER_TOOLS / "node_modules" / "axe-core").is_dir(), f"no axe-core: {SETUP_HINT}"
    node = shutil.which("node")
    assert node, f"no node: {SETUP_HINT}"
    proc = subprocess.run(
        [node, str(BROWSER_TOOLS / "audit.mjs"), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {record["file"]: record for record in json.loads(proc.stdout)}


def test_axe_finds_no_wcag_violations(audit):
    failures = {
        Path(file).parent.name + "/" + Path(file).name: record["violations"]
        for file, record in audit.items()
        if record["violations"]
    }
    assert failures == {}
    assert all(record["passes"] > 20 for record in audit.values())  # the audit really ran its rules


def test_pages_make_no_network_requests(audit):
    assert {file: record["external"] for file, record in audit.items() if record["external"]} == {}


def test_pages_reflow_on_a_phone(audit):
    # WCAG 1.4.10: no horizontal scrolling of the page at 320 CSS pixels (wide tables scroll in their own region)
    assert {file: record["narrowWidth"] for file, record in audit.items() if record["narrowWidth"] > 320} == {}


def test_print_hides_navigation(audit):
    assert all(record["printHidden"] for record in audit.values())


def test_hostile_values_run_no_script_in_the_browser(audit, pages):
    hostile = next(str(page) for page in pages if page.parent.name == "hostile")
    assert audit[hostile]["scripts"] == 0 and audit[hostile]["dialogs"] == 0


def test_pages_are_valid_html5(pages):
    java = shutil.which("java")
    assert java and VNU.exists(), f"the Nu HTML Checker needs java and vnu-jar: {SETUP_HINT}"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--also-check-css", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    problems = [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "warning"
    ]
    assert problems == []
