"""The charter the editor holds, written back into the person's own YAML text without losing what they wrote.

ruamel.yaml's round trip keeps comments, key order, quoting, flow style,
folded text and anchors, and reproduces every bundled example byte for byte
when nothing changed (its indentation is found by trying the common layouts).
Only the values that changed are touched: a node whose value svcstd reads the
same before and after is never rebuilt. Whatever comes out is read back with
svcstd's own loader, and it is written only when that reading is exactly the
charter the form holds; otherwise nothing is written and the person is told.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from svcstd.errors import InputError
from svcstd.loader import load_text

LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 0), (4, 6, 2), (3, 3, 0), (4, 4, 2))
"""(mapping indent, sequence indent, dash offset) that people and tools write YAML in, most common first."""


def _yaml(layout: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the person wrote on one
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: Any, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _layout(text: str) -> tuple[int, int, int]:
    """The layout whose unchanged round trip differs from the text in the fewest lines (none, for a tidy file)."""
    best, fewest = LAYOUTS[0], None
    lines = text.splitlines()
    for layout in LAYOUTS:
        yaml = _yaml(layout)
        out = _dump(yaml, yaml.load(text)).splitlines()
        differing = sum(a != b for a, b in zip(lines, out, strict=False)) + abs(len(lines) - len(out))
        if fewest is None or differing < fewest:
            best, fewest = layout, differing
        if differing == 0:
            break
    return best


def updated_text(path: str, text: str, old: Any, new: dict[str, Any]) -> str:
    """`text` (whose data svcstd reads as `old`) changed to hold `new`, or an InputError when that cannot be done
    exactly; a text that is empty or holds no mapping is written afresh."""
    from ruamel.yaml.error import YAMLError

    if not isinstance(old, dict) or not text.strip():
        return fresh_text(new)
    try:
        layout = _layout(text)
        yaml = _yaml(layout)
        tree = yaml.load(text)
        shared = _shared(tree)
        tree = _update(tree, old, new, shared)
        result = _dump(yaml, tree)
    except (YAMLError, RecursionError, ValueError, TypeError) as error:
        raise InputError(
            path, f"cannot be updated in place ({' '.join(str(error).split())[:160]}); nothing was written"
        ) from None
    _same_reading(path, result, new)
    return result


def fresh_text(new: dict[str, Any]) -> str:
    """A new charter's text, in the layout the bundled examples use, opening with the schema hint editors read."""
    from svcstd.init.first_charter import SCHEMA_URL

    yaml = _yaml(LAYOUTS[0])
    body = _dump(yaml, _plain(new)) if new else "{}\n"
    return f"# yaml-language-server: $schema={SCHEMA_URL}\n" + body


def _same_reading(path: str, text: str, new: dict[str, Any]) -> None:
    """The text as written reads exactly as the form says, or nothing is written: an InputError saying so, with
    what svcstd's own reading of it found."""
    try:
        same = load_text(text, path).data == new
        why = ""
    except InputError as error:
        same, why = False, f" ({error.message})"
    if not same:
        raise InputError(
            path, f"could not be written so that it reads exactly as the form says{why}; nothing was written"
        )


def _shared(tree: Any) -> Counter[int]:
    """How many places each mapping and list stands in (an anchor and its aliases are one object)."""
    seen: Counter[int] = Counter()

    def walk(node: Any) -> None:
        if isinstance(node, (dict, list)):
            seen[id(node)] += 1
            if seen[id(node)] > 1:
                return
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(tree)
    return seen


def _update(node: Any, old: Any, new: Any, shared: Counter[int]) -> Any:
    """`node` (read by ruamel where svcstd read `old`) holding `new`: itself when nothing changed, changed in place
    where it stands in one place only, and rebuilt where an alias shares it (so the other place keeps its value)."""
    if old == new and type(old) is type(new):
        return node
    if isinstance(node, dict) and isinstance(old, dict) and isinstance(new, dict) and shared[id(node)] == 1:
        for key in [k for k in node if str(k) not in new]:
            del node[key]
        by_text = {str(k): k for k in node}
        for key, value in new.items():
            if key in by_text:
                node[by_text[key]] = _update(node[by_text[key]], old.get(key), value, shared)
            else:
                node[key] = _plain(value)
        return node
    if isinstance(node, list) and isinstance(old, list) and isinstance(new, list) and shared[id(node)] == 1:
        del node[len(new) :]
        for index, value in enumerate(new):
            if index < len(node):
                node[index] = _update(node[index], old[index] if index < len(old) else None, value, shared)
            else:
                node.append(_plain(value))
        return node
    return _plain(value=new)


def _plain(value: Any) -> Any:
    """A new value as ruamel writes it: text quoted wherever a YAML 1.1 reader would take it for something else."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _plain(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_plain(item) for item in value)
    if isinstance(value, str) and _needs_quotes(value):
        return DoubleQuotedScalarString(value)
    return value


def _needs_quotes(text: str) -> bool:
    """Text a YAML 1.1 tool would read as something else written plain (as `fix` judges it), over lines, or with a
    character only an escape can write (a control character pasted in, which svcstd's loader refuses unescaped by
    PyYAML's own test): quoted, it is never left in the block style of the text it replaces, which cannot hold it."""
    from yaml.reader import Reader

    from svcstd.safe_edits import yaml11_reading

    return yaml11_reading(text) != "str" or "\n" in text or Reader.NON_PRINTABLE.search(text) is not None
