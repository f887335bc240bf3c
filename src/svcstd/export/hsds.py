"""Charters as HSDS 3.0 (Open Referral's Human Services Data Specification) service records.

Each service of a charter becomes one HSDS `service` object, with its
organization, the organization's locations (the main office and every site)
and their weekly schedules nested in it, as HSDS 3.0's compiled service
schema and its `/services/{id}` API give it. What HSDS requires and a charter
does not say is left out rather than invented: a charter's address is one
line of text, so no HSDS `address` (which needs city, region and postal code)
is written. Identifiers are UUIDs derived from the charter file's name and
the entry's own key, so two runs give the same records and a record keeps its
id from one export to the next. The parts are joined unambiguously (as a JSON
array) and each kind of place has its own part: a site named "Main" is not the
main office, and two sites whose names share no ASCII letter stay two.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from svcstd.export.hours_calendar import BYDAY, weekly_intervals
from svcstd.facts import items, number, section, string, strings, words
from svcstd.schedule import DAY, clock
from svcstd.text import csv_text, dump_json

_NAMESPACE = uuid.UUID("6f1e1f0e-4c1b-5c7e-9d3a-8b7a5e2f4c10")
"""svcstd's own namespace for HSDS identifiers (uuid5 of the charter's slug and the entry's key)."""


def ident(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, dump_json(list(parts), compact=True)))


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
                "opens_at": clock(start) + ":00",  # HH:MM:SS, as HSDS's examples and its CSV time fields write it
                "closes_at": closes + ":00",
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
    places = [("main office", name, main, strings(contact.get("telephone")), words(main.get("notes")))]
    for site in items(data.get("sites")):
        if site_name := string(site.get("name")):
            own = section(site, "opening_hours")
            places.append(
                (f"site {site_name}", site_name, own, strings(site.get("telephone")), words(own.get("notes")))
            )
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
    codes = strings(section(data, "charter").get("languages"))
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
            "languages": [
                {
                    "id": ident(slug, "language", key, code),
                    "service_id": service_id,
                    "code": code,
                    "name": language_name(code),
                }
                for code in codes
            ],
        }
        if description := words(service.get("description")):
            record["description"] = description
        if email := org.get("email"):
            record["email"] = email
        if website := org.get("website"):
            record["url"] = website
        fee = service.get("fee")
        cost: dict[str, Any] = {"id": ident(slug, "cost_option", key), "service_id": service_id}
        if number(fee) == 0:
            record["fees_description"] = "Free"
            record["cost_options"] = [{**cost, "option": "Free", "amount": 0, "amount_description": "Free"}]
        elif (amount := number(fee)) is not None:
            record["cost_options"] = [{**cost, "option": "Fee", "amount": amount}]
        elif isinstance(fee, str) and fee.strip():  # the fee as written ("BZ$10.00"): no currency is guessed
            record["fees_description"] = fee.strip()
            record["cost_options"] = [{**cost, "option": "Fee", "amount_description": fee.strip()}]
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
                    "id": ident(slug, "service_at_location", key, "main office"),
                    "service_id": service_id,
                    "location_id": main["id"],
                    "location": main,
                }
            ]
        found.append(record)
    return found


def as_json(records: list[dict[str, Any]]) -> str:
    return dump_json(records)


TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
    ),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
    ),
    "service_at_location": ("service_at_location.csv", ("id", "service_id", "location_id", "description")),
    "location": (
        "locations.csv",
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
    ),
    "phone": (
        "phones.csv",
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    ),
    "contact": (
        "contacts.csv",
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
    ),
    "schedule": (
        "schedules.csv",
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "language": ("languages.csv", ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "cost_option": (
        "cost_options.csv",
        ("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"),
    ),
}
"""HSDS 3.0's tables svcstd fills, with their file names and columns in the order HSDS's datapackage.json gives."""


def tables(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The nested service records as HSDS's flat tables, each row once (an organization is in every service)."""
    found: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}

    def put(table: str, row: dict[str, Any], **links: Any) -> None:
        flat = {k: v for k, v in row.items() if not isinstance(v, (list, dict))}
        entry = {**flat, **{k: v for k, v in links.items() if v is not None}}
        if found[table].setdefault(row["id"], entry) != entry:  # one id, two things: never merged into one row
            raise ValueError(f"two {table} records would share the identifier {row['id']}")

    for record in records:
        org = record["organization"]
        put("organization", org)
        for phone in org.get("phones", []):
            put("phone", phone, organization_id=org["id"])
        for person in org.get("contacts", []):
            put("contact", person, organization_id=org["id"])
        for location in org.get("locations", []):
            put("location", location)
            for phone in location.get("phones", []):
                put("phone", phone, location_id=location["id"])
            for schedule in location.get("schedules", []):
                put("schedule", schedule)
        put("service", record)
        for language in record.get("languages", []):
            put("language", language)
        for cost in record.get("cost_options", []):
            put("cost_option", cost)
        for link in record.get("service_at_locations", []):
            put("service_at_location", link)
    return {name: list(rows.values()) for name, rows in found.items()}


def as_csv(table: str, rows: list[dict[str, Any]]) -> str:
    return csv_text(TABLES[table][1], rows)


def datapackage(names: list[str]) -> str:
    """A Frictionless tabular data package naming each table written (HSDS's own descriptor gives their schemas)."""
    package = {
        "name": "svcstd-hsds",
        "title": "Public service charters as HSDS 3.0 tables",
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": name,
                "path": TABLES[name][0],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": column, "type": "any"} for column in TABLES[name][1]]},
            }
            for name in names
        ],
    }
    return dump_json(package)
