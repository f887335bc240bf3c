"""JSON Schema validation with a fast path for the common case: a valid charter.

Most charters in a run meet most rule schemas, and for a valid instance there
is nothing to explain. jsonschema-rs (compiled, about a hundred times faster
here) answers "valid?" first; only when it says no, or cannot say, does the
Python `jsonschema` validator run to produce the errors svcstd explains, with
their paths, keywords and schema titles. So findings always come from one
implementation, and the fast one can only skip work, never invent a finding.
A test holds the two to the same verdict on random and mutated charters.

Schemas are only ever resolved locally: jsonschema-rs runs offline (a schema
with a remote reference fails to compile and takes the exact path), and Python
`jsonschema` never fetches references by default.
"""

from __future__ import annotations

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

    def errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        if self.quick_valid(instance):
            return iter(())
        return self.exact.iter_errors(instance)
