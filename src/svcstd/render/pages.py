"""Charters to pages: one page per charter, and an index page when there are several."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from svcstd.errors import UsageError
from svcstd.loader import Document
from svcstd.render import jsonld
from svcstd.render.environment import make_environment
from svcstd.render.localise import Localiser
from svcstd.render.view import read_charter

EXTENSIONS = {"html": ".html", "markdown": ".md"}
TEMPLATE_SUFFIX = {"html": ".html.j2", "markdown": ".md.j2"}


@dataclass(frozen=True)
class Page:
    name: str
    text: str


def slug_for(path: str) -> str:
    """A page's file name from its charter's: lower case letters, digits and hyphens, so any web server serves it."""
    stem = "charter" if path == "-" else Path(path).stem
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "charter"


def _read(document: Document) -> Any:
    """One charter's page facts; a value svcstd cannot handle is that charter's error, named, never an internal error."""
    try:
        return read_charter(document.data, slug_for(document.path))
    except Exception as error:
        raise UsageError(
            f"{document.path}: svcstd could not read this charter's facts for its page: {type(error).__name__}: {error} "
            "(please report it)"
        ) from None


def render_pages(
    documents: list[Document], fmt: str, localiser: Localiser, template_dir: str | None = None
) -> list[Page]:
    ext = EXTENSIONS[fmt]
    charters = [_read(document) for document in documents]
    site = len(charters) > 1
    claimed: dict[str, str] = {"index": "the index page"} if site else {}
    for charter, document in zip(charters, documents, strict=True):
        if charter.slug in claimed:
            raise UsageError(
                f"{document.path} and {claimed[charter.slug]} would both be written as {charter.slug}{ext}; rename one"
            )
        claimed[charter.slug] = document.path
    environments: dict[str | None, ImmutableSandboxedEnvironment] = {}

    def environment(country: str | None) -> ImmutableSandboxedEnvironment:
        if country not in environments:
            environments[country] = make_environment(
                "html" if fmt == "html" else "markdown", localiser.for_country(country), template_dir
            )
        return environments[country]

    pages = []
    for charter in charters:
        context: dict[str, Any] = {"charter": charter, "index_href": f"index{ext}" if site else None}
        if fmt == "html":
            context["jsonld"] = Markup(jsonld.script_text(charter))
        pages.append(
            Page(
                charter.slug + ext,
                fill(environment(charter.country), "charter" + TEMPLATE_SUFFIX[fmt], context, template_dir),
            )
        )
    if site:
        entries = [
            {"charter": charter, "href": charter.slug + ext}
            for charter in sorted(charters, key=lambda c: c.name.casefold())
        ]
        pages.append(
            Page(
                "index" + ext,
                fill(environment(None), "index" + TEMPLATE_SUFFIX[fmt], {"entries": entries}, template_dir),
            )
        )
    return pages


def fill(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any], template_dir: str | None) -> str:
    """Render one template; a fault in a template becomes one line naming the template and its line."""
    try:
        return env.get_template(name).render(context)
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
