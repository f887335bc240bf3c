"""Reading a charter's facts by their shape, never by assumption.

A charter is untrusted: any value may have any YAML shape (a list where a
mapping belongs, a number where text belongs). `check` judges shapes through
the format; every other reader (pages, measurement, the portfolio, working
calendars) goes through these few functions, which hand back the expected
shape or an empty one, so no reader ever indexes, iterates or hashes a value
it has not seen the shape of. tests/test_wrong_shapes.py holds them to it.
"""

from __future__ import annotations

from typing import Any


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def section(data: Any, *keys: str) -> dict[str, Any]:
    """The mapping at data[keys[0]][keys[1]]..., or {} wherever a step is not a mapping."""
    node = mapping(data)
    for key in keys:
        node = mapping(node.get(key))
    return node


def items(value: Any) -> list[dict[str, Any]]:
    """The mappings of a list (services, KPIs, sites); anything else in it is the format's to report."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def whole(value: Any) -> int | None:
    """A count of zero or more (staff, days); booleans are not numbers here, though Python says so."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def positive(value: Any) -> int | None:
    return found if (found := whole(value)) else None


def number(value: Any) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
