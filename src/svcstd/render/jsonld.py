"""schema.org metadata for search engines, built from the same records as the page.

The organisation is a GovernmentOrganization; its opening hours hang off a
ContactPoint as `hoursAvailable` (OpeningHoursSpecification), since schema.org
gives opening hours to places and contact points, not to organisations. Each
service is a GovernmentService provided by the organisation.
"""

from __future__ import annotations

import json
from typing import Any

from svcstd.render.view import Charter, Hours
from svcstd.schedule import clock

_SCHEMA_DAYS = {
    "monday": "Monday",
    "tuesday": "Tuesday",
    "wednesday": "Wednesday",
    "thursday": "Thursday",
    "friday": "Friday",
    "saturday": "Saturday",
    "sunday": "Sunday",
}


def opening_hours(hours: Hours | None) -> list[dict[str, Any]]:
    if hours is None:
        return []
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[day.key]}",
            "opens": clock(start),
            "closes": "23:59" if end >= 24 * 60 else clock(end),
        }
        for day in hours.days
        for start, end in day.open
    ]


def organisation(charter: Charter) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "@id": "#organization", "name": charter.name}
    optional = {
        "alternateName": charter.short_name,
        "url": charter.website,
        "email": charter.email,
        "telephone": charter.telephones[0] if charter.telephones else None,
        "slogan": charter.vision,
        "description": charter.mission,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": charter.address,
            **({"addressCountry": charter.country} if charter.country else {}),
        }
        if charter.address
        else None,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": charter.ministry}
        if charter.ministry
        else None,
        "sameAs": [url for _, url in charter.social_media] or None,
    }
    org.update({key: value for key, value in optional.items() if value})
    contact: dict[str, Any] = {"@type": "ContactPoint", "contactType": "customer service"}
    if charter.telephones:
        contact["telephone"] = charter.telephones[0]
    if charter.email:
        contact["email"] = charter.email
    if charter.languages:
        contact["availableLanguage"] = charter.languages
    if hours := opening_hours(charter.hours):
        contact["hoursAvailable"] = hours
    points = [contact] if len(contact) > 2 else []
    for site in charter.sites:
        point: dict[str, Any] = {"@type": "ContactPoint", "contactType": "customer service", "name": site.name}
        if site.telephones:
            point["telephone"] = site.telephones[0]
        if site.address:
            point["areaServed"] = site.address
        if hours := opening_hours(site.hours):
            point["hoursAvailable"] = hours
        points.append(point)
    if points:
        org["contactPoint"] = points
    return org


def services(charter: Charter) -> list[dict[str, Any]]:
    graph = []
    for service in charter.services:
        item: dict[str, Any] = {
            "@type": "GovernmentService",
            "name": service.name,
            "provider": {"@id": "#organization"},
            "serviceOperator": {"@id": "#organization"},
        }
        if service.description:
            item["description"] = service.description
        if service.id:
            item["identifier"] = service.id
        channels = []
        for channel in service.channels:
            entry: dict[str, Any] = {"@type": "ServiceChannel", "name": channel}
            if channel == "telephone" and charter.telephones:
                entry["servicePhone"] = {"@type": "ContactPoint", "telephone": charter.telephones[0]}
            if channel == "online" and charter.website:
                entry["serviceUrl"] = charter.website
            channels.append(entry)
        if channels:
            item["availableChannel"] = channels
        graph.append(item)
    return graph


def page(charter: Charter) -> dict[str, Any] | None:
    """The charter as a web page: when it was published and last modified (its review or latest recorded change)."""
    dates = {"datePublished": charter.published, "dateModified": charter.modified}
    shown = {key: day.isoformat() for key, day in dates.items() if day}
    if not shown:
        return None
    return {"@type": "WebPage", "name": charter.name, "about": {"@id": "#organization"}, **shown}


def document(charter: Charter) -> dict[str, Any]:
    graph = [organisation(charter), *services(charter)]
    if (webpage := page(charter)) is not None:
        graph.append(webpage)
    return {"@context": "https://schema.org", "@graph": graph}


def script_text(charter: Charter) -> str:
    """JSON for a <script> element: <, > and & are written as escapes, so no value can close the element."""
    # compact: the C encoder (an indented dump takes json's pure-Python path, a tenth of a page's time)
    text = json.dumps(document(charter), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
