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

if TYPE_CHECKING:
    import jsonschema


def _remote_refs(node: Any) -> bool:
    """Whether a schema refers outside itself (a custom rule reusing the charter format's definitions)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        return (isinstance(ref, str) and not ref.startswith("#")) or any(_remote_refs(value) for value in node.values())
    return isinstance(node, list) and any(_remote_refs(value) for value in node)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def unresolvable_refs(schema: dict[str, Any]) -> list[str]:
    """References in a rule schema that neither the schema itself nor the bundled charter format can answer."""
    from referencing import Registry
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resources((uri, DRAFT202012.create_resource(doc)) for uri, doc in local_resources().items())
    resolver = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    missing = []
    for ref in _refs(schema):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            missing.append(ref)
    return missing


def local_resources() -> dict[str, dict[str, Any]]:
    """The bundled schemas a rule may refer to, by their $id: the charter format."""
    from svcstd.resources import json_resource

    charter = json_resource("charter.schema.json")
    return {charter["$id"]: charter}


def _compile_fast(schema: dict[str, Any], check_dates: bool, resources: dict[str, dict[str, Any]]) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: every check takes the exact path
        return None
    try:
        registry = jsonschema_rs.Registry(list(resources.items())) if resources else None
        return jsonschema_rs.Draft202012Validator(schema, validate_formats=check_dates, offline=True, registry=registry)
    except Exception:  # a schema the compiled validator does not accept: use the exact path for it
        return None


class SchemaCheck:
    """One compiled schema; `check_dates` asserts "format": "date" as the charter format does."""

    def __init__(self, schema: dict[str, Any], *, check_dates: bool = False):
        self.schema = schema
        self.check_dates = check_dates
        self.resources = local_resources() if _remote_refs(schema) else {}
        self.fast = _compile_fast(schema, check_dates, self.resources)
        self._exact: jsonschema.Draft202012Validator | None = None

    @property
    def exact(self) -> jsonschema.Draft202012Validator:
        if self._exact is None:
            import jsonschema
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            checker = jsonschema.FormatChecker(formats=["date"]) if self.check_dates else None
            registry = Registry().with_resources((uri, DRAFT202012.create_resource(doc)) for uri, doc in self.resources.items())
            self._exact = jsonschema.Draft202012Validator(self.schema, format_checker=checker, registry=registry)
        return self._exact

    def quick_valid(self, instance: Any) -> bool:
        """True only when the fast validator is sure the instance is valid."""
        if self.fast is None:
            return False
        try:
            return bool(self.fast.is_valid(instance))
        except (ValueError, TypeError, OverflowError):  # e.g. a non-text mapping key: let the exact path decide
            return False

    def errors(self, instance: Any) -> Iterator[Any]:
        """The failures to explain: from jsonschema-rs where it can read the instance, else from Python jsonschema.

        Both kinds of error carry what svcstd explains (validator, validator_value,
        schema, instance, absolute_path, message, context).
        """
        if self.fast is not None:
            try:
                if self.fast.is_valid(instance):
                    return iter(())
                return iter([FastError(error, self.schema, self.resources) for error in self.fast.iter_errors(instance)])
            except (ValueError, TypeError, OverflowError):  # e.g. a non-text mapping key: let the exact path decide
                pass
        return self.exact.iter_errors(instance)


def _resolve(schema: Any, path: list[Any]) -> Any:
    node = schema
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return node


class FastError:
    """A jsonschema-rs error in the shape of jsonschema.ValidationError, for the parts svcstd reads.

    jsonschema-rs gives the failing keyword's absolute location in the schema
    (references already followed), so the subschema, the keyword and its value
    are looked up there; importing Python `jsonschema` is not needed at all.
    """

    __slots__ = ("absolute_path", "context", "instance", "message", "schema", "validator", "validator_value")

    def __init__(self, error: Any, root: dict[str, Any], resources: dict[str, dict[str, Any]]):
        location = list(error.schema_path)  # within the resource the failing keyword is in
        resource = resources.get((error.absolute_keyword_location or "").split("#")[0], root)
        self.validator = location[-1] if location else None
        self.schema = _resolve(resource, location[:-1])
        self.validator_value = self.schema.get(self.validator) if isinstance(self.schema, dict) else None
        self.instance = error.instance
        self.absolute_path = deque(error.instance_path)
        self.message = error.message
        branches = getattr(error.kind, "context", None) or []
        self.context = [FastError(item, root, resources) for branch in branches for item in branch]
