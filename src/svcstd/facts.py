"""Reading a charter's facts by their shape, never by assumption.

A charter is untrusted: any value may have any YAML shape (a list where a
mapping belongs, a number where text belongs). `check` judges shapes through
the format; every other reader (pages, measurement, the portfolio, working
calendars) goes through these few functions, which hand back the expected
shape or an empty one, so no reader ever indexes, iterates or hashes a value
it has not seen the shape of. tests/test_wrong_shapes.py holds them to it.
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A language as charters name it (BCP 47, lower-case language first): en, es, es-419."""
WEB_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
"""Text that is only a web address: it reads the same in every language."""


def primary_language(code: str) -> str:
    """The language of a code without its region: es for es-419."""
    return code.split("-")[0].lower()


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


def words(value: Any) -> str | None:
    """A department's text given once or per language ({en: ..., es: ...}): as given, or its first language's.

    For readers that show one text whatever the reader's language (measurement
    reports, promise labels); pages choose the page's language (render/view.py).
    """
    if isinstance(value, dict):
        value = next(iter(translations(value).values()), None)
    return string(value)


def translations(value: Any) -> dict[str, str]:
    """Each language's text of a department's words, by language code; plain text has no code and gives none."""
    if not isinstance(value, dict):
        return {}
    return {code: text for code, text in value.items() if isinstance(code, str) and isinstance(text, str)}


def strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def whole(value: Any) -> int | None:
    """A count of zero or more (staff, days); booleans are not numbers here, though Python says so."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def number(value: Any) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


KEYED_LISTS = (("services", "id"), ("sites", "name"), ("kpis", "id"))
"""Lists whose entries are named by a key (schemas/promises.json matches them between versions by it): a key given
twice would make two entries one service, one site or one KPI in every export, diff and page link."""


def repeated_keys(data: Any) -> list[tuple[tuple[str, int, str], tuple[str, int], str]]:
    """Each entry whose key an earlier entry of the same list already has: (its key's path, the first entry's path,
    the key)."""
    found = []
    for list_name, key in KEYED_LISTS:
        listed = mapping(data).get(list_name)
        first: dict[str, int] = {}
        for index, entry in enumerate(listed if isinstance(listed, list) else []):
            name = string(mapping(entry).get(key))
            if name is None:
                continue
            if name in first:
                found.append(((list_name, index, key), (list_name, first[name]), name))
            else:
                first[name] = index
    return found
