"""Run the charter format and every rule of the catalogue over one Document: the verdicts.

How a schema failure is put into words is `schema_wording.py`'s; here it is only
judged (`classify`: missing is "not evidenced", present but wrong is "not met").

Validators are compiled once per Engine (one per process), since building a
validator costs more than using it on a small charter; see validation.py for
the fast path that spares valid charters the exact (and slow) validator.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from svcstd import timezones, waivers
from svcstd.catalogue import Catalogue, Rule, Standard
from svcstd.checks import CheckContext, Records, get_check
from svcstd.checks import reads as check_reads
from svcstd.facts import repeated_keys, section
from svcstd.findings import Edit, FileResult, Finding, StandardResult, Status, dotted, standard_status
from svcstd.loader import Document, JsonPath
from svcstd.resources import json_resource
from svcstd.rule_ids import FORMAT_STANDARD, MISSING_KEY, UNKNOWN_KEY, WAIVERS_STANDARD, WRONG_VALUE
from svcstd.schema_wording import PER_LANGUAGE, describe, not_a_language, unknown_key_detail, unknown_keys
from svcstd.text import excerpt
from svcstd.validation import SchemaCheck

if TYPE_CHECKING:
    import jsonschema

MALFORMED = (WRONG_VALUE, MISSING_KEY)
"""Format findings that leave a fact unreadable: a wrong type or form, or a part the format requires missing."""


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
    records: Records | None = None
    """The department's delivery records (`check --measurements`), for the rules that need them."""

    def rule_active(self, rule: Rule, standard: Standard) -> bool:
        if rule.needs == "measurements" and self.records is None:
            return False
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
            context = CheckContext(self.options.as_of, rule.params, self.options.records)
            for outcome in get_check(rule.check)(document, context):
                yield self.finding(rule, document, outcome.status, outcome.path, outcome.detail)
            return
        for error in self.rule_schemas[rule.id].errors(document.data, document.odd_keys):
            for status, path, detail in classify(error):
                yield self.finding(rule, document, status, path, detail)

    def autofixes(self, document: Document, errors: list[Any] | None = None) -> list[Edit]:
        """The safe edits `svcstd fix` makes to a charter (safe_edits.py); `errors`: the format's, when already found."""
        from svcstd import safe_edits

        if errors is None:
            errors = list(self.charter_schema.errors(document.data, document.odd_keys))
        known = {  # a text-per-language mapping knows no keys, so no rename there is ever certain
            tuple(error.absolute_path): list(error.schema.get("properties", {}))
            for error in errors
            if error.validator == "additionalProperties"
        }
        return safe_edits.plan(document, errors, known)

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
