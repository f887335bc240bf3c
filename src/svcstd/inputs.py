"""Turn the paths given on the command line into the list of charters to check.

Files, directories (searched recursively for *.yaml and *.yml), glob
patterns and `-` for standard input, in a stable sorted order so output is
deterministic. A path that names nothing is reported like a bad file, so the
other inputs are still checked.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from svcstd.errors import InputError

CHARTER_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Input:
    path: str
    error: InputError | None = None


def expand(paths: Iterable[str], exclude: Iterable[str] = (), warnings: list[str] | None = None) -> list[Input]:
    """The charters to check; files a folder scan passes over (FIFOs, devices, sockets) are named in `warnings`."""
    excluded = list(exclude)
    found: list[Input] = []
    seen: set[str] = set()

    def add(item: Input) -> None:
        if item.path not in seen and not _is_excluded(item.path, excluded):
            seen.add(item.path)
            found.append(item)

    for path in paths:
        if path == "-":
            add(Input("-"))
        elif os.path.isdir(path):
            charters = sorted(_walk(path, warnings))
            if not charters:
                add(Input(path, InputError(path, "directory holds no *.yaml or *.yml charters")))
            for charter in charters:
                add(Input(charter))
        elif os.path.exists(path):
            add(Input(path))
        elif glob.has_magic(path):
            matches = sorted(m for m in glob.glob(path, recursive=True) if os.path.isfile(m))
            if not matches:
                add(Input(path, InputError(path, "pattern matches no files")))
            for match in matches:
                add(Input(match))
        else:
            add(Input(path, InputError(path, "no such file or directory")))
    return found


def _walk(directory: str, warnings: list[str] | None) -> Iterable[str]:
    """Charters below `directory`. Hidden files and folders (a leading dot: .github/, .pre-commit-config.yaml) are
    tools' settings, never charters, and are passed over alike, as ruff and yamllint do; name one to read it."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith(CHARTER_SUFFIXES) and not name.startswith("."):
                path = os.path.join(root, name)
                if _is_regular(path):
                    yield path
                elif warnings is not None:
                    warnings.append(f"{path}: not a regular file (a pipe, socket or device); skipped")


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # a broken link or unreadable entry: reading it reports the reason


def _is_excluded(path: str, patterns: list[str]) -> bool:
    normal = os.path.normpath(path)
    return any(
        fnmatch.fnmatch(normal, os.path.normpath(p))
        or fnmatch.fnmatch(os.path.basename(normal), p)
        or normal.startswith(os.path.normpath(p) + os.sep)
        for p in patterns
    )
