"""The library function behind `svcstd render`: read, judge, render, write.

Rendering is all or nothing: every charter is read and every page rendered
before the first file is written, so a bad charter or template never leaves
half a site behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from svcstd.batch import EXIT_NONCOMPLIANT, exit_code
from svcstd.engine import Engine
from svcstd.errors import InputError, UsageError
from svcstd.findings import SEVERITY_RANK
from svcstd.inputs import expand
from svcstd.loader import Document, load_path
from svcstd.render.localise import Localiser, bundled_catalogue, read_user_catalogue
from svcstd.render.pages import Page, render_pages
from svcstd.render.site import write_site


@dataclass
class Rendered:
    pages: list[Page]
    written: list[Path] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shortfall:
    """A charter that `svcstd check` would fail, and the standards it falls short of."""

    path: str
    standards: list[str]


def read_documents(paths: list[str], exclude: list[str]) -> list[Document]:
    documents = []
    for item in expand(paths, exclude):
        try:
            if item.error is not None:
                raise item.error
            documents.append(load_path(item.path))
        except InputError as error:
            raise UsageError(str(error)) from None
    return documents


def shortfalls(documents: list[Document], engine: Engine, fail_on: str) -> list[Shortfall]:
    found = []
    for document in documents:
        result = engine.check(document)
        if exit_code([result], fail_on) == EXIT_NONCOMPLIANT:
            threshold = SEVERITY_RANK[fail_on]
            failing = [
                standard.standard_id
                for standard in result.standards
                if any(
                    SEVERITY_RANK.get(f.severity, SEVERITY_RANK["error"]) >= threshold for f in standard.open_findings
                )
            ]
            found.append(Shortfall(document.path, failing))  # the standards that fail it, as `check` judges them
    return found


def make_localiser(lang: str, messages: str | None) -> Localiser:
    overrides = read_user_catalogue(messages, bundled_catalogue("en")) if messages else None
    return Localiser(lang, overrides=overrides)


def check_request(documents: list[Document], output: str | None, template_dir: str | None) -> None:
    """Faults in the request itself, found before any charter is judged or page rendered."""
    if template_dir is not None and not os.path.isdir(template_dir):
        raise UsageError(f"--template-dir {template_dir} is not a directory")
    if output is None and len(documents) > 1:
        raise UsageError("several charters make several pages; give --output DIR to write them")
    if output is not None and os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"--output {output} is a file; give a directory for the pages")


def render(
    documents: list[Document],
    *,
    fmt: str,
    localiser: Localiser,
    output: str | None,
    template_dir: str | None,
    force: bool,
) -> Rendered:
    check_request(documents, output, template_dir)
    pages = render_pages(documents, fmt, localiser, template_dir)
    rendered = Rendered(pages, untranslated=sorted(localiser.missing))
    if output is not None:
        protected = frozenset(os.path.realpath(document.path) for document in documents if document.path != "-")
        rendered.written = write_site(output, pages, force=force, protected=protected)
    return rendered
