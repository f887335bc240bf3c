"""A charter's promises as flat facts: one value per promise, with the direction that makes it stronger.

Facts are keyed by an id people can read and write in a `changes:` log
(`services[land-title].standard.within_working_days`,
`opening_hours.weekly.saturday`): list entries are named by their key (a
service's id, a site's name, a KPI's id), never by position, so reordering a
list changes nothing. Values are JSON, so a portfolio.json can carry them and
a later report can compare against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from svcstd.facts import mapping, number, section, string, strings, words
from svcstd.loader import JsonPath
from svcstd.resources import json_resource
from svcstd.schedule import WEEKDAYS, clock, week_intervals


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    """Where the promise stands, entries named by key: services[land-title].fee."""
    pattern: str
    """The promise it is, as schemas/promises.json names it: services[].fee."""
    label: str
    better: str
    """lower, higher, hours, items, present, true or entry (see schemas/promises.json)."""
    value: Any
    shown: str
    """The value as a person reads it: "10 working days", "08:00-12:00, 13:00-16:30 (7 h 30 min)"."""
    path: JsonPath
    """Where the value is in this version of the charter, for its line."""


@cache
def catalogue() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(list name -> how its entries are keyed, promise pattern -> its direction, unit and label)."""
    data = json_resource("promises.json")
    return {e["path"]: e for e in data["entries"]}, {p["path"]: p for p in data["promises"]}


_FREE = re.compile(r"(?i)^\s*(free|no fee|none|nil|no charge|gratis|gratuito)\s*\.?\s*$")
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?")


def fee_amount(value: Any) -> float | None:
    """A fee as a number where the charter lets one be read: 25, "BZ$ 25.00", "free"; None where it does not."""
    if (found := number(value)) is not None:
        return float(found)
    text = string(value)
    if text is None:
        return None
    if _FREE.match(text):
        return 0.0
    amounts = _AMOUNT.findall(text)
    return float(amounts[0].replace(",", "")) if len(amounts) == 1 else None


def duration(total: int) -> str:
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d} min" if mins else f"{hours} h"


def _shown_number(value: float | int, unit: str | None) -> str:
    text = f"{value:g}"
    if unit == "%":
        return text + "%"
    if unit == "fee":
        return "free" if value == 0 else text
    return f"{text} {unit}" if unit else text


def promise_facts(data: Any) -> dict[str, Fact]:
    """Every promise the charter states, by fact id, in the order a reader meets them."""
    entries, promises = catalogue()
    found: dict[str, Fact] = {}
    for pattern, spec in promises.items():
        head, bracket, rest = pattern.partition("[]")
        if not bracket:
            _read(found, spec, pattern, pattern, section(data), (), pattern.split("."))
            continue
        key = entries[head]["key"]
        seen: set[str] = set()
        listed = mapping(data).get(head)
        for index, entry in enumerate(listed if isinstance(listed, list) else []):
            name = string(mapping(entry).get(key))
            if (
                not name or name in seen
            ):  # an entry without its key, or a second one, cannot be matched between versions
                continue
            seen.add(name)
            fact_id = f"{head}[{name}]"
            title = words(entry.get("name")) or words(entry.get("indicator")) or name
            if not rest:
                found[fact_id] = Fact(
                    fact_id, pattern, f"{entries[head]['label']}: {title}", "entry", title, title, (head, index)
                )
                continue
            where = rest.lstrip(".").split(".")
            _read(
                found,
                {**spec, "label": f"{title}: {spec['label']}"},
                pattern,
                fact_id + rest,
                entry,
                (head, index),
                where,
            )
    return found


def _read(
    found: dict[str, Fact],
    spec: dict[str, Any],
    pattern: str,
    fact_id: str,
    node: dict[str, Any],
    base: JsonPath,
    steps: list[str],
) -> None:
    *parents, last = steps
    for step in parents:
        node = mapping(node.get(step))
    if last not in node:
        return
    value, path, better, label = node[last], (*base, *steps), spec["better"], spec["label"]
    unit = spec.get("unit")
    if better == "hours":
        if not isinstance(value, dict):
            return
        weekly = week_intervals(value)
        for day in WEEKDAYS:
            spans = weekly[day]
            total = sum(end - start for start, end in spans)
            shown = (
                ", ".join(f"{clock(s)}-{clock(e % (24 * 60))}" for s, e in spans) + f" ({duration(total)})"
                if spans
                else "closed"
            )
            found[f"{fact_id}.{day}"] = Fact(
                f"{fact_id}.{day}", pattern, f"{label}, {day.capitalize()}", better, total, shown, (*path, day)
            )
        return
    if better == "items":
        listed = sorted(set(strings(value)))
        found[fact_id] = Fact(fact_id, pattern, label, better, listed, ", ".join(listed) or "none", path)
        return
    if better == "true":
        if isinstance(value, bool):
            found[fact_id] = Fact(fact_id, pattern, label, better, value, "yes" if value else "no", path)
        return
    if better == "present":
        if (text := words(value)) and text.strip():  # given per language: its first language's text
            found[fact_id] = Fact(fact_id, pattern, label, better, text.strip(), text.strip(), path)
        return
    if unit == "fee":
        amount = fee_amount(value)
        shown = string(value) or (_shown_number(amount, unit) if amount is not None else str(value))
        found[fact_id] = Fact(fact_id, pattern, label, better, amount if amount is not None else shown, shown, path)
        return
    if (amount := number(value)) is None:
        return
    if pattern.startswith("kpis[]") and node.get("higher_is_better") is False:
        better = "lower" if better == "higher" else better
    found[fact_id] = Fact(
        fact_id, pattern, label, better, amount, _shown_number(amount, unit or string(node.get("unit"))), path
    )


_SHAPES: dict[str, tuple[type, ...]] = {
    "lower": (int, float, str),
    "higher": (int, float, str),
    "hours": (int,),
    "items": (list,),
    "true": (bool,),
    "present": (str,),
    "entry": (str,),
}


def facts_as_json(facts: dict[str, Fact]) -> dict[str, dict[str, Any]]:
    """What a portfolio.json keeps of a department's promises, so a later report can compare against them."""
    return {
        f.id: {"pattern": f.pattern, "label": f.label, "better": f.better, "value": f.value, "shown": f.shown}
        for f in facts.values()
    }


def facts_from_json(data: Any) -> dict[str, Fact]:
    """Promises read back from a baseline portfolio.json; an entry of the wrong shape is left out, never trusted."""
    found = {}
    for fact_id, entry in mapping(data).items():
        entry = mapping(entry)
        better, value = string(entry.get("better")), entry.get("value")
        shape = _SHAPES.get(better) if better else None
        if (
            better is None
            or shape is None
            or not isinstance(value, shape)
            or (isinstance(value, bool) and better != "true")
        ):
            continue
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            continue
        found[fact_id] = Fact(
            fact_id,
            str(entry.get("pattern", "")),
            str(entry.get("label", fact_id)),
            better,
            value,
            str(entry.get("shown", value)),
            (),
        )
    return found
