"""The Jinja2 environments that turn charter records into pages.

Every environment is sandboxed, bundled templates included, so a web team's
own templates (`--template-dir`) cannot reach Python internals or files, and
undefined names fail loudly instead of printing nothing. Escaping is never
left to the template author: HTML autoescapes every value; Markdown passes
every value through `text.markdown_inline`, because Markdown renderers let raw HTML
through and a charter value such as `<script>` must show as text there too.
Text a department wrote is marked with its own language (WCAG 3.1.2) when it
differs from the page's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from svcstd.facts import WEB_ADDRESS, primary_language
from svcstd.render.localise import Localiser, fill
from svcstd.text import markdown_inline

TEMPLATES = Path(__file__).parent / "templates"
_TEL_DROP = re.compile(r"[^0-9+]")


def tel_href(number: str) -> str:
    return "tel:" + _TEL_DROP.sub("", number)


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, shared by every environment (one per country and language).

    Compiling the bundled templates costs far more than rendering them. A
    bucket is keyed by template file and checked against its source, and each
    file is only ever compiled by environments of one kind, so sharing is safe.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {True: _CompiledTemplates(), False: _CompiledTemplates()}
"""Per sandboxed or not: the two compile calls differently."""


_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def in_no_language(text: str) -> bool:
    """A bare web address, or an amount or code without a lower-case letter ("BZ$10.00"): no screen reader voice
    is more right for it than the page's."""
    return bool(WEB_ADDRESS.fullmatch(text)) or not any(char.islower() for char in text)


def make_environment(
    kind: str, localiser: Localiser, template_dir: str | None = None, own_templates: Path | None = None
) -> Environment:
    """`kind` is html or markdown; the bundled templates stay reachable as svcstd/<name> for {% extends %}.

    `own_templates` puts another command's templates (the portfolio report's) in front of the bundled ones.
    Templates from --template-dir are the user's code and run in Jinja's sandbox; svcstd's own templates are
    not (the sandbox checks every call and attribute, about a third of a page's rendering time). Charter
    values are data in either case, and message files are filled by svcstd, never compiled as templates.
    """
    bundled = FileSystemLoader(str(TEMPLATES))
    loaders: list[Any] = [FileSystemLoader(template_dir)] if template_dir else []
    if own_templates is not None:
        loaders.append(FileSystemLoader(str(own_templates)))
    loaders += [bundled, PrefixLoader({"svcstd": bundled})]
    html = kind == "html"
    sandboxed = template_dir is not None
    env = (ImmutableSandboxedEnvironment if sandboxed else Environment)(
        loader=ChoiceLoader(loaders),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=None if html else _markdown_finalize,
        bytecode_cache=_COMPILED[sandboxed],
    )
    quote = escape if html else _markdown_safe
    page_language = localiser.locale.language

    def language_of(value: Any, language: str | None) -> str | None:
        """The language of a department's words: their own where the charter gave them per language, else `language`
        (the charter's first language, or None for proper names)."""
        return getattr(value, "language", None) or language

    def native(value: Any, language: str | None = None) -> bool:
        """Whether a department's words are in the page's language (not a fallback to another)."""
        said = language_of(value, language)
        return said is None or primary_language(said) == page_language

    def own(value: Any, language: str | None = None) -> Markup:
        """A department's own words, marked with their language where it is not the page's. Proper names (people,
        addresses) are given without a language: marked English, a screen reader would mispronounce "Requeña"."""
        if value is None:
            return Markup("")
        language = language_of(value, language)
        if html and language and primary_language(language) != page_language and not in_no_language(value):
            return Markup('<span lang="{}">{}</span>').format(language, value)
        return quote(value)

    fixed: dict[str, Markup] = {}
    """Sentences without values, filled once per environment: most of a page's sentences are these."""

    def t(key: str, count: int | None = None, **values: Any) -> Markup:
        """A catalogue sentence with its placeholders filled by escaped values."""
        plain = count is None and not values
        if plain and (done := fixed.get(key)) is not None:
            return done
        message, native = localiser.lookup(key)
        text = localiser.pick(message, count, native)
        filled = Markup("").join(quote(piece) for piece in fill(text, {"count": count, **values}))
        if html and not native:
            filled = Markup('<span lang="en">{}</span>').format(filled)
        if plain:
            fixed[key] = filled
        return filled

    def join(words: list[Any], language: str | None = None) -> Markup:
        """A list in its own language's words ("a, b and c"), each item escaped: the page's language, or that of the
        department's own words when they are in another ("Integrity, Respect and Courtesy" on a Spanish page)."""
        items: list[str] = [quote(word) for word in words]
        if language and primary_language(language) != page_language:
            try:  # as a page in that language joins its lists
                return Markup(format_list(items, locale=Locale.parse(language.replace("-", "_").split("_")[0])))
            except (ValueError, UnknownLocaleError):
                pass
        return Markup(localiser.join(items))

    def own_list(words: list[Any], language: str | None) -> Markup:
        """A department's list (its values): joined in the items' language and marked once when they share one,
        else each item marked with its own and joined in the page's."""
        languages = {language_of(word, language) for word in words}
        if len(languages) == 1:
            shared = languages.pop()
            return own(join(words, shared), shared)
        return Markup(localiser.join([own(word, language) for word in words]))

    def spans(intervals: list[tuple[int, int]]) -> Markup:
        if not intervals:
            return t("hours.closed")
        return Markup(  # in the language's own list pattern ("de 8:00 a 12:00 y de 13:00 a 17:00")
            localiser.join(
                [
                    t("hours.range", opens=localiser.clock(start), closes=localiser.clock(end))
                    for start, end in intervals
                ]
            )
        )

    def period(text: str) -> Markup:
        """A period as a citizen reads it: 2025-Q3 as "July to September 2025", 2025-09 as "September 2025", in the
        page's language; other text as given."""
        if match := _QUARTER.fullmatch(text.strip()):
            return t(f"period.quarter.{match[2]}", year=match[1])
        if match := _MONTH.fullmatch(text.strip()):
            return quote(localiser.month(int(match[1]), int(match[2])))
        return quote(text)

    def promise_name(delivery: Any, services: list[Any]) -> Markup:
        """A measured promise in the page's words: the reply, acknowledgement or resolution, or the service's name."""
        if delivery.service is None:
            return t("delivery.promise." + delivery.key)
        named = next((s.name for s in services if s.id == delivery.service), delivery.service)
        return own(named, None)

    def stretch(point: Any, by_month: bool) -> str:
        return localiser.short_month(point.start) if by_month else localiser.quarter(point.start)

    def trend_chart(delivery: Any, ident: str, services: list[Any], by_month: bool) -> Markup:
        from svcstd.render.performance import chart

        within = t("delivery.within", days=localiser.number(delivery.days, "working_days"))
        name = promise_name(delivery, services)
        caption = "delivery.trend_caption_month" if by_month else "delivery.trend_caption"
        labels = [stretch(point, by_month) for point in delivery.trend]
        points = [
            str(t("delivery.chart_points", label=label, share=localiser.share(p.share), count=p.volume))
            for label, p in zip(labels, delivery.trend, strict=True)
            if p.share is not None
        ]
        levels = [
            str(t("delivery.chart_target", target=localiser.share(delivery.target)))
            if delivery.target is not None
            else "",
            str(t("delivery.chart_minimum", minimum=localiser.share(delivery.minimum)))
            if delivery.minimum is not None
            else "",
        ]
        description = "; ".join(points) + ". " + " ".join(level for level in levels if level)
        shares = [point.share for point in delivery.trend]
        title = str(t(caption, promise=name, within=within))
        return chart(shares, labels, ident, title, description.strip(), delivery.target, delivery.minimum)

    env.globals.update(
        promise_name=promise_name,
        stretch=stretch,
        trend_chart=trend_chart,
        period=period,
        t=t,
        own=own,
        own_list=own_list,
        native=native,
        loc=localiser,
        join=join,
        spans=spans,
        channel_names=lambda names: [t("channel." + name) for name in names],
        place_names=lambda names: [t("place." + name) for name in names],
        language_names=lambda codes: [localiser.language_name(code) for code in codes],
    )
    env.filters.update(tel=tel_href)
    return env


def _markdown_safe(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(markdown_inline(value, block=True))


def _markdown_finalize(value: Any) -> Markup:
    return _markdown_safe(value)
