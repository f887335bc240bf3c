"""Route each requested format to stdout or its own file, written atomically.

`--format` and `--output` pair up in order: `-f sarif -o a.sarif -f junit -o
b.xml -f table` writes two files and prints the table. At most one format
goes to stdout. An output may never be one of the charters being checked.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from svcstd.catalogue import Catalogue
from svcstd.errors import UsageError
from svcstd.findings import FileResult

FORMATS = ("table", "json", "sarif", "junit", "github", "markdown")


def plan(formats: Sequence[str], outputs: Sequence[str], inputs: Sequence[str]) -> list[tuple[str, str | None]]:
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"--format {name!r} is not one of: {', '.join(FORMATS)}")
    if len(outputs) > len(formats):
        raise UsageError("more --output files than --format options; give a --format for each --output")
    pairs: list[tuple[str, str | None]] = [(name, outputs[i] if i < len(outputs) else None) for i, name in enumerate(formats)]
    to_stdout = [name for name, path in pairs if path is None]
    if len(to_stdout) > 1:
        raise UsageError(f"formats {', '.join(to_stdout)} would all go to standard output; give each but one an --output file")
    charters = {os.path.realpath(p) for p in inputs if p != "-"}
    for _, path in pairs:
        if path is not None and os.path.realpath(path) in charters:
            raise UsageError(f"--output {path} is one of the charters being checked; it is never overwritten")
        if path is not None and os.path.isdir(path):
            raise UsageError(f"--output {path} is a directory")
    return pairs


def render(name: str, results: list[FileResult], catalogue: Catalogue, as_of: date, color_console: bool = False) -> str:
    if name == "json":
        from svcstd.reporters import json_report

        return json_report.render(results, as_of)
    if name == "sarif":
        from svcstd.reporters import sarif

        return sarif.render(results, catalogue)
    if name == "junit":
        from svcstd.reporters import junit

        return junit.render(results)
    if name == "github":
        from svcstd.reporters import github

        return github.render(results)
    if name == "markdown":
        from svcstd.reporters import markdown

        return markdown.render(results)
    from rich.console import Console

    from svcstd.reporters import PIPE_WIDTH, table

    buffer = io.StringIO()
    table.write(results, Console(file=buffer, width=PIPE_WIDTH, no_color=True, highlight=False, color_system=None))
    return buffer.getvalue()


def write_atomic(path: str, text: str) -> None:
    """Write beside the target and rename over it, so a reader never sees half a report."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        try:
            os.chmod(temporary, _mode_for(target))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"--output {path}: cannot write: {error.strerror or error}") from None


def _mode_for(target: Path) -> int:
    """The mode an ordinary write would give: the old file's, or 0666 less the umask (mkstemp alone gives 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
