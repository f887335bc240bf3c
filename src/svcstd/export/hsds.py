"""Charters as HSDS 3.0 (Open Referral's Human Services Data Specification) service records.

Each service of a charter becomes one HSDS `service` object, with its
organization, the organization's locations (the main office and every site)
and their weekly schedules nested in it, as HSDS 3.0's compiled service
schema and its `/services/{id}` API give it. What HSDS requires and a charter
does not say is left out rather than invented: a charter's address is one
line of text, so no HSDS `address` (which needs city, region and postal code)
is written. Identifiers are UUIDs derived from the charter file's name and
the entry's own key, so two runs give the same records and a record keeps its
id from one export to the next.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from svcstd.export.hours_calendar import BYDAY, _slug, weekly_intervals
from svcstd.facts import items, number, section, string, strings, words
from svcstd.schedule import DAY, clock

_NAMESPACE = uuid.UUID("6f1e1f0e-4c1b-5c7e-9d3a-8b7a5e2f4c10")
"""svcstd's own namespace for HSDS identifiers (uuid5 of the charter's slug and the entry's key)."""


def ident(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _offset_hours(zone: str | None, at: datetime) -> float | None:
    """HSDS writes a schedule's time zone as a UTC offset in hours (-6 for America/Belize)."""
    if not zone:
        return None
    try:
        offset = at.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (KeyError, ValueError):
        return None
    return offset.total_seconds() / 3600 if offset is not None else None


def schedules(slug: str, place: str, opening: dict[str, Any], zone: str | None, at: datetime) -> list[dict[str, Any]]:
    """One HSDS schedule per weekly interval: WEEKLY on its day, opening and closing on the wall clock."""
    found = []
    offset = _offset_hours(zone, at)
    for day, spans in weekly_intervals(opening.get("weekly")).items():
        for index, (start, end) in enumerate(spans, 1):
            closes = clock(end % DAY)
            entry: dict[str, Any] = {
                "id": ident(slug, "schedule", place, day, str(index)),
                "freq": "WEEKLY",
                "wkst": "MO",
                "interval": 1,
                "byday": BYDAY[day],
                "opens_at": clock(start),
                "closes_at": closes,
                "description": f"{day.capitalize()} {clock(start)} to {closes}"
                + (" the next day" if end > DAY else ""),
            }
            if offset is not None:
                entry["timezone"] = offset
            found.append(entry)
    return found


def _phones(slug: str, owner: str, numbers: list[str]) -> list[dict[str, Any]]:
    return [{"id": ident(slug, "phone", owner, n), "number": n, "type": "voice"} for n in numbers]


def locations(data: dict[str, Any], slug: str, organisation_id: str, at: datetime) -> list[dict[str, Any]]:
    main = section(data, "opening_hours")
    zone = string(main.get("timezone"))
    name = string(section(data, "organisation").get("name")) or slug
    contact = section(data, "contact")
    places = [("main", name, main, strings(contact.get("telephone")), words(main.get("notes")))]
    for site in items(data.get("sites")):
        if site_name := string(site.get("name")):
            own = section(site, "opening_hours")
            places.append((_slug(site_name), site_name, own, strings(site.get("telephone")), words(own.get("notes"))))
    found = []
    for key, place_name, opening, numbers, notes in places:
        location_id = ident(slug, "location", key)
        entry: dict[str, Any] = {
            "id": location_id,
            "location_type": "physical",
            "organization_id": organisation_id,
            "name": place_name,
            "phones": _phones(slug, key, numbers),
            "schedules": [
                {**s, "location_id": location_id}
                for s in schedules(slug, key, opening, string(opening.get("timezone")) or zone, at)
            ],
        }
        if notes:
            entry["description"] = notes
        found.append(entry)
    return found


def organisation(data: dict[str, Any], slug: str, at: datetime) -> dict[str, Any]:
    org = section(data, "organisation")
    contact = section(data, "contact")
    org_id = ident(slug, "organization")
    name = string(org.get("name")) or slug
    found: dict[str, Any] = {
        "id": org_id,
        "name": name,
        # HSDS requires a description: the charter's mission, else its vision, else its name
        "description": words(org.get("mission")) or words(org.get("vision")) or name,
        "phones": _phones(slug, "organization", strings(contact.get("telephone"))),
        "locations": locations(data, slug, org_id, at),
    }
    if email := string(contact.get("email")):
        found["email"] = email
    if website := string(section(data, "website").get("url")):
        found["website"] = website
    if short := string(org.get("short_name")):
        found["alternate_name"] = short
    official = section(org, "accountable_official")
    if official_name := string(official.get("name")):
        person: dict[str, Any] = {"id": ident(slug, "contact", "accountable_official"), "name": official_name}
        if title := words(official.get("title")):
            person["title"] = title
        if official_email := string(official.get("email")):
            person["email"] = official_email
        found["contacts"] = [person]
    return found


def services(data: dict[str, Any], slug: str, at: datetime, language_name: Any) -> list[dict[str, Any]]:
    """Every service of one charter as a complete HSDS 3.0 service record."""
    org = organisation(data, slug, at)
    main = org["locations"][0]
    languages = [
        {"id": ident(slug, "language", code), "code": code, "name": language_name(code)}
        for code in strings(section(data, "charter").get("languages"))
    ]
    found = []
    for service in items(data.get("services")):
        key = string(service.get("id"))
        name = words(service.get("name"))
        if not key or not name:
            continue
        service_id = ident(slug, "service", key)
        standard = section(service, "standard")
        record: dict[str, Any] = {
            "id": service_id,
            "organization_id": org["id"],
            "name": name,
            "status": "active",
            "organization": org,
            "phones": org["phones"],
            "languages": [{**language, "service_id": service_id} for language in languages],
        }
        if description := words(service.get("description")):
            record["description"] = description
        if email := org.get("email"):
            record["email"] = email
        if website := org.get("website"):
            record["url"] = website
        fee = service.get("fee")
        if number(fee) == 0:
            record["fees_description"] = "Free"
        elif isinstance(fee, str) and fee.strip():
            record["fees_description"] = fee.strip()
        if promise := words(standard.get("promise")):
            record["wait_time"] = promise
        elif (days := number(standard.get("within_working_days"))) is not None:
            record["wait_time"] = f"within {days:g} working days"
        elif (within := number(standard.get("within_minutes"))) is not None:
            record["wait_time"] = f"within {within:g} minutes"
        channels = service.get("channels")
        if isinstance(channels, list) and "in_person" in channels:  # offered at the main office's counter
            record["service_at_locations"] = [
                {
                    "id": ident(slug, "service_at_location", key, "main"),
                    "service_id": service_id,
                    "location_id": main["id"],
                    "location": main,
                }
            ]
        found.append(record)
    return found


def as_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
