"""Words and formats of one language: message catalogues plus Babel's locale data.

Sentences come from `messages/<lang>.yaml`; day names, dates, times, numbers
and lists come from Babel (CLDR), for the page language and the charter's
country where CLDR has that pairing (en_BZ writes 24-hour times, es_BZ
"1 de mayo de 2025"). A message missing in the page language falls back to
English and is remembered, so the command can say which texts were not
translated.
"""

from __future__ import annotations

from datetime import date, time
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from svcstd.errors import UsageError
from svcstd.loader import load_path

FALLBACK = "en"
BUNDLED = ("en", "es")
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
        raise UsageError(f"--lang {lang!r} is not a language Babel knows; use en, es or another CLDR code such as fr") from None


def read_user_catalogue(path: str, known: Catalogue) -> Catalogue:
    """A web team's own texts for --lang (a new language, or wording of their own), checked key by key."""
    document = load_path(path)
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
            raise UsageError(f"{path} line {line}: message {key!r} must be {'a text or plural forms' if isinstance(known[key], dict) else 'a text'}")
    return document.data


def _well_formed(value: Any, english: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(english, dict) and isinstance(value, dict) and bool(value) and all(
        form in PLURAL_FORMS and isinstance(text, str) for form, text in value.items())


class Localiser:
    """Texts and formats for one page language and one country."""

    def __init__(self, lang: str, country: str | None = None, overrides: Catalogue | None = None):
        self.lang = lang
        self.locale = parse_locale(lang)
        self.format_locale = self._with_country(country)
        self.english = bundled_catalogue(FALLBACK)
        self.messages = {**bundled_catalogue(self.locale.language), **(overrides or {})}
        self.missing: set[str] = set()

    def _with_country(self, country: str | None) -> Locale:
        if country:
            try:
                return Locale.parse(f"{self.locale.language}_{country}")
            except (ValueError, UnknownLocaleError):
                pass
        return self.locale

    def for_country(self, country: str | None) -> Localiser:
        """The same language formatted for another country; fallbacks are still gathered here."""
        other = Localiser.__new__(Localiser)
        other.__dict__.update(self.__dict__)
        other.format_locale = self._with_country(country)
        return other

    def lookup(self, key: str) -> tuple[Any, bool]:
        """The message and whether it is in the page language (False: English stands in)."""
        if key in self.messages:
            return self.messages[key], True
        if key not in self.english:
            raise KeyError(f"no message {key!r} in the catalogue")
        self.missing.add(key)
        return self.english[key], self.locale.language == FALLBACK

    def pick(self, message: Any, count: int | None, native: bool) -> str:
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
        return format_time(time(minutes // 60, minutes % 60), format="short", locale=self.format_locale)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.format_locale)

    def number(self, value: float, unit: str | None = None) -> str:
        if unit == "percent":
            return format_percent(value / 100, locale=self.format_locale)
        shown = format_decimal(value, locale=self.format_locale)
        return f"{shown} {unit}" if unit else shown

    def join(self, words: list[str]) -> str:
        return format_list(words, locale=self.locale) if words else ""

    def language_name(self, code: str) -> str:
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (ValueError, UnknownLocaleError):
            return code
        return name[:1].upper() + name[1:]

    def word(self, key: str, count: int | None = None) -> str:
        message, native = self.lookup(key)
        return self.pick(message, count, native)

    @cached_property
    def html_lang(self) -> str:
        return str(self.locale).replace("_", "-")


_DAY_INDEX = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
