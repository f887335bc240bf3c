"""The engine's newest words, to the letter and in process: text per language, values of several kinds, the safe
fixes findings carry, and faults reached through an alias; and how SARIF, GitHub and GitLab carry them.

The command-level tests (test_multilingual, test_fix, test_yaml_traps) prove these end to end; these pin every
word and field, so mutation testing (scripts/mutation.sh) can judge the code that makes them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from svcstd.catalogue import load_catalogue
from svcstd.check.reporters.sarif import result as sarif_result
from svcstd.checks import CheckContext, get_check
from svcstd.checks.languages_given import found_at, languages_of, same_language
from svcstd.engine import Engine, Options
from svcstd.explain import help_uri
from svcstd.findings import Edit, Span
from svcstd.loader import Document, load_text
from svcstd.schema_wording import PER_LANGUAGE, describe
from test_reporting_in_process import _errors, finding, report
from test_reporting_in_process import result as file_result

ENGINE = Engine(load_catalogue(), Options(date(2025, 11, 1)))
CONTEXT = CheckContext(date(2025, 11, 1))
FEE = {"anyOf": [{"type": "string", "minLength": 1, "pattern": "\\S"}, {"type": "number", "minimum": 0, "maximum": 10}]}
WORDS = {
    "if": {"type": "string"},
    "then": {"type": "string", "minLength": 1, "pattern": "\\S"},
    "else": {
        "title": PER_LANGUAGE,
        "type": "object",
        "minProperties": 1,
        "patternProperties": {"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": {"type": "string"}},
        "additionalProperties": False,
    },
}


@pytest.mark.parametrize(
    ("schema", "value", "words"),
    [
        (FEE, -5, "v is -5, less than 0"),
        (FEE, 11, "v is 11, more than 10"),
        (FEE, "", "v is empty text"),
        (FEE, [1], "v is a list; expected text or a number"),
        (FEE, {"a": 1}, "v is a mapping; expected text or a number"),
        (FEE, True, "v is true; expected text or a number"),
        (
            {"anyOf": [{"type": "integer"}, {"type": ["string", "null"]}]},
            1.5,
            "v is 1.5; expected a whole number or text or nothing",
        ),
        (WORDS, 42, "v is 42; expected text, or text per language (en: ..., es: ...)"),
        (WORDS, [], "v is a list; expected text, or text per language (en: ..., es: ...)"),
        (WORDS, {}, "v is an empty mapping"),
        ({"type": ["string", "object"]}, 3, "v is 3; expected text, or text per language (en: ..., es: ...)"),
        ({"type": "object", "minProperties": 2}, {"a": 1}, "v: {'a': 1} does not have enough properties"),
        ({"type": "string", "minLength": 2}, "a", "v: 'a' is too short"),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "0960",
            'v is "0960", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "08:00",
            'v is "08:00", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "2360",
            'v is "2360", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"pattern": "^x$", "title": "Time of day"}, "2359", 'v is "2359", not a valid time of day (write "23:59")'),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "2430",
            'v is "2430", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 1.5, "v is 1.5; expected text or a whole number"),
        ({"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 3}]}, 2, "v is 2, less than 3"),
        # a branch judged by a keyword with no value to show (const null): the validator's own words
        ({"anyOf": [{"type": "string"}, {"const": None}]}, 5, "v: 5 is not valid under any of the given schemas"),
        ({"pattern": "^x$", "title": "Time of day"}, "0000", 'v is "0000", not a valid time of day (write "00:00")'),
    ],
)
def test_each_new_kind_of_failure_is_described_in_its_own_words(schema, value, words):
    assert describe(_errors({"properties": {"v": schema}}, {"v": value})[0]) == words


def _findings(text: str) -> list:
    return [f for f in ENGINE.check(load_text(text, "c.yaml")).findings if f.rule_id.startswith("FMT")]


HEAD = "format_version: 1\norganisation: {name: Unit}\n"


def test_a_long_key_is_shown_in_thirty_characters():
    key = "a" * 40
    [found] = [
        f for f in _findings(HEAD + f"reception:\n  greeting_standard: {{{key}: Hello}}\n") if f.rule_id == "FMT-01"
    ]
    assert found.detail.startswith("reception.greeting_standard." + key + ": '" + "a" * 28 + "… is not a language code")


def test_a_key_that_is_not_a_language_is_named_so_and_has_no_fix():
    [found] = [
        f for f in _findings(HEAD + "reception:\n  greeting_standard: {english: Hello}\n") if f.rule_id == "FMT-01"
    ]
    assert (found.path, found.line, found.column, found.detail, found.autofix) == (
        ("reception", "greeting_standard", "english"),
        4,
        23,
        "reception.greeting_standard.english: 'english' is not a language code; give text per language as en: ..., es: ...",
        None,
    )


def test_the_safe_fix_a_finding_carries_is_exactly_the_edit_fix_makes():
    text = HEAD + 'contact:\n  telephone: [8220500]\nwebsite:\n  available_24_7: yes\n  last_update: "2025-10-20"\n'
    found = {f.dotted_path: f for f in _findings(text)}
    phone, flag, key = found["contact.telephone[0]"], found["website.available_24_7"], found["website.last_update"]
    assert phone.autofix == Edit(
        Span(68, 75, 4, 15, 4, 22, "8220500", True),
        '"8220500"',
        ("contact", "telephone", 0),
        False,
        "contact.telephone[0]: quote 8220500 so it stays text",
    )
    assert (flag.autofix.replacement, flag.autofix.key, flag.autofix.description) == (
        "true",
        False,
        "website.available_24_7: write yes as true (YAML 1.1 reads it so)",
    )
    assert (flag.autofix.span.line, flag.autofix.span.column, flag.autofix.span.end_column) == (6, 19, 22)
    assert (key.autofix.replacement, key.autofix.key, key.autofix.span.text) == ("last_updated", True, "last_update")
    assert key.autofix.description == "website.last_update: rename to last_updated"
    # "ulr" is as close to "url" as two letters swapped can be, but not close enough to be certain: left to the author
    [unsure] = [f for f in _findings(HEAD + "website: {ulr: https://x.gov.bz/}\n") if f.rule_id == "FMT-01"]
    assert unsure.autofix is None and unsure.detail == "unknown key website.ulr; did you mean 'url'?"
    # a document without its text (built in memory) has nothing to splice: no fix is offered
    bare = ENGINE.check(Document("c.yaml", load_text(text, "c.yaml").data))
    assert [f.autofix for f in bare.findings if f.rule_id.startswith("FMT")] == [None, None, None]
    # quoting that only makes YAML 1.1 tools agree resolves no finding, so none carries it
    dated = HEAD + "website:\n  last_updated: 2025-10-20\n  available_24_7: yes\n"
    assert [f.autofix.replacement for f in _findings(dated) if f.autofix] == ["true"]
    assert [e.replacement for e in ENGINE.autofixes(load_text(dated, "c.yaml"))] == ['"2025-10-20"', "true"]


def test_a_fault_through_an_alias_names_where_it_is_written_and_sorts_in_that_order():
    text = (
        HEAD
        + "opening_hours:\n  weekly: &h\n"
        + '    monday: [{opens: "8:00", closes: "16:30"}]\n'
        + '    friday: [{opens: "08:00", closes: "26:00"}]\n'
        + "reception:\n  staffed_hours: *h\n"
    )
    through = [f for f in _findings(text) if f.path[0] == "reception"]
    assert [(f.line, f.column, f.written_at) for f in through] == [(8, 3, (5, 22)), (8, 3, (6, 39))]
    assert through[0].detail.endswith('not a valid time of day (write "08:00") (written at line 5 under &h)')
    assert through[1].detail.endswith("(written at line 6 under &h)")
    written = load_text(text, "c.yaml")
    assert written.written_at(("reception", "staffed_hours", "friday", 0, "closes")) == ("h", (6, 39))
    assert written.written_at(("opening_hours", "weekly", "friday")) is None
    assert Document("c.yaml", written.data).written_at(("reception", "staffed_hours")) is None


def test_sarif_carries_the_fix_and_the_place_an_alias_refers_to():
    edit = Edit(Span(10, 13, 2, 3, 2, 6, "ulr", True), "url", ("website", "ulr"), True, "website.ulr: rename to url")
    fixed = replace(finding("FMT-01", "error"), autofix=edit, written_at=(7, 9))
    artifact = {"uri": "c.yaml", "uriBaseId": "SRCROOT"}
    item = sarif_result(fixed, 0, artifact)
    assert item["fixes"] == [
        {
            "description": {"text": "website.ulr: rename to url"},
            "artifactChanges": [
                {
                    "artifactLocation": artifact,
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 6},
                            "insertedContent": {"text": "url"},
                        }
                    ],
                }
            ],
        }
    ]
    assert item["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": artifact, "region": {"startLine": 7, "startColumn": 9}},
            "message": {"text": "where this value is written, under the anchor the alias refers to"},
        }
    ]
    plain = sarif_result(finding("FMT-01", "error"), 0, artifact)
    assert "fixes" not in plain and "relatedLocations" not in plain


def test_github_and_gitlab_end_with_where_to_read_more_without_a_double_stop():
    stopped = replace(finding("BZ-D1-01", "error"), fix="Publish X.")
    more = f"More: svcstd explain BZ-D1-01 or {help_uri('BZ-D1-01')}"
    [annotation] = report("github", file_result(stopped)).splitlines()
    assert annotation.endswith(f"Fix: Publish X. {more}")
    [issue] = json.loads(report("gitlab", file_result(stopped)))
    assert issue["description"].endswith(f"Fix: Publish X. {more}")


def test_languages_match_by_code_or_primary_subtag_and_values_are_found_through_lists():
    assert same_language("es", "es") and same_language("es-419", "es") and same_language("es", "es-419")
    assert not same_language("e", "es") and not same_language("en", "es") and not same_language("eng", "en")
    data = {"a": [{"b": [1, 2]}, {"b": [3]}, "x"], "c": {"d": 4}}
    assert list(found_at(data, ("a", "*", "b", "*"))) == [
        (("a", 0, "b", 0), 1),
        (("a", 0, "b", 1), 2),
        (("a", 1, "b", 0), 3),
    ]
    assert list(found_at(data, ("c", "d"))) == [(("c", "d"), 4)]
    assert list(found_at(data, ("c", "*"))) == [] and list(found_at(data, ("z",))) == []
    assert languages_of("Text", "en") == ["en"]
    assert languages_of(" https://x.gov.bz/privacy ", "en") is None  # needs no translation
    assert languages_of("see https://x.gov.bz/", "en") == ["en"]
    assert languages_of({"es": "T", 1: "x", "en": 5}, "en") == ["es"]
    assert languages_of(5, "en") is None and languages_of(["T"], "en") is None
    # a value that is not text is passed over, and the next one still read; every missing language is named
    data = {"charter": {"languages": ["en", "es", "fr"]}, "organisation": {"values": [5, "Plain"]}}
    assert [(o.path, o.detail) for o in get_check("languages_given")(Document("t.yaml", data), CONTEXT)] == [
        (
            ("organisation", "values", 1),
            "organisation.values[1] has no text in es, fr (charter.languages lists en, es, fr)",
        )
    ]


def test_only_format_findings_carry_a_fix_and_a_charter_without_them_plans_none(monkeypatch):
    text = HEAD + "website:\n  available_24_7: yes\n"
    found = ENGINE.check(load_text(text, "c.yaml")).findings
    fixed = [f.rule_id for f in found if f.autofix is not None]
    assert fixed == ["FMT-02"]
    assert [f.rule_id for f in found if f.path == ("website", "available_24_7") and f.rule_id != "FMT-02"]  # rules too

    def planned(self, document):
        raise AssertionError("planned fixes for a charter without format findings")

    monkeypatch.setattr(Engine, "autofixes", planned)
    clean = ENGINE.check(load_text(HEAD, "c.yaml"))
    assert not [f for f in clean.findings if f.rule_id.startswith("FMT")]


def test_a_loaded_charter_says_whether_it_has_odd_keys_so_no_rule_walks_it_again(monkeypatch):
    """The loader notes "" and "007"-like keys as every key passes; the validators trust that note instead of walking
    the whole charter once per rule (a walk per rule cost two thirds of `render`'s time)."""
    from conftest import ROOT
    from svcstd import validation
    from svcstd.loader import load_path

    def walked(instance):
        raise AssertionError("walked the charter for odd keys")

    monkeypatch.setattr(validation, "has_unplaceable_key", walked)
    for path in sorted((ROOT / "examples").glob("*.yaml")):  # small-unit fails many rules, and the format
        document = load_path(str(path))
        assert document.odd_keys is False
        ENGINE.check(document)
    odd = load_text('format_version: 1\norganisation: {name: X}\nsites: [{"": 1, "007": 2}]\n', "odd.yaml")
    assert odd.odd_keys is True
    assert [f.path for f in ENGINE.check(odd).findings if f.rule_id == "FMT-01"] == [
        ("sites", 0, ""),
        ("sites", 0, "007"),
    ]


def test_findings_of_one_place_sort_by_where_their_values_are_written(monkeypatch):
    # two findings at one alias's line and column: the one written first comes first, whatever their rules
    text = (
        HEAD
        + "opening_hours:\n  weekly: &h\n"
        + '    monday: [{opens: "08:00", closes: "25:00"}]\n'
        + '    tuesday: [{opens: "7:00", closes: "16:30"}]\n'
        + "reception:\n  staffed_hours: *h\n"
    )
    through = [f for f in ENGINE.check(load_text(text, "c.yaml")).findings if f.path[:1] == ("reception",)]
    assert [f.path[2] for f in through if f.rule_id == "FMT-02"] == ["monday", "tuesday"]
    assert [f.written_at for f in through if f.rule_id == "FMT-02"] == [(5, 39), (6, 23)]
