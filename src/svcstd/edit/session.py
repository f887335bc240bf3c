"""One editing session: the charter file as it was opened, judged by the same judge as `svcstd check`, and saved.

The editor keeps no copy of what a person is typing: every page carries the
charter it shows (the form, and the state of what the form cannot show), so a
page posted back holds everything. The session holds only the file as it was
read, to save into its text and to notice when someone else changed it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import yaml

from svcstd.errors import InputError, UsageError
from svcstd.loader import MAX_BYTES, Document, decode_text, load_bytes, load_text

if TYPE_CHECKING:
    from svcstd.findings import FileResult, Finding
    from svcstd.judge import Judge

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
NAME_ENDINGS = (".yaml", ".yml")


@dataclass
class Verdict:
    """A charter judged: each standard's status, the open findings, and which of them a safe fix resolves."""

    result: FileResult
    problem: str | None = None
    """Why the charter could not be judged at all (it cannot happen from the form, but a state can be tampered)."""

    @cached_property
    def findings(self) -> list[Finding]:
        """The findings that count against the charter (no waiver covers them), as `check` counts them."""
        return self.result.open_findings

    @cached_property
    def fixable(self) -> list[Finding]:
        return [f for f in self.findings if f.autofix is not None and f.autofix.resolves_finding]


class Session:
    """The charter being edited: where it is saved and what its file held when it was read."""

    def __init__(self, judge: Judge, path: str | None, folder: str) -> None:
        self.judge = judge
        self.folder = os.path.realpath(folder)
        """The only folder the editor reads or writes in: the charter's own, or where a new one is saved."""
        self.path = path
        self.raw = b""
        self.text = ""
        self.data: dict[str, Any] = {"format_version": 1}
        if path is not None and os.path.exists(path):
            self.reopen()

    @property
    def exists(self) -> bool:
        return self.path is not None and bool(self.raw or os.path.exists(self.path))

    def reopen(self) -> None:
        """Read the file again (after a save, or at the start); a file that is not a charter is an InputError."""
        from svcstd.loader import read_bytes

        assert self.path is not None
        raw = read_bytes(self.path)
        if not raw.strip():  # an empty file a person made to start their charter in: a blank charter, saved there
            self.raw, self.text, self.data = raw, "", {"format_version": 1}
            return
        document = load_bytes(raw, self.path)
        if not isinstance(document.data, dict):
            raise InputError(self.path, "holds no mapping of charter keys; the editor opens a charter file")
        self.raw, self.text, self.data = raw, document.text, document.data

    def judged(self, data: dict[str, Any]) -> Verdict:
        """The charter as `svcstd check` would judge a file holding `data` (the same configuration and packs)."""
        from svcstd.findings import FileResult

        try:
            document = as_document(data, self.path or "new charter")
        except InputError as error:
            return Verdict(FileResult(self.path or "new charter"), error.message)
        return Verdict(self.judge.engine.check(document))

    def fixed(self, data: dict[str, Any], which: int | None = None) -> dict[str, Any]:
        """`data` with every safe fix `svcstd fix` would make (a misspelt key renamed, a number quoted as text), or
        only the fix of the `which`-th fixable finding."""
        from svcstd.fix.apply import fixed_text

        document = as_document(data, self.path or "new charter")
        if which is None:
            edits = self.judge.engine.autofixes(document)
        else:  # judged from this very text, so its edits' places are this document's
            fixable = Verdict(self.judge.engine.check(document)).fixable
            chosen = fixable[which].autofix if 0 <= which < len(fixable) else None
            edits = [chosen] if chosen is not None else []
        fixed = load_text(fixed_text(document, edits), document.path).data
        return fixed if isinstance(fixed, dict) else data

    def save(self, data: dict[str, Any], name: str | None = None) -> str:
        """Write `data` into the charter's file and return where; a new charter goes to a new file named `name` in
        the session's folder, never over an existing one. Nothing is written when the file changed on disk since it
        was read, or when the text could not say exactly what the form holds."""
        from svcstd.edit.save import fresh_text, updated_text
        from svcstd.files import rewrite_in_place

        if self.path is not None and self.raw and data == self.data:
            return self.path  # nothing changed: the file is left as it is, byte for byte
        if self.path is None or (not self.raw and not os.path.exists(self.path)):
            target = self.path or self.new_path(name)
            text = fresh_text(data)
            load_text(text, target)  # what is written is read back as a charter first
            _create(target, text)
            self.path = target
        else:
            text = updated_text(self.path, self.text, self.data, data)
            rewrite_in_place(self.path, text, self.raw, option="edit")
        self.reopen()
        return self.path

    def new_path(self, name: str | None) -> str:
        """A new charter's file: a plain file name in the session's folder, ending .yaml or .yml, not yet there."""
        name = (name or "").strip()
        if not name:
            raise UsageError("give the new charter a file name, such as my-department.yaml")
        if (
            os.sep in name
            or (os.altsep and os.altsep in name)
            or name.startswith(".")
            or not name.endswith(NAME_ENDINGS)
            or any(ord(c) < 32 for c in name)
        ):
            raise UsageError(
                f"{name!r} is not a file name the editor writes: use letters, digits and dashes, ending .yaml "
                "(it is saved in the folder the editor was started in)"
            )
        return os.path.join(self.folder, name)


def as_document(data: dict[str, Any], path: str) -> Document:
    """`data` as a charter document, written as YAML and read back by svcstd's loader, as a file holding it is."""
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=4096)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(path, f"is larger than svcstd reads ({MAX_BYTES // 2**20} MiB)")
    return load_text(decode_text(text.encode("utf-8"), path), path)


def _create(path: str, text: str) -> None:
    """Create a new file; one that appeared in the meantime is left alone (O_EXCL), never replaced."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(
            f"{path} already exists; the new charter was not saved over it (choose another name)"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
