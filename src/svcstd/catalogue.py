"""The standards catalogue: packs of standards read from `standards/*.yaml`.

Packs are data. A custom pack is validated against
`schemas/standards-pack.schema.json` when loaded, so a malformed one fails
with a clear message instead of misbehaving during a check. The bundled
packs are validated by the test suite instead of on every run, where it
would cost more start-up time than checking a charter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svcstd.checks import NAMES as CHECK_NAMES
from svcstd.errors import InputError, UsageError
from svcstd.loader import Document, load_path
from svcstd.resources import json_resource, resource_dir

FORMAT_STANDARD_ID = "FORMAT"
WAIVERS_STANDARD_ID = "WAIVERS"


@dataclass(frozen=True)
class Rule:
    id: str
    standard_id: str
    title: str
    severity: str
    message: str
    why: str
    fix: str
    example: str
    clause: str
    schema: dict[str, Any] | None = None
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    bad: str | None = None


@dataclass(frozen=True)
class Standard:
    id: str
    pack: str
    title: str
    clause: str
    requirement: str
    rules: tuple[Rule, ...]
    missing_from_source: bool = False


@dataclass
class Catalogue:
    standards: list[Standard]
    packs: dict[str, str]

    def __post_init__(self) -> None:
        self.rules: dict[str, Rule] = {rule.id: rule for standard in self.standards for rule in standard.rules}
        self.by_id: dict[str, Standard] = {standard.id: standard for standard in self.standards}


# Structural findings come from the charter format itself, not from a source
# document; they are listed like a standard so `explain` and every reporter
# treat them the same way.
FORMAT_STANDARD = Standard(
    id=FORMAT_STANDARD_ID,
    pack="format",
    title="Charter format",
    clause="schemas/charter.schema.json",
    requirement="The charter follows the svcstd charter format, so that every other standard reads the facts it means.",
    rules=(
        Rule("FMT-01", FORMAT_STANDARD_ID, "Only known keys are used", "error",
             "A key is not part of the charter format.",
             "A misspelt key hides a fact: `correspondance:` is never read, so the correspondence standard is not evidenced.",
             "Correct the key to the suggested name, or prefix a private key with x-.",
             "correspondence:\n  reply_within_working_days: 5\n", "charter format", bad="correspondance:\n  reply_within_working_days: 5\n"),
        Rule("FMT-02", FORMAT_STANDARD_ID, "Values have the right type and form", "error",
             "A value does not have the type or form the charter format expects.",
             "YAML reads unquoted values by their look: `no` is text here (YAML 1.1 tools read false), "
             "`0800` is text, `8222204` is a number. A check on a wrongly typed value would check the wrong thing.",
             "Write times as \"HH:MM\" in quotes, dates as YYYY-MM-DD, flags as true or false, telephone numbers in quotes.",
             "opening_hours:\n  weekly:\n    monday: [{opens: \"08:00\", closes: \"16:30\"}]\n", "charter format",
             bad="opening_hours:\n  weekly:\n    monday: [{opens: 0800, closes: 4:30pm}]\n"),
        Rule("FMT-03", FORMAT_STANDARD_ID, "Required keys are present", "error",
             "A key the charter format requires is missing.",
             "Every charter names its organisation and its format version so that it can be read at all.",
             "Add the missing key.",
             "format_version: 1\norganisation:\n  name: Vital Statistics Unit\n", "charter format",
             bad="organisation:\n  ministry: Ministry of Home Affairs\n"),
    ),
)


WAIVERS_STANDARD = Standard(
    id=WAIVERS_STANDARD_ID,
    pack="format",
    title="Waivers",
    clause="charter waivers",
    requirement=(
        "A waiver is a written, approved and dated exception to one rule, as the correspondence standard itself "
        "allows agreed extensions in rare circumstances. It must be justified, approved, unexpired and still needed."
    ),
    rules=(
        Rule("WVR-01", WAIVERS_STANDARD_ID, "Waivers have not expired", "error",
             "A waiver has expired, so the finding it covered counts again.",
             "An exception is agreed for a time; after it, the standard applies again or the waiver must be renewed.",
             "Meet the standard, or have the waiver approved again with a new expiry date.",
             "waivers:\n  - {rule: BZ-D2-01, justification: Agreed with customers during the records migration.,"
             " approved_by: Chief Executive Officer, expires: \"2026-03-31\"}\n", "charter waivers",
             bad="waivers:\n  - {rule: BZ-D2-01, justification: Records migration., approved_by: CEO, expires: \"2024-01-31\"}\n"),
        Rule("WVR-02", WAIVERS_STANDARD_ID, "Waivers are justified, approved and dated", "error",
             "A waiver lacks a written justification, an approver or a valid expiry date, so it does not apply.",
             "An unexplained or open-ended exception is not an agreed one.",
             "Give the waiver justification, approved_by and expires (YYYY-MM-DD).",
             "waivers:\n  - {rule: BZ-D7-03, justification: Training postponed to the new fiscal year., approved_by: CEO,"
             " expires: \"2026-04-30\"}\n", "charter waivers",
             bad="waivers:\n  - {rule: BZ-D7-03, approved_by: CEO, expires: \"2026-04-30\"}\n"),
        Rule("WVR-03", WAIVERS_STANDARD_ID, "Waivers are still needed", "warning",
             "A waiver matches no finding (stale) or names no known rule; remove it.",
             "A stale waiver would silently hide a future failure of the same rule.",
             "Remove the waiver, or correct its rule id or path.",
             "waivers: []\n", "charter waivers",
             bad="waivers:\n  - {rule: BZ-D99-01, justification: Typo., approved_by: CEO, expires: \"2030-01-01\"}\n"),
    ),
)


def bundled_pack_paths() -> list[Path]:
    return sorted(resource_dir("standards").glob("*.yaml"))


def load_catalogue(extra_packs: list[str] | None = None) -> Catalogue:
    """The bundled packs, then any custom packs given by path."""
    standards: list[Standard] = [FORMAT_STANDARD]
    packs: dict[str, str] = {"format": "svcstd charter format"}
    paths = [(str(path), False) for path in bundled_pack_paths()] + [(path, True) for path in extra_packs or []]
    for path, validate in paths:
        pack_id, title, pack_standards = load_pack(path, validate=validate)
        if pack_id in packs:
            raise UsageError(f"{path}: pack {pack_id!r} is already loaded")
        packs[pack_id] = title
        standards.extend(pack_standards)
    standards.append(WAIVERS_STANDARD)
    _check_unique([s.id for s in standards], "standard")
    _check_unique([r.id for s in standards for r in s.rules], "rule")
    return Catalogue(standards, packs)


def load_pack(path: str, validate: bool = True) -> tuple[str, str, list[Standard]]:
    try:
        document = load_path(path)
    except InputError as error:
        raise UsageError(f"standards pack {error}") from None
    if validate:
        validate_pack(document)
    data = document.data
    standards = []
    for raw in data["standards"]:
        rules = []
        for rule in raw["rules"]:
            if "check" in rule and rule["check"] not in CHECK_NAMES:
                raise UsageError(f"{path}: rule {rule['id']} names unknown check {rule['check']!r}; known: {', '.join(CHECK_NAMES)}")
            rules.append(Rule(
                id=rule["id"], standard_id=raw["id"], title=rule["title"], severity=rule["severity"],
                message=rule["message"], why=rule["why"], fix=rule["fix"], example=rule["example"],
                clause=raw["clause"], schema=rule.get("schema"), check=rule.get("check"),
                params=rule.get("params", {}), bad=rule.get("bad"),
            ))
        standards.append(Standard(
            id=raw["id"], pack=data["pack"], title=raw["title"], clause=raw["clause"],
            requirement=raw["requirement"], rules=tuple(rules),
            missing_from_source=raw.get("missing_from_source", False),
        ))
    return data["pack"], data["title"], standards


def validate_pack(document: Document) -> None:
    """The pack against its schema, and each rule's schema against JSON Schema 2020-12 and the local registry."""
    import jsonschema

    from svcstd.validation import unresolvable_refs

    validator = jsonschema.Draft202012Validator(json_resource("standards-pack.schema.json"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document.data))
    if error is not None:
        line, _ = document.position(tuple(error.absolute_path))
        raise UsageError(f"{document.path}:{line}: invalid standards pack: {error.message}")
    for raw in document.data["standards"]:
        for rule in raw["rules"]:
            if "schema" in rule:
                try:
                    jsonschema.Draft202012Validator.check_schema(rule["schema"])
                except jsonschema.exceptions.SchemaError as schema_error:
                    raise UsageError(f"{document.path}: rule {rule['id']} has an invalid schema: {schema_error.message}") from None
                if missing := unresolvable_refs(rule["schema"]):
                    raise UsageError(f"{document.path}: rule {rule['id']} refers to {missing[0]}, which svcstd never fetches; "
                                     "a rule may refer to its own definitions or to the charter format's by its $id")


def _check_unique(ids: list[str], kind: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise UsageError(f"{kind} id {item!r} is defined twice in the catalogue")
        seen.add(item)
