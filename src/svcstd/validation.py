"""JSON Schema validation, compiled: jsonschema-rs first, Python jsonschema where it cannot go.

Validation dominated the time per charter (most of it `$ref` resolution in
Python jsonschema), and importing Python jsonschema alone cost more start-up
than checking a charter. jsonschema-rs validates about a hundred times faster
and reports each failure with the absolute location of the failing keyword,
so `FastError` can offer the same parts svcstd explains (keyword, its value,
the subschema with its title, the instance and its path). Python jsonschema
remains the exact fallback, imported only when jsonschema-rs cannot read an
instance (a mapping key that is not text, an integer beyond 64 bits) or
compile a schema, or is not installed. Tests hold the two to the same
findings, word for word on the examples.

Schemas are only ever resolved locally, from a registry of the bundled charter
schema (so a custom rule may `$ref` the format's definitions by its `$id`):
jsonschema-rs runs offline, and Python `jsonschema` never fetches references.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin

if TYPE_CHECKING:
    import jsonschema


RULE_BASE = "https://svcstd.invalid/rule.json"
"""The address a schema without `$id` is given, never fetched: so every failing keyword has an absolute location."""

METASCHEMA = "https://json-schema.org/draft/2020-12/schema"
DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})
"""Keywords whose values are data, not schemas: a `$ref` inside them is text, not a reference."""


def _walk(node: Any, base: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema with the base URI it is read against (its own `$id` resolved against its parent's)."""
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        yield base, node
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from _walk(value, base)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, base)


def _remote_refs(node: Any) -> bool:
    """Whether a schema refers outside itself (a custom rule reusing the charter format's definitions)."""
    return any(isinstance(ref := sub.get("$ref"), str) and not ref.startswith("#") for _, sub in _walk(node, RULE_BASE))


def with_base(schema: dict[str, Any]) -> dict[str, Any]:
    return schema if "$id" in schema else {"$id": RULE_BASE, **schema}


def _resources(schema: dict[str, Any], base: str) -> dict[str, dict[str, Any]]:
    """Each resource within a schema by its absolute URI (no fragment): the root and every subschema with an `$id`."""
    found: dict[str, dict[str, Any]] = {}
    for uri, node in _walk(schema, base):
        found.setdefault(uri.split("#")[0], node)
    return found


def _registry(schema: dict[str, Any]) -> Any:
    """The offline registry a rule resolves against: itself, the charter format, and the 2020-12 metaschemas."""
    from jsonschema_specifications import REGISTRY as METASCHEMAS
    from referencing.jsonschema import DRAFT202012

    local = [(uri, DRAFT202012.create_resource(doc)) for uri, doc in local_resources().items()]
    return (
        METASCHEMAS.with_resources(local)
        .with_resource(schema.get("$id", RULE_BASE), DRAFT202012.create_resource(with_base(schema)))
        .crawl()
    )


def unresolvable_refs(schema: dict[str, Any]) -> list[str]:
    """References (`$ref`, `$dynamicRef`) that neither the schema, the charter format nor the metaschemas answer.

    Each is resolved against the base URI of the subschema it stands in, as
    the specification says; svcstd never fetches anything.
    """
    from referencing.exceptions import Unresolvable

    registry = _registry(schema)
    root = with_base(schema)
    missing = []
    for base, node in _walk(root, RULE_BASE):
        for keyword in ("$ref", "$dynamicRef"):
            ref = node.get(keyword)
            if not isinstance(ref, str):
                continue
            try:
                registry.resolver(base_uri=base).lookup(ref)
            except Unresolvable:
                missing.append(ref)
    return missing


def _patterns(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every regular expression of a schema with where it stands: `pattern` values and `patternProperties` keys."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield (*path, "pattern"), node["pattern"]
        if isinstance(node.get("patternProperties"), dict):
            for key in node["patternProperties"]:
                yield (*path, "patternProperties", key), key
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from _patterns(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _patterns(value, (*path, index))


def bad_pattern(schema: dict[str, Any]) -> tuple[tuple[Any, ...], str] | None:
    """The first pattern that is not ECMA-262 as the compiled validator reads it, with its place in the schema."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover (no wheel for this platform)
        return None
    for path, pattern in _patterns(schema):
        try:
            jsonschema_rs.Draft202012Validator({"pattern": pattern})
        except Exception:  # jsonschema_rs refuses a pattern outside its ECMA-262 dialect
            return path, pattern
    return None


def schema_problem(schema: dict[str, Any]) -> str | None:
    """Why a rule schema cannot mean what JSON Schema 2020-12 says offline, or None.

    The metaschema first (without Python's regex dialect); then a remote
    `$schema`, unresolvable references, and whatever the compiled validator
    refuses: patterns are ECMA-262, as the specification says, so one only
    Python understands (`\\Z`, `(?P=x)`) is refused rather than judged in
    another dialect.
    """
    import jsonschema

    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    error = jsonschema.exceptions.best_match(meta.iter_errors(schema))
    if error is not None:
        return error.message
    for _, node in _walk(schema, RULE_BASE):
        dialect = node.get("$schema")
        if isinstance(dialect, str) and dialect.rstrip("#") != METASCHEMA:
            return f"$schema {dialect!r} is not JSON Schema 2020-12, the only dialect svcstd reads (it never fetches a metaschema)"
    if missing := unresolvable_refs(schema):
        return (
            f"it refers to {missing[0]}, which svcstd never fetches; a rule may refer to its own definitions, "
            "the charter format's (by its $id) and the 2020-12 metaschema"
        )
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover (no wheel for this platform)
        return None
    try:
        resources = local_resources()
        jsonschema_rs.Draft202012Validator(
            with_base(schema),
            validate_formats=True,
            offline=True,
            registry=jsonschema_rs.Registry(list(resources.items())),
        )
    except Exception as refused:  # jsonschema_rs raises ValidationError for a schema it cannot compile
        return str(refused).splitlines()[0]
    return None


def local_resources() -> dict[str, dict[str, Any]]:
    """The bundled schemas a rule may refer to, by their $id: the charter format."""
    from svcstd.resources import json_resource

    charter = json_resource("charter.schema.json")
    return {charter["$id"]: charter}


def _compile_fast(schema: dict[str, Any], resources: dict[str, dict[str, Any]]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: every check takes the exact path
        return None
    try:
        registry = jsonschema_rs.Registry(list(resources.items())) if resources else None
        return jsonschema_rs.Draft202012Validator(
            with_base(schema), validate_formats=True, offline=True, registry=registry
        )
    except Exception:  # a schema the compiled validator does not accept: use the exact path for it
        return None


class SchemaCheck:
    """One compiled schema. `format` is asserted, in the charter format and in every rule alike."""

    def __init__(self, schema: dict[str, Any]):
        self.schema = schema
        self.resources = local_resources() if _remote_refs(schema) else {}
        self.fast = _compile_fast(schema, self.resources)
        self._located: dict[str, dict[str, Any]] | None = None
        self._exact: jsonschema.Draft202012Validator | None = None

    @property
    def located(self) -> dict[str, dict[str, Any]]:
        """Every resource a failing keyword may stand in, by absolute URI; built on the first failure, not at start-up."""
        if self._located is None:
            self._located = {
                **{uri: doc for base, doc in self.resources.items() for uri, doc in _resources(doc, base).items()},
                **_resources(with_base(self.schema), RULE_BASE),
            }
        return self._located

    @property
    def exact(self) -> jsonschema.Draft202012Validator:
        if self._exact is None:
            import jsonschema

            self._exact = jsonschema.Draft202012Validator(
                self.schema, format_checker=jsonschema.FormatChecker(), registry=_registry(self.schema)
            )
        return self._exact

    def quick_valid(self, instance: Any) -> bool:
        """True only when the fast validator is sure the instance is valid."""
        if self.fast is None:
            return False
        try:
            return bool(self.fast.is_valid(instance))
        except (ValueError, TypeError, OverflowError):  # e.g. a non-text mapping key: `errors` reads it as JSON would
            return False

    def errors(self, instance: Any, odd_keys: bool | None = None) -> Iterator[Any]:
        """The failures to explain: from jsonschema-rs where it can read the instance, else from Python jsonschema.

        Both kinds of error carry what svcstd explains (validator, validator_value,
        schema, instance, absolute_path, message, context). `odd_keys` says whether
        the instance has a key jsonschema-rs cannot place (a loaded charter knows;
        None: looked for, only once the instance is known to fail).
        """
        if self.fast is not None:
            for attempt in range(2):
                readable = (
                    instance if attempt == 0 else _readable(instance)
                )  # converted only when jsonschema-rs cannot read it
                try:
                    if self.fast.is_valid(readable):
                        return iter(())
                    if odd_keys if odd_keys is not None else has_unplaceable_key(instance):
                        break
                    return iter([FastError(error, self.located, instance) for error in self.fast.iter_errors(readable)])
                except (
                    ValueError,
                    TypeError,
                    OverflowError,
                ):  # a non-text key, an integer beyond 64 bits: read as JSON would
                    continue
        return self.exact.iter_errors(instance)


def has_unplaceable_key(instance: Any) -> bool:
    """Whether a mapping anywhere in the instance has a key jsonschema-rs (0.61) cannot name in an error's path: ""
    (left out, so the failure lands on the mapping above) or digits that are not a plain number ("00" is named 0).
    Python jsonschema places those failures exactly."""
    if isinstance(instance, dict):
        return any(unplaceable(key) or has_unplaceable_key(value) for key, value in instance.items())
    if isinstance(instance, list):
        return any(has_unplaceable_key(item) for item in instance)
    return False


def unplaceable(key: Any) -> bool:
    """ "" or ASCII digits with a leading zero ("00", "007"): a key jsonschema-rs names wrongly in an error's path."""
    return isinstance(key, str) and (key == "" or (len(key) > 1 and key[0] == "0" and key.isascii() and key.isdigit()))


def _readable(instance: Any) -> Any:
    """The instance as JSON sees it: mapping keys as text, integers beyond 64 bits as numbers jsonschema-rs can hold.

    So every instance takes the one compiled path, with one regular-expression
    dialect (ECMA-262) and one way of placing failures; Python jsonschema is
    left for platforms without jsonschema-rs.
    """
    if isinstance(instance, dict):
        return {key if isinstance(key, str) else json_key(key): _readable(value) for key, value in instance.items()}
    if isinstance(instance, list):
        return [_readable(item) for item in instance]
    if isinstance(instance, int) and not isinstance(instance, bool) and not -(2**63) <= instance < 2**64:
        return float(instance)
    return instance


def json_key(key: Any) -> str:
    return (
        {True: "true", False: "false", None: "null"}.get(key, str(key))
        if isinstance(key, (bool, type(None)))
        else str(key)
    )


def _resolve(schema: Any, path: list[Any]) -> Any:
    node = schema
    for step in path:
        if isinstance(node, dict):
            node = node.get(str(step), {}) if not isinstance(step, str) else node.get(step, {})
        elif isinstance(node, list) and str(step).isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return {}
    return node


def _pointer(fragment: str) -> list[str]:
    """A JSON pointer from a URI fragment: every segment kept (empty ones too), ~1 and ~0 and %-escapes undone."""
    if not fragment.startswith("/"):
        return []
    return [unquote(step).replace("~1", "/").replace("~0", "~") for step in fragment.split("/")[1:]]


def _instance_path(instance: Any, steps: list[Any]) -> deque[Any]:
    """The instance path with each step as the instance spells it: "2025" stays a key, not the number jsonschema-rs gives."""
    path: deque[Any] = deque()
    node = instance
    for step in steps:
        if isinstance(node, dict):
            key = step if step in node else next((k for k in node if json_key(k) == str(step)), str(step))
            path.append(key)
            node = node.get(key)
        else:
            path.append(step)
            node = node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else None
    return path


class FastError:
    """A jsonschema-rs error in the shape of jsonschema.ValidationError, for the parts svcstd reads.

    jsonschema-rs gives the failing keyword's absolute location (a URI and a
    JSON pointer into the resource the keyword stands in, references already
    followed), so the subschema, the keyword and its value are looked up in
    that resource; importing Python `jsonschema` is not needed at all.
    """

    __slots__ = ("absolute_path", "context", "instance", "message", "schema", "validator", "validator_value")

    def __init__(self, error: Any, located: dict[str, dict[str, Any]], root_instance: Any):
        where = error.absolute_keyword_location or ""
        uri, _, fragment = where.partition("#")
        if uri in located:
            resource, location = located[uri], _pointer(fragment)
        else:  # no absolute location: the path from the rule's root
            resource, location = located.get(RULE_BASE, {}), [str(step) for step in error.schema_path]
        self.validator = location[-1] if location else None
        self.schema = _resolve(resource, location[:-1])
        self.validator_value = self.schema.get(self.validator) if isinstance(self.schema, dict) else None
        self.instance = error.instance
        self.absolute_path = _instance_path(root_instance, list(error.instance_path))
        self.message = error.message
        branches = getattr(error.kind, "context", None) or []
        self.context = [FastError(item, located, root_instance) for branch in branches for item in branch]
