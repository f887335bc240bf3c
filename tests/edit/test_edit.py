"""`svcstd edit` as a person uses it without JavaScript: the installed command, its address, the form posted back.

Each test starts the real command in its own folder (tmp_path) and reads what
it saved with svcstd's own loader and `svcstd check`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from editor_client import Editor, Response, start

from conftest import EXAMPLES, SVCSTD

AS_OF = ("--as-of", "2025-11-01")
VITAL = EXAMPLES / "vital-statistics-registry.yaml"


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[tuple[Editor, Path]]:
    """The compliant example, copied into a folder of its own and open in the editor."""
    charter = tmp_path / "vital.yaml"
    shutil.copy(VITAL, charter)
    editor = start(tmp_path, "vital.yaml", *AS_OF)
    yield editor, charter
    if editor.process.poll() is None:
        editor.stop()


def notice(page: Response) -> list[str]:
    return [" ".join(el.text_content().split()) for el in page.page.find_class("notice")]


def problem(page: Response) -> list[str]:
    return [" ".join(el.text_content().split()) for el in page.page.find_class("problem")]


def count(page: Response) -> str:
    return page.page.get_element_by_id("findings-count").text_content().strip()


def check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SVCSTD), "check", str(path), *AS_OF, "-q"], capture_output=True, text=True)


def test_saving_an_unchanged_charter_leaves_its_file_byte_for_byte(editing):
    editor, charter = editing
    page = editor.open()
    assert count(page) == "No findings. The charter meets every standard svcstd checks."
    saved = editor.submit(page, "save")
    assert notice(saved) == ["Saved to vital.yaml."]
    assert charter.read_bytes() == VITAL.read_bytes()


def test_a_changed_value_changes_its_line_only_and_keeps_every_comment(editing):
    editor, charter = editing
    page = editor.open()
    saved = editor.submit(
        page, "save", {"organisation.name": "Vital Statistics Unit of Belize", "telephone.answer_within_rings": "4"}
    )
    assert notice(saved) == ["Saved to vital.yaml."]
    before, after = VITAL.read_text(encoding="utf-8").splitlines(), charter.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("  name: Vital Statistics Unit", "  name: Vital Statistics Unit of Belize"),
        ("  answer_within_rings: 3", "  answer_within_rings: 4"),
    ]
    data = yaml.safe_load(charter.read_text(encoding="utf-8"))
    assert data["telephone"]["answer_within_rings"] == 4
    assert check(charter).returncode == 0


def test_a_value_that_is_not_a_number_is_a_finding_beside_its_field_not_an_error(editing):
    editor, _ = editing
    page = editor.submit(editor.open(), "check", {"telephone.answer_within_rings": "three"})
    assert page.status == 200
    assert count(page) == "2 findings"
    field = page.page.get_element_by_id("f-telephone-answer_within_rings")
    assert field.get("aria-invalid") == "true"
    beside = page.page.get_element_by_id("f-telephone-answer_within_rings-errors").text_content()
    assert "BZ-D1" in beside or "FORMAT" in beside or "Rule" in beside
    summary = [a.get("href") for a in page.page.get_element_by_id("status-detail").iter("a")]
    assert "#f-telephone-answer_within_rings" in summary


def test_lists_grow_and_shrink_by_their_buttons_and_an_empty_service_is_judged(editing):
    editor, charter = editing
    page = editor.open()
    added = editor.submit(page, "add:services")
    assert added.page.get_element_by_id("f-services-3") is not None
    assert count(added) != "No findings. The charter meets every standard svcstd checks."
    removed = editor.submit(added, "remove:services.3")
    assert count(removed) == "No findings. The charter meets every standard svcstd checks."
    removed_first = editor.submit(removed, "remove:services.0")
    saved = editor.submit(removed_first, "save")
    assert notice(saved) == ["Saved to vital.yaml."]
    data = yaml.safe_load(charter.read_text(encoding="utf-8"))
    assert [s["id"] for s in data["services"]] == ["birth-certificate", "marriage-certificate"]


def test_a_file_changed_on_disk_since_it_was_opened_is_not_overwritten(editing):
    editor, charter = editing
    page = editor.open()
    charter.write_text(charter.read_text(encoding="utf-8") + "# a colleague's note\n", encoding="utf-8")
    kept = charter.read_bytes()
    refused = editor.submit(page, "save", {"organisation.name": "Someone else"})
    assert problem(refused) and "changed after svcstd read it" in problem(refused)[0]
    assert charter.read_bytes() == kept
    # the person's typing is still in the page they got back
    assert refused.page.get_element_by_id("f-organisation-name").get("value") == "Someone else"


def test_the_safe_fixes_of_svcstd_fix_are_one_button(tmp_path):
    shutil.copy(EXAMPLES / "small-unit.yaml", tmp_path / "unit.yaml")
    editor = start(tmp_path, "unit.yaml", *AS_OF)
    try:
        page = editor.open()
        kept = page.page.get_element_by_id("status-detail").text_content()
        assert "opening_hour" in page.text and "Make the 1 safe fix" in kept
        fixed = editor.submit(page, "fix")
        assert notice(fixed) == ["1 safe fix made. Check the form, then save."]
        saved = editor.submit(fixed, "save")
        text = (tmp_path / "unit.yaml").read_text(encoding="utf-8")
        assert notice(saved) == ["Saved to unit.yaml."]
        assert "\nopening_hours:\n" in text and "opening_hour:\n" not in text
        assert text.startswith("# yaml-language-server: $schema=../schemas/charter.schema.json\n# A small unit")
    finally:
        editor.stop()


def test_each_fixable_finding_offers_its_own_fix_beside_its_field(tmp_path):
    shutil.copy(EXAMPLES / "small-unit.yaml", tmp_path / "unit.yaml")
    editor = start(tmp_path, "unit.yaml", *AS_OF)
    try:
        page = editor.open()
        beside = page.page.get_element_by_id("f-document-errors")  # an unknown top-level key: the document's finding
        [button] = [b for b in beside.iter("button") if b.get("value", "").startswith("fix:")]
        assert button.get("value") == "fix:0" and button.text_content() == "Make this safe fix"
        assert button.getparent().text_content().endswith("opening_hour: rename to opening_hours")
        fixed = editor.submit(page, "fix:0")
        assert notice(fixed) == ["1 safe fix made. Check the form, then save."]
        assert "opening_hour" not in fixed.page.get_element_by_id("status-detail").text_content()
        assert fixed.page.get_element_by_id("f-opening_hours-weekly-monday-0-opens").get("value") == "08:30"
        assert editor.submit(fixed, "fix:7").status == 200  # a fix that is not there changes nothing
    finally:
        editor.stop()
    assert (tmp_path / "unit.yaml").read_bytes() == (EXAMPLES / "small-unit.yaml").read_bytes()  # not saved yet


def test_a_spanish_editor_says_what_each_safe_fix_changes_in_spanish(tmp_path):
    shutil.copy(EXAMPLES / "small-unit.yaml", tmp_path / "unit.yaml")
    editor = start(tmp_path, "unit.yaml", "--lang", "es", *AS_OF)
    try:
        beside = editor.open().page.get_element_by_id("f-document-errors")
        [button] = [b for b in beside.iter("button") if b.get("value", "").startswith("fix:")]
        said = button.getparent()
        assert said.text_content() == "Hacer esta corrección segura opening_hour: cambiar el nombre a opening_hours"
        assert not said.findall(".//*[@lang='en']")
    finally:
        editor.stop()


def test_a_new_charter_is_written_only_under_the_name_chosen_in_its_folder(tmp_path):
    (tmp_path / "taken.yaml").write_text("# someone's file\n", encoding="utf-8")
    editor = start(tmp_path, *AS_OF)
    try:
        page = editor.open()
        assert page.page.get_element_by_id("save-as") is not None
        filled = {"organisation.name": "Fisheries Unit", "save_as": "../outside.yaml"}
        refused = editor.submit(page, "save", filled)
        assert "is not a file name the editor writes" in problem(refused)[0]
        refused = editor.submit(refused, "save", {**filled, "save_as": "taken.yaml"})
        assert "already exists" in problem(refused)[0]
        assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "# someone's file\n"
        saved = editor.submit(refused, "save", {**filled, "save_as": "fisheries.yaml"})
        assert notice(saved) == [f"Saved to {tmp_path / 'fisheries.yaml'}."]
        data = yaml.safe_load((tmp_path / "fisheries.yaml").read_text(encoding="utf-8"))
        assert data == {"format_version": 1, "organisation": {"name": "Fisheries Unit"}}
        assert not (tmp_path.parent / "outside.yaml").exists()
    finally:
        editor.stop()


def test_the_preview_is_the_public_page_in_the_language_asked(editing):
    editor, _ = editing
    page = editor.open()
    spanish = editor.submit(page, "", {"organisation.name": "Unidad de Estadísticas Vitales"}, path="/preview?lang=es")
    assert spanish.status == 200
    assert spanish.page.get("lang") == "es"
    assert "Unidad de Estadísticas Vitales" in spanish.page.find(".//h1").text_content()
    assert "script-src" not in spanish.headers["content-security-policy"]


def test_live_judging_answers_with_the_count_and_each_fields_findings(editing):
    editor, _ = editing
    page = editor.open()
    answer = json.loads(editor.submit(page, "", {"telephone.answer_within_rings": "three"}, path="/judge").text)
    assert answer["count"] == 2
    assert list(answer["fields"]) == ["f-telephone-answer_within_rings-errors"]
    assert answer["sections"] == {"telephone": 2}


def test_the_editor_speaks_spanish_with_the_same_catalogues_as_the_pages(editing):
    editor, _ = editing
    page = editor.submit(editor.open(), "lang:es")
    assert page.page.get("lang") == "es"
    assert count(page) == "Sin observaciones. La carta cumple todos los estándares que revisa svcstd."
    assert page.page.get_element_by_id("save").text_content() == "Guardar"


def test_requests_from_anywhere_but_its_own_page_are_refused(editing):
    editor, _ = editing
    page = editor.open()
    body = "token=" + editor.token + "&action=check&state=%7B%7D"
    assert editor.request("GET", "/", headers={"Cookie": ""}).status == 403
    assert editor.request("GET", "/static/editor.js", headers={"Cookie": ""}).status == 403
    assert editor.request("GET", "/?token=wrong").status == 403
    assert editor.request("GET", "/", headers={"Host": "attacker.example:80"}).status == 421
    rebinding = editor.request("GET", f"/?token={editor.token}", headers={"Host": f"attacker.example:{editor.port}"})
    assert rebinding.status == 421
    assert editor.request("POST", "/", body, headers={"Origin": "https://attacker.example"}).status == 403
    assert editor.request("POST", "/", body.replace(editor.token, "x" * 43)).status == 403
    assert editor.request("POST", "/", body, headers={"Content-Type": "text/plain"}).status == 415
    assert editor.request("GET", "/../../etc/passwd").status == 404
    assert editor.request("GET", "/static/../session.py").status == 404
    headers = page.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    assert f"{editor.token}" not in page.text.replace(f'name="token" value="{editor.token}"', "")


def test_a_tampered_page_is_answered_with_a_message_never_a_traceback(editing):
    editor, charter = editing
    page = editor.open()
    kept = charter.read_bytes()
    for state in ("[1,2]", "{" * 100_000, "not json", '{"x-deep":' + "[" * 70 + "]" * 70 + "}"):
        answer = editor.submit(page, "save", {"state": state})
        assert answer.status == 400
        assert "could not be read; nothing was changed" in problem(answer)[0]
    for action in ("add:organisation.name", "remove:services.99", "add:", "remove:nothing.0", "lang:xx"):
        assert editor.submit(page, action).status == 200
    assert charter.read_bytes() == kept
    hostile = editor.submit(page, "save", {"services#count": "99999999999", "organisation.name": "\x07\ufffe<b>"})
    assert hostile.status == 200
    saved = yaml.safe_load(charter.read_text(encoding="utf-8"))  # what was typed, exactly, and no phantom service
    assert saved["organisation"]["name"] == "\x07\ufffe<b>"
    assert len(saved["services"]) == 3
    assert "<b>" not in hostile.text
    code, printed = editor.stop()
    assert code == 0 and "Traceback" not in printed and "internal error" not in printed


def test_ctrl_c_stops_it_cleanly(editing):
    editor, _ = editing
    editor.open()
    code, printed = editor.stop()
    assert code == 0
    assert printed.splitlines()[-1] == "svcstd: editor stopped"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["."], "the editor opens one charter file, or a new file name"),
        (["-"], "the editor opens one charter file, or a new file name"),
        (["bad.yaml"], "bad.yaml:1:5: YAML syntax error"),
        (["list.yaml"], "list.yaml:1:1: the top level is a list"),
        (["--lang", "fr"], "--lang 'fr' is not one of: en, es"),
    ],
)
def test_what_cannot_be_edited_is_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "bad.yaml").write_text("a: b: c\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    done = subprocess.run(
        [str(SVCSTD), "edit", *args, "--no-browser"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, done
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_busy_port_is_one_line_and_exit_2(editing, tmp_path):
    editor, _ = editing
    done = subprocess.run(
        [str(SVCSTD), "edit", "--port", str(editor.port), "--no-browser"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert re.fullmatch(r"svcstd: error: cannot listen on 127\.0\.0\.1:\d+: .+\n", done.stderr)


@pytest.mark.parametrize("existing", [None, b"", b"\n"], ids=["new", "empty", "blank-line"])
def test_a_charter_named_on_the_command_line_is_written_there(tmp_path, existing):
    charter = tmp_path / "fisheries.yaml"
    if existing is not None:
        charter.write_bytes(existing)
    editor = start(tmp_path, "fisheries.yaml", *AS_OF)
    try:
        page = editor.open()
        assert 'id="save-as"' not in page.text  # the file is chosen already: no name to ask for
        saved = editor.submit(page, "save", {"organisation.name": "Fisheries Unit"})
    finally:
        editor.stop()
    assert notice(saved) == ["Saved to fisheries.yaml."]
    assert yaml.safe_load(charter.read_text(encoding="utf-8")) == {
        "format_version": 1,
        "organisation": {"name": "Fisheries Unit"},
    }


def test_on_port_80_the_editor_knows_itself_by_the_address_a_browser_writes_without_the_port():
    """A browser leaves the default port out of Host and Origin: on port 80 the editor's own origins carry none, so
    its own page is not refused as rebound, and `127.0.0.1:80` is not among them (a browser never writes it).
    Binding port 80 in the suite would collide with whatever else holds it, so the origins are tested in process."""
    from svcstd.edit.server import own_origins

    assert own_origins(80) == ("http://127.0.0.1", "http://localhost")
    assert own_origins(8765) == ("http://127.0.0.1:8765", "http://localhost:8765")
