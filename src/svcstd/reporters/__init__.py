"""One module per output format; each turns the same list of FileResults into text."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

PIPE_WIDTH = 120
"""Width when writing to a file or CI log, where no terminal says how wide it is."""


def make_console(stderr: bool = False) -> Console:
    """Rich console for people: terminal width on a terminal, a fixed width in logs; NO_COLOR is honoured by rich."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, width=None if stream.isatty() else PIPE_WIDTH)
