"""The library function behind `svcstd render`: read, judge, render, write.

Rendering is all or nothing: every page is rendered into a staging folder
beside the output directory, and moved into place only when every charter
has rendered, so a bad charter or template never leaves half a site behind.
Each charter is read, judged and rendered in turn (across worker processes
with --jobs) and only a small summary of it is kept, so memory stays flat
however many charters a site holds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from svcstd.batch import EXIT_NONCOMPLIANT, exit_code
from svcstd.engine import Engine
from svcstd.errors import InputError, UsageError
from svcstd.findings import SEVERITY_RANK, FileResult, Status
from svcstd.inputs import Input, expand
from svcstd.loader import Document, load_path
from svcstd.output_folder import digest, move_site, staging_folder
from svcstd.render.localise import Localiser, bundled_catalogue, read_user_catalogue
from svcstd.render.pages import (
    EXTENSIONS,
    Download,
    IndexEntry,
    Page,
    Renderer,
    check_slugs,
    read_page_facts,
    render_pages,
)
from svcstd.render.performance import Measuring, Performance, measured
from svcstd.rule_ids import FORMAT_STANDARD

CHUNK = 16
"""Charters a worker renders per task."""


@dataclass(frozen=True)
class Shortfall:
    """A charter that `svcstd check` would fail, and the standards it falls short of."""

    path: str
    standards: list[str]


@dataclass
class Rendered:
    shortfalls: list[Shortfall] = field(default_factory=list)
    page: Page | None = None
    """The one page, when no output directory was given."""
    written: list[Path] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Rows measure left out of the charters' logs (--measurements), in its words."""


def read_inputs(paths: list[str], exclude: list[str]) -> list[Input]:
    """The charters named; one that cannot be found stops the run before anything is rendered."""
    inputs = expand(paths, exclude)
    for item in inputs:
        if item.error is not None:
            raise UsageError(str(item.error))
    return inputs


def shortfall(result: FileResult, fail_on: str) -> Shortfall | None:
    if exit_code([result], fail_on) != EXIT_NONCOMPLIANT:
        return None
    threshold = SEVERITY_RANK[fail_on]
    failing = [
        standard.standard_id
        for standard in result.standards
        if any(SEVERITY_RANK.get(f.severity, SEVERITY_RANK["error"]) >= threshold for f in standard.open_findings)
    ]
    return Shortfall(result.file, failing)  # the standards that fail it, as `check` judges them


def make_localiser(lang: str, messages: str | None) -> Localiser:
    overrides = read_user_catalogue(messages, bundled_catalogue("en")) if messages else None
    return Localiser(lang, overrides=overrides)


def check_request(count: int, output: str | None, template_dir: str | None) -> None:
    """Faults in the request itself, found before any charter is judged or page rendered."""
    if template_dir is not None and not os.path.isdir(template_dir):
        raise UsageError(f"--template-dir {template_dir} is not a directory")
    if output is None and count > 1:
        raise UsageError("several charters make several pages; give --output DIR to write them")
    if output is not None and os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"--output {output} is a file; give a directory for the pages")


def load(path: str) -> Document:
    try:
        return load_path(path)
    except InputError as error:
        raise UsageError(str(error)) from None


@dataclass(frozen=True)
class Job:
    """What every charter of one run is rendered with; a worker process inherits it."""

    engine: Engine
    fail_on: str
    renderer: Renderer
    stage: Path
    keep_whole: bool
    """Keep each whole charter for the index (a --template-dir index may read any fact), not just its summary."""
    with_exports: bool = False
    """Write each charter's calendars and HSDS records beside its page, and link them from it (--with-exports)."""
    measuring: Measuring | None = None
    """Where the logs are whose figures each page shows under "How we are doing" (--measurements)."""


@dataclass(frozen=True)
class Done:
    """One charter rendered into the stage: what the site needs of it afterwards."""

    page: str
    digest: str
    entry: Any
    shortfall: Shortfall | None
    untranslated: frozenset[str]
    exports: tuple[tuple[str, str], ...] = ()
    """The export files staged beside the page (name, SHA-256), with --with-exports."""
    warnings: tuple[str, ...] = ()
    """Rows measure left out of the charter's logs, in its words."""


def delivery_of(
    document: Document, measuring: Measuring | None, as_of: date, findings: list[Any]
) -> Performance | None:
    """The charter's measured figures, or None; an unreadable log stops the run naming it, as measure would."""
    if measuring is None:
        return None
    try:
        return measured(document, measuring, as_of, findings)
    except InputError as error:
        raise UsageError(str(error)) from None


def render_one(job: Job, path: str) -> Done:
    document = load(path)
    result = job.engine.check(document)
    found = shortfall(result, job.fail_on)
    charter = read_page_facts(document, job.renderer.language)
    charter.delivery = delivery_of(document, job.measuring, job.engine.options.as_of, result.findings)
    well_formed = all(s.status is Status.MET for s in result.standards if s.standard_id == FORMAT_STANDARD)
    exports = site_exports(document, charter.slug, job.engine.options.as_of) if job.with_exports and well_formed else []
    page = job.renderer.page(charter, [Download(e.kind, e.name, e.site) for e in exports])
    data = page.text.encode("utf-8")
    (job.stage / page.name).write_bytes(data)
    staged = []
    for export in exports:
        (job.stage / export.name).write_bytes(raw := export.text.encode("utf-8"))
        staged.append((export.name, digest(raw)))
    entry = charter if job.keep_whole else IndexEntry.of(charter)
    left_out = charter.delivery.left_out if charter.delivery else ()
    return Done(
        page.name, digest(data), entry, found, frozenset(job.renderer.localiser.missing), tuple(staged), left_out
    )


@dataclass(frozen=True)
class SiteExport:
    kind: str
    name: str
    text: str
    site: str | None


def site_exports(document: Document, slug: str, as_of: date) -> list[SiteExport]:
    """A charter's opening-hours calendars (for the as-of year) and its HSDS records, to publish beside its page.

    The same files `svcstd export` writes; a charter that fails the format gets none, as export refuses it."""
    from svcstd.export import hsds
    from svcstd.export.run import calendar_pages, hsds_records

    found = [
        SiteExport("calendar", page.name, page.text, site)
        for site, page in calendar_pages(document.data, slug, as_of.year, as_of)
    ]
    if records := hsds_records(document.data, slug, as_of):
        found.append(SiteExport("hsds", f"{slug}.hsds.json", hsds.as_json(records), None))
    return found


def render_all(job: Job, paths: list[str], jobs: int) -> Iterator[Done]:
    """Each charter rendered, in input order, here or across `jobs` forked workers (standard input: here)."""
    from svcstd.batch import map_in_order

    return map_in_order(render_one, job, paths, 1 if "-" in paths else jobs, chunk=CHUNK)


def render(
    inputs: list[Input],
    *,
    engine: Engine,
    fail_on: str,
    fmt: str,
    localiser: Localiser,
    output: str | None,
    template_dir: str | None,
    force: bool,
    strict: bool = False,
    jobs: int = 1,
    with_exports: bool = False,
    measuring: Measuring | None = None,
) -> Rendered:
    """Render every charter; with --strict, one that `check` would fail stops the run before anything is written."""
    check_request(len(inputs), output, template_dir)
    paths = [item.path for item in inputs]
    check_slugs(paths, EXTENSIONS[fmt])
    if output is None:
        document = load(paths[0])
        result = engine.check(document)
        found = shortfall(result, fail_on)
        rendered = Rendered([found] if found else [])
        if not (strict and found):
            delivery = delivery_of(document, measuring, engine.options.as_of, result.findings)
            rendered.page = render_pages([document], fmt, localiser, template_dir, [delivery])[0]
            rendered.warnings = list(delivery.left_out) if delivery else []
        rendered.untranslated = sorted(localiser.missing)
        return rendered
    renderer = Renderer(fmt, localiser, template_dir, site=len(paths) > 1)
    stage = staging_folder(Path(os.path.realpath(output)), output)
    try:
        job = Job(
            engine,
            fail_on,
            renderer,
            stage,
            keep_whole=renderer.own_index(),
            with_exports=with_exports,
            measuring=measuring,
        )
        rendered = Rendered()
        staged: list[tuple[str, str]] = []
        entries: list[Any] = []
        untranslated: set[str] = set()
        for done in render_all(job, paths, jobs):
            staged.append((done.page, done.digest))
            staged.extend(done.exports)
            entries.append(done.entry)
            untranslated |= done.untranslated
            rendered.warnings.extend(done.warnings)
            if done.shortfall is not None:
                rendered.shortfalls.append(done.shortfall)
        names = [name for name, _ in staged]
        if len(set(names)) != len(names):
            twice = sorted({name for name in names if names.count(name) > 1})[0]
            raise UsageError(f"two charters would both write {twice} into {output}; rename one")
        if renderer.site:
            index = renderer.index(entries)
            (stage / index.name).write_bytes(data := index.text.encode("utf-8"))
            staged.append((index.name, digest(data)))
        rendered.untranslated = sorted(untranslated | localiser.missing)
        if strict and rendered.shortfalls:
            return rendered
        protected = frozenset(os.path.realpath(path) for path in paths if path != "-")
        rendered.written = move_site(output, stage, staged, force=force, protected=protected)
        return rendered
    finally:
        shutil.rmtree(stage, ignore_errors=True)
