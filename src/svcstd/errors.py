"""Errors that end a run for one input with exit code 2.

Every error a user can cause is one of these, so the CLI can print a single
line naming the file (and line) instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class InputError(Exception):
    """A file that cannot be read as a charter: unreadable, not YAML, hostile, too big."""

    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        withheld: str | None = None,
    ):
        message = " ".join(message.split())  # one line, always: CI logs and annotations depend on it
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.withheld = withheld
        """The message without the file's own words, where `message` quotes them: for a file that may be anything
        (a configuration may name a secret as a standards pack), whose content must never reach a CI log."""

    def __reduce__(self):  # rebuilt with all its fields when sent back from a worker process (--jobs)
        return (InputError, (self.path, self.message, self.line, self.column, self.withheld))

    def without_content(self) -> InputError:
        """The same error, quoting nothing of the file."""
        if self.withheld is None:
            return self
        return InputError(self.path, self.withheld, self.line, self.column)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {' '.join(self.message.split())}"


class UsageError(Exception):
    """A wrong option, an unknown rule id, an invalid configuration or catalogue."""


def one_of(option: str, value: str, choices: Iterable[str]) -> str:
    """`value` when it is one of `choices`, else the one usage error every option with a closed list gives."""
    names = list(choices)
    if value not in names:
        shown = " ".join(repr(value).split())[:60]
        raise UsageError(f"{option} {shown} is not one of: {', '.join(names)}")
    return value
