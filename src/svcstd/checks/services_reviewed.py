"""Every priority service was reviewed recently (Belize policy directive 7).

"Priority services are reviewed regularly": each service marked
`priority: true` records its latest review in `last_reviewed`, and that date
lies within `max_age_months` of --as-of. A charter that marks no priority
service leaves the directive unevidenced (never met by absence); BZ-DIR2-02
reports the missing marks themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcstd.checks import CheckContext, Outcome
from svcstd.findings import Status
from svcstd.loader import Document
from svcstd.schedule import add_months, parse_date

RULES = ("BZ-DIR7-01",)
"""The bundled rules this check serves (tests/checks/test_rules_and_checks_agree.py holds the packs to it)."""
PARAMS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["max_age_months"],
    "properties": {"max_age_months": {"type": "integer", "minimum": 1, "maximum": 120}},
}
READS = (("services", "*", "priority"), ("services", "*", "last_reviewed"))


def check(document: Document, context: CheckContext) -> Iterator[Outcome]:
    months = int(context.params["max_age_months"])
    oldest = add_months(context.as_of, -months)
    services = document.data.get("services")
    listed = services if isinstance(services, list) else []
    if not any(isinstance(service, dict) and service.get("priority") is True for service in listed):
        yield Outcome(Status.NOT_EVIDENCED, ("services",), "no service is marked priority: true, so none was reviewed")
        return
    for index, service in enumerate(listed):
        if not isinstance(service, dict) or service.get("priority") is not True:
            continue
        name = service.get("id") if isinstance(service.get("id"), str) else f"services[{index}]"
        path = ("services", index, "last_reviewed")
        value = service.get("last_reviewed")
        reviewed = parse_date(value)
        if value is None:
            yield Outcome(Status.NOT_EVIDENCED, path, f"priority service {name} records no review (last_reviewed)")
        elif reviewed is None:
            yield Outcome(
                Status.NOT_EVIDENCED,
                path,
                f"services[{index}].last_reviewed is {value!r}, not a date written YYYY-MM-DD",
            )
        elif reviewed > context.as_of:
            yield Outcome(
                Status.NOT_MET,
                path,
                f"priority service {name} was reviewed {reviewed}, after the as-of date {context.as_of}",
            )
        elif oldest is not None and reviewed < oldest:
            yield Outcome(
                Status.NOT_MET,
                path,
                f"priority service {name} was last reviewed {reviewed}; the limit is {months} months before {context.as_of}",
            )
