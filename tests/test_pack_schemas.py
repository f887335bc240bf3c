"""A custom pack's rule schemas mean what JSON Schema 2020-12 says: the official test suite, through svcstd's rule path.

Every group of the suite (tests/data/json-schema-test-suite, draft 2020-12,
required and optional) becomes a one-rule pack, loaded as `--standards`
loads one, and every case is judged as `check` judges a charter: the rule
passes exactly when the suite says the instance is valid. A schema svcstd
cannot read offline is refused at load, for a documented reason, never
judged in another dialect and never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from svcstd.catalogue import read_pack
from svcstd.engine import classify
from svcstd.errors import UsageError
from svcstd.loader import load_text
from svcstd.validation import SchemaCheck

SUITE = Path(__file__).parent / "data" / "json-schema-test-suite" / "draft2020-12"


FILES = sorted(str(path.relative_to(SUITE)) for path in SUITE.rglob("*.json"))


REFUSALS = (
    "which svcstd never fetches",  # a remote reference (the suite's localhost:1234 remotes)
    "is not JSON Schema 2020-12",  # a metaschema svcstd would have to fetch
    "is not of type 'object'",
)  # a boolean schema: a rule is an object schema


def one_rule_pack(schema: object) -> str:
    rule = {
        "id": "T-1",
        "title": "t",
        "severity": "error",
        "basis": "stated",
        "quote": "q",
        "message": "m",
        "why": "w",
        "fix": "f",
        "example": "a: 1",
        "schema": schema,
    }
    pack = {
        "pack": "suite",
        "title": "s",
        "source": "s",
        "standards": [{"id": "T", "title": "t", "clause": "c", "requirement": "r", "rules": [rule]}],
    }
    return json.dumps(pack, ensure_ascii=False)


def expected(file: str, case: dict) -> bool:
    """The suite's verdict, except that svcstd asserts `format` in rules as in the charter format (documented)."""
    if file == "format.json" and case["description"].startswith("invalid "):
        return False
    return bool(case["valid"])


@pytest.mark.parametrize("file", FILES)
def test_the_official_suite_through_the_pack_rule_path(file):
    judged = refused = 0
    for group in json.loads((SUITE / file).read_text(encoding="utf-8")):
        try:
            pack = read_pack(load_text(one_rule_pack(group["schema"]), "suite.json"))
        except UsageError as error:
            assert any(reason in str(error) for reason in REFUSALS), (group["description"], str(error))
            refused += 1
            continue
        check = SchemaCheck(pack.standards[0].rules[0].schema)
        for case in group["tests"]:
            findings = [found for error in check.errors(case["data"]) for found in classify(error)]
            assert (not findings) == expected(file, case), (group["description"], case["description"], findings)
            judged += 1
    assert judged or refused


PACK_HEAD = """\
pack: our-unit
title: Our unit's standards
source: Unit service plan 2026
standards:
  - id: OU-1
    title: Short name
    clause: Plan, section 2
    requirement: Our short name is 2 to 6 capital letters.
    rules:
      - id: OU-1-01
        title: The short name is 2 to 6 capital letters
        severity: error
        basis: stated
        quote: Our short name is 2 to 6 capital letters.
        message: The short name is not 2 to 6 capital letters.
        why: It is printed on every receipt.
        fix: Write organisation.short_name in capitals.
        example: "organisation: {short_name: VSU}"
"""


def _pack(tmp_path: Path, schema: str) -> Path:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        PACK_HEAD + "        schema:\n" + "\n".join("          " + line for line in schema.splitlines()) + "\n"
    )
    return pack


def _charter(tmp_path: Path, short_name: str) -> Path:
    text = (
        (EXAMPLES / "vital-statistics-registry.yaml")
        .read_text()
        .replace("short_name: VSU", f"short_name: {short_name}")
    )
    charter = tmp_path / "c.yaml"
    charter.write_text(text)
    return charter


def test_patterns_are_ecma_262_and_a_python_only_pattern_is_refused(run, tmp_path):
    rule = "properties:\n  organisation:\n    properties:\n      short_name: {pattern: '^[A-Z]{2,6}$'}"
    charter = _charter(tmp_path, '"VSU\\n"')
    result = run(
        "check", str(charter), "--standards", str(_pack(tmp_path, rule)), "--select", "OU-1", "--as-of", "2025-11-01"
    )
    assert result.code == 1  # `$` does not match before a final newline in ECMA-262
    both = rule + "\n  charter:\n    properties:\n      url: {pattern: '^[A-Z]{2}\\Z'}"
    result = run("check", str(charter), "--standards", str(_pack(tmp_path, both)), "--select", "OU-1")
    pattern_line = (
        PACK_HEAD.count("\n") + 1 + both.splitlines().index("    properties:", 3) + 2
    )  # the line of `url: {pattern: ...}`
    assert (
        result.code == 2
        and f"pack.yaml:{pattern_line}: rule OU-1-01: pattern '^[A-Z]{{2}}\\\\Z' is not an ECMA-262" in result.stderr
    ), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    unicode = "properties:\n  organisation:\n    properties:\n      short_name: {pattern: '^\\p{Lu}{2,6}$'}"
    assert (
        run(
            "check", str(_charter(tmp_path, "VSU")), "--standards", str(_pack(tmp_path, unicode)), "--select", "OU-1"
        ).code
        == 0
    )
    assert (
        run(
            "check", str(_charter(tmp_path, "vsu")), "--standards", str(_pack(tmp_path, unicode)), "--select", "OU-1"
        ).code
        == 1
    )


@pytest.mark.parametrize(
    "schema,reason",
    [
        (
            "$dynamicRef: https://example.com/tree.json#node",
            "refers to https://example.com/tree.json#node, which svcstd never fetches",
        ),
        ("$schema: https://example.com/my-metaschema\ntype: object", "is not JSON Schema 2020-12"),
    ],
)
def test_what_would_need_the_network_is_refused_at_load(run, tmp_path, schema, reason):
    result = run("check", str(_charter(tmp_path, "VSU")), "--standards", str(_pack(tmp_path, schema)))
    assert result.code == 2 and reason in result.stderr, result.stderr


def test_what_resolves_offline_is_accepted_and_format_is_asserted_in_rules(run, tmp_path):
    charter = _charter(tmp_path, "VSU")
    metaschema = "properties:\n  x-schema: {$ref: 'https://json-schema.org/draft/2020-12/schema'}"
    assert run("check", str(charter), "--standards", str(_pack(tmp_path, metaschema)), "--select", "OU-1").code == 0
    const = "properties:\n  organisation:\n    not: {const: {$ref: nowhere.json}}"
    assert run("check", str(charter), "--standards", str(_pack(tmp_path, const)), "--select", "OU-1").code == 0
    date = (
        "properties:\n  charter:\n    properties:\n      last_reviewed:\n"
        "        $ref: 'https://svcstd.example/schemas/charter.schema.json#/$defs/date'"
    )
    pack = _pack(tmp_path, date)
    assert run("check", str(charter), "--standards", str(pack), "--select", "OU-1").code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(charter.read_text().replace('last_reviewed: "2025-08-15"', 'last_reviewed: "2025-13-45"'))
    result = run("check", str(bad), "--standards", str(pack), "--select", "OU-1", "-f", "json")
    [finding] = [f for s in result.json()["files"][0]["standards"] for f in s["findings"] if f["rule"] == "OU-1-01"]
    assert finding["path"] == "charter.last_reviewed" and finding["status"] == "not met"


def test_failures_inside_an_id_subschema_and_under_a_numeric_key_are_placed_exactly(run, tmp_path):
    """Each failure is looked up in the resource it belongs to (once an internal error), at the key the charter spells."""
    schema = (
        "$defs:\n  official:\n    $id: https://example.org/official.json\n    required: [phone]\n"
        "properties:\n  organisation:\n    properties:\n      accountable_official: {$ref: 'https://example.org/official.json'}\n"
        "  x-budget:\n    properties:\n      '2025': {type: integer}"
    )
    text = _charter(tmp_path, "VSU").read_text() + 'x-budget:\n  "2025": lots\n'
    charter = tmp_path / "c.yaml"
    charter.write_text(text)
    result = run("check", str(charter), "--standards", str(_pack(tmp_path, schema)), "--select", "OU-1", "-f", "json")
    assert result.code == 1, result.stderr
    findings = {f["path"]: f for s in result.json()["files"][0]["standards"] for f in s["findings"]}
    assert findings["organisation.accountable_official.phone"]["status"] == "not evidenced"
    budget = findings["x-budget.2025"]
    assert budget["status"] == "not met" and budget["line"] == text.splitlines().index('  "2025": lots') + 1


def test_the_worked_example_pack_in_the_readme_tightens_a_belize_standard(run):
    pack = Path(__file__).parents[1] / "docs" / "packs" / "faster-replies.yaml"
    page = (Path(__file__).parents[1] / "docs" / "packs.md").read_text(encoding="utf-8")
    assert pack.read_text(encoding="utf-8").strip() in page
    assert (
        run(
            "check", str(EXAMPLES / "vital-statistics-registry.yaml"), "--standards", str(pack), "--as-of", "2025-11-01"
        ).code
        == 1
    )
    result = run(
        "check",
        str(EXAMPLES / "vital-statistics-registry.yaml"),
        "--standards",
        str(pack),
        "--select",
        "FR-1",
        "--as-of",
        "2025-11-01",
        "-f",
        "json",
    )
    [finding] = [f for s in result.json()["files"][0]["standards"] for f in s["findings"]]
    assert (
        finding["rule"] == "FR-1-01"
        and finding["detail"] == "correspondence.reply_within_working_days is 5, more than 3"
    )


def test_bundled_packs_are_valid_against_the_pack_schema():
    from svcstd.catalogue import bundled_pack_paths, format_pack_path, validate_pack
    from svcstd.loader import load_path

    for path in [format_pack_path(), *bundled_pack_paths()]:
        validate_pack(load_path(str(path)))
