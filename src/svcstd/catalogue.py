"""The standards catalogue: packs of standards read from `standards/*.yaml`.

Packs are data. A custom pack is validated against
`schemas/standards-pack.schema.json` when loaded, so a malformed one fails
with a clear message instead of misbehaving during a check. The bundled
packs are validated by the test suite instead of on every run, where it
would cost more start-up time than checking a charter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from svcstd.checks import registry as checks_registry
from svcstd.errors import InputError, UsageError
from svcstd.loader import Document, load_path
from svcstd.resources import json_resource, resource_dir
from svcstd.rule_ids import FORMAT_PACK, FORMAT_STANDARD
from svcstd.text import excerpt

BASES = {
    "stated": "the source states this requirement itself",
    "threshold": "the source states a qualitative requirement; svcstd chooses how to evidence it",
    "practice": "the source offers this as an example of good practice, not a requirement",
    "format": "svcstd's own charter format, which every other rule needs to read the facts it means",
}
"""How firmly the source asks: every rule says which, so no verdict claims more authority than its source gives."""


@dataclass(frozen=True)
class Force:
    """How the quoted words ask, and the severity that follows from them."""

    severity: str
    verbs: str
    meaning: str


FORCES = {
    "must": Force("error", '"are to", "must" or "will"', "an obligation"),
    "should": Force("warning", '"should"', "a recommendation"),
    "may": Force("info", '"can", "may", "consider" or the like', "a permission or suggestion"),
}
"""The verb of the source's sentence sets a rule's severity, the same way in every pack: a recommendation is never
reported as a requirement. A ministry that adopts a pack as binding raises its `should` rules (svcstd.toml
`binding`)."""


@dataclass(frozen=True)
class Parameter:
    """A number (or list) svcstd chooses where the source leaves one open: named, bounded and overridable."""

    name: str
    schema: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.schema.get("title") or self.name)


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
    needs: str | None = None
    """What the rule judges besides the charter: "measurements" (the delivery logs `check --measurements` gives);
    without it the rule is not judged at all, never met by default."""
    basis: str = "format"
    """stated, threshold or practice for a source's rule; format for svcstd's own format and waiver rules."""
    quote: str = ""
    """The source's own words this rule rests on, verbatim ([...] marks a cut)."""
    reading: str | None = None
    """For a threshold: how svcstd reads the source, with {parameter} placeholders filled from the effective values."""
    force: str | None = None
    """must, should or may: how the quoted words ask (FORCES), which set the severity; None for svcstd's own rules
    and for a custom pack's rule that gives its severity directly."""
    thresholds: tuple[str, ...] = ()
    """The names in `params` that are svcstd's own numbers (declared pack parameters), which a configuration may change."""
    defaults: dict[str, Any] = field(default_factory=dict)
    """svcstd's own values of the thresholds, whatever a configuration set."""
    written: Rule | None = field(default=None, repr=False, compare=False)
    """The rule as its pack writes it, placeholders and all: every reading is filled in from this."""

    def with_params(self, overrides: dict[str, Any]) -> Rule:
        """This rule under an organisation's own reading: its thresholds replaced, its texts and schema filled in."""
        base = self.written or self
        params = {**base.params, **{k: v for k, v in overrides.items() if k in base.thresholds}}
        severity = overrides.get("severity", base.severity)
        defaults = {name: base.params[name] for name in base.thresholds}
        return replace(
            base,
            params=params,
            defaults=defaults,
            severity=severity,
            written=base,
            title=fill(base.title, params),
            message=fill(base.message, params),
            why=fill(base.why, params),
            fix=fill(base.fix, params),
            reading=fill(base.reading, params) if base.reading else None,
            schema=substitute(base.schema, params) if base.schema is not None else None,
        )


def force_sentence(rule: Rule) -> str:
    """The source's verb and the severity it gives, in words (empty for a rule without a force)."""
    if rule.force is None:
        return ""
    force = FORCES[rule.force]
    sentence = f"The source's verb is {force.verbs}: {force.meaning}, reported as {_ARTICLE[force.severity]}"
    if rule.severity != force.severity:
        sentence += f" (as {_ARTICLE[rule.severity]} by this configuration)"
    if rule.force == "should":
        sentence += "; a ministry that adopts the pack as binding raises it to an error (binding in svcstd.toml)"
    return sentence + "."


_ARTICLE = {"error": "an error", "warning": "a warning", "info": "info"}


def basis_sentence(rule: Rule) -> str:
    """How firmly the source asks, in words: what `explain`, SARIF help and docs/rules.md say of every rule."""
    force = force_sentence(rule)
    return f"{_basis_words(rule)} {force}" if force else _basis_words(rule)


def _basis_words(rule: Rule) -> str:
    if rule.basis == "stated":
        return f'stated. The source states this requirement itself: "{rule.quote}"'
    if rule.basis == "threshold":
        settable = ", ".join(
            f"{name} (svcstd's default {shown_value(rule.defaults.get(name, rule.params[name]))}"
            + (
                f", set to {shown_value(rule.params[name])} by configuration)"
                if rule.params[name] != rule.defaults.get(name)
                else ")"
            )
            for name in rule.thresholds
        )
        how = f" To read it otherwise, set {settable} under [rules.{rule.id}] in svcstd.toml." if settable else ""
        return f'svcstd\'s reading. The source says "{rule.quote}"; {rule.reading}{how}'
    if rule.basis == "practice":
        return (
            f'a practice. The source offers this as an example of good practice, not a requirement: "{rule.quote}". '
            "Info fails a run only with --fail-on info."
        )
    return "svcstd's charter format, which every other rule needs to read the facts it means."


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, params: dict[str, Any]) -> str:
    """`{name}` replaced by a parameter's value; no str.format, so a pack's text reaches no Python object."""
    return _PLACEHOLDER.sub(lambda m: shown_value(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def shown_value(value: Any) -> str:
    """A parameter's value as a report shows it: a list as its items joined by commas."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def substitute(schema: Any, params: dict[str, Any]) -> Any:
    """A rule's schema with each `{"$param": name}` replaced by that parameter's value."""
    if isinstance(schema, dict):
        if set(schema) == {"$param"}:
            return params[schema["$param"]]
        return {key: substitute(value, params) for key, value in schema.items()}
    if isinstance(schema, list):
        return [substitute(item, params) for item in schema]
    return schema


def param_refs(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        if set(schema) == {"$param"}:
            return {str(schema["$param"])}
        return set().union(*(param_refs(value) for value in schema.values())) if schema else set()
    if isinstance(schema, list):
        return set().union(*(param_refs(item) for item in schema)) if schema else set()
    return set()


@dataclass(frozen=True)
class Standard:
    id: str
    pack: str
    title: str
    clause: str
    requirement: str
    rules: tuple[Rule, ...]
    missing_from_source: bool = False
    unchecked: tuple[Unchecked, ...] = ()


@dataclass(frozen=True)
class Unchecked:
    """A requirement the source states that no charter can evidence, with the reason svcstd leaves it unchecked."""

    quote: str
    reason: str


@dataclass
class Catalogue:
    standards: list[Standard]
    packs: dict[str, str]
    parameters: dict[str, Parameter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rules: dict[str, Rule] = {rule.id: rule for standard in self.standards for rule in standard.rules}
        self.by_id: dict[str, Standard] = {standard.id: standard for standard in self.standards}

    def with_overrides(self, overrides: dict[str, dict[str, Any]]) -> Catalogue:
        """The catalogue under an organisation's reading ([rules.ID] in svcstd.toml), validated by check_overrides first."""
        if not overrides:
            return self
        standards = [
            replace(s, rules=tuple(r.with_params(overrides[r.id]) if r.id in overrides else r for r in s.rules))
            for s in self.standards
        ]
        return Catalogue(standards, self.packs, self.parameters)

    def readings(self, overrides: dict[str, dict[str, Any]] | None = None) -> list[Reading]:
        """Every threshold in force, with its default and where its value came from: the report header echoes them."""
        overrides = overrides or {}
        found = []
        for rule in self.rules.values():
            own = overrides.get(rule.id, {})
            for name in rule.thresholds:
                found.append(Reading(rule.id, name, own.get(name, rule.params[name]), rule.params[name], name in own))
            if "severity" in own:
                found.append(Reading(rule.id, "severity", own["severity"], rule.severity, True))
        return found


@dataclass(frozen=True)
class Reading:
    rule_id: str
    parameter: str
    value: Any
    default: Any
    configured: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "parameter": self.parameter,
            "value": self.value,
            "default": self.default,
            "configured": self.configured,
        }


def bundled_pack_paths() -> list[Path]:
    """The bundled source packs; svcstd's own format pack is loaded around them (format_pack_path)."""
    return sorted(path for path in resource_dir("standards").glob("*.yaml") if path.name != FORMAT_PACK_FILE)


FORMAT_PACK_FILE = "format.yaml"


def format_pack_path() -> Path:
    return resource_dir("standards") / FORMAT_PACK_FILE


def load_catalogue(extra_packs: list[str] | None = None) -> Catalogue:
    """svcstd's format rules first, then the bundled packs and any custom packs given by path, then the waiver rules.

    The order is what every report lists: a charter's format before what it says, waivers last.
    """
    own = load_pack(str(format_pack_path()), validate=False)
    fmt = [s for s in own.standards if s.id == FORMAT_STANDARD]
    standards: list[Standard] = list(fmt)
    packs: dict[str, str] = {own.id: own.title}
    parameters: dict[str, Parameter] = {}
    paths = [(str(path), False) for path in bundled_pack_paths()] + [(path, True) for path in extra_packs or []]
    for path, validate in paths:
        pack = load_pack(path, validate=validate)
        if pack.id in packs:
            raise UsageError(f"{path}: pack {pack.id!r} is already loaded")
        packs[pack.id] = pack.title
        standards.extend(pack.standards)
        parameters.update(pack.parameters)
    standards.extend(s for s in own.standards if s.id != FORMAT_STANDARD)
    _check_unique([s.id for s in standards], "standard")
    _check_unique([r.id for s in standards for r in s.rules], "rule")
    return Catalogue(standards, packs, parameters)


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    standards: list[Standard]
    parameters: dict[str, Parameter]


def load_pack(path: str, validate: bool = True) -> Pack:
    try:
        document = load_path(path)
    except InputError as error:  # a configuration may name any file as a pack: say what is wrong, never what it holds
        raise UsageError(f"standards pack {error.without_content()}") from None
    return read_pack(document, validate)


def read_pack(document: Document, validate: bool = True) -> Pack:
    """A pack from its loaded document: validated (custom packs), then turned into standards and rules."""
    path = document.path
    if validate:
        validate_pack(document)
    data = document.data
    parameters = {name: Parameter(name, schema) for name, schema in (data.get("parameters") or {}).items()}
    standards = []
    for raw in data["standards"]:
        rules = []
        for rule in raw["rules"]:
            if rule["basis"] == "format" and data["pack"] != FORMAT_PACK:
                raise UsageError(
                    f"{path}: rule {rule['id']} has basis 'format', which only svcstd's own format pack may use"
                )
            if "check" in rule and rule["check"] not in checks_registry():
                raise UsageError(
                    f"{path}: rule {rule['id']} names unknown check {rule['check']!r}; known: {', '.join(checks_registry())}"
                )
            params = rule.get("params", {})
            rules.append(
                Rule(
                    id=rule["id"],
                    standard_id=raw["id"],
                    title=rule["title"],
                    severity=rule["severity"] if "severity" in rule else FORCES[rule["force"]].severity,
                    force=rule.get("force"),
                    message=rule["message"],
                    why=rule["why"],
                    fix=rule["fix"],
                    example=rule["example"],
                    clause=rule.get("clause", raw["clause"]),
                    schema=rule.get("schema"),
                    check=rule.get("check"),
                    params=params,
                    bad=rule.get("bad"),
                    needs=rule.get("needs"),
                    basis=rule["basis"],
                    quote=rule.get("quote", ""),
                    reading=rule.get("reading"),
                    thresholds=tuple(name for name in params if name in parameters)
                    if rule["basis"] == "threshold"
                    else (),
                ).with_params({})
            )
        standards.append(
            Standard(
                id=raw["id"],
                pack=data["pack"],
                title=raw["title"],
                clause=raw["clause"],
                requirement=raw["requirement"],
                rules=tuple(rules),
                missing_from_source=raw.get("missing_from_source", False),
                unchecked=tuple(Unchecked(item["quote"], item["reason"]) for item in raw.get("unchecked", [])),
            )
        )
    return Pack(data["pack"], data["title"], standards, parameters)


_PACK_PROBLEMS = {
    "additionalProperties": "a key a standards pack does not have",
    "enum": "a value the pack format does not allow",
    "const": "a value the pack format does not allow",
    "pattern": "a value of the wrong form",
    "minItems": "an empty list",
    "minLength": "an empty text",
}


def _pack_problem(error: Any) -> str:
    """What is wrong, in the schema's words only: a pack named in a configuration may be any file (a secret), and its
    content must never reach a CI log. The names a `required` error gives are the schema's own."""
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"{missing[0]!r} is a required property (see schemas/standards-pack.schema.json)"
    if error.validator == "type":
        return f"the value is not of type {error.validator_value!r} (see schemas/standards-pack.schema.json)"
    problem = _PACK_PROBLEMS.get(error.validator, f"fails the pack format's {error.validator!r} rule")
    return f"{problem} (see schemas/standards-pack.schema.json)"


def validate_pack(document: Document) -> None:
    """The pack against its schema, and each rule's schema against JSON Schema 2020-12 and the local registry."""
    import jsonschema

    from svcstd.validation import bad_pattern, schema_problem

    validator = jsonschema.Draft202012Validator(json_resource("standards-pack.schema.json"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document.data))
    if error is not None:
        line, _ = document.position(tuple(error.absolute_path))
        raise UsageError(f"{document.path}:{line}: invalid standards pack: {_pack_problem(error)}")
    parameters = document.data.get("parameters") or {}
    for name, schema in parameters.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as schema_error:
            raise UsageError(
                f"{document.path}: parameter {name} has an invalid schema: {schema_error.message}"
            ) from None
    for s_index, raw in enumerate(document.data["standards"]):
        for r_index, rule in enumerate(raw["rules"]):
            where = ("standards", s_index, "rules", r_index)
            _check_params(document, where, rule, parameters)
            if "schema" in rule:
                if (bad := bad_pattern(rule["schema"])) is not None:
                    line = document.position((*where, "schema", *bad[0]))[0]
                    raise UsageError(
                        f"{document.path}:{line}: rule {rule['id']}: pattern {excerpt(bad[1])} is not an ECMA-262 "
                        "regular expression, the dialect JSON Schema patterns are written in"
                    )
                problem = schema_problem(substitute(rule["schema"], rule.get("params", {})))
                if problem is not None:
                    line = document.position((*where, "schema"))[0]
                    raise UsageError(
                        f"{document.path}:{line}: rule {rule['id']} has a schema svcstd cannot read as JSON Schema "
                        f"2020-12: {excerpt(problem, 200, quote=False)}"
                    )


def _check_params(
    document: Document, path: tuple[str | int, ...], rule: dict[str, Any], parameters: dict[str, dict[str, Any]]
) -> None:
    """A rule's params: every `$param` its schema names is given, every value fits its declaration and its check's own schema."""
    import jsonschema

    from svcstd.checks import check_module

    params = rule.get("params", {})
    where = f"{document.path}:{document.position(path)[0]}: rule {rule['id']}"
    for name in sorted(param_refs(rule.get("schema"))):
        if name not in params:
            raise UsageError(f"{where}: its schema uses $param {name!r}, which its params do not give")
    for name, value in params.items():
        if (
            name in parameters
            and (
                error := jsonschema.exceptions.best_match(
                    jsonschema.Draft202012Validator(parameters[name]).iter_errors(value)
                )
            )
            is not None
        ):
            raise UsageError(f"{where}: params.{name}: {error.message}")
    if "check" in rule and rule["check"] in checks_registry():
        schema = getattr(check_module(rule["check"]), "PARAMS", {"type": "object", "maxProperties": 0})
        error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(params))
        if error is not None:
            at = ".".join(map(str, error.absolute_path))
            raise UsageError(f"{where}: params{'.' + at if at else ''} of check {rule['check']}: {error.message}")
    if rule.get("basis") == "threshold" and not rule.get("reading"):
        raise UsageError(f"{where}: a threshold rule says how svcstd reads its source in `reading`")


def check_overrides(catalogue: Catalogue, overrides: dict[str, dict[str, Any]], source: str) -> None:
    """[rules.ID] settings: only a rule's own thresholds (or its severity), each within its declared bounds."""
    if not overrides:
        return
    import jsonschema

    for rule_id, values in overrides.items():
        rule = catalogue.rules[rule_id]
        for name, value in values.items():
            where = f"{source}: rules.{rule_id}.{name}"
            if name == "severity":
                if value not in SEVERITIES:
                    raise UsageError(f"{where}: {excerpt(value)} is not one of {', '.join(SEVERITIES)}")
                continue
            if name not in rule.thresholds:
                own = ", ".join(rule.thresholds)
                why = (
                    f"its thresholds are {own}"
                    if own
                    else f"it has no threshold of svcstd's to set (basis: {rule.basis}: {BASES[rule.basis]})"
                )
                raise UsageError(f"{where}: {rule_id} has no parameter {name!r}; {why}")
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(catalogue.parameters[name].schema).iter_errors(value)
            )
            if error is not None:
                raise UsageError(f"{where}: {excerpt(value)} is not allowed: {error.message}")


SEVERITIES = ("error", "warning", "info")


def _check_unique(ids: list[str], kind: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise UsageError(f"{kind} id {item!r} is defined twice in the catalogue")
        seen.add(item)
