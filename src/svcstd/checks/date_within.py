"""A dated fact is recent enough: website freshness (Belize D.3), annual refresher training (D.7), last survey (D.8).

Parameters: `path` to the date, and `max_age_days` or `max_age_months`.
A date after --as-of is not met: a charter cannot evidence the future.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status, dotted
from svcstd.loader import Document
from svcstd.schedule import add_days, add_months, parse_date

RULES = ("BZ-D3-03", "BZ-D7-03", "BZ-D8-02", "BZ-DIR1-02")
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
PARAMS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path"],
    "properties": {
        "path": {"type": "array", "minItems": 1, "items": {"type": ["string", "integer"]}},
        "max_age_days": {"type": "integer", "minimum": 1, "maximum": 3650},
        "max_age_months": {"type": "integer", "minimum": 1, "maximum": 120},
    },
    "oneOf": [{"required": ["max_age_days"]}, {"required": ["max_age_months"]}],
}
"""Where the date is, and one window: days or months."""


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    path = tuple(context.params["path"])
    value = document.get(path)
    where = dotted(path)
    if value is None:
        yield Outcome(Status.NOT_EVIDENCED, path, f"{where} is missing")
        return
    day = parse_date(value)
    if day is None:
        yield Outcome(Status.NOT_EVIDENCED, path, f"{where} is {value!r}, not a date written YYYY-MM-DD")
        return
    if day > context.as_of:
        yield Outcome(Status.NOT_MET, path, f"{where} is {day}, after the as-of date {context.as_of}")
        return
    if "max_age_months" in context.params:
        months = int(context.params["max_age_months"])
        oldest = add_months(context.as_of, -months)
        window = f"{months} months"
    else:
        days = int(context.params["max_age_days"])
        oldest = add_days(context.as_of, -days)
        window = f"{days} days"
    if oldest is not None and day < oldest:  # a window reaching before year 1 holds every date
        age = (context.as_of - day).days
        yield Outcome(
            Status.NOT_MET, path, f"{where} is {day}, {age} days before {context.as_of}; the limit is {window}"
        )
