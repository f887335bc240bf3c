"""Run the charter format and every rule of the catalogue over one Document.

Validators are compiled once per Engine (one per process), since building a
validator costs more than using it on a small charter; see validation.py for
the fast path that spares valid charters the exact (and slow) validator.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from svcstd import timezones, waivers
from svcstd.catalogue import Catalogue, Rule, Standard
from svcstd.checks import CheckContext, get_check
from svcstd.checks import reads as check_reads
from svcstd.facts import repeated_keys, section
from svcstd.findings import Edit, FileResult, Finding, StandardResult, Status, dotted, standard_status
from svcstd.loader import MAX_NUMBER_DIGITS, UNJUDGED_NUMBER, Document, JsonPath
from svcstd.resources import json_resource
from svcstd.rule_ids import FORMAT_STANDARD, MISSING_KEY, UNKNOWN_KEY, WAIVERS_STANDARD, WRONG_VALUE
from svcstd.text import excerpt
from svcstd.validation import SchemaCheck

if TYPE_CHECKING:
    import jsonschema

MALFORMED = (WRONG_VALUE, MISSING_KEY)
"""Format findings that leave a fact unreadable: a wrong type or form, or a part the format requires missing."""

_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}

PER_LANGUAGE = "Text per language"
"""The title of the format's text-per-language mapping, whose only keys are language codes."""


@dataclass(frozen=True)
class Options:
    as_of: date
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    """An organisation's reading: per-rule thresholds and severities, e.g. {"BZ-D3-03": {"max_age_days": 90}}."""
    select: frozenset[str] = frozenset()
    """Rule or standard ids to check; empty means all."""
    ignore: frozenset[str] = frozenset()
    """Rule or standard ids to leave out."""
    profile: str = "all"
    """A pack id (belize-2016, iso-11367-2025, or a custom pack) or all."""
    waivers: bool = True
    """Whether the charter's waivers apply (False: --no-waivers)."""

    def rule_active(self, rule: Rule, standard: Standard) -> bool:
        if self.profile != "all" and standard.pack not in (self.profile, "format"):
            return False
        if self.select and rule.id not in self.select and standard.id not in self.select:
            return False
        return rule.id not in self.ignore and standard.id not in self.ignore

    def standard_shown(self, standard: Standard) -> bool:
        """A standard with no rules (missing from source) is shown with its pack unless deselected."""
        if standard.rules:
            return any(self.rule_active(rule, standard) for rule in standard.rules)
        in_profile = self.profile in ("all", standard.pack)
        return in_profile and (not self.select or standard.id in self.select) and standard.id not in self.ignore


class Engine:
    def __init__(self, catalogue: Catalogue, options: Options):
        self.catalogue = catalogue = catalogue.with_overrides(options.params)
        self.options = options
        self.charter_schema = SchemaCheck(json_resource("charter.schema.json"))
        self.rule_schemas = {
            rule.id: SchemaCheck(rule.schema) for rule in catalogue.rules.values() if rule.schema is not None
        }
        self.active_rules = {
            rule.id
            for standard in catalogue.standards
            for rule in standard.rules
            if options.rule_active(rule, standard)
        }
        self.known_rules = set(catalogue.rules)
        self.reads = {rule.id: reads_of(rule) for rule in catalogue.rules.values()}
        self.shown_standards = [standard for standard in catalogue.standards if options.standard_shown(standard)]

    def check(self, document: Document) -> FileResult:
        options = self.options
        active = self.active_rules
        errors = list(self.charter_schema.errors(document.data, document.odd_keys))
        structural = self.with_autofixes(document, list(self.structural_findings(document, errors)), errors)
        findings = [f for f in structural if f.rule_id in active]
        malformed = [f for f in structural if f.rule_id in MALFORMED]
        for standard in self.catalogue.standards:
            if standard.id in (FORMAT_STANDARD, WAIVERS_STANDARD):
                continue
            for rule in standard.rules:
                if rule.id in active:
                    own = list(self.rule_findings(rule, document))
                    findings.extend(own or self.malformed_findings(rule, document, malformed))
        # jsonschema reports `required: [a, b]` once per missing name, and each report names every missing one
        findings = list(dict.fromkeys(findings))
        if options.waivers:

            def make(rule_id: str, status: Status, path: JsonPath, detail: str) -> Finding:
                return self.finding(self.catalogue.rules[rule_id], document, status, path, detail)

            findings, problems = waivers.apply(document, findings, options.as_of, self.known_rules, make)
            findings.extend(p for p in problems if p.rule_id in active)
        by_standard: dict[str, list[Finding]] = {standard.id: [] for standard in self.catalogue.standards}
        for finding in findings:
            by_standard[finding.standard_id].append(finding)
        results = []
        for standard in self.shown_standards:
            ordered = sorted(  # findings through one alias in the order their values are written (weekday order)
                by_standard[standard.id], key=lambda f: (f.line, f.column, f.written_at or (0, 0), f.rule_id, f.detail)
            )
            results.append(
                StandardResult(
                    standard.id,
                    standard.title,
                    standard.clause,
                    standard_status(ordered, standard.missing_from_source),
                    ordered,
                )
            )
        return FileResult(document.path, results)

    def malformed_findings(self, rule: Rule, document: Document, malformed: list[Finding]) -> list[Finding]:
        """A rule that passed on a value the format rejects has not been met: `maximum: 5` says nothing about ".nan".

        JSON Schema keywords apply only to values of their own type, and
        computed checks skip what they cannot read, so a malformed value would
        otherwise leave its standard "met". Any format finding on a path the
        rule reads (or inside it, or above it) makes the rule not met.
        """
        reads = self.reads[rule.id]
        found = []
        for bad in malformed:
            shape = tuple("*" if isinstance(step, int) else step for step in bad.path)
            if any(shape[: len(read)] == read or read[: len(shape)] == shape for read in reads):
                problem = "is not a valid value" if bad.rule_id == WRONG_VALUE else "lacks a part the format requires"
                found.append(
                    self.finding(
                        rule,
                        document,
                        Status.NOT_MET,
                        bad.path,
                        f"{bad.dotted_path} {problem} (format finding at line {bad.line}), "
                        "so this standard cannot be judged met",
                    )
                )
        return found

    def finding(
        self, rule: Rule, document: Document, status: Status, path: JsonPath, detail: str, at_key: bool = False
    ) -> Finding:
        line, column = document.keys[path] if at_key and path in document.keys else document.position(path)
        written = None
        if (through := document.written_at(path)) is not None:  # `*office_hours`: name the anchor's line as well
            anchor, written = through
            detail = f"{detail} (written at line {written[0]} under &{anchor})"
        return Finding(
            rule.id,
            rule.standard_id,
            rule.severity,
            status,
            rule.message,
            detail,
            path,
            document.path,
            line,
            column,
            rule.clause,
            rule.fix,
            basis=rule.basis,
            reading=rule.reading,
            written_at=written,
            force=rule.force,
        )

    def rule_findings(self, rule: Rule, document: Document) -> Iterator[Finding]:
        if rule.check is not None:
            context = CheckContext(self.options.as_of, rule.params)
            for outcome in get_check(rule.check)(document, context):
                yield self.finding(rule, document, outcome.status, outcome.path, outcome.detail)
            return
        for error in self.rule_schemas[rule.id].errors(document.data, document.odd_keys):
            for status, path, detail in classify(error):
                yield self.finding(rule, document, status, path, detail)

    def autofixes(self, document: Document, errors: list[Any] | None = None) -> list[Edit]:
        """The safe edits `svcstd fix` makes to a charter (autofix.py); `errors`: the format's, when already found."""
        from svcstd import autofix

        if errors is None:
            errors = list(self.charter_schema.errors(document.data, document.odd_keys))
        known = {  # a text-per-language mapping knows no keys, so no rename there is ever certain
            tuple(error.absolute_path): list(error.schema.get("properties", {}))
            for error in errors
            if error.validator == "additionalProperties"
        }
        return autofix.plan(document, errors, known)

    def with_autofixes(self, document: Document, findings: list[Finding], errors: list[Any]) -> list[Finding]:
        """Format findings a safe edit resolves carry it, so reports mark them fixable ([*], SARIF fixes)."""
        if not document.text or not any(f.rule_id in (UNKNOWN_KEY, WRONG_VALUE) for f in findings):
            return findings
        edits = {(edit.path, edit.key): edit for edit in self.autofixes(document, errors) if edit.resolves_finding}
        # a renamed key resolves the unknown key at its path; an edited value, the wrong value there (a missing key,
        # the only other format finding, has no value to edit)
        return [replace(f, autofix=edits.get((f.path, f.rule_id == UNKNOWN_KEY))) for f in findings]

    def structural_findings(self, document: Document, errors: list[Any] | None = None) -> Iterator[Finding]:
        rules = self.catalogue.rules
        if errors is None:
            errors = list(self.charter_schema.errors(document.data, document.odd_keys))
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties":
                known = list(error.schema.get("properties", {}))
                per_language = error.schema.get("title") == PER_LANGUAGE
                for key in unknown_keys(error):
                    yield self.finding(
                        rules[UNKNOWN_KEY],
                        document,
                        Status.NOT_MET,
                        (*path, key),
                        not_a_language(path, key) if per_language else unknown_key_detail(path, key, known),
                        at_key=True,
                    )
            elif error.validator == "required":
                for _status, missing_path, detail in classify(error):
                    yield self.finding(rules[MISSING_KEY], document, Status.NOT_MET, missing_path, detail)
            else:
                yield self.finding(rules[WRONG_VALUE], document, Status.NOT_MET, path, describe(error))
        for path, name in time_zones(document.data):
            if not timezones.is_known(name):
                hint = timezones.suggestion(name)
                detail = f"{dotted(path)} is {excerpt(name)}, not a time zone of the IANA database"
                yield self.finding(
                    rules[WRONG_VALUE],
                    document,
                    Status.NOT_MET,
                    path,
                    f"{detail}; did you mean {hint!r}?" if hint else f"{detail}, e.g. 'America/Belize'",
                )
        for path, first, name in repeated_keys(document.data):
            line = document.position(first)[0]
            yield self.finding(
                rules[WRONG_VALUE],
                document,
                Status.NOT_MET,
                path,
                f"{dotted(path)} is {excerpt(name)}, which {dotted(first)} (line {line}) already has; "
                f"give each entry of {path[0]} its own {path[2]}",
            )


def time_zones(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    """The time zones a charter names: its own opening hours' and each site's (written as text; other shapes are the schema's)."""
    if isinstance(zone := section(data, "opening_hours").get("timezone"), str):
        yield ("opening_hours", "timezone"), zone
    sites = data.get("sites")
    for index, site in enumerate(sites if isinstance(sites, list) else []):
        if isinstance(zone := section(site, "opening_hours").get("timezone"), str):
            yield ("sites", index, "opening_hours", "timezone"), zone


def reads_of(rule: Rule) -> frozenset[tuple[str, ...]]:
    """The deepest charter paths a rule reads ("*" for any list item): its schema's properties, or its check's `path`."""
    found: set[tuple[str, ...]] = set()

    def walk(schema: Any, prefix: tuple[str, ...]) -> None:
        if not isinstance(schema, dict):
            return
        for name, sub in (schema.get("properties") or {}).items():
            found.add((*prefix, name))
            walk(sub, (*prefix, name))
        for keyword in ("items", "contains", "additionalProperties"):
            walk(schema.get(keyword), (*prefix, "*"))
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(keyword) or []:
                walk(sub, prefix)
        for keyword in ("if", "then", "else", "not"):
            walk(schema.get(keyword), prefix)
        for name in schema.get("required") or []:
            if isinstance(name, str):
                found.add((*prefix, name))

    walk(rule.schema, ())
    path = rule.params.get("path")
    if isinstance(path, list):
        found.add(tuple("*" if isinstance(step, int) else str(step) for step in path))
    if rule.check is not None:
        found.update(check_reads(rule.check))
    # only the deepest paths: `organisation` is read to reach `organisation.vision`, not for what else it holds
    return frozenset(
        read for read in found if not any(len(other) > len(read) and other[: len(read)] == read for other in found)
    )


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


def classify(error: jsonschema.ValidationError) -> Iterator[tuple[Status, JsonPath, str]]:
    """Missing facts are "not evidenced"; facts that are present but wrong are "not met"."""
    path = tuple(error.absolute_path)
    expected: Any = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict):
        for name in expected:
            if name not in error.instance:
                yield Status.NOT_EVIDENCED, (*path, name), f"{dotted((*path, name))} is missing"
        return
    if (
        error.validator in ("anyOf", "oneOf")
        and error.context
        and all(e.validator == "required" for e in error.context)
    ):
        names = [name for e in error.context for name in e.validator_value]  # type: ignore[union-attr]
        yield Status.NOT_EVIDENCED, path, f"{dotted(path)} gives none of: {', '.join(names)}"
        return
    yield Status.NOT_MET, path, describe(error)


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
