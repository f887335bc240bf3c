"""The fast validation path (validation.py) and the exact validator agree, and nothing is fetched."""

from __future__ import annotations

import json
import random

import pytest
from charters import charter  # bench/charters.py, on the path by [tool.pytest.ini_options] pythonpath
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, svcstd
from made_in_process import replace_subtree


def _engine():
    from datetime import date

    from svcstd.catalogue import load_catalogue
    from svcstd.engine import Engine, Options

    return Engine(load_catalogue(), Options(as_of=date(2025, 11, 1)))


ENGINE = _engine()


CHECKS = [ENGINE.charter_schema, *ENGINE.rule_schemas.values()]


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-10, max_value=10**20)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["08:00", "24:00", "2025-02-30", "2025-02-28", "+501 822-2204", "no", "https://x.gov.bz/", ""]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.text(max_size=10)
            | st.sampled_from(["name", "opens", "closes", "monday", "staff", "target", "minimum", "url", "date"]),
            children,
            max_size=3,
        )
    ),
    max_leaves=12,
)


def agree(instance) -> None:
    for check in CHECKS:
        if check.quick_valid(instance):
            assert next(check.exact.iter_errors(instance), None) is None, check.schema.get("title", check.schema)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), values)
def test_fast_and_exact_validators_agree_on_mutated_charters(seed, value):
    rng = random.Random(seed)
    agree(replace_subtree(charter(seed % 1000, rng), rng, value))


def test_fast_path_is_taken_for_valid_charters():
    rng = random.Random(3)
    data = charter(1, rng)
    assert all(check.fast is not None for check in CHECKS)
    assert ENGINE.charter_schema.quick_valid(data)
    agree(data)


def _exact_engine():
    """The same engine with the fast validators taken away: every failure explained by Python jsonschema."""
    engine = _engine()
    for check in [engine.charter_schema, *engine.rule_schemas.values()]:
        check.fast = None
    return engine


EXACT = _exact_engine()


def same_findings(data) -> None:
    from svcstd.loader import Document

    document = Document("t.yaml", data)

    def key(result):
        return sorted((f.rule_id, f.status.value, f.path) for f in result.findings)

    assert key(ENGINE.check(document)) == key(EXACT.check(document))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), values)
def test_fast_explanations_find_what_the_exact_validator_finds(seed, value):
    rng = random.Random(seed)
    same_findings(replace_subtree(charter(seed % 1000, rng), rng, value))


@pytest.mark.parametrize("key", ["", "00", "007"])
def test_a_failure_under_a_key_jsonschema_rs_cannot_name_is_placed_exactly(key):
    """jsonschema-rs drops "" from an error's path and names "00" as 0; such instances are explained by jsonschema."""
    from svcstd.validation import SchemaCheck

    check = SchemaCheck({"properties": {"x": {"additionalProperties": {"type": "string"}}}})
    assert check.fast is not None
    [error] = check.errors({"x": {key: None, "1": "fine"}})
    assert list(error.absolute_path) == ["x", key]


def test_fast_explanations_on_the_examples_and_their_details():
    from svcstd.loader import load_path

    for path in sorted((ROOT / "examples").glob("*.yaml")):
        document = load_path(str(path))
        fast, exact = ENGINE.check(document), EXACT.check(document)
        assert fast == exact, path.name  # the same findings, word for word


PACK = """\
pack: our-unit
title: Our unit standards
source: Unit policy manual
standards:
  - id: OU-1
    title: Monday opening
    clause: Unit policy 3
    requirement: The office states when it opens on Mondays.
    rules:
      - id: OU-1-01
        title: Monday opening time is a time
        severity: error
        basis: stated
        quote: The office states when it opens on Mondays.
        message: The Monday opening time is not a valid time.
        why: Citizens need a time.
        fix: Write "HH:MM".
        example: "opening_hours: {}\\n"
        schema:
          properties:
            opening_hours:
              properties:
                weekly:
                  properties:
                    monday:
                      items:
                        properties:
                          opens: {$ref: "https://svcstd.example/schemas/charter.schema.json#/$defs/time"}
"""


def test_custom_rules_may_reuse_the_charter_definitions_but_nothing_is_fetched(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    charter = tmp_path / "c.yaml"
    charter.write_text(
        'format_version: 1\norganisation: {name: X}\nopening_hours:\n  weekly:\n    monday: [{opens: "8am", closes: "17:00"}]\n',
        encoding="utf-8",
    )
    result = svcstd("check", str(charter), "--standards", str(pack), "--select", "OU-1", "-f", "json")
    finding = json.loads(result.stdout)["files"][0]["standards"][0]["findings"][0]
    assert result.code == 1 and finding["rule"] == "OU-1-01"
    assert (
        'is "8am", not a valid time of day (use the 24-hour clock' in finding["detail"]
    )  # the referenced definition's title
    remote = tmp_path / "remote.yaml"
    remote.write_text(
        PACK.replace("https://svcstd.example/schemas/charter.schema.json#/$defs/time", "https://example.org/time.json"),
        encoding="utf-8",
    )
    refused = svcstd("check", str(charter), "--standards", str(remote))
    assert refused.code == 2 and "refers to https://example.org/time.json, which svcstd never fetches" in refused.stderr
