"""Words and formats of one language: message catalogues plus Babel's locale data.

Sentences come from `messages/<lang>.yaml`; day names, dates, times, numbers
and lists come from Babel (CLDR), for the page language and the charter's
country where CLDR has that pairing (en_BZ writes 24-hour times, es_BZ
"1 de mayo de 2025"). A message missing in the page language falls back to
English and is remembered, so the command can say which texts were not
translated.
"""

from __future__ import annotations

import datetime
import re
from datetime import date, time
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names, get_timezone, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from svcstd.errors import InputError, UsageError
from svcstd.loader import load_path
from svcstd.text import visible

FALLBACK = "en"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
MESSAGES_DIR = Path(__file__).parent / "messages"

Catalogue = dict[str, Any]


@cache
def bundled_catalogue(lang: str) -> Catalogue:
    path = MESSAGES_DIR / f"{lang}.yaml"
    return load_path(str(path)).data if path.is_file() else {}


def parse_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise UsageError(
            f"--lang {lang!r} is not a language Babel knows; use en, es or another CLDR code such as fr"
        ) from None


PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""The only thing a message may interpolate: a named plain value, `{name}`; `{{` and `}}` are literal braces."""
_BRACES = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def texts_of(message: Any) -> list[str]:
    return (
        [message]
        if isinstance(message, str)
        else [t for t in message.values() if isinstance(t, str)]
        if isinstance(message, dict)
        else []
    )


def fill(text: str, values: dict[str, Any]) -> list[Any]:
    """`text` split into literal pieces and the values of its placeholders, in order: no str.format, no attribute
    or index access, no format specification, so a message can never reach a Python object."""
    pieces: list[Any] = []
    position = 0
    for match in _BRACES.finditer(text):
        pieces.append(text[position : match.start()])
        token = match.group()
        if token in ("{{", "}}"):
            pieces.append(token[0])
        elif match.group(1) is not None and match.group(1) in values:
            pieces.append(values[match.group(1)])
        else:
            pieces.append(token)  # validated catalogues never get here; shown as written rather than guessed
        position = match.end()
    pieces.append(text[position:])
    return pieces


def check_message(text: str, allowed: set[str]) -> str | None:
    """What is wrong with a message text, or None: only `{name}` placeholders its English original uses."""
    for match in _BRACES.finditer(text):
        token = match.group()
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            end = text.find("}", match.start())
            shown = text[match.start() : end + 1 if 0 <= end - match.start() < 40 else match.start() + 40]
            return (
                f"placeholder {shown!r} is not allowed: a message may only name a value, as {{name}} "
                "(no attribute, index or format; write {{ and }} for literal braces)"
            )
        if match.group(1) not in allowed:
            known = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            return f"unknown placeholder {{{match.group(1)}}}; this message can use: {known}"
    return None


def read_user_catalogue(path: str, known: Catalogue) -> Catalogue:
    """A web team's own texts for --lang (a new language, or wording of their own), checked key by key.

    A messages file is untrusted: besides its keys and shapes, every text's
    placeholders are checked against the English original's, so a text can
    only show the values its sentence is given.
    """
    try:
        document = load_path(path)
    except InputError as error:
        raise UsageError(f"--messages {error}") from None
    if not isinstance(document.data, dict):
        raise UsageError(f"{path}: a messages file is a mapping of message keys to texts")
    for key, value in document.data.items():
        line = document.keys.get((key,), (1, 1))[0]
        if key not in known:
            import difflib

            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise UsageError(f"{path} line {line}: unknown message key {key!r}{hint}")
        if not _well_formed(value, known[key]):
            raise UsageError(
                f"{path} line {line}: message {key!r} must be {'a text or plural forms' if isinstance(known[key], dict) else 'a text'}"
            )
        allowed = {name for text in texts_of(known[key]) for name in placeholders(text)} | {"count"}
        for text in texts_of(value):
            problem = check_message(text, allowed)
            if problem is not None:
                raise UsageError(f"{path} line {line}: message {key!r}: {visible(problem)}")
    return document.data


def _well_formed(value: Any, english: Any) -> bool:
    if isinstance(value, str):
        return True
    return (
        isinstance(english, dict)
        and isinstance(value, dict)
        and bool(value)
        and all(form in PLURAL_FORMS and isinstance(text, str) for form, text in value.items())
    )


TIME_PATTERNS = {"12-hour": "h:mm a", "24-hour": "HH:mm"}
"""A charter's `charter.clock` as CLDR patterns; the day period (a.m., a. m.) is still the language's own."""
COUNTRY_CLOCKS = {country: "12-hour" for country in ("BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV")}
"""The clock public notices use where CLDR's pairing of language and country says otherwise (en_BZ and es_BZ
write 13:30, a Belmopan notice board 1:30 p.m.): a page in either language follows the country; a charter's own
`charter.clock` still decides."""


class Localiser:
    """Texts and formats for one page language and one country."""

    def __init__(self, lang: str, country: str | None = None, overrides: Catalogue | None = None):
        self.lang = lang
        self.locale = parse_locale(lang)
        self.format_locale = self._with_country(country)
        self.english = bundled_catalogue(FALLBACK)
        self.messages = {**bundled_catalogue(self.locale.language), **(overrides or {})}
        self.missing: set[str] = set()
        self.time_pattern = "short"
        """CLDR's short time of the language and country, or a charter's 12- or 24-hour choice (TIME_PATTERNS)."""
        self.clocks: dict[int, str] = {}
        """Times of day already formatted: a site of many pages shows the same few hundred (Babel is slow at it)."""

    def _with_country(self, country: str | None) -> Locale:
        if country:
            try:
                return Locale.parse(f"{self.locale.language}_{country}")
            except (ValueError, UnknownLocaleError):
                pass
        return self.locale

    def for_country(self, country: str | None, clock: str | None = None) -> Localiser:
        """The same language formatted for another country (and, where the charter chooses, a 12- or 24-hour
        clock); fallbacks are still gathered here."""
        other = Localiser.__new__(Localiser)
        other.__dict__.update(self.__dict__)
        other.format_locale = self._with_country(country)
        chosen = clock or COUNTRY_CLOCKS.get(country or "")
        other.time_pattern = TIME_PATTERNS.get(chosen or "", "short")
        other.clocks = {}
        other.__dict__.pop("_long_date", None)  # formatted for the other country's locale
        return other

    def lookup(self, key: str) -> tuple[Any, bool]:
        """The message and whether it is in the page language (False: English stands in)."""
        if key in self.messages:
            return self.messages[key], True
        if key not in self.english:
            raise KeyError(f"no message {key!r} in the catalogue")
        self.missing.add(key)
        return self.english[key], self.locale.language == FALLBACK

    def pick(self, message: Any, count: float | None, native: bool) -> str:
        if not isinstance(message, dict):
            return message
        locale = self.locale if native else Locale.parse(FALLBACK)
        form = locale.plural_form(count if count is not None else 0)
        return message.get(form) or message.get("other") or next(iter(message.values()))

    def day(self, key: str) -> str:
        name = get_day_names("wide", context="stand-alone", locale=self.locale)[_DAY_INDEX[key]]
        return name[:1].upper() + name[1:]

    def clock(self, minutes: int) -> str:
        if minutes >= 24 * 60:
            return self.word("hours.midnight")
        if (shown := self.clocks.get(minutes)) is None:
            shown = self.clocks[minutes] = format_time(
                time(minutes // 60, minutes % 60), format=self.time_pattern, locale=self.format_locale
            )
        return shown

    def date(self, value: date) -> str:
        """The day as the language writes it in full, without a leading zero ("2 June 2025", not CLDR en_BZ's "02
        June 2025"): the long form's pattern with its day written d."""
        return format_date(value, format=self._long_date, locale=self.format_locale)

    @cached_property
    def _long_date(self) -> str:
        return str(self.format_locale.date_formats["long"].pattern).replace("dd", "d")

    def month(self, year: int, month: int) -> str:
        """A month of a year as the language writes it: "September 2025", "septiembre de 2025"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", date(year, month, 1), locale=self.format_locale)

    def quarter(self, day: datetime.date) -> str:
        """The quarter a day is in, short, as the language writes it: "Q2 2025", "T2 de 2025"."""
        from babel.dates import format_skeleton

        return format_skeleton("yQQQ", day, locale=self.format_locale)

    def short_month(self, day: datetime.date) -> str:
        """The month a day is in, short: "Apr 2025", "abr 2025"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMM", day, locale=self.format_locale)

    def share(self, percent: float) -> str:
        """A share as measure gives it (two decimals at most), in the language's own way: "69.16%", "69,16 %"."""
        return format_percent(percent / 100, format="#,##0.##%", locale=self.format_locale)

    def number(self, value: float, unit: str | None = None) -> str:
        if unit == "percent":
            return format_percent(value / 100, locale=self.format_locale)
        shown = format_decimal(value, locale=self.format_locale)
        if not unit:
            return shown
        try:  # "15 minutes", "15 minutos", "1 día hábil": the unit's words, in the number's plural form
            message, native = self.lookup("unit." + unit)
        except KeyError:
            return f"{shown} {unit}"
        return "".join(str(piece) for piece in fill(self.pick(message, value, native), {"number": shown}))

    def join(self, words: list[str]) -> str:
        return format_list(words, locale=self.locale) if words else ""

    def language_name(self, code: str) -> str:
        """In the page language's own spelling: "English" in English, "inglés" in Spanish (lower case, as there)."""
        try:
            return Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (ValueError, UnknownLocaleError):
            return code

    def timezone(self, name: str) -> str:
        """A time zone as people of the page's language name it ("Belize Time", "hora de Belice"), not its IANA id."""
        try:
            return get_timezone_location(get_timezone(name), locale=self.locale)
        except (LookupError, ValueError):
            return name

    def word(self, key: str, count: int | None = None) -> str:
        message, native = self.lookup(key)
        return self.pick(message, count, native)

    @cached_property
    def html_lang(self) -> str:
        return str(self.locale).replace("_", "-")


_DAY_INDEX = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
