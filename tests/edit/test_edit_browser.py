"""`svcstd edit` in the real Chromium of the test suite, driven by the keyboard alone (tests/browser/edit.mjs).

A blank charter is filled, field by field, with the compliant example's
values; the live findings count falls to zero as it goes; the saved file
passes `svcstd check`. Every editor page met on the way is audited with
axe-core and the Nu HTML Checker. These tests never skip: a missing browser
fails them, since a skipped audit would hide a broken page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from editor_client import start

from conftest import EXAMPLES, ROOT, SVCSTD
from svcstd.edit.form import Field, Form

BROWSER_TOOLS = ROOT / "tests" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VNU = BROWSER_TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_HINT = (
    "install the test tools as README's test command does (apt-get install chromium; npm ci --prefix tests/browser)"
)
AS_OF = ("--as-of", "2025-11-01")
VITAL = EXAMPLES / "vital-statistics-registry.yaml"


def steps_for(data: dict[str, Any]) -> list[dict[str, str]]:
    """What a person types to fill a blank charter with `data`: the charter's languages first (the text fields
    then appear once per language), a list's "Add" button before each of its items."""
    sections = {f.name: f for f in Form().fields(data)}
    order = ["charter", *(name for name in sections if name != "charter")]
    steps: list[dict[str, str]] = []
    for name in order:
        steps += [*_steps(sections[name]), {"settle": "1"}]
        if name == "charter":
            steps.append({"press": "check"})
    return steps


def _steps(field: Field) -> list[dict[str, str]]:
    if field.kind == "group" or field.kind == "words":
        return [s for child in field.children for s in _steps(child)]
    if field.kind == "list":
        return [s for item in field.children for s in ({"press": f"add:{field.name}"}, *_steps(item))]
    if field.kind == "choices":
        return [{"check": field.name, "value": value} for value in field.chosen]
    if field.kind == "yesno":
        return [{"check": field.name, "value": field.text}]
    if field.kind == "fixed":
        raise AssertionError(f"the form cannot show {field.name}")
    return [{"type": field.name, "text": field.text}] if field.text else []


def drive(address: str, steps: list[dict[str, str]], out: Path, *mode: str) -> dict[str, Any]:
    assert Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM}: {SETUP_HINT}"
    node = shutil.which("node")
    assert node and (BROWSER_TOOLS / "node_modules" / "playwright-core").is_dir(), SETUP_HINT
    steps_file = out / "steps.json"
    steps_file.write_text(json.dumps(steps), encoding="utf-8")
    done = subprocess.run(
        [node, str(BROWSER_TOOLS / "edit.mjs"), address, str(steps_file), str(out), *mode],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def html_problems(files: list[str]) -> list[tuple[str, Any, str]]:
    java = shutil.which("java")
    assert java and VNU.exists(), f"the Nu HTML Checker needs java and vnu-jar: {SETUP_HINT}"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "warning"
    ]


def assert_accessible(record: dict[str, Any]) -> None:
    assert record["errors"] == [] and record["external"] == [] and record["smuggled"] == 0
    for audit in record["audits"]:
        assert audit["narrowWidth"] <= 320, audit
        if audit["passes"] is not None:  # axe ran (a page seen without scripts is the same HTML, audited with them)
            assert audit["violations"] == [] and audit["passes"] > 20, audit
    assert html_problems([audit["file"] for audit in record["audits"]]) == []


def test_a_blank_charter_filled_by_keyboard_becomes_compliant_and_saves(tmp_path):
    target = yaml.safe_load(VITAL.read_text(encoding="utf-8"))
    work = tmp_path / "work"
    work.mkdir()
    editor = start(work, *AS_OF)
    try:
        steps = [
            {"audit": "blank"},
            {"preview": "en"},
            *steps_for(target),
            {"press": "add:services"},
            {"audit": "with-findings"},
            {"press": "remove:services.3"},
            {"press": "lang:es"},
            {"audit": "spanish"},
            {"preview": "es"},
            {"press": "lang:en"},
            {"type": "save_as", "text": "vital.yaml"},
            {"tab_to": "save"},
            {"press": "save"},
            {"audit": "saved"},
        ]
        record = drive(editor.url, steps, tmp_path)
    finally:
        code, printed = editor.stop()
    assert code == 0 and "Traceback" not in printed, printed
    counts = record["counts"]
    assert counts[0] > 20  # a blank charter evidences almost nothing
    saved = work / "vital.yaml"
    check = subprocess.run([str(SVCSTD), "check", str(saved), *AS_OF], capture_output=True, text=True)
    assert record["final"] == 0 and counts[-1] == 0, (counts, check.stdout[-3000:])
    falling = [n for n in counts if n < counts[0]]
    assert len(falling) > len(counts) // 2  # it falls as the form is filled, not only at the end
    assert record["notices"][-1] == f"Saved to {work / 'vital.yaml'}."
    tabs = record["tabs"]
    assert tabs["unmarked"] == 0
    # Save is reached through the controls before it: radios are one stop per group, a closed <details> hides its
    # own; every other control is one Tab
    assert tabs["controls"] // 3 < tabs["presses"] < 5000
    assert_accessible(record)
    assert check.returncode == 0, check.stdout[-2000:]


def edit_copy(tmp_path: Path, steps: list[dict[str, str]], *mode: str) -> tuple[Path, dict[str, Any]]:
    """The compliant example copied to tmp_path, edited in the browser by `steps`; the copy and what was seen."""
    charter = tmp_path / "vital.yaml"
    shutil.copy(VITAL, charter)
    editor = start(tmp_path, "vital.yaml", *AS_OF)
    try:
        return charter, drive(editor.url, steps, tmp_path, *mode)
    finally:
        editor.stop()


def test_an_existing_charter_edited_by_keyboard_keeps_its_comments(tmp_path):
    steps = [
        {"audit": "existing"},
        {"type": "correspondence.reply_within_working_days", "text": "4"},
        {"check": "website.available_24_7", "value": "true"},
        {"press": "save"},
        {"type": "organisation.short_name", "text": "VSU-BZ"},
        {"settle": "1"},
        {"leave": "1"},
    ]
    charter, record = edit_copy(tmp_path, steps)
    assert record["notices"] == ["Saved to vital.yaml."]
    assert record["warned_on_leave"] is True  # the short name typed after saving is not saved yet
    assert_accessible(record)
    before, after = VITAL.read_text(encoding="utf-8").splitlines(), charter.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("  reply_within_working_days: 5", "  reply_within_working_days: 4")
    ]
    check = subprocess.run([str(SVCSTD), "check", str(charter), *AS_OF, "-q"], capture_output=True, text=True)
    assert check.returncode == 0


def test_without_javascript_a_real_browser_checks_and_saves_by_its_buttons(tmp_path):
    steps = [
        {"type": "telephone.answer_within_rings", "text": "three"},
        {"press": "check"},
        {"audit": "noscript-findings"},
        {"type": "telephone.answer_within_rings", "text": "4"},
        {"press": "check"},
        {"press": "add:kpis"},
        {"press": "remove:kpis.2"},
        {"press": "save"},
    ]
    charter, record = edit_copy(tmp_path, steps, "noscript")
    assert record["counts"] == [2, 0, record["counts"][2], 0, 0]
    assert record["counts"][2] > 0  # an empty KPI is judged
    assert record["notices"] == ["Saved to vital.yaml."]
    assert_accessible(record)
    assert "  answer_within_rings: 4\n" in charter.read_text(encoding="utf-8")


def test_a_hostile_charter_runs_nothing_in_the_editor(tmp_path):
    from made_in_process import HOSTILE

    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    editor = start(tmp_path, "hostile.yaml", *AS_OF)
    try:
        steps = [
            {"audit": "hostile"},
            {"preview": "en"},
            {"press": "check"},
            {"press": "add:services"},
            {"press": "lang:es"},
        ]
        record = drive(editor.url, steps, tmp_path)
    finally:
        code, printed = editor.stop()
    assert record["dialogs"] == 0 and record["smuggled"] == 0 and record["errors"] == []
    assert record["external"] == []
    [preview] = [audit for audit in record["audits"] if audit["label"].startswith("preview")]
    assert preview["violations"] == []
    assert code == 0 and "internal error" not in printed
