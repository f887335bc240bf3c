"""What a public page says, read from a charter that may be incomplete or malformed.

`svcstd render` must not crash on a charter `svcstd check` would fault, so
every fact is taken only when it has the expected shape; anything else is left
out of the page (check reports it). Templates see only these plain records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcstd.render.performance import Performance

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svcstd.facts import LANGUAGE_CODE, items, mapping, number, primary_language, translations, whole
from svcstd.schedule import WEEKDAYS, parse_date, review_due, week_intervals
from svcstd.text import printable

Interval = tuple[int, int]
CLOCKS = ("12-hour", "24-hour")
CHANNELS = ("in_person", "telephone", "email", "post", "online", "social_media", "sms", "mobile_unit", "other")
PLACES = (
    "website",
    "notice_board",
    "social_media",
    "leaflet",
    "newspaper",
    "radio",
    "charter_document",
    "reception_desk",
    "other",
)
FREQUENCIES = ("monthly", "quarterly", "twice_yearly", "annually", "every_two_years", "ad_hoc")
HOLIDAY_OPENING = ("closed", "open", "reduced_hours")
_EMAIL = re.compile(r"[^\s@\"'<>()\[\],;:]+@[^\s@\"'<>()\[\],;:]+\.[^\s@\"'<>()\[\],;:]+")
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


@dataclass
class Day:
    key: str
    open: list[Interval]
    reception: list[Interval] | None  # None: the charter does not say when reception is staffed


@dataclass
class Hours:
    days: list[Day]
    public_holidays: str | None
    holiday_calendar: str | None
    closures: list[tuple[date, str | None]]
    notes: str | None
    timezone: str | None

    @property
    def shows_reception(self) -> bool:
        return any(day.reception is not None for day in self.days)


@dataclass
class Site:
    name: str
    address: str | None
    telephones: list[str]
    hours: Hours | None


@dataclass
class Service:
    id: str | None
    name: str
    description: str | None
    channels: list[str]
    fee: str | None
    free: bool
    promise: str | None
    within_working_days: int | None
    within_minutes: int | float | None
    target_percent: int | float | None


@dataclass
class Kpi:
    indicator: str
    unit: str | None
    target: int | float | None
    minimum: int | float | None
    frequency: str | None
    latest_period: str | None
    latest_value: int | float | None
    higher_is_better: bool = True
    measures: str | None = None
    """The standard whose share of cases the KPI is (`correspondence.reply`, `service:<id>`, ...)."""


@dataclass
class Official:
    name: str
    title: str | None
    email: str | None
    telephone: str | None


@dataclass(frozen=True)
class ChangeRecord:
    date: date
    what: str
    why: str
    approved_by: str


def read_changes(value: Any, say: Say) -> list[ChangeRecord]:
    """Entries with a valid date and every text, newest first (the format reports the others)."""
    found = []
    for item in items(value):
        day, what, why, approved = (
            parse_date(item.get("date")),
            say(item.get("what")),
            say(item.get("why")),
            say(item.get("approved_by")),
        )
        if day and what and why and approved:
            found.append(ChangeRecord(day, what, why, approved))
    return sorted(found, key=lambda change: change.date, reverse=True)


@dataclass
class Charter:
    """Everything a public page may show, each fact present only when the charter states it well-formed."""

    slug: str
    name: str
    short_name: str | None
    ministry: str | None
    country: str | None
    vision: str | None
    mission: str | None
    values: list[str]
    official: Official | None
    content_language: str | None
    languages: list[str]
    published: date | None
    last_reviewed: date | None
    next_review: date | None
    charter_url: str | None
    address: str | None
    postal_address: str | None
    telephones: list[str]
    email: str | None
    social_media: list[tuple[str, str]]
    website: str | None
    website_always_available: bool
    hours: Hours | None
    greeting: str | None
    visits: dict[str, bool]
    sites: list[Site]
    answer_within_rings: int | None
    answer_within_seconds: int | None
    reply_within_working_days: int | None
    replies_include_contact: bool
    extensions_by_agreement_only: bool
    services: list[Service]
    complaints: dict[str, Any]
    feedback_channels: list[str]
    survey_frequency: str | None
    survey_results_on: list[str]
    confidentiality: dict[str, str | None]
    kpis: list[Kpi] = field(default_factory=list)
    clock: str | None = None
    """12-hour or 24-hour times on the page (`charter.clock`); None: as the language and country write them."""
    changes: list[ChangeRecord] = field(default_factory=list)
    """The charter's changes: log, newest first: what the public is told changed, when, why and on whose approval."""
    delivery: Performance | None = None
    """What the department's own logs show of its promises (`render --measurements`); None: no logs given."""

    @property
    def modified(self) -> date | None:
        """The last day the charter's content changed as far as it says: its review, publication or latest change."""
        days = [day for day in (self.published, self.last_reviewed, *(c.date for c in self.changes)) if day]
        return max(days) if days else None

    @property
    def sections(self) -> list[str]:
        """The page's sections that have something to say, in page order; the contents list and the page both follow it."""
        present = {
            "promises": any(
                (
                    self.reply_within_working_days,
                    self.answer_within_rings,
                    self.answer_within_seconds,
                    self.greeting,
                    self.complaints["acknowledge"],
                    self.complaints["resolve"],
                    self.visits.get("offered"),
                    self.website and self.website_always_available,
                )
            ),
            "services": bool(self.services),
            "hours": bool(self.hours or any(site.hours for site in self.sites)),
            "contact": any(
                (
                    self.address,
                    self.postal_address,
                    self.telephones,
                    self.email,
                    self.website,
                    self.social_media,
                    self.sites,
                )
            ),
            "complaints": any(self.complaints.values()),
            "feedback": bool(self.feedback_channels or self.survey_frequency or self.survey_results_on),
            "confidentiality": any(
                self.confidentiality[key] for key in ("promise", "code_of_practice", "data_protection_policy")
            ),
            "accountability": bool(self.official or self.vision or self.mission or self.values),
            "performance": bool(self.kpis),
            "delivery": bool(self.delivery and self.delivery.deliveries),
            "changes": bool(self.changes),
        }
        return [name for name, shown in present.items() if shown]


def text(value: Any) -> str | None:
    """A department's words as a page shows them: control characters (escape sequences, bidi overrides) left out."""
    if isinstance(value, str) and (clean := printable(value).strip()):
        return clean
    return None


DEFAULT_LANGUAGE = "en"
"""The language of a charter that lists none: its words are marked as such on a page in another language, so a
screen reader on a Spanish page does not read "Cooperatives Registry Unit" as Spanish."""


class Said(str):
    """A department's words picked from several languages: text that knows its language, so the page marks it.

    Plain text (a charter that gives a field once) stays a plain `str`, in the
    charter's first language; templates mark either with `own()`.
    """

    language: str

    def __new__(cls, words: str, language: str) -> Said:
        said = super().__new__(cls, words)
        said.language = language
        return said

    def __reduce__(self) -> tuple[Any, ...]:  # pages' index summaries cross to the parent process
        return Said, (str(self), self.language)


Say = Callable[[Any], "str | None"]
"""Reads a free-text field given once or per language, as the page's language shows it."""


def sayer(page_language: str | None, first_language: str | None) -> Say:
    """The text of each field in the page's language where the charter gives it, else in its first language's, else
    in the first one given; a page without a language (or a charter without one) shows the first."""

    def say(value: Any) -> str | None:
        given = {code: clean for code, words in translations(value).items() if (clean := text(words))}
        if not given:
            return text(value)
        for wanted in (page_language, first_language):
            if wanted and (code := _best(given, wanted)):
                return Said(given[code], code)
        code = next(iter(given))
        return Said(given[code], code)

    return say


def _best(given: dict[str, str], wanted: str) -> str | None:
    """The exact language code, else one of the same language (es-419 for es)."""
    if wanted in given:
        return wanted
    return next((code for code in given if primary_language(code) == primary_language(wanted)), None)


def link(value: Any) -> str | None:
    """A web address safe to put in href: http or https only, so no javascript: or data: link reaches a page."""
    url = text(value)
    return url if url and _WEB_ADDRESS.fullmatch(url) else None


def choices(value: Any, allowed: tuple[str, ...]) -> list[str]:
    return [item for item in texts(value) if item in allowed]


def choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def email(value: Any) -> str | None:
    """An address safe for a mailto: link; anything else is left for `svcstd check` to report."""
    address = text(value)
    return address if address and _EMAIL.fullmatch(address) else None


def texts(value: Any) -> list[str]:
    return [clean for item in value if (clean := text(item))] if isinstance(value, list) else []


def said_list(value: Any, say: Say) -> list[str]:
    """A list of texts, each given once or per language."""
    return [said for item in value if (said := say(item))] if isinstance(value, list) else []


def flag(value: Any) -> bool:
    return value is True


def read_hours(opening: Any, reception: Any, say: Say) -> Hours | None:
    opening, reception = mapping(opening), mapping(reception)
    if not opening:
        return None
    weekly, staffed = mapping(opening.get("weekly")), mapping(reception.get("staffed_hours"))
    open_hours, staffed_hours = week_intervals(weekly), week_intervals(staffed)
    days = [Day(key, open_hours[key], staffed_hours[key] if staffed else None) for key in WEEKDAYS]
    closures = [
        (day, say(item.get("reason")))
        for item in items(opening.get("closures"))
        if (day := parse_date(item.get("date")))
    ]
    return Hours(
        days=days,
        public_holidays=choice(opening.get("public_holidays"), HOLIDAY_OPENING),
        holiday_calendar=text(opening.get("holiday_calendar")),
        closures=sorted(closures),
        notes=say(opening.get("notes")),
        timezone=text(opening.get("timezone")),
    )


def read_service(item: dict[str, Any], say: Say) -> Service | None:
    name = say(item.get("name"))
    if name is None:
        return None
    standard = mapping(item.get("standard"))
    fee = item.get("fee")
    return Service(
        id=text(item.get("id")),
        name=name,
        description=say(item.get("description")),
        channels=choices(item.get("channels"), CHANNELS),
        fee=text(fee) if isinstance(fee, str) else (str(fee) if number(fee) else None),
        free=number(fee) == 0,
        promise=say(standard.get("promise")),
        within_working_days=whole(standard.get("within_working_days")),
        within_minutes=number(standard.get("within_minutes")),
        target_percent=number(standard.get("target_percent")),
    )


def read_kpi(item: dict[str, Any], say: Say) -> Kpi | None:
    indicator = say(item.get("indicator"))
    if indicator is None:
        return None
    latest = mapping(item.get("latest"))
    period = latest.get("period")
    return Kpi(
        indicator=indicator,
        unit=text(item.get("unit")),
        target=number(item.get("target")),
        minimum=number(item.get("minimum")),
        frequency=choice(item.get("reporting_frequency"), FREQUENCIES),
        latest_period=str(period) if isinstance(period, (str, int)) and not isinstance(period, bool) else None,
        latest_value=number(latest.get("value")),
        higher_is_better=item.get("higher_is_better") is not False,
        measures=text(item.get("measures")),
    )


def read_charter(data: Any, slug: str, page_language: str | None = None) -> Charter:
    """The page's facts; `slug` names the page file and is used when the charter has no name.

    Text a charter gives per language is read in `page_language` where it is given (render's --lang).
    """
    data = mapping(data)
    org, meta, contact = mapping(data.get("organisation")), mapping(data.get("charter")), mapping(data.get("contact"))
    official = mapping(org.get("accountable_official"))
    reception, phone, letters = (
        mapping(data.get("reception")),
        mapping(data.get("telephone")),
        mapping(data.get("correspondence")),
    )
    website, consultation, complaints = (
        mapping(data.get("website")),
        mapping(data.get("consultation")),
        mapping(data.get("complaints")),
    )
    confidentiality = mapping(data.get("confidentiality"))
    languages = [code for code in texts(meta.get("languages")) if LANGUAGE_CODE.fullmatch(code)]
    reviewed = parse_date(meta.get("last_reviewed"))
    say = sayer(page_language, languages[0] if languages else None)
    appeal = mapping(complaints.get("appeal"))
    return Charter(
        slug=slug,
        name=text(org.get("name")) or slug,
        short_name=text(org.get("short_name")),
        ministry=text(org.get("ministry")),
        country=text(org.get("country")),
        vision=say(org.get("vision")),
        mission=say(org.get("mission")),
        values=said_list(org.get("values"), say),
        official=Official(
            name, say(official.get("title")), email(official.get("email")), text(official.get("telephone"))
        )
        if (name := text(official.get("name")))
        else None,
        content_language=languages[0] if languages else DEFAULT_LANGUAGE,
        languages=languages,
        published=parse_date(meta.get("published")),
        last_reviewed=reviewed,
        next_review=review_due(reviewed, meta.get("review_cycle_months")),
        charter_url=link(meta.get("url")),
        address=text(contact.get("address")),
        postal_address=text(contact.get("postal_address")),
        telephones=texts(contact.get("telephone")),
        email=email(contact.get("email")),
        social_media=[
            (platform, url)
            for item in items(contact.get("social_media"))
            if (platform := text(item.get("platform"))) and (url := link(item.get("url")))
        ],
        website=link(website.get("url")),
        website_always_available=flag(website.get("available_24_7")),
        hours=read_hours(data.get("opening_hours"), reception, say),
        greeting=say(reception.get("greeting_standard")),
        visits={
            key: flag(mapping(reception.get("visits")).get(key))
            for key in ("offered", "by_appointment", "identification")
        },
        sites=[
            Site(
                name,
                text(item.get("address")),
                texts(item.get("telephone")),
                read_hours(item.get("opening_hours"), item.get("reception"), say),
            )
            for item in items(data.get("sites"))
            if (name := text(item.get("name")))
        ],
        answer_within_rings=whole(phone.get("answer_within_rings")),
        answer_within_seconds=whole(phone.get("answer_within_seconds")),
        reply_within_working_days=whole(letters.get("reply_within_working_days")),
        replies_include_contact=all(
            flag(mapping(letters.get("replies_include")).get(key)) for key in ("contact_name", "telephone")
        ),
        extensions_by_agreement_only=flag(letters.get("extensions_by_agreement_only")),
        services=[service for item in items(data.get("services")) if (service := read_service(item, say))],
        complaints={
            "scope": say(complaints.get("scope")),
            "access": say(complaints.get("visibility_and_access")),
            "channels": choices(complaints.get("channels"), CHANNELS),
            "acknowledge": whole(complaints.get("acknowledge_within_working_days")),
            "resolve": whole(complaints.get("resolve_within_working_days")),
            "assessment": say(complaints.get("assessment_and_action")),
            "feedback": say(complaints.get("feedback_to_complainant")),
            "remedies": said_list(complaints.get("remedies"), say),
            "internal_review": say(appeal.get("internal_review")),
            "independent_body": say(appeal.get("independent_body")),
        },
        feedback_channels=choices(mapping(consultation.get("feedback_outlet")).get("channels"), CHANNELS),
        survey_frequency=choice(consultation.get("survey_frequency"), FREQUENCIES),
        survey_results_on=choices(consultation.get("outcomes_published_on"), PLACES),
        confidentiality={
            "promise": say(confidentiality.get("promise")),
            "code_of_practice": say(confidentiality.get("code_of_practice")),
            "data_protection_policy": say(confidentiality.get("data_protection_policy")),
            # a code or policy given as its web address is a link with words, never an address used as a noun
            "code_url": link(say(confidentiality.get("code_of_practice"))),
            "policy_url": link(say(confidentiality.get("data_protection_policy"))),
        },
        kpis=[kpi for item in items(data.get("kpis")) if (kpi := read_kpi(item, say))],
        changes=read_changes(data.get("changes"), say),
        clock=choice(meta.get("clock"), CLOCKS),
    )
