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

Schemas are only ever resolved locally: jsonschema-rs runs offline (a schema
with a remote reference fails to compile and takes the exact path), and Python
`jsonschema` never fetches references by default.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


def _compile_fast(schema: dict[str, Any], check_dates: bool) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: every check takes the exact path
        return None
    try:
        return jsonschema_rs.Draft202012Validator(schema, validate_formats=check_dates, offline=True)
    except Exception:  # a schema the compiled validator does not accept: use the exact path for it
        return None


class SchemaCheck:
    """One compiled schema; `check_dates` asserts "format": "date" as the charter format does."""

    def __init__(self, schema: dict[str, Any], *, check_dates: bool = False):
        self.schema = schema
        self.check_dates = check_dates
        self.fast = _compile_fast(schema, check_dates)
        self._exact: jsonschema.Draft202012Validator | None = None

    @property
    def exact(self) -> jsonschema.Draft202012Validator:
        if self._exact is None:
            import jsonschema

            checker = jsonschema.FormatChecker(formats=["date"]) if self.check_dates else None
            self._exact = jsonschema.Draft202012Validator(self.schema, format_checker=checker)
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
                return iter([FastError(error, self.schema) for error in self.fast.iter_errors(instance)])
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

    def __init__(self, error: Any, root: dict[str, Any]):
        location = list(error.schema_path)
        self.validator = location[-1] if location else None
        self.schema = _resolve(root, location[:-1])
        self.validator_value = self.schema.get(self.validator) if isinstance(self.schema, dict) else None
        self.instance = error.instance
        self.absolute_path = deque(error.instance_path)
        self.message = error.message
        branches = getattr(error.kind, "context", None) or []
        self.context = [FastError(item, root) for branch in branches for item in branch]
