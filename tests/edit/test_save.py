"""Saving into the person's own YAML text, in process: only what changed is touched, and what is written reads
back as exactly the charter the form holds, or nothing is written."""

from __future__ import annotations

import difflib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from svcstd.edit import save
from svcstd.edit.save import fresh_text, updated_text
from svcstd.errors import InputError
from svcstd.loader import load_text

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def fresh(data):
    """A copy as the editor's page holds one (JSON): nothing shared, as an anchor and its alias are in the loader's."""
    return json.loads(json.dumps(data))


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_nothing_changed_is_the_text_byte_for_byte(example):
    text = example.read_text(encoding="utf-8")
    data = load_text(text, "x").data
    assert updated_text("x", text, data, fresh(data)) == text


def test_layouts_other_than_the_examples_are_kept():
    text = "# four spaces\norganisation:\n    name: A   # the name\nservices:\n-   id: a\n    name: B\n"
    data = load_text(text, "x").data
    new = fresh(data)
    new["services"][0]["name"] = "C"
    out = updated_text("x", text, data, new)
    assert changed_lines(text, out) == ["-    name: B", "+    name: C"]


def test_a_value_shared_through_an_anchor_changes_in_one_place_only():
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    data = load_text(text, "x").data
    new = fresh(data)
    new["opening_hours"]["weekly"]["friday"] = [{"opens": "08:00", "closes": "16:30"}]
    out = updated_text("x", text, data, new)
    read = load_text(out, "x").data
    assert read == new
    assert read["reception"]["staffed_hours"]["friday"] == [{"opens": "08:00", "closes": "16:00"}]


def test_an_anchor_and_its_alias_stay_where_their_value_did_not_change():
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    data = load_text(text, "x").data
    new = fresh(data)
    new["opening_hours"]["public_holidays"] = "open"
    out = updated_text("x", text, data, new)
    assert changed_lines(text, out) == ["-  public_holidays: closed", "+  public_holidays: open"]
    assert "  weekly: &office_hours\n" in out and "  staffed_hours: *office_hours\n" in out


def test_new_text_is_quoted_where_a_yaml_1_1_reader_would_take_it_for_something_else():
    text = "organisation:\n  name: A\n"
    data = load_text(text, "x").data
    new = {
        "organisation": {"name": "A", "short_name": "no"},
        "charter": {"published": "2025-03-31"},
        "contact": {"telephone": ["8220500"]},
    }
    out = updated_text("x", text, data, new)
    assert 'short_name: "no"' in out and 'published: "2025-03-31"' in out and '- "8220500"' in out
    assert load_text(out, "x").data == new


def test_what_would_not_read_back_exactly_is_never_written(monkeypatch):
    text = "organisation:\n  name: A\n"
    data = load_text(text, "x").data
    monkeypatch.setattr(save, "_dump", lambda yaml, tree: "organisation:\n  name: B\n")
    with pytest.raises(InputError, match="reads exactly as the form says; nothing was written"):
        updated_text("x", text, data, {"organisation": {"name": "C"}})


def test_a_new_charter_opens_with_the_schema_hint_and_reads_back():
    new = {"format_version": 1, "organisation": {"name": "Fisheries", "country": "BZ"}}
    text = fresh_text(new)
    assert text.startswith("# yaml-language-server: $schema=")
    assert load_text(text, "x").data == new


leaf_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


def leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(example=st.sampled_from(EXAMPLE_FILES), pick=st.integers(0, 10_000), value=st.one_of(leaf_text, st.integers()))
def test_any_one_value_changed_is_saved_exactly_with_every_comment_kept(example, pick, value):
    text = example.read_text(encoding="utf-8")
    data = load_text(text, "x").data
    paths = list(leaves(data))
    path = paths[pick % len(paths)]
    new = fresh(data)
    node = new
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    try:
        out = updated_text("x", text, data, new)
    except InputError as error:  # refused rather than written wrong: allowed, and said in one line
        assert "nothing was written" in error.message
        return
    assert load_text(out, "x").data == new
    comments = iter(line for line in out.splitlines() if line.lstrip().startswith("#"))
    # every comment line kept, in order (a text changed to "#" in a block scalar is a line that starts so, and text)
    assert all(any(line == kept for kept in comments) for line in text.splitlines() if line.lstrip().startswith("#"))


def test_a_control_character_typed_into_block_text_is_saved_escaped_not_refused():
    """A mission written as a folded block (`>-`) changed to text with a control character (pasted from another
    program): a block cannot hold it, so it is written double-quoted with an escape and reads back exactly; changed
    to "#", it stays a block, whose line is text, not a comment."""
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    data = load_text(text, "x").data
    for value, written in (("Serve\x1fwell", ['    en: "Serve\\x1Fwell"']), ("#", ["    en: >-", "      #"])):
        new = fresh(data)
        new["organisation"]["mission"]["en"] = value
        out = updated_text("x", text, data, new)
        assert load_text(out, "x").data == new
        added = [line[2:] for line in difflib.ndiff(text.splitlines(), out.splitlines()) if line.startswith("+ ")]
        assert [line for line in added if line not in text.splitlines()] == [w for w in written if w not in text]
