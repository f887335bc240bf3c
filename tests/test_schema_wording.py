"""Schema failures in the words a department head reads (schema_wording.py), to the letter."""

from __future__ import annotations

from datetime import date

import pytest

from made_in_process import ENGINE, HEAD, _errors, _format_findings
from svcstd.loader import MAX_NUMBER_DIGITS, load_text
from svcstd.schema_wording import PER_LANGUAGE, describe, show, unknown_keys


@pytest.mark.parametrize(
    ("schema", "value", "words"),
    [
        ({"minimum": 1}, 0, "v is 0, less than 1"),
        ({"const": True}, False, "v is false, expected true"),
        ({"minItems": 2}, [], "v is empty"),
        ({"minItems": 2}, [1], "v has 1 items, fewer than 2"),
        ({"enum": ["a", "b"]}, "c", 'v is "c"; expected one of: a, b'),
        (
            {"type": "boolean"},
            "yes",
            'v is "yes"; expected true or false (YAML 1.1 tools read yes as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        (
            {"type": "integer"},
            ".nan",
            'v is ".nan"; expected a whole number (not a finite number svcstd can judge: write the number itself)',
        ),
        (
            {"type": "string", "title": "Time of day"},
            800,
            'v is 800; expected text (write the time in quotes as "HH:MM")',
        ),
        ({"type": "string"}, 7, "v is 7; expected text (put it in quotes so YAML keeps it as written)"),
        ({"type": ["string", "null"]}, {}, "v is a mapping; expected text or nothing"),
        ({"type": "array"}, {}, "v is a mapping; expected a list"),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "4pm",
            'v is "4pm", not a valid time of day (use the 24-hour clock, e.g. "16:30")',
        ),
        ({"pattern": "^x$", "title": "Time of day"}, "800", 'v is "800", not a valid time of day (write "08:00")'),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8h",
            'v is "8h", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Date"},
            "1/2",
            'v is "1/2", not a valid date (write YYYY-MM-DD, e.g. 2025-03-31)',
        ),
        (
            {"pattern": "^x$", "title": "Telephone number"},
            "1",
            'v is "1", not a valid telephone number (e.g. "+501 822-2204")',
        ),
        ({"pattern": "^x$"}, "1", 'v is "1", not a valid pattern'),
        # each YAML trap's hint, written from the survivors of the third mutation run
        (
            {"type": "boolean"},
            "no",
            'v is "no"; expected true or false (YAML 1.1 tools read no as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        (
            {"type": "boolean"},
            "On",
            'v is "On"; expected true or false (YAML 1.1 tools read On as a boolean, svcstd reads the text; '
            "write true or false)",
        ),
        ({"type": "boolean"}, "maybe", 'v is "maybe"; expected true or false'),
        (
            {"type": ["number", "null"]},
            "1e999",
            'v is "1e999"; expected a number or nothing (not a finite number svcstd can judge: '
            "write the number itself)",
        ),
        ({"type": "integer"}, "twelve", 'v is "twelve"; expected a whole number'),
        (
            {"type": "integer"},
            "12",
            'v is "12"; expected a whole number (a number in quotes is text: write it without the quotes)',
        ),
        ({"type": "string"}, True, "v is true; expected text"),
        (
            {"type": "string", "title": "Time of day"},
            2.5,
            'v is 2.5; expected text (write the time in quotes as "HH:MM")',
        ),
        ({"type": "object"}, [1], "v is a list; expected a mapping of keys"),
        ({"type": "integer"}, "x" * 100, 'v is "' + "x" * 78 + "…; expected a whole number"),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8:00 PM",
            'v is "8:00 PM", not a valid time of day (use the 24-hour clock, e.g. "16:30")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "8",
            'v is "8", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        (
            {"pattern": "^x$", "title": "Time of day"},
            "12345",
            'v is "12345", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"pattern": "^x$", "title": "Time of day"}, "930", 'v is "930", not a valid time of day (write "09:30")'),
        ({"pattern": "^x$", "title": "Time of day"}, "2400", 'v is "2400", not a valid time of day (write "24:00")'),
        (  # no time of day to suggest: 25 o'clock is not one
            {"pattern": "^x$", "title": "Time of day"},
            "25:00",
            'v is "25:00", not a valid time of day (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        ({"enum": [1, 2]}, 5, "v is 5; expected one of: 1, 2"),
        ({"uniqueItems": True}, [1, 1], "v lists the same item twice"),
        ({"maxLength": 1}, "ab", "v: 'ab' is too long"),
    ],
)
def test_each_schema_failure_is_described_in_its_own_words(schema, value, words):
    assert describe(_errors({"properties": {"v": schema}}, {"v": value})[0]) == words


def test_keys_allowed_by_a_pattern_are_not_unknown_and_a_schema_without_properties_knows_none():
    patterned = _errors(
        {"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": False},
        {"a": 1, "x-note": 2, "b": 3},
    )
    assert unknown_keys(patterned[0]) == ["b"]
    assert unknown_keys(_errors({"additionalProperties": False}, {"a": 1})[0]) == ["a"]


def test_values_are_shown_as_written_dates_and_accents_included():
    assert show(date(2025, 3, 31)) == '"2025-03-31"'
    assert show("Señora Requeña") == '"Señora Requeña"'


def test_a_value_a_false_schema_refuses_is_described_by_jsonschemas_words():
    assert describe(_errors({"properties": {"v": False}}, {"v": 1})[0]).endswith(": False schema does not allow 1")


@pytest.mark.parametrize(
    ("kind", "value", "hint"),
    [
        ("number", "12", "a number in quotes is text"),
        (["integer", "null"], "12", "a number in quotes is text"),
        ("integer", "1" * MAX_NUMBER_DIGITS, "a number in quotes is text"),
        ("integer", "1" * (MAX_NUMBER_DIGITS + 1), "not a finite number svcstd can judge"),
    ],
)
def test_a_quoted_number_gets_the_hint_that_fits_it(kind, value, hint):
    assert hint in describe(_errors({"properties": {"v": {"type": kind}}}, {"v": value})[0])


@pytest.mark.parametrize("value", ["8am", "4:30 PM"])
def test_a_twelve_hour_time_is_told_to_use_the_24_hour_clock(value):
    schema = {"properties": {"v": {"title": "Time of day", "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}}}
    assert describe(_errors(schema, {"v": value})[0]).endswith('(use the 24-hour clock, e.g. "16:30")')


def test_unknown_keys_are_named_with_a_suggestion_or_the_keys_allowed():
    from svcstd.schema_wording import unknown_key_detail

    assert unknown_key_detail(("a",), "nmae", ["name", "id"]) == "unknown key a.nmae; did you mean 'name'?"
    assert unknown_key_detail(("a", 0), "zzz", ["name", "id"]) == "unknown key a[0].zzz; known keys here: name, id"
    assert unknown_key_detail((), "zzz", []) == "unknown key zzz"
    document = load_text(
        "format_version: 1\norganisation: {name: A}\nx-own: 1\nwebsite: {url: 'https://a.bz', extra: 1}\n", "c.yaml"
    )
    found = [(f.rule_id, f.dotted_path, f.line, f.column) for f in ENGINE.structural_findings(document)]
    assert found == [("FMT-01", "website.extra", 4, 32)]


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


def test_a_long_key_is_shown_in_thirty_characters():
    key = "a" * 40
    [found] = [
        f
        for f in _format_findings(HEAD + f"reception:\n  greeting_standard: {{{key}: Hello}}\n")
        if f.rule_id == "FMT-01"
    ]
    assert found.detail.startswith("reception.greeting_standard." + key + ": '" + "a" * 28 + "… is not a language code")


def test_a_key_that_is_not_a_language_is_named_so_and_has_no_fix():
    [found] = [
        f
        for f in _format_findings(HEAD + "reception:\n  greeting_standard: {english: Hello}\n")
        if f.rule_id == "FMT-01"
    ]
    assert (found.path, found.line, found.column, found.detail, found.autofix) == (
        ("reception", "greeting_standard", "english"),
        4,
        23,
        "reception.greeting_standard.english: 'english' is not a language code; give text per language as en: ..., es: ...",
        None,
    )
