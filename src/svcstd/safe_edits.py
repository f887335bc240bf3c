"""Which safe, mechanical fixes a charter's text allows, at exact positions (the `[*]` of a finding).

The engine marks each finding a fix resolves; `svcstd fix` (fix/apply.py) makes them.

A fix changes only the characters of the value or key it fixes: comments, key
order, anchors, blank lines, quoting elsewhere and line endings stay as they
were, because nothing is re-serialised. Three kinds of fix are safe, because
each keeps what the author wrote and what svcstd reads of it:

* quote a plain value that svcstd reads as text but a YAML 1.1 tool would not
  (`08:00` is 480 there, `2025-03-31` a date, `no` false): svcstd's reading is
  unchanged and every other tool now agrees with it;
* quote a plain number or boolean where the format expects text (a telephone
  number written `8220500`): the digits as written become the text;
* write a YAML 1.1 boolean word as the boolean the format expects (`yes` where
  true or false belongs), and rename a misspelt key where one known key is
  close and no other is (`opening_hour` to `opening_hours`, when the mapping
  has no `opening_hours` already).

Anything less certain is left to the author; `svcstd check` explains it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from svcstd.findings import Edit, Span, dotted
from svcstd.loader import Document, JsonPath, resolve_plain

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML11 = yaml.resolver.Resolver()
_BOOLEAN_WORDS = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}
CERTAIN = 0.75
"""How alike a misspelt key and a known key must be (difflib's ratio) to rename it, with no other known key close."""


def spans(text: str) -> tuple[dict[JsonPath, Span], dict[JsonPath, Span]]:
    """Each scalar value and each key as written, by path; a value reached through an alias is its anchor's."""
    values: dict[JsonPath, Span] = {}
    keys: dict[JsonPath, Span] = {}
    stack: list[list[Any]] = []  # [is_mapping, path, next key or list index, expecting key]
    parser = _LOADER(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                path = _place(stack)
                stack.append([isinstance(event, yaml.MappingStartEvent), path, 0, True])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                frame = stack[-1] if stack else None
                span = _span(event) if isinstance(event, yaml.ScalarEvent) else None
                if frame is not None and frame[0] and frame[3]:  # a key
                    key = event.value if isinstance(event, yaml.ScalarEvent) else None
                    frame[2], frame[3] = key, False
                    if span is not None and isinstance(key, str) and frame[1] is not None:
                        keys[frame[1] + (key,)] = span
                    continue
                path = _place(stack)
                if span is not None and path is not None:
                    values[path] = span
    finally:
        parser.dispose()
    return values, keys


def _place(stack: list[list[Any]]) -> Any:
    """The path of the value arriving now, and the parent made ready for the next one."""
    if not stack:
        return ()
    frame = stack[-1]
    if frame[0]:
        key, frame[3] = frame[2], True
        return None if frame[1] is None or not isinstance(key, str) or key == "<<" else (*frame[1], key)
    index = frame[2]
    frame[2] += 1
    return None if frame[1] is None else (*frame[1], index)


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    plain = event.style in (None, "") and event.tag is None
    return Span(
        start.index, end.index, start.line + 1, start.column + 1, end.line + 1, end.column + 1, event.value, plain
    )


def yaml11_reading(text: str) -> str:
    """The type a YAML 1.1 tool (PyYAML's default, many CI tools) gives a plain scalar: str, int, bool, timestamp..."""
    return str(_YAML11.resolve(yaml.ScalarNode, text, (True, False))).rsplit(":", 1)[-1]


def plan(document: Document, errors: Iterable[Any], known_keys: dict[JsonPath, list[str]]) -> list[Edit]:
    """Every safe edit to a charter: `errors` are the format's schema errors, `known_keys` the keys each mapping
    with an unknown key allows."""
    values, keys = spans(document.text)
    edits: dict[int, Edit] = {}
    booleans: set[JsonPath] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "type":
            expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            span = values.get(path)
            if span is None or not span.plain:
                continue
            if "boolean" in expected and isinstance(error.instance, str) and span.text.lower() in _BOOLEAN_WORDS:
                word = "true" if _BOOLEAN_WORDS[span.text.lower()] else "false"
                booleans.add(path)
                edits[span.start] = _worded(span, word, path, False, "boolean", word=word)
            elif "string" in expected and isinstance(error.instance, (bool, int, float)):
                edits[span.start] = _worded(span, _quoted(span.text), path, False, "quote")
    for path, key in _unknown(document, known_keys):
        span = keys.get((*path, key))
        target = certain_match(key, known_keys[path], document.get(path))
        if span is not None and target is not None:
            edits[span.start] = _worded(span, target, (*path, key), True, "rename", target=target)
    for path, span in values.items():
        if span.start in edits or path in booleans or not span.plain:
            continue
        if isinstance(resolve_plain(span.text), str) and yaml11_reading(span.text) not in ("str", "null"):
            edits[span.start] = _worded(span, _quoted(span.text), path, False, "yaml11", resolves_finding=False)
    return sorted(edits.values(), key=lambda edit: edit.span.start)


FIX_WORDS = {
    "boolean": "{path}: write {text} as {word} (YAML 1.1 reads it so)",
    "quote": "{path}: quote {text} so it stays text",
    "rename": "{path}: rename to {target}",
    "yaml11": "{path}: quote {text} so YAML 1.1 tools read text, as svcstd does",
}
"""What each kind of safe edit says, in `svcstd fix`'s English; the pages' catalogues (`edit.fix.<kind>`) say the
same in each language, with the same placeholders."""


def _worded(
    span: Span, replacement: str, path: JsonPath, key: bool, kind: str, resolves_finding: bool = True, **more: str
) -> Edit:
    values = {"path": dotted(path), "text": span.text, **more}
    return Edit(
        span,
        replacement,
        path,
        key,
        FIX_WORDS[kind].format(**values),
        resolves_finding,
        kind,
        tuple(values.items()),
    )


def _unknown(document: Document, known_keys: dict[JsonPath, list[str]]) -> Iterator[tuple[JsonPath, str]]:
    for path, known in known_keys.items():
        if isinstance(node := document.get(path), dict):
            yield from ((path, key) for key in node if isinstance(key, str) and key not in known)


def certain_match(key: str, known: list[str], mapping: Any) -> str | None:
    """The one known key `key` must have meant, or None where that is not certain (or the key is already there)."""
    folded = [name for name in known if name.casefold() == key.casefold()]
    close = folded or difflib.get_close_matches(key, known, n=2, cutoff=0.6)
    if len(close) != 1 or (isinstance(mapping, dict) and close[0] in mapping):
        return None
    if not folded and difflib.SequenceMatcher(None, key, close[0]).ratio() < CERTAIN:
        return None
    return close[0]


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar of the text as written (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)
