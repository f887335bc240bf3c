"""The form made from the charter schema, in process: every section is there, and a page posted back untouched
is the charter it was made from (the browser's reading of the page is lxml's, as editor_client reads it)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from editor_client import Response, form_fields

from conftest import EXAMPLES, ROOT
from svcstd.edit.form import Form
from svcstd.edit.page import Pages
from svcstd.edit.session import Session
from svcstd.judge import build_judge
from svcstd.resources import json_resource

JUDGE = build_judge(None, date(2025, 11, 1))


def page_of(data: dict, language: str = "en") -> Response:
    session = Session(JUDGE, None, ".")
    html = Pages(language, JUDGE.catalogue).editor(data, session.judged(data), token="t", file="x.yaml", unsaved=False)
    return Response(200, {}, html)


def posted(page: Response, changes: dict | None = None) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in form_fields(page, "check", changes):
        fields.setdefault(name, []).append(value)
    return fields


def test_every_section_of_the_format_is_in_the_form_named_in_both_languages():
    schema = json_resource("charter.schema.json")
    english = [h.text_content() for h in page_of({"format_version": 1}).page.iter("h2")]
    spanish = page_of({"format_version": 1}, "es").page
    for key, node in schema["properties"].items():
        if key != "$schema":
            assert node["title"] in english, key  # the catalogue's English is the schema's own title
            heading = spanish.get_element_by_id(f"f-{key}-heading")
            assert heading.text_content() != node["title"] and not heading.findall(".//span"), key


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_page_posted_back_untouched_is_the_charter_it_was_made_from(example):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    page = page_of(data)
    assert Form().read(posted(page), data) == data


def test_a_page_posted_back_holds_what_was_typed_as_the_schema_types_it():
    data = yaml.safe_load((EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8"))
    changes = {
        "telephone.answer_within_rings": "4",
        "services.1.fee": "12.5",
        "kpis.0.latest.period": "2025",
        "website.available_24_7": "false",
        "organisation.vision.es": "",
        "contact.email": "",
        "publication.opening_hours": ["notice_board", "website"],
    }
    read = Form().read(posted(page_of(data), changes), data)
    assert read["telephone"]["answer_within_rings"] == 4
    assert read["services"][1]["fee"] == 12.5
    assert read["kpis"][0]["latest"]["period"] == 2025
    assert read["website"]["available_24_7"] is False
    assert read["organisation"]["vision"] == {"en": data["organisation"]["vision"]["en"]}
    assert "email" not in read["contact"]
    assert read["publication"]["opening_hours"] == ["website", "notice_board"]  # the order the person wrote kept


def test_what_the_form_cannot_show_is_kept_as_written():
    data = {
        "format_version": 1,
        "x-ministry": {"code": 7},
        "opening_hour": {"weekly": {}},
        "organisation": {"name": ["a", "list"], "ministry": "M"},
        "staffing": {"teams": "not a list"},
    }
    page = page_of(data)
    assert "x-ministry, opening_hour" in page.text
    read = Form().read(posted(page, {"organisation.ministry": "Ministry of Works"}), data)
    assert read == {**data, "organisation": {"name": ["a", "list"], "ministry": "Ministry of Works"}}


def test_text_per_language_follows_the_charters_languages():
    data = {"format_version": 1, "charter": {"languages": ["en", "es"]}, "organisation": {"vision": "Only English"}}
    page = page_of(data, "es")
    assert page.page.get_element_by_id("f-organisation-vision-en").text == "Only English"
    assert page.page.get_element_by_id("f-organisation-vision-es").get("lang") == "es"
    read = Form().read(posted(page), data)
    assert read["organisation"]["vision"] == "Only English"  # untouched: still text given once
    read = Form().read(posted(page, {"organisation.vision.es": "Solo en español"}), data)
    assert read["organisation"]["vision"] == {"en": "Only English", "es": "Solo en español"}


def test_a_section_left_empty_in_the_file_is_a_form_to_fill():
    data = {"format_version": 1, "organisation": None, "contact": {"email": None}}
    page = page_of(data)
    assert page.page.get_element_by_id("f-organisation-name").get("value") == ""
    assert Form().read(posted(page), data) == data  # untouched: still empty
    read = Form().read(posted(page, {"organisation.name": "Fisheries"}), data)
    assert read["organisation"] == {"name": "Fisheries"}


def test_every_key_of_the_format_has_a_spanish_label():
    schema = json_resource("charter.schema.json")
    form = Form("es")
    names = form.labels["names"]

    def keys(node, seen):
        node = form.resolve(node)
        for key, child in node.get("properties", {}).items():
            seen.add(key)
            keys(child, seen)
        if isinstance(node.get("items"), dict):
            keys(node["items"], seen)
        return seen

    missing = sorted(k for k in keys(schema, set()) if k not in names and k != "$schema")
    assert missing == []

    def lists(node, path):
        node = form.resolve(node)
        if form.kind(node) == "list":
            yield tuple(path), form.resolve(node.get("items", {}))
            yield from lists(node["items"], [*path, 0])
        for key, child in node.get("properties", {}).items():
            yield from lists(child, [*path, key])

    assert [path for path, items in lists(schema, []) if form.item_title(path, items) is None] == []
    page = page_of(yaml.safe_load((EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")), "es")
    label = page.page.get_element_by_id("f-telephone-answer_within_rings").getparent().find("label")
    assert label.text_content().strip() == "Contestar antes de (timbres)"
    assert page.page.find(".//label[@for='f-contact-telephone-0']").text_content() == "Número de teléfono 1"
    assert "Tramo horario 1" in page.page.get_element_by_id("f-opening_hours-weekly-monday").text_content()


def test_every_description_of_the_format_has_its_spanish_and_none_is_stale():
    """The hints under the fields are the schema's descriptions: a Spanish editor shows each in Spanish, and a
    description the schema changes fails here until its Spanish is written again."""
    english: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                english.add(node["description"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json_resource("charter.schema.json"))
    spanish = Form("es").labels["descriptions"]
    assert sorted(english - set(spanish)) == []  # untranslated
    assert sorted(set(spanish) - english) == []  # translated, but no longer the schema's words
    page = page_of(yaml.safe_load((EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")), "es")
    hint = page.page.get_element_by_id("f-correspondence-reply_within_working_days-hint")
    assert hint.text_content().startswith("Las cartas y los correos electrónicos se responden en este número")
    assert not hint.findall(".//span[@lang='en']")
    in_english = page_of(yaml.safe_load((EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")))
    hint = in_english.page.get_element_by_id("f-correspondence-reply_within_working_days-hint")
    assert hint.text_content().startswith("Letters and emails are replied to within this many working days.")


def test_the_pages_say_each_safe_fix_as_svcstd_fix_does_and_in_spanish_with_the_same_placeholders():
    """`svcstd fix` prints FIX_WORDS; the editor words the same edit from its catalogue (`edit.fix.<kind>`): the
    English entries are fix's words, and every language fills the same placeholders."""
    import re

    from svcstd.safe_edits import FIX_WORDS

    catalogues = {
        language: yaml.safe_load((ROOT / "src/svcstd/render/messages" / f"{language}.yaml").read_text(encoding="utf-8"))
        for language in ("en", "es")
    }
    assert {kind: catalogues["en"][f"edit.fix.{kind}"] for kind in FIX_WORDS} == FIX_WORDS
    for kind, words in FIX_WORDS.items():
        spanish = catalogues["es"][f"edit.fix.{kind}"]
        assert sorted(re.findall(r"{(\w+)}", spanish)) == sorted(re.findall(r"{(\w+)}", words)), kind
