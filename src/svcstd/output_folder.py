"""Writing files into an output folder without ever losing a file svcstd did not write.

The folder `render`, `report` and `export` write, and what they write into it
(a `Page`: a name and its text): neither command reaches into another's
package for it, so `render --with-exports` may call export and export knows
nothing of render.

A manifest (`.svcstd-manifest.json`) beside the pages records the SHA-256 of
every page svcstd wrote. A page may be replaced only while it still holds
exactly what svcstd wrote; a file someone else wrote, or edited since, is
left alone unless --force says otherwise. Every file is written atomically.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from svcstd.errors import UsageError
from svcstd.files import replace_file
from svcstd.text import bounded_slug


@dataclass(frozen=True)
class Page:
    """One file of an output folder: its name there and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class StreamedPage:
    """A file written a piece at a time (`write` is given the staged file): a portfolio.json of ten thousand
    departments is hundreds of megabytes that are never all in memory at once."""

    name: str
    write: Callable[[TextIO], None]


PAGE_SLUG_LIMIT = 120
"""The longest file name made from a charter's file name: its calendars add a site's part and an extension."""


def slug_for(path: str) -> str:
    """A page's file name from its charter's: lower case letters, digits and hyphens, so any web server serves it."""
    stem = "charter" if path == "-" else Path(path).stem
    return bounded_slug(re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "charter", stem, PAGE_SLUG_LIMIT)


MANIFEST = ".svcstd-manifest.json"
GENERATOR = "svcstd"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> dict[str, str] | None:
    """The pages svcstd wrote here, or None when a file by the manifest's name is not svcstd's."""
    path = root / MANIFEST
    kind = _kind(path)
    if kind is None:
        return {}
    if kind != "file":
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("generator") == GENERATOR else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def _kind(path: Path) -> str | None:
    """What is at `path` itself, a link not followed: None (nothing), "file", "directory" or "other"."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    return "file" if stat.S_ISREG(mode) else "directory" if stat.S_ISDIR(mode) else "other"


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output directory itself, so two runs writing one site take turns.

    Each run reads the manifest, writes its pages and writes the manifest
    back under the lock, so no run's entries are lost to another's. The lock
    is on the directory (no lock file is left behind) and ends with the run.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not POSIX: no lock)
        yield
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = os.open(root, os.O_RDONLY)
    except OSError as error:
        raise UsageError(f"--output {root}: cannot write: {error.strerror or error}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def write_site(
    directory: str, pages: list[Page], *, force: bool = False, protected: frozenset[str] = frozenset()
) -> list[Path]:
    """Write every page or none: all refusals are found before the first write."""
    texts = {page.name: page.text for page in pages}

    def put(name: str, target: Path) -> None:
        replace_file(target, texts[name])

    return _publish(
        directory, [(page.name, digest(page.text.encode("utf-8"))) for page in pages], put, force, protected
    )


def staging_folder(root: Path, output: str) -> Path:
    """A private folder on the output's own file system, so each page moves into place in one rename: inside the
    output directory when it exists (it may be a mount of its own), else beside it in the nearest folder that exists
    (nothing is created where the site goes until every page has rendered)."""
    beside = root if root.is_dir() else root.parent
    while not beside.is_dir():
        beside = beside.parent
    try:
        return Path(tempfile.mkdtemp(prefix=f".{root.name}.svcstd-staging-", dir=beside))
    except OSError as error:
        raise UsageError(f"--output {output}: cannot write there: {error.strerror or error}") from None


def write_site_streamed(
    directory: str,
    pages: Iterable[Page | StreamedPage],
    *,
    force: bool = False,
    protected: frozenset[str] = frozenset(),
) -> list[Path]:
    """Write every page or none, as write_site does, each page staged as it is made (one page in memory at most)."""
    if not directory:
        raise UsageError("--output is empty; give a directory for the files")
    stage = staging_folder(Path(os.path.realpath(directory)), directory)
    try:
        staged = []
        for page in pages:
            try:
                with open(stage / page.name, "w", encoding="utf-8", newline="\n") as stream:
                    if isinstance(page, Page):
                        stream.write(page.text)
                    else:
                        page.write(stream)
                hashed = hashlib.sha256()
                with open(stage / page.name, "rb") as staged_file:
                    for block in iter(lambda: staged_file.read(1 << 20), b""):
                        hashed.update(block)
            except OSError as error:  # a full disk while staging: one line, and nothing in the folder changes
                raise UsageError(f"{directory}: cannot write {page.name}: {error.strerror or error}") from None
            staged.append((page.name, hashed.hexdigest()))
        return move_site(directory, stage, staged, force=force, protected=protected)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def move_site(
    directory: str,
    stage: Path,
    staged: list[tuple[str, str]],
    *,
    force: bool = False,
    protected: frozenset[str] = frozenset(),
) -> list[Path]:
    """Move pages rendered into `stage` (name, SHA-256) into the directory, every one or none, as write_site does.
    Each move is a rename within one file system, so a page is replaced in one step."""

    def put(name: str, target: Path) -> None:
        with contextlib.suppress(FileNotFoundError):  # a page replaced keeps its mode, as a write in place would
            os.chmod(stage / name, target.stat().st_mode & 0o7777)
        try:
            os.replace(stage / name, target)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise UsageError(f"{target}: cannot write: {error.strerror or error}") from None
            text = (stage / name).read_text(encoding="utf-8")
            replace_file(target, text)  # staged on another file system: written atomically there instead

    return _publish(directory, staged, put, force, protected)


def _publish(
    directory: str,
    pages: list[tuple[str, str]],
    put: Callable[[str, Path], None],
    force: bool,
    protected: frozenset[str],
) -> list[Path]:
    if not directory:
        raise UsageError("--output is empty; give a directory for the files")
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise UsageError(f"--output {directory} is a file; give a directory for the pages")
    try:
        return _publish_into(root, pages, put, force, protected)
    except OSError as error:  # a name too long, a full disk, a folder made read-only under us: one line, not a crash
        where = f"{error.filename}" if error.filename else str(root)
        raise UsageError(f"{where}: cannot write: {error.strerror or error}") from None


def _publish_into(
    root: Path,
    pages: list[tuple[str, str]],
    put: Callable[[str, Path], None],
    force: bool,
    protected: frozenset[str],
) -> list[Path]:
    with locked(root):
        manifest = read_manifest(root)
        if manifest is None and not force:
            raise UsageError(f"{root / MANIFEST} was not written by svcstd; move it away or use --force")
        known = manifest or {}
        refused: list[Path] = []
        for name, _ in pages:
            target = root / name
            if os.path.realpath(target) in protected:
                raise UsageError(f"{target} is one of the charters being rendered; it is never overwritten")
            kind = _kind(target)
            if kind == "directory":
                raise UsageError(f"{target} is a directory; the page cannot be written there")
            if force or kind is None:
                continue
            # a link is never written through (it may lead out of the folder), nor a FIFO read (it would hang)
            if kind != "file" or known.get(name) != digest(target.read_bytes()):
                refused.append(target)
        if refused:
            more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
            raise UsageError(
                f"{refused[0]} exists and is not a page svcstd wrote (or was edited since){more}; use --force to replace it"
            )
        written = []
        for name, page_digest in pages:
            target = root / name
            put(name, target)
            known[name] = page_digest
            written.append(target)
        kept = {name: value for name, value in sorted(known.items()) if (root / name).is_file()}
        replace_file(root / MANIFEST, json.dumps({"generator": GENERATOR, "files": kept}, indent=2) + "\n")
        return written
