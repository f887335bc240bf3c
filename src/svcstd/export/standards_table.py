"""A charter's service standards as one table, in the shape open-data portals publish service-standard results.

One row per standard the charter sets: replies to letters, complaints
acknowledged and resolved, and each service's own standard. With logs
(`--measurements DIR`, as `svcstd report` reads them) the period, volume,
share met and verdict come from `svcstd measure`; without them those columns
are empty, never guessed. The columns are documented in docs/export.md.
"""

from __future__ import annotations

from typing import Any

from svcstd.facts import items, number, section, string, words
from svcstd.text import csv_text, dump_json

COLUMNS = (
    "organisation",
    "service",
    "standard",
    "target_percent",
    "minimum_percent",
    "channels",
    "period",
    "volume",
    "met",
    "percent_met",
    "verdict",
)


def rows(data: dict[str, Any], organisation: str, report: Any | None) -> list[dict[str, Any]]:
    """Every standard of the charter, measured where `report` (a MeasureReport) has it."""
    from svcstd.measure.compute import standards_of

    measured = {m.standard.key: m for m in report.measurements} if report is not None else {}
    services = {string(s.get("id")): s for s in items(data.get("services")) if string(s.get("id"))}
    found = []
    for standard in standards_of(data):
        service = services.get(standard.service) if standard.service else None
        found.append(
            _row(
                organisation,
                standard.label,
                f"within {standard.days:g} working day{'s' if standard.days != 1 else ''}",
                standard.target,
                standard.minimum,
                _channels(service, standard.key),
                measured.get(standard.key),
                report,
            )
        )
    for service in services.values():  # a standard in minutes is published, though logs count working days
        own = section(service, "standard")
        if (within := number(own.get("within_minutes"))) is not None and own.get("within_working_days") is None:
            found.append(
                _row(
                    organisation,
                    words(service.get("name")) or str(service.get("id")),
                    f"within {within:g} minutes",
                    number(own.get("target_percent")),
                    number(own.get("minimum_percent")),
                    _channels(service, ""),
                    None,
                    None,
                )
            )
    return found


def _channels(service: dict[str, Any] | None, key: str) -> str:
    if service is not None:
        channels = service.get("channels")
        return "; ".join(c for c in channels if isinstance(c, str)) if isinstance(channels, list) else ""
    return "post; email" if key == "correspondence.reply" else ""


def _row(
    organisation: str,
    service: str,
    standard: str,
    target: float | None,
    minimum: float | None,
    channels: str,
    measurement: Any | None,
    report: Any | None,
) -> dict[str, Any]:
    share = measurement.share if measurement is not None else None
    return {
        "organisation": organisation,
        "service": service,
        "standard": standard,
        "target_percent": target,
        "minimum_percent": minimum,
        "channels": channels,
        "period": report.period.label if report is not None and measurement is not None else None,
        "volume": measurement.volume if measurement is not None else None,
        "met": measurement.within if measurement is not None else None,
        "percent_met": round(share, 2) if share is not None else None,  # as `svcstd measure` reports it
        "verdict": measurement.verdict if measurement is not None else None,
    }


def as_csv(found: list[dict[str, Any]]) -> str:
    return csv_text(COLUMNS, found)


def as_json(found: list[dict[str, Any]]) -> str:
    return dump_json({"columns": list(COLUMNS), "rows": found})
