"""The two versions to compare: files, `REV:path` read from git, or every charter under a path against `--base REV`.

git is run without a shell, with the revision checked first (a value starting
with "-" would be read as an option), and what it prints is held to the same
size limit and YAML reading as any charter.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache
from pathlib import Path

from svcstd.errors import InputError, UsageError
from svcstd.loader import MAX_BYTES, Document, load_bytes, load_path

_REVISION = re.compile(r"[A-Za-z0-9_./@^~{}+-]{1,200}")


def check_revision(revision: str) -> None:
    if revision.startswith("-") or not _REVISION.fullmatch(revision) or ".." in revision:
        raise UsageError(
            f"{revision!r} is not a git revision svcstd can read (a branch, tag or commit, e.g. origin/main)"
        )


def split_spec(spec: str) -> tuple[str, str] | None:
    """`REV:path` as (revision, path); None for a plain file (a file that exists is always read as a file)."""
    if os.path.exists(spec) or ":" not in spec:
        return None
    revision, _, path = spec.partition(":")
    return (revision, path) if revision and path else None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError(f"cannot run git in {folder}: {error}") from None


@cache
def _check_commit(folder: Path, revision: str) -> None:
    """The folder is in a git repository that has `revision`: asked once per folder, however many charters it holds."""
    if _git(folder, "rev-parse", "--git-dir").returncode != 0:
        raise UsageError(f"{folder} is not in a git repository, so it has no version at {revision}")
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise UsageError(f"{revision!r} is not a commit of the git repository holding {folder}")


def from_git(revision: str, path: str) -> Document | None:
    """The charter at `path` as it was at `revision`; None when it did not exist there (a charter new since)."""
    check_revision(revision)
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"{path}: no such folder to read from git")
    _check_commit(folder.resolve(), revision)
    shown = _git(folder, "show", f"{revision}:./{target.name}")
    if shown.returncode != 0:
        return None
    if len(shown.stdout) > MAX_BYTES:
        raise InputError(
            f"{revision}:{path}", f"larger than {MAX_BYTES // (1024 * 1024)} MB; a charter is a few kilobytes"
        )
    return load_bytes(shown.stdout, f"{revision}:{path}")


def read_version(spec: str) -> Document:
    """OLD or NEW as the user wrote it: a file, - for standard input, or REV:path."""
    split = split_spec(spec)
    if split is None:
        return load_path(spec)
    document = from_git(*split)
    if document is None:
        raise UsageError(f"{spec}: no such file at {split[0]}")
    return document
