"""Consoles for people and for logs: the one place that decides how wide and how coloured output is."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PIPE_WIDTH = 120
"""Width when writing to a file or CI log, where no terminal says how wide it is (COLUMNS overrides it)."""


def terminal_width(stream: TextIO) -> int | None:
    """COLUMNS when set (as for any Unix tool), the terminal's width on a terminal, else None."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(40, int(columns))
    return None if stream.isatty() else PIPE_WIDTH


def make_console(stderr: bool = False) -> Console:
    """Rich console for people: terminal width on a terminal, a fixed width in logs; NO_COLOR is honoured by rich."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, width=terminal_width(stream))


def plain_console(sink: TextIO) -> Console:
    """A console for a file or a CI log: PIPE_WIDTH wide, no colour, no highlighting (the same bytes on every run)."""
    from rich.console import Console

    return Console(file=sink, width=PIPE_WIDTH, no_color=True, highlight=False, color_system=None)
