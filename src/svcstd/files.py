"""Writing an output path the way the user meant, for every command that writes one.

A report or page replaces a regular file atomically (written beside it, then
renamed over it), so a reader never sees half a file and an interrupted run
leaves the old one. Anything else is not ours to replace: a character device
(`/dev/null`, a terminal), a FIFO or a socket is written through, as a shell
redirection would; a symbolic link is followed and its target replaced, so
the link survives; a directory is refused. Renaming a temporary file over
`/dev/null` as root would replace the device itself.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from svcstd.errors import UsageError

STREAM_PREFIXES = ("/dev/", "/proc/self/fd/")
"""Paths that name a stream of this process (/dev/stdout, /dev/fd/3): written through whatever they point at."""


def is_stream(path: str) -> bool:
    """True for `-`, /dev/* and /proc/self/fd/* names and for existing character devices, FIFOs and sockets."""
    if path == "-" or path.startswith(STREAM_PREFIXES):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def check_writable(path: str, option: str = "--output") -> None:
    """Refuse, before anything is written, an output that can only fail: no name at all, or a directory."""
    if not path:
        raise UsageError(f"{option} is empty; give a file name (or - for standard output)")
    if path != "-" and os.path.isdir(path):
        raise UsageError(f"{option} {path} is a directory; give a file")


def check_output(path: str, inputs: list[str], option: str = "--output") -> None:
    """Refuse, before anything is read, an output that is one of the command's own input files, or a directory."""
    if same_file(path, {os.path.realpath(p) for p in inputs if p != "-"}):
        raise UsageError(f"{option} {path} is one of the inputs; it is never overwritten")
    check_writable(path, option)


def same_file(path: str, others: set[str]) -> bool:
    """Whether `path` (followed through symbolic links) is one of `others` (real paths)."""
    return path != "-" and os.path.realpath(path) in others


@contextmanager
def open_output(path: str, option: str = "--output") -> Iterator[TextIO]:
    """A text stream for `path`, committed when the block ends without error (see the module docstring)."""
    check_writable(path, option)
    if path == "-":
        yield sys.stdout
        return
    if is_stream(path):
        try:
            stream: TextIO = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise UsageError(f"{option} {path}: cannot write: {error.strerror or error}") from None
        try:
            with stream:
                yield stream
        except BrokenPipeError:
            raise
        except OSError as error:
            raise UsageError(f"{option} {path}: cannot write: {error.strerror or error}") from None
        return
    with _atomic(os.path.realpath(path), path, option) as stream:
        yield stream


@contextmanager
def _atomic(
    target_path: str, shown: str, option: str, before_replace: Callable[[str], None] | None = None
) -> Iterator[TextIO]:
    """A temporary file beside the target, renamed over it when the block ends; `before_replace(temporary)` may
    still refuse (UsageError) or adjust the new file just before the rename."""
    target = Path(target_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise UsageError(f"{option} {shown}: cannot write: {error.strerror or error}") from None
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if before_replace is not None:
            before_replace(temporary)
        os.replace(temporary, target)
    except BrokenPipeError:  # standard output closed by its reader (`| head`): not this file's fault
        Path(temporary).unlink(missing_ok=True)
        raise
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{option} {shown}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: str, text: str, option: str = "--output") -> None:
    with open_output(path, option) as stream:
        stream.write(text)


def rewrite_in_place(path: str, text: str, read: bytes, option: str) -> None:
    """Replace a file the user wrote (a charter `fix --write` mends) only as an edit in place would.

    It is refused when the file is read-only (a rename would replace it all the
    same) or owned by someone svcstd cannot give the new file to, and when its
    bytes are no longer `read`: a person saved it after svcstd read it, and that
    edit must not be lost. The new file keeps the old one's mode and owner; a
    symbolic link is followed and its target replaced, as for every output.
    """
    real = os.path.realpath(path)
    try:
        before = os.stat(real)
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
    if not stat.S_ISREG(before.st_mode):
        raise UsageError(f"{path} is not a regular file; nothing was written")
    if not before.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise UsageError(f"{path} is read-only; it was left as it is (make it writable to apply the fixes)")

    def keep_owner_and_edits(temporary: str) -> None:
        if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(temporary, before.st_uid, before.st_gid)
            except PermissionError:
                raise UsageError(
                    f"{path} belongs to another user; it was left as it is (a rewrite would change its owner)"
                ) from None
        with open(real, "rb") as current:
            if current.read() != read:
                raise UsageError(f"{path} changed after svcstd read it; it was left as it is (run fix again)")

    with _atomic(real, path, option, keep_owner_and_edits) as stream:
        stream.write(text)


def replace_file(path: Path, text: str) -> None:
    """Write a file svcstd names inside an output folder (a page, a calendar, the manifest) atomically at `path`
    itself: a symbolic link there is replaced, never written through, so nothing outside the folder is touched."""
    with _atomic(str(path), str(path), "--output") as stream:
        stream.write(text)


def _mode_for(target: Path) -> int:
    """The mode an ordinary write would give: the old file's, or 0666 less the umask (mkstemp alone gives 0600); a
    symbolic link being replaced passes on none of its target's."""
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISREG(mode):
        return mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def repository_root(start: str | None = None) -> Path:
    """The nearest directory at or above `start` (default: the working directory) that holds `.git`, else `start` itself."""
    return _root_of(os.path.abspath(start or os.getcwd()))


@lru_cache(maxsize=64)
def _root_of(start: str) -> Path:
    """Looked up once per directory: a report keys thousands of departments by it."""
    here = Path(start)
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def relative_to_root(path: str, root: Path) -> str | None:
    """`path` as a POSIX path relative to `root` however it was spelt (`./x`, `x`, `/abs/x`), or None outside it.

    String arithmetic on normalised paths, as Path.relative_to does it, without a Path per call: a report keys
    ten thousand departments by it."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    if absolute == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
