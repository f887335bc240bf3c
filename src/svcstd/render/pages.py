"""Charters to pages: one page per charter, and an index page when there are several."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from svcstd.render.performance import Performance

import os
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from svcstd.errors import UsageError
from svcstd.loader import Document
from svcstd.output_folder import Page, slug_for
from svcstd.render import jsonld
from svcstd.render.environment import make_environment
from svcstd.render.localise import Localiser
from svcstd.render.view import Charter, read_charter

EXTENSIONS = {"html": ".html", "markdown": ".md"}
TEMPLATE_SUFFIX = {"html": ".html.j2", "markdown": ".md.j2"}


def read_page_facts(document: Document, language: str | None = None) -> Charter:
    """One charter's page facts, its text in `language` where given; a value svcstd cannot handle is that charter's
    error, named, never an internal error."""
    try:
        return read_charter(document.data, slug_for(document.path), language)
    except Exception as error:
        raise UsageError(
            f"{document.path}: svcstd could not read this charter's facts for its page: {type(error).__name__}: {error} "
            "(please report it)"
        ) from None


def check_slugs(paths: list[str], ext: str) -> None:
    """Two charters whose pages would share a file name are refused before anything is rendered."""
    claimed: dict[str, str] = {"index": "the index page"} if len(paths) > 1 else {}
    for path in paths:
        slug = slug_for(path)
        if slug in claimed:
            raise UsageError(f"{path} and {claimed[slug]} would both be written as {slug}{ext}; rename one")
        claimed[slug] = path


class Renderer:
    """Pages in one format and language: a charter's page, and the index of a site of several."""

    def __init__(self, fmt: str, localiser: Localiser, template_dir: str | None = None, site: bool = False):
        self.fmt, self.localiser, self.template_dir, self.site = fmt, localiser, template_dir, site
        self.ext = EXTENSIONS[fmt]
        self.environments: dict[tuple[str | None, str | None], Environment] = {}

    @property
    def language(self) -> str:
        """The page's language, in which a charter's text given per language is read."""
        return str(self.localiser.locale.language)

    def environment(self, country: str | None, clock: str | None = None) -> Environment:
        if (country, clock) not in self.environments:
            self.environments[country, clock] = make_environment(
                "html" if self.fmt == "html" else "markdown",
                self.localiser.for_country(country, clock),
                self.template_dir,
            )
        return self.environments[country, clock]

    def page(self, charter: Charter, downloads: list[Download] | None = None) -> Page:
        context: dict[str, Any] = {
            "charter": charter,
            "index_href": f"index{self.ext}" if self.site else None,
            "downloads": downloads or [],
        }
        if self.fmt == "html":
            context["jsonld"] = Markup(jsonld.script_text(charter))
        template = "charter" + TEMPLATE_SUFFIX[self.fmt]
        return Page(
            charter.slug + self.ext,
            fill(self.environment(charter.country, charter.clock), template, context, self.template_dir),
        )

    def index(self, charters: list[Any]) -> Page:
        """The site's index: `charters` are Charter views, or IndexEntry summaries where the bundled index is used."""
        entries = [
            {"charter": charter, "href": charter.slug + self.ext}
            for charter in sorted(charters, key=lambda c: c.name.casefold())
        ]
        template = "index" + TEMPLATE_SUFFIX[self.fmt]
        return Page("index" + self.ext, fill(self.environment(None), template, {"entries": entries}, self.template_dir))

    def own_index(self) -> bool:
        """Whether --template-dir brings its own index template (which may read any fact of a charter)."""
        return self.template_dir is not None and os.path.isfile(
            os.path.join(self.template_dir, "index" + TEMPLATE_SUFFIX[self.fmt])
        )


@dataclass(frozen=True)
class Download:
    """A file published beside a page and linked from it: a site's calendar, or the charter's HSDS records."""

    kind: str
    href: str
    site: str | None = None

    @property
    def media_type(self) -> str:
        return "text/calendar" if self.kind == "calendar" else "application/json"


@dataclass(frozen=True)
class IndexService:
    name: str


@dataclass(frozen=True)
class IndexEntry:
    """What the bundled index pages show of a charter: kept instead of the whole charter, so a site of ten thousand
    charters is rendered in flat memory."""

    slug: str
    name: str
    ministry: str | None
    content_language: str | None
    services: tuple[IndexService, ...]

    @classmethod
    def of(cls, charter: Charter) -> IndexEntry:
        return cls(
            charter.slug,
            charter.name,
            charter.ministry,
            charter.content_language,
            tuple(IndexService(service.name) for service in charter.services),
        )


def render_pages(
    documents: list[Document],
    fmt: str,
    localiser: Localiser,
    template_dir: str | None = None,
    deliveries: list[Performance | None] | None = None,
) -> list[Page]:
    """Every charter's page, and the index when there are several: held in memory (one page to print, or tests).
    `deliveries`: each charter's measured figures (`render --measurements`), in the order of `documents`."""
    check_slugs([document.path for document in documents], EXTENSIONS[fmt])
    renderer = Renderer(fmt, localiser, template_dir, site=len(documents) > 1)
    charters = [read_page_facts(document, renderer.language) for document in documents]
    for charter, delivery in zip(charters, deliveries or [], strict=False):
        charter.delivery = delivery
    pages = [renderer.page(charter) for charter in charters]
    if renderer.site:
        pages.append(renderer.index(charters))
    return pages


def fill(env: Environment, name: str, context: dict[str, Any], template_dir: str | None) -> str:
    """Render one template; a fault in a template becomes one line naming the template and its line."""
    import io

    buffer = io.StringIO()
    fill_into(buffer, env, name, context, template_dir)
    return buffer.getvalue()


def fill_into(stream: TextIO, env: Environment, name: str, context: dict[str, Any], template_dir: str | None) -> None:
    """Render one template into `stream` a piece at a time (a portfolio page of ten thousand departments is tens
    of megabytes, never held whole); faults as for `fill`."""
    try:
        for piece in env.get_template(name).generate(context):
            stream.write(piece)
    except TemplateSyntaxError as error:
        raise UsageError(f"template {error.filename or error.name} line {error.lineno}: {error.message}") from None
    except TemplateNotFound as error:
        raise UsageError(f"template {error.name} not found in --template-dir or the bundled templates") from None
    except TemplateError as error:
        raise UsageError(f"template {_where(error, name)}: {' '.join(str(error).split())}") from None
    except Exception as error:  # a user template may divide by zero or compare a text with a number
        if template_dir is None:
            raise
        raise UsageError(
            f"template {_where(error, name)}: {type(error).__name__}: {' '.join(str(error).split())}"
        ) from None


def _where(error: BaseException, fallback: str) -> str:
    """The template file and line Jinja's rewritten traceback points at."""
    where = fallback
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename} line {trace.tb_lineno}"
        trace = trace.tb_next
    return where
