"""Each change between two versions of a charter, classified by what it does to the public's promises.

weaker: a longer turnaround, fewer open or staffed hours, an item (channel,
remedy, language) or a route of appeal taken away, a higher fee, a lower
target, a longer review cycle. removed: a service, site or KPI gone (a
weakening too). stronger and new are the reverse; neutral is everything else
that changed (wording, contacts). A weakening is `recorded` when the new
charter's `changes:` log gains an entry naming its fact; the gate fails on the
weakenings that are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from svcstd.diff.facts import Fact, catalogue, promise_facts
from svcstd.facts import items, mapping, string, words
from svcstd.loader import Document, JsonPath
from svcstd.schedule import parse_date
from svcstd.text import excerpt

WEAKER, STRONGER, NEUTRAL, NEW, REMOVED = "weaker", "stronger", "neutral", "new", "removed"
KINDS = (WEAKER, REMOVED, STRONGER, NEW, NEUTRAL)
LOG_KEYS = ("date", "fact", "what", "why", "approved_by")


@dataclass(frozen=True)
class LogEntry:
    """One entry of a charter's `changes:` log: the department's own record of a change to its promises."""

    date: str
    fact: str
    what: str
    why: str
    approved_by: str


@dataclass
class Change:
    fact: str
    kind: str
    label: str
    before: str | None
    after: str | None
    path: JsonPath
    """Where the change shows in the new version (the nearest part that exists, for a removal)."""
    recorded: LogEntry | None = None
    breaks: list[str] = field(default_factory=list)
    """Rules the new version fails at this fact: a weakening that also breaks a standard."""

    @property
    def weakens(self) -> bool:
        return self.kind in (WEAKER, REMOVED)

    @property
    def unrecorded(self) -> bool:
        return self.weakens and self.recorded is None

    def as_dict(self) -> dict[str, Any]:
        recorded = None if self.recorded is None else self.recorded.__dict__
        return {
            "fact": self.fact,
            "kind": self.kind,
            "label": self.label,
            "before": self.before,
            "after": self.after,
            "weakens": self.weakens,
            "recorded": recorded,
            "breaks": self.breaks,
        }


def _direction(fact: Fact, before: Any, after: Any) -> str | None:
    """WEAKER, STRONGER, NEUTRAL or None (no change) for one promise present in both versions."""
    better = fact.better
    if better in ("lower", "higher"):
        if isinstance(before, (int, float)) and isinstance(after, (int, float)):
            if before == after:
                return None
            return WEAKER if (after > before) == (better == "lower") else STRONGER
        return None if before == after else NEUTRAL
    if better == "hours":
        return None if before == after else (WEAKER if after < before else STRONGER)
    if better == "true":
        return None if before == after else (STRONGER if after else WEAKER)
    return None if before == after else NEUTRAL  # present (wording) and entry (a new name)


def enclosing(fact_id: str) -> Iterator[str]:
    """Every fact id that `fact_id` lies inside (services[a].standard.x: services, services[a], services[a].standard).

    `fact_id.startswith(other + ".")` or `+ "["` holds exactly when `other` is one of these, so a set lookup per
    prefix replaces a scan of every other fact: diff stays linear in a charter's entries."""
    for index, char in enumerate(fact_id):
        if char in ".[":
            yield fact_id[:index]


def compare_facts(old: dict[str, Fact], new: dict[str, Fact]) -> list[Change]:
    """The changes to promises, from flat facts alone (what a portfolio.json baseline keeps)."""
    changes: list[Change] = []
    gone_entries = {fact_id for fact_id, fact in old.items() if fact.better == "entry" and fact_id not in new}
    new_entries = {fact_id for fact_id, fact in new.items() if fact.better == "entry" and fact_id not in old}

    def inside(fact_id: str, entries: set[str]) -> bool:
        return any(prefix in entries for prefix in enclosing(fact_id) if fact_id[len(prefix)] == ".")

    for fact_id, before in old.items():
        after = new.get(fact_id)
        if after is None:
            if inside(fact_id, gone_entries):
                continue
            kind = REMOVED if before.better == "entry" else WEAKER
            if before.better == "hours" and before.value == 0:
                continue  # a closed day no longer listed is still closed
            changes.append(Change(fact_id, kind, before.label, before.shown, None, ()))
            continue
        if before.better == "items":
            taken, added = sorted(set(before.value) - set(after.value)), sorted(set(after.value) - set(before.value))
            if taken:
                changes.append(
                    Change(
                        fact_id,
                        WEAKER,
                        after.label,
                        before.shown,
                        after.shown + f" (no longer: {', '.join(taken)})",
                        after.path,
                    )
                )
            if added:
                changes.append(
                    Change(
                        fact_id,
                        STRONGER,
                        after.label,
                        before.shown,
                        after.shown + f" (now also: {', '.join(added)})",
                        after.path,
                    )
                )
            continue
        direction = _direction(before, before.value, after.value)
        if direction is None and before.better == "hours" and before.shown != after.shown:
            direction = NEUTRAL  # the same hours at other times of day
        if direction is not None:
            changes.append(Change(fact_id, direction, after.label, before.shown, after.shown, after.path))
    for fact_id, after in new.items():
        if fact_id in old or inside(fact_id, new_entries):
            continue
        if after.better == "hours" and after.value == 0:
            continue
        changes.append(Change(fact_id, NEW, after.label, None, after.shown, after.path))
    return changes


def neutral_changes(old: Any, new: Any, promised: set[str]) -> list[Change]:
    """What else changed (wording, contacts, dates), keyed lists matched by key; promises and the log are compared apart."""
    entries, _ = catalogue()
    found: list[Change] = []

    def keyed(value: Any, name: str) -> dict[str, tuple[int, Any]] | None:
        if name not in entries or not isinstance(value, list):
            return None
        key = entries[name]["key"]
        out: dict[str, tuple[int, Any]] = {}
        for index, entry in enumerate(value):
            if isinstance(entry, dict) and (k := string(entry.get(key))) and k not in out:
                out[k] = (index, entry)
        return out

    def walk(a: Any, b: Any, fact: str, path: JsonPath) -> None:
        if (
            fact in promised
            or any(p in promised for p in enclosing(fact) if fact[len(p)] == ".")
            or fact in ("changes", "waivers")
        ):
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in dict.fromkeys([*a, *b]):
                walk(a.get(key), b.get(key), f"{fact}.{key}" if fact else str(key), (*path, key))
            return
        old_keyed, new_keyed = keyed(a, fact), keyed(b, fact)
        if old_keyed is not None and new_keyed is not None:
            for key in dict.fromkeys([*old_keyed, *new_keyed]):
                if key in old_keyed and key in new_keyed:
                    walk(old_keyed[key][1], new_keyed[key][1], f"{fact}[{key}]", (*path, new_keyed[key][0]))
            return
        if a != b:
            found.append(Change(fact, NEUTRAL, fact, _brief(a), _brief(b), path if b is not None else path[:-1]))

    walk(old, new, "", ())
    return found


def _brief(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else f"a list of {len(value)}"
    return excerpt(value, 80, quote=False)


def log_entries(data: Any) -> list[LogEntry]:
    """The charter's `changes:` log: only well-formed entries (every field given as text, the date a real date), since
    an entry the format rejects ("last tuesday") must excuse nothing; the format reports the others."""
    found = []
    for entry in items(mapping(data).get("changes")):
        values = {key: (words if key in ("what", "why", "approved_by") else string)(entry.get(key)) for key in LOG_KEYS}
        if all(values[key] and str(values[key]).strip() for key in LOG_KEYS) and parse_date(values["date"]):
            found.append(LogEntry(**{key: str(values[key]) for key in LOG_KEYS}))
    return found


def covers(entry: LogEntry, fact: str) -> bool:
    """A log entry for `services[x]` covers every fact of that service; one for `opening_hours.weekly` every day."""
    return fact == entry.fact or fact.startswith((entry.fact + ".", entry.fact + "["))


def promise_changes(old: Document, new: Document) -> list[Change]:
    """Every change between two versions, promises first; weakenings matched to entries the new log gained."""
    old_facts, new_facts = promise_facts(old.data), promise_facts(new.data)
    changes = compare_facts(old_facts, new_facts)
    for change in changes:
        if not change.path:
            change.path = _where_now(change.fact, old_facts[change.fact].path, new, new_facts)
    _, promises = catalogue()
    promised = {fact.id for fact in [*old_facts.values(), *new_facts.values()] if fact.better != "entry"}
    promised |= {p for p in promises if "[]" not in p}
    changes += neutral_changes(old.data, new.data, promised)
    already = set(log_entries(old.data))
    first_for: dict[str, tuple[int, LogEntry]] = {}
    for order, entry in enumerate(entry for entry in log_entries(new.data) if entry not in already):
        first_for.setdefault(entry.fact, (order, entry))
    for change in changes:
        if change.weakens:  # the first fresh entry that covers the fact: its own, or one for an entry above it
            found = [first_for[f] for f in (change.fact, *enclosing(change.fact)) if f in first_for]
            change.recorded = min(found, key=lambda pair: pair[0])[1] if found else None
    rank = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (rank[c.kind], new.position(c.path)[0] if c.path else 0))


def _where_now(fact: str, old_path: JsonPath, new: Document, new_facts: dict[str, Fact]) -> JsonPath:
    """Where a promise the new version dropped would have been: under its entry if the entry is still there, else the list."""
    if "[" in fact:
        entry = fact[: fact.index("]") + 1]
        if entry in new_facts:
            return _nearest(new, (*new_facts[entry].path, *old_path[2:]))
        return _nearest(new, old_path[:1])
    return _nearest(new, old_path)


def _nearest(document: Document, path: JsonPath) -> JsonPath:
    """The deepest part of `path` that the document still has (a removed service shows at `services`)."""
    node: Any = document.data
    found: list[str | int] = []
    for step in path:
        present = (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        )
        if not present:
            break
        node = node[step]
        found.append(step)
    return tuple(found)


def attach_breaks(changes: list[Change], findings: list[Any]) -> None:
    """Name the rules the new version fails at (or inside, or above) each weakened fact: reported as both."""
    at: dict[tuple[Any, ...], set[str]] = {}  # a finding's own path: its rules
    under: dict[tuple[Any, ...], set[str]] = {}  # every path a finding lies at or inside: its rules
    for f in findings:
        path = tuple(f.path)
        if f.waived or len(path) <= 1:
            continue
        at.setdefault(path, set()).add(f.rule_id)
        for depth in range(1, len(path) + 1):
            under.setdefault(path[:depth], set()).add(f.rule_id)
    for change in changes:
        if not change.weakens or not change.path:
            continue
        rules = set(under.get(tuple(change.path), ()))
        for depth in range(2, len(change.path)):
            rules |= at.get(tuple(change.path[:depth]), set())
        change.breaks = sorted(rules)
