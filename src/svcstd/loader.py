"""Read a charter YAML file into plain data, keeping the position of every value.

Charters are written by hand by people who are not YAML experts, and svcstd
runs in CI on whatever is pushed, so the reader is strict and faithful:

* Scalars are resolved with the YAML 1.2 core schema, not YAML 1.1. Under 1.1
  `closes: 16:30` is the integer 990, `no` is false and `2025-01-05` a date
  object; here they stay the text that was written. Where a schema then
  expects a boolean or a number, the structural finding names the trap.
  Digits with a leading zero (`0800`, `0501...`) stay text as well, since
  1.1 and 1.2 disagree on them and either number would silently lose what
  the author meant.
* Duplicate keys at any depth are an input error naming both lines.
* Only standard tags are accepted; `!!python/...` and any other tag is an
  input error. Nothing is ever constructed from a tag.
* Size, nesting depth and alias expansion are bounded, so a hostile file is
  refused in milliseconds with bounded memory.

We build the data from libyaml's event stream ourselves rather than through
PyYAML's composer: one pass, iterative (no recursion limit to hit), and each
limit is checked as the events arrive.
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from svcstd.errors import InputError
from svcstd.text import excerpt
from svcstd.validation import unplaceable

MAX_BYTES = 1024 * 1024
"""A real charter is a few kilobytes; 1 MiB leaves room for hundreds of services."""
MAX_DEPTH = 64
"""The charter format nests six levels deep; 64 leaves room and stops stack games."""
MAX_NUMBER_DIGITS = 30
"""Longer numbers (and .nan, .inf, 1e400) stay text, so the schema reports them at their line instead of a standard being judged on them."""
MAX_NODES = 200_000
"""Values after alias expansion: stops "billion laughs" long before memory suffers."""

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+(\.[0-9]*)?")
_INT_OCT = re.compile(r"0o[0-7]+")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
UNJUDGED_NUMBER = re.compile(r"(?i)[-+]?(\.inf|\.nan|[0-9]+(\.[0-9]*)?(e[-+]?[0-9]+)?|\.[0-9]+(e[-+]?[0-9]+)?)")
"""Number-like text that stays text: .nan, .inf, or digits too many (or too large) to judge a standard on."""
_NUMBER_START = frozenset("0123456789+-.")

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_TAG + "map", _TAG + "seq"}
_SCALAR_TYPES: dict[str, type | tuple[type, ...]] = {
    _TAG + "int": int,
    _TAG + "float": (int, float),
    _TAG + "bool": bool,
    _TAG + "null": type(None),
}
"""The Python types an explicitly tagged scalar must resolve to (`!!int 08` is refused, not read as text)."""


@dataclass
class Document:
    """One charter: its data as JSON-like values and where each value was written."""

    path: str
    data: dict[str, Any]
    values: dict[JsonPath, Position] = field(default_factory=dict)
    keys: dict[JsonPath, Position] = field(default_factory=dict)
    text: str = field(default="", repr=False)
    """The text the data was read from (without a byte-order mark), so a fix can be spliced at exact positions."""
    aliases: dict[JsonPath, tuple[str, JsonPath]] = field(default_factory=dict)
    """Where an alias (`*office_hours`) stands: the anchor's name and the path its value is written at."""
    odd_keys: bool | None = None
    """Whether a key is "" or digits with a leading zero, which the fast validator places wrongly (None: unknown)."""

    def written_at(self, path: JsonPath) -> tuple[str, Position] | None:
        """For a value reached through an alias, the anchor's name and where the value is written in its definition;
        None for a value written where it stands."""
        if not self.aliases:
            return None
        found = None
        for _ in range(MAX_DEPTH):  # an alias inside an anchored value: follow each to where it is written
            prefix = next((path[:n] for n in range(len(path), 0, -1) if path[:n] in self.aliases), None)
            if prefix is None:
                break
            name, target = self.aliases[prefix]
            path = target + path[len(prefix) :]
            found = (name, self.values.get(path) or self.position(path))
        return found

    def position(self, path: JsonPath) -> Position:
        """Line and column of the value at `path`, or of the nearest key above it when it is missing."""
        if path in self.values:
            return self.values[path]
        probe = tuple(path)
        while probe:
            probe = probe[:-1]
            if probe in self.keys:
                return self.keys[probe]
            if probe in self.values and probe:
                return self.values[probe]
        return (1, 1)

    def get(self, path: JsonPath, default: Any = None) -> Any:
        """The value at `path`, or `default` where any step is missing or of the wrong kind."""
        node: Any = self.data
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    return default
            elif not isinstance(node, dict) or step not in node:
                return default
            node = node[step]
        return node


def load_path(path: str) -> Document:
    """Read and parse one charter file; `-` reads standard input."""
    return load_bytes(read_bytes(path), path)


def read_bytes(path: str, limit: int = MAX_BYTES, what: str = "a charter") -> bytes:
    """At most `limit` bytes of a file (`-`: standard input); a larger file is an input error, not a memory problem."""
    if path == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        if os.path.isdir(path):
            raise InputError(path, f"is a directory, not {what} file")
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except OSError as error:
            raise InputError(path, f"cannot read: {error.strerror or error}") from None
        if not stat.S_ISREG(mode):  # a FIFO or device would block or never end; `-` is how to pipe a charter in
            raise InputError(
                path,
                f"is not a regular file (a pipe, socket or device), so it cannot be {what}; use - to read standard input",
            )
        try:
            with open(path, "rb") as handle:
                raw = handle.read(limit + 1)
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except OSError as error:
            raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if len(raw) > limit:
        size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"
        raise InputError(path, f"file is larger than {size}, the limit for {what}")
    return raw


def decode_text(raw: bytes, path: str, what: str = "a YAML text file") -> str:
    """UTF-8 text (a byte-order mark allowed); NUL bytes or other encodings are input errors with their line."""
    if b"\x00" in raw:
        raise InputError(path, f"binary content (NUL byte): not {what}", _line_at(raw, raw.index(b"\x00")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, "not valid UTF-8 text; save the file as UTF-8", _line_at(raw, error.start)) from None


def load_bytes(raw: bytes, path: str) -> Document:
    return load_text(decode_text(raw, path), path)


def load_text(text: str, path: str) -> Document:
    try:
        parser = _LOADER(text)
        try:
            document = _Builder(path).build(parser)
        finally:
            parser.dispose()
        document.text = text
        return document
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "\t" in text and "cannot start any token" in problem:
            problem += " (a tab: indent YAML with spaces)"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if "maximum nesting depth" in problem:  # libyaml 0.2.6+ (PyYAML 6.0.4) stops deep flow nesting itself
            raise InputError(path, f"nested more than {MAX_DEPTH} levels deep", line, column) from None
        raise InputError(path, f"YAML syntax error: {problem}", line, column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise InputError(path, f"character U+{code:04X} is not allowed in YAML ({error.reason})", line) from None
    except yaml.YAMLError as error:
        raise InputError(path, f"YAML error: {error}", withheld="not YAML svcstd can read") from None


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of an untagged plain scalar, keeping ambiguous digits as text."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMBER_START:  # most values are words: no number pattern can match
        return value
    if _LEADING_ZERO.fullmatch(value):
        return value
    if _INT.fullmatch(value):
        return int(value) if len(value) <= MAX_NUMBER_DIGITS else value
    if _INT_OCT.fullmatch(value):
        return int(value[2:], 8)
    if _INT_HEX.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        number = float(value)
        return number if math.isfinite(number) and len(value) <= MAX_NUMBER_DIGITS else value
    return value  # .nan, .inf and the like stay the text written: no standard can be judged on them


class _Frame:
    """An open mapping or list while its events arrive (a plain class with slots: one is made per collection)."""

    __slots__ = (
        "anchor",
        "container",
        "is_map",
        "key",
        "key_lines",
        "key_position",
        "mark",
        "merges",
        "path",
        "start_count",
    )

    def __init__(
        self, container: dict[str, Any] | list[Any], path: JsonPath, anchor: str | None, start_count: int, mark: Any
    ):
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.anchor = anchor
        self.start_count = start_count
        self.mark = mark
        self.key: str | None = None
        self.key_position: Position | None = None
        self.key_lines: dict[str, int] = {}
        self.merges: list[Any] = []


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.values: dict[JsonPath, Position] = {}
        self.keys: dict[JsonPath, Position] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.anchor_paths: dict[str, JsonPath] = {}
        self.odd_keys = False
        self.aliases: dict[JsonPath, tuple[str, JsonPath]] = {}
        self.open_anchors: set[str] = set()
        self.count = 0
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def fail(self, message: str, mark: Any, withheld: str | None = None) -> InputError:
        """The error at `mark`; `withheld` is its words without the file's own (InputError.withheld)."""
        return InputError(self.path, message, mark.line + 1, mark.column + 1, withheld)

    def build(self, parser: Any) -> Document:
        more, get_event = parser.check_event, parser.get_event
        while more():
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end()
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(
                        "several YAML documents in one file; a charter is one document (remove '---')", event.start_mark
                    )
        if self.documents == 0 or self.root is None:
            raise InputError(self.path, "empty file: expected a charter (a mapping of sections such as organisation:)")
        if not isinstance(self.root, dict):
            shape = "a list" if isinstance(self.root, list) else f"the value {excerpt(self.root)}"
            raise InputError(
                self.path,
                f"the top level is {shape}; expected a mapping of charter sections",
                1,
                1,
                withheld="the top level is not a mapping of sections",
            )
        return Document(self.path, self.root, self.values, self.keys, aliases=self.aliases, odd_keys=self.odd_keys)

    def counted(self, mark: Any, amount: int = 1) -> None:
        self.count += amount
        if self.count > MAX_NODES:
            raise self.fail(f"more than {MAX_NODES:,} values after expanding aliases (alias bomb?)", mark)

    def scalar(self, event: Any) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.key is None:
            self.mapping_key(frame, event)
            return
        self.counted(event.start_mark)
        value = self.scalar_value(event)
        self.place(value, event.start_mark, event.anchor, 1)

    def scalar_value(self, event: Any) -> Any:
        tag = event.tag
        text = event.value
        if tag is None or tag == "!":
            plain = event.style in (None, "") and tag is None
            return resolve_plain(text) if plain else text
        if tag not in _SCALAR_TAGS:
            raise self.fail(
                f"unsupported tag {_short_tag(tag)}; charters use plain YAML values only",
                event.start_mark,
                "an unsupported tag",
            )
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return text
        value = resolve_plain(text)
        if tag in (_TAG + "int", _TAG + "float") and isinstance(value, str) and UNJUDGED_NUMBER.fullmatch(text):
            raise self.fail(
                f"{excerpt(text)} is not a finite number of at most {MAX_NUMBER_DIGITS} digits",
                event.start_mark,
                "a number svcstd cannot read",
            )
        expected = _SCALAR_TYPES[tag]
        if not isinstance(value, expected) or (tag == _TAG + "int" and isinstance(value, bool)):
            raise self.fail(
                f"{excerpt(text)} is not a valid {_short_tag(tag)}",
                event.start_mark,
                "a value that does not match its tag",
            )
        return float(value) if tag == _TAG + "float" else value  # type: ignore[arg-type]

    def mapping_key(self, frame: _Frame, event: Any) -> None:
        if event.tag not in (None, "!", _TAG + "str"):
            raise self.fail(f"unsupported tag {_short_tag(event.tag)} on a key", event.start_mark, "a tag on a key")
        key = event.value
        line = event.start_mark.line + 1
        if key == "<<" and event.style in (None, "") and event.tag is None:
            frame.key = "<<"
            return
        if key in frame.key_lines:
            raise self.fail(
                f"duplicate key {key!r} (first at line {frame.key_lines[key]}); each key may appear once",
                event.start_mark,
                f"a duplicate key (first at line {frame.key_lines[key]})",
            )
        frame.key_lines[key] = line
        frame.key = key
        if not self.odd_keys and unplaceable(key):  # found while every key passes, so validation need not look
            self.odd_keys = True
        frame.key_position = (line, event.start_mark.column + 1)

    def child_path(self, frame: _Frame | None) -> JsonPath:
        if frame is None:
            return ()
        if isinstance(frame.container, dict):
            return (*frame.path, frame.key)  # type: ignore[arg-type]
        return (*frame.path, len(frame.container))

    def place(self, value: Any, mark: Any, anchor: str | None, size: int, alias: str | None = None) -> None:
        """Attach a finished value to its parent (or make it the root) and record its position (and, for an alias,
        which anchor's value it is)."""
        frame = self.stack[-1] if self.stack else None
        if anchor is not None:
            self.anchors[anchor] = (value, size)
            self.anchor_paths[anchor] = self.child_path(frame)
        if alias is not None and frame is not None and not (frame.is_map and frame.key == "<<"):
            self.aliases[self.child_path(frame)] = (alias, self.anchor_paths[alias])
        if frame is None:
            self.root = value
            return
        position = (mark.line + 1, mark.column + 1)
        if frame.is_map:
            key = frame.key
            assert key is not None and isinstance(frame.container, dict)  # a value in a mapping always follows its key
            if key == "<<":
                frame.merges.append((value, mark))
            else:
                path: JsonPath = (*frame.path, key)
                frame.container[key] = value
                self.values[path] = position
                if frame.key_position:
                    self.keys[path] = frame.key_position
            frame.key = None
        else:
            assert isinstance(frame.container, list)
            item: JsonPath = (*frame.path, len(frame.container))
            self.values[item] = position
            frame.container.append(value)

    def start(self, event: Any, is_mapping: bool) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            raise self.fail("a mapping or list used as a key; keys must be plain text", event.start_mark)
        if event.tag is not None and event.tag not in _COLLECTION_TAGS:
            raise self.fail(
                f"unsupported tag {_short_tag(event.tag)}; charters use plain YAML values only", event.start_mark
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.counted(event.start_mark)
        container: dict[str, Any] | list[Any] = {} if is_mapping else []
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, self.child_path(frame), event.anchor, self.count, event.start_mark))

    def end(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict):
            self.apply_merges(frame)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
        self.place(frame.container, frame.mark, frame.anchor, self.count - frame.start_count + 1)

    def apply_merges(self, frame: _Frame) -> None:
        """`<<: *defaults` fills in keys the mapping does not set itself (YAML merge key)."""
        target = frame.container
        assert isinstance(target, dict)
        for value, mark in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise self.fail("'<<' merges mappings only", mark)
                for key, item in source.items():
                    target.setdefault(key, item)

    def alias(self, event: Any) -> None:
        name = event.anchor
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.container, dict) and frame.key is None:
            raise self.fail("an alias used as a key; keys must be plain text", event.start_mark)
        if name in self.open_anchors:
            raise self.fail(f"alias *{name} refers to a value that contains it (recursive alias)", event.start_mark)
        if name not in self.anchors:
            raise self.fail(f"alias *{name} has no anchor &{name} before it", event.start_mark)
        value, size = self.anchors[name]
        self.counted(event.start_mark, size)
        self.place(value, event.start_mark, None, size, alias=name)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
