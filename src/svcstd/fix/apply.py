"""`svcstd fix`: the safe edits (`safe_edits.plan`) spliced into a charter's text and written back.

A fix changes only the characters of the value or key it fixes: comments, key
order, anchors, blank lines, quoting elsewhere and line endings stay as they
were, because nothing is re-serialised.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from svcstd.findings import Edit
from svcstd.inputs import Input
from svcstd.loader import Document, load_text
from svcstd.text import visible


def apply(text: str, edits: list[Edit]) -> str:
    out, at = [], 0
    for edit in edits:
        out += [text[at : edit.span.start], edit.replacement]
        at = edit.span.end
    out.append(text[at:])
    return "".join(out)


def fixed_text(document: Document, edits: list[Edit]) -> str:
    """The charter with every edit made, read back to prove it is still one valid YAML charter."""
    text = apply(document.text, edits)
    load_text(text, document.path)
    return text


@dataclass(frozen=True)
class FileFix:
    """One charter's fixes: the edits, the text before and after, and whether it began with a byte-order mark."""

    path: str
    edits: list[Edit]
    before: str
    after: str
    bom: bool
    raw: bytes = b""
    """The file's bytes as read: written over only while the file still holds them."""

    def diff(self) -> str:
        """A unified diff, as `ruff check --diff` and `git diff` print one; a file name's control characters are
        shown as escapes, never sent raw to a terminal."""
        name = "stdin" if self.path == "-" else visible(self.path)
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            name,
            name,
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def write(self) -> None:
        """Replace the charter in one rename (its mode, owner and, for a symbolic link, the link kept), only while it
        still holds what was read (svcstd.files.rewrite_in_place); `-`: print it."""
        from svcstd.files import rewrite_in_place, write_text

        text = ("\ufeff" if self.bom else "") + self.after
        if self.path == "-":
            write_text(self.path, text, option="fix --write")
        else:
            rewrite_in_place(self.path, text, self.raw, option="fix --write")


def fix_file(path: str, autofixes: Callable[[Document], list[Edit]]) -> FileFix:
    """The safe fixes of one charter file; an unreadable file is an InputError naming it."""
    from svcstd.loader import load_bytes, read_bytes

    raw = read_bytes(path)
    document = load_bytes(raw, path)
    edits = autofixes(document)
    return FileFix(path, edits, document.text, fixed_text(document, edits), raw.startswith(b"\xef\xbb\xbf"), raw)


@dataclass
class FixRun:
    """What one `svcstd fix` run did: fixes made (or available), in how many files, and files left as they were."""

    fixed: int = 0
    files: int = 0
    portable: int = 0
    """Fixes that only quote values YAML 1.1 tools would misread (no finding of `check` marks them)."""
    failed: int = 0

    def summary(self, write: bool) -> str:
        """One line: what was (or can be) fixed, why a fix `check` does not mark is there, and what could not be
        read or written."""
        noun = "fix" if self.fixed == 1 else "fixes"
        where = f"{self.files} file{'s' if self.files != 1 else ''}"
        why = (
            f" ({self.portable} only quote values YAML 1.1 tools would misread; `svcstd check` reads them right and "
            "reports nothing there)"
            if self.portable
            else ""
        )
        line = (f"{self.fixed} {noun} made in {where}" if write else f"{self.fixed} {noun} available in {where}") + why
        line = line if self.fixed else "nothing to fix"
        if self.failed:
            they = "they were" if self.failed != 1 else "it was"
            line += f"; {self.failed} file{'s' if self.failed != 1 else ''} left as {they} (see above)"
        elif self.fixed and not write:
            line += "; apply with --write"
        return f"svcstd: {line}"


def fix_inputs(
    inputs: Iterable[Input],
    autofixes: Callable[[Document], list[Edit]],
    write: bool,
    report_error: Callable[[str], None],
    show_diff: Callable[[str], object],
) -> FixRun:
    """Fix each charter in turn; one that cannot be read or written is reported and left as it was, and the others
    are still fixed. Without `write`, each file's fixes are shown as a unified diff."""
    from svcstd.errors import InputError, UsageError

    run = FixRun()
    for item in inputs:
        try:
            if item.error is not None:
                raise item.error
            result = fix_file(item.path, autofixes)
            if result.edits and write:
                result.write()
        except (InputError, UsageError) as error:
            report_error(str(error))
            run.failed += 1
            continue
        if not result.edits:
            continue
        if not write:
            show_diff(result.diff())
        run.files += 1
        run.fixed += len(result.edits)
        run.portable += sum(not edit.resolves_finding for edit in result.edits)
    return run
