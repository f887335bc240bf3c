"""Every exit code svcstd gives, defined once: a CI gate reads them, so each means one thing in every command."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Every charter compliant (check, render --strict, export --strict), nothing weakened unrecorded (diff), no
    standard below its minimum (measure), nothing to fix (fix)."""
    FAILED = 1
    """A charter not compliant, a weakening unrecorded, a standard below its minimum, fixes to make (fix without
    --write)."""
    INPUT_ERROR = 2
    """A file that cannot be read, a wrong option, configuration or pack: one error line names it."""
    INTERNAL_ERROR = 3
    """A bug in svcstd: please report it."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT), as shells report it."""
    BROKEN_PIPE = 141
    """The reader of standard output went away (`svcstd check ... | head`): 128 + SIGPIPE, as a shell reports any
    program stopped that way, so it is never mistaken for "not compliant"."""
