"""The charter format as a form: one field per value the schema describes, and the posted form read back as data.

The form is generated from schemas/charter.schema.json, so a key added to the
format appears in the editor with its title, description, example and choices
without a change here. Field names are the value's path, dotted
(`services.0.standard.within_working_days`), so a finding's path finds its field.

A charter is untrusted input like any other: a value the form cannot show as
written (a list where text belongs, a key the format does not know, an `x-`
extension) is carried unchanged in the page's state and saved as it was; a
value typed where a number belongs but not a number stays the text typed, and
the schema reports it beside the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svcstd.resources import json_resource

Steps = tuple[str | int, ...]
MISSING: Any = object()
"""A value the form leaves out: its key is removed from the charter."""
MAX_ITEMS = 500
"""Items a posted list may claim: more than any charter lists, few enough that a hostile count costs nothing."""
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass
class Field:
    """One control of the form (or a group or list of them), with the charter's value as the form shows it."""

    path: Steps
    kind: str
    """group, list, text, number, integer, choice, choices, yesno, words, mixed or fixed (a value the form keeps
    as written because it cannot show it)."""
    title: str
    description: str = ""
    example: str = ""
    required: bool = False
    choices: list[str] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    """A group's fields, a list's items, or a words field's one field per language."""
    text: str = ""
    """A control's value as text."""
    chosen: list[str] = field(default_factory=list)
    item_title: str = ""
    language: str = ""
    """A text field's language, where the charter gives the text per language."""
    title_language: str = "en"
    """The language of `title` (and `item_title`): the editor's where the labels name the key, else the schema's."""
    description_language: str = "en"
    """The language of `description`: the editor's where the labels translate it, else the schema's."""

    @property
    def name(self) -> str:
        return ".".join(str(step) for step in self.path)

    @property
    def ident(self) -> str:
        """The HTML id: the path with characters an id selector would need escaped replaced."""
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name or "document")

    def walk(self) -> list[Field]:
        return [self, *(f for child in self.children for f in child.walk())]


class Form:
    """The form of one charter: its top-level sections, and how posted values become the charter's data."""

    def __init__(self, language: str = "en") -> None:
        self.schema = json_resource("charter.schema.json")
        self.defs = self.schema.get("$defs", {})
        self.language = language
        self.labels = labels(language)

    def title(self, path: Steps, node: dict[str, Any]) -> tuple[str, str]:
        """A field's label and its language: the editor's own labels by the key's path, then by its name; else the
        schema's English title."""
        pattern = ".".join("*" if isinstance(step, int) else str(step) for step in path)
        found = self.labels.get("paths", {}).get(pattern)
        if found is None and path and isinstance(path[-1], str):
            found = self.labels.get("names", {}).get(path[-1])
        if isinstance(found, str):
            return found, self.language
        return str(node.get("title") or path[-1]), "en"

    def description(self, node: dict[str, Any]) -> tuple[str, str]:
        """A field's hint and its language: the labels' translation of the schema's English description, else that."""
        english = str(node.get("description", ""))
        found = self.labels.get("descriptions", {}).get(english) if english else None
        return (found, self.language) if isinstance(found, str) else (english, "en")

    def item_title(self, path: Steps, items: dict[str, Any]) -> str | None:
        named = self.labels.get("items", {})
        found = named.get(str(path[-1])) if path else None
        found = found or named.get(str(items.get("title", "")).casefold())
        return found if isinstance(found, str) else None

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """A schema node with its `$ref` followed; the referring node's own title and description win."""
        seen = 0
        while "$ref" in node and seen < 10:
            target = self.defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            seen += 1
        return node

    def kind(self, node: dict[str, Any]) -> str:
        if "if" in node and "else" in node:  # $defs/words: text, or text per language
            return "words"
        if "const" in node:
            return "integer" if isinstance(node["const"], int) else "text"
        if "enum" in node:
            return "choice"
        if "anyOf" in node:
            return "mixed"
        kind = node.get("type")
        if kind == "object":
            return "group" if node.get("properties") else "fixed"
        if kind == "array":
            items = self.resolve(node.get("items", {}))
            return "choices" if "enum" in items else "list"
        return {"boolean": "yesno", "integer": "integer", "number": "number", "string": "text"}.get(str(kind), "fixed")

    # building the form from data

    def fields(self, data: dict[str, Any]) -> list[Field]:
        """Every section of the format, filled from `data` (the charter's languages decide the words fields)."""
        languages = languages_of(data)
        return [
            self.field((key,), node, data.get(key, MISSING), key in self.schema.get("required", ()), languages)
            for key, node in self.schema["properties"].items()
            if key != "$schema"
        ]

    def field(self, path: Steps, node: dict[str, Any], value: Any, required: bool, languages: list[str]) -> Field:
        node = self.resolve(node)
        kind = self.kind(node)
        value = MISSING if value is None else value  # `key:` with nothing after it: shown empty, to be filled
        title, title_language = self.title(path, node)
        description, description_language = self.description(node)
        made = Field(
            path,
            kind,
            title,
            description,
            _example(node),
            required,
            title_language=title_language,
            description_language=description_language,
        )
        if value is not MISSING and not self.shows(node, kind, value):
            made.kind = "fixed"
            return made
        if kind == "group":
            own = value if isinstance(value, dict) else {}
            needed = set(node.get("required", ()))
            made.children = [
                self.field((*path, key), child, own.get(key, MISSING), key in needed, languages)
                for key, child in node["properties"].items()
            ]
        elif kind == "list":
            items = self.resolve(node.get("items", {}))
            made.item_title = self.item_title(path, items) or str(items.get("title") or "item")
            made.children = [
                self.field((*path, index), items, item, False, languages)
                for index, item in enumerate(value if isinstance(value, list) else [])
            ]
        elif kind == "choices":
            allowed = [str(c) for c in self.resolve(node.get("items", {})).get("enum", [])]
            chosen = [str(v) for v in value] if isinstance(value, list) else []
            made.choices = allowed + [c for c in chosen if c not in allowed]
            made.chosen = chosen
        elif kind == "choice":
            made.choices = [str(c) for c in node["enum"]]
            made.text = "" if value is MISSING else str(value)
            if made.text and made.text not in made.choices:
                made.choices.append(made.text)
        elif kind == "words":
            made.children = self.words(path, value, languages)
        else:
            made.text = "" if value is MISSING else as_text(value)
        return made

    def words(self, path: Steps, value: Any, languages: list[str]) -> list[Field]:
        """One field for text given once, or one per language: the charter's languages and any the value has."""
        if isinstance(value, dict):
            codes = [*languages, *(str(k) for k in value if str(k) not in languages)]
            given = {str(k): v for k, v in value.items()}
        elif len(languages) <= 1:
            return [Field(path, "text", "", text="" if value is MISSING else as_text(value))]
        else:  # text given once where the charter lists several languages: it is the first language's
            codes = languages
            given = {} if value is MISSING else {languages[0]: value}
        return [
            Field((*path, code), "text", code, language=code, text=as_text(given[code]) if code in given else "")
            for code in codes
        ]

    def shows(self, node: dict[str, Any], kind: str, value: Any) -> bool:
        """Whether the form can show `value` as written and read it back the same (otherwise it is kept as is)."""
        if kind == "group":
            known = node.get("properties", {})
            return isinstance(value, dict) and all(isinstance(k, str) and k in known for k in value)
        if kind in ("list", "choices"):
            return isinstance(value, list) and (kind == "list" or all(isinstance(v, str) for v in value))
        if kind == "words":
            return isinstance(value, str) or (
                isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
            )
        if kind == "fixed":
            return False
        return isinstance(value, (str, int, float)) and not (isinstance(value, float) and not math.isfinite(value))

    # reading the posted form back

    def read(self, posted: dict[str, list[str]], base: dict[str, Any]) -> dict[str, Any]:
        """The charter the posted form describes: `base` (the data the form was made from) with every value the
        form shows replaced by what was posted; what it cannot show is kept."""
        languages = languages_of(base)
        data = dict(base)
        for key, node in self.schema["properties"].items():
            if key == "$schema":
                continue
            value = self.value((key,), node, posted, base.get(key, MISSING), languages)
            if value is MISSING:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    def value(
        self, path: Steps, node: dict[str, Any], posted: dict[str, list[str]], base: Any, languages: list[str]
    ) -> Any:
        if base is None:  # `key:` left empty in the file stays so until something is typed there
            value = self.value(path, node, posted, MISSING, languages)
            return None if value is MISSING else value
        node = self.resolve(node)
        kind = self.kind(node)
        name = ".".join(str(step) for step in path)
        if (base is not MISSING and not self.shows(node, kind, base)) or kind == "fixed":
            return base
        if kind == "group":
            own = dict(base) if isinstance(base, dict) else {}
            for key, child in node["properties"].items():
                value = self.value((*path, key), child, posted, own.get(key, MISSING), languages)
                if value is MISSING:
                    own.pop(key, None)
                else:
                    own[key] = value
            return own or MISSING
        if kind == "list":
            items = node.get("items", {})
            count = _count(posted, name)
            old = base if isinstance(base, list) else []
            values = [
                self.value((*path, index), items, posted, old[index] if index < len(old) else MISSING, languages)
                for index in range(count)
                if index < len(old) or _posted_under(posted, f"{name}.{index}")
            ]
            item_kind = self.kind(self.resolve(items))
            kept = [({} if item_kind == "group" else v) if v is MISSING else v for v in values]
            kept = [v for v in kept if v != "" and v is not MISSING]
            return kept or MISSING
        if kind == "choices":  # the person's own order is kept; a new choice goes at the end
            chosen = list(dict.fromkeys(v for v in posted.get(name, []) if v))
            kept = [v for v in base if v in chosen] if isinstance(base, list) else []
            return kept + [v for v in chosen if v not in kept] or MISSING
        if kind == "words":
            return self.words_value(path, posted, base, languages)
        return typed(_first(posted, name), kind, base)

    def words_value(self, path: Steps, posted: dict[str, list[str]], base: Any, languages: list[str]) -> Any:
        name = ".".join(str(step) for step in path)
        if name in posted:  # given once
            return typed(_first(posted, name), "text", base)
        prefix = name + "."
        given = {key[len(prefix) :]: _first(posted, key) for key in posted if key.startswith(prefix)}
        given = {code: text for code, text in given.items() if text.strip() and "." not in code}
        if not given:
            return MISSING
        if not isinstance(base, dict) and list(given) == languages[:1]:  # given once, in the first language
            return typed(given[languages[0]], "text", base)
        return given


def labels(language: str) -> dict[str, Any]:
    """The editor's labels of the charter's keys in `language` (labels/<language>.yaml); English has none: the
    schema's own titles are English."""
    import yaml

    source = Path(__file__).parent / "labels" / f"{language}.yaml"
    if not source.is_file():
        return {}
    loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def as_text(value: Any) -> str:
    """A value as the form shows it: a whole number without decimals, a boolean as true or false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def typed(text: str, kind: str, base: Any) -> Any:
    """The value typed, as the schema's type reads it; text that is not that type stays text for the schema to
    report. Unchanged text keeps the value as it was written (9.50 stays 9.5, not "9.50")."""
    text = text.strip()
    if not text:
        return MISSING
    if base is not MISSING and as_text(base) == text:
        return base
    if kind == "yesno":
        return {"true": True, "false": False}.get(text, text)
    if kind in ("integer", "number", "mixed"):
        if _INTEGER.fullmatch(text):
            return int(text)
        if kind != "integer" and _NUMBER.fullmatch(text):
            return float(text)
    return text


def _first(posted: dict[str, list[str]], name: str) -> str:
    values = posted.get(name) or [""]
    return values[0]


def _posted_under(posted: dict[str, list[str]], name: str) -> bool:
    """Whether the form had a control for this item (a list's count alone cannot add items)."""
    return name in posted or any(key.startswith(name + ".") or key.startswith(name + "#") for key in posted)


def _count(posted: dict[str, list[str]], name: str) -> int:
    text = _first(posted, name + "#count")
    return min(int(text), MAX_ITEMS) if text.isdigit() else 0


def languages_of(data: dict[str, Any]) -> list[str]:
    charter = data.get("charter")
    listed = charter.get("languages") if isinstance(charter, dict) else None
    if not isinstance(listed, list):
        return []
    return [code for code in dict.fromkeys(str(c) for c in listed if isinstance(c, str) and c.strip())]


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if isinstance(examples, list) and examples and isinstance(examples[0], (str, int, float)):
        return as_text(examples[0])
    return ""
