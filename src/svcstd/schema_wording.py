"""Schema failures in words a department head reads: which fact, what was found, what was expected, and the
YAML trap that explains it where there is one (`08:00` read as a number, `no` as false).

The engine decides what a failure means for the verdict (`engine.classify`: missing is "not evidenced",
wrong is "not met"); this module only words it, so a change of wording never changes a verdict.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from typing import TYPE_CHECKING, Any

from svcstd.findings import dotted
from svcstd.loader import MAX_NUMBER_DIGITS, UNJUDGED_NUMBER, JsonPath
from svcstd.text import excerpt

if TYPE_CHECKING:
    import jsonschema

_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}

PER_LANGUAGE = "Text per language"
"""The title of the format's text-per-language mapping, whose only keys are language codes."""


def unknown_keys(error: jsonschema.ValidationError) -> list[str]:
    schema: Any = error.schema
    known = set(schema.get("properties", {}))
    patterns = schema.get("patternProperties", {})

    instance: Any = error.instance
    return [key for key in instance if key not in known and not any(re.search(p, key) for p in patterns)]


def not_a_language(path: JsonPath, key: str) -> str:
    return f"{dotted((*path, key))}: {excerpt(str(key), 30)} is not a language code; give text per language as en: ..., es: ..."


def unknown_key_detail(path: JsonPath, key: str, known: list[str]) -> str:
    where = dotted((*path, key))
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown key {where}; did you mean {close[0]!r}?"
    return f"unknown key {where}; known keys here: {', '.join(known)}" if known else f"unknown key {where}"


def show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return excerpt(json.dumps(value, ensure_ascii=False, default=str), 80, quote=False)


def describe(error: jsonschema.ValidationError) -> str:
    """A one-line account of a schema failure, naming the YAML trap where one explains it."""
    where = dotted(tuple(error.absolute_path))
    kind = error.validator
    value: Any = error.instance
    expected: Any = error.validator_value
    title = error.schema.get("title", "") if isinstance(error.schema, dict) else ""
    if kind in ("anyOf", "oneOf") and error.context:
        # one value of several kinds (a fee as text or a number): the kind it is, judged; else the kinds it may be
        wrong_kind = [e.schema for e in error.context if e.validator == "type"]
        judged = [e for e in error.context if not any(e.schema is other for other in wrong_kind)]
        if judged and judged[0].validator_value is not None:
            return describe(judged[0])
        kinds = [
            k
            for e in error.context
            if e.validator == "type"
            for k in (e.validator_value if isinstance(e.validator_value, list) else [e.validator_value])
            if isinstance(k, str)
        ]
        if kinds and not judged:
            return f"{where} is {show(value)}; expected {_type_words(kinds)}"
        return f"{where}: {error.message}"
    if kind == "type" and title == PER_LANGUAGE:  # the else of text given once or per language
        expected = ["string", "object"]
    if kind == "minLength" and value == "":
        return f"{where} is empty text"
    if kind == "maximum":
        return f"{where} is {show(value)}, more than {expected}"
    if kind == "minimum":
        return f"{where} is {show(value)}, less than {expected}"
    if kind == "const":
        return f"{where} is {show(value)}, expected {show(expected)}"
    if kind == "minItems":
        return f"{where} is empty" if not value else f"{where} has {len(value)} items, fewer than {expected}"
    if kind == "enum":
        return f"{where} is {show(value)}; expected one of: {', '.join(map(str, expected))}"
    if kind == "type" and expected is not None:
        return f"{where} is {show(value)}; expected {_type_words(expected)}{_type_hint(value, expected, title)}"
    if kind in ("pattern", "format"):
        return f"{where} is {show(value)}, not a valid {title.lower() or kind}{_form_hint(value, title)}"
    if kind == "uniqueItems":
        return f"{where} lists the same item twice"
    if kind == "minProperties" and isinstance(value, dict) and not value:
        return f"{where} is an empty mapping"
    if kind == "contains":  # the library's words quote the whole list; say what is missing from it instead
        return f"{where} has no {_entry_words(expected)}"
    return f"{where}: {error.message}"


def _entry_words(schema: Any) -> str:
    """What a `contains` schema asks of one entry, in words: "entry with priority: true", "website"."""
    if not isinstance(schema, dict):
        return "matching entry"
    if "const" in schema:
        return _literal(schema["const"])
    if "enum" in schema:
        return "entry among " + ", ".join(map(_literal, schema["enum"]))
    properties = schema.get("properties", {})
    parts = [
        f"{name}: {_literal(rule['const'])}" if isinstance(rule, dict) and "const" in rule else name
        for name, rule in properties.items()
    ]
    parts += [name for name in schema.get("required", []) if name not in properties]
    return "entry with " + ", ".join(parts) if parts else "matching entry"


def _literal(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _type_words(expected: Any) -> str:
    names = {
        "boolean": "true or false",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "array": "a list",
        "object": "a mapping of keys",
        "null": "nothing",
    }
    kinds: list[str] = expected if isinstance(expected, list) else [expected]
    if kinds == ["string", "object"]:  # the format's text, given once or per language
        return "text, or text per language (en: ..., es: ...)"
    return " or ".join(names.get(k, k) for k in kinds)


def _type_hint(value: Any, expected: Any, title: str) -> str:
    if expected == "boolean" and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
        return f" (YAML 1.1 tools read {value} as a boolean, svcstd reads the text; write true or false)"
    if (
        isinstance(value, str)
        and expected in ("integer", "number", ["integer", "null"], ["number", "null"])
        and UNJUDGED_NUMBER.fullmatch(value)
    ):
        if _finite(value):  # YAML read it as text only because it is in quotes
            return " (a number in quotes is text: write it without the quotes)"
        return " (not a finite number svcstd can judge: write the number itself)"
    if expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if title == "Time of day":
            return ' (write the time in quotes as "HH:MM")'
        return " (put it in quotes so YAML keeps it as written)"
    return ""


def _finite(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    try:
        return digits <= MAX_NUMBER_DIGITS and math.isfinite(float(text))
    except ValueError:
        return False


def _form_hint(value: Any, title: str) -> str:
    if title == "Time of day" and isinstance(value, str):
        digits = "".join(c for c in value if c.isdigit())
        lowered = value.lower()
        if lowered.endswith(("am", "pm")):
            return ' (use the 24-hour clock, e.g. "16:30")'
        if len(digits) in (3, 4) and digits.isdigit():
            padded = digits.zfill(4)
            if int(padded[:2]) < 24 and int(padded[2:]) < 60 and (hint := f"{padded[:2]}:{padded[2:]}") != value:
                return f' (write "{hint}")'
            if padded == "2400":
                return ' (write "24:00")'
        return ' (write "HH:MM" from "00:00" to "24:00", e.g. "08:00")'
    if title == "Date":
        return " (write YYYY-MM-DD, e.g. 2025-03-31)"
    if title == "Telephone number":
        return ' (e.g. "+501 822-2204")'
    return ""
