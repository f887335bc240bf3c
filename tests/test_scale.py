"""Many charters in one run: worker processes, streamed reports, and the fast validation path."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from charters import charter, generate  # bench/charters.py, on the path by [tool.pytest.ini_options] pythonpath
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ROOT, svcstd
from test_properties import replace_subtree

FORMATS = ["json", "sarif", "junit", "github", "markdown", "table"]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    """150 varied charters (five tasks' worth for the workers), one unreadable and one with a YAML error."""
    root = tmp_path_factory.mktemp("portfolio")
    generate(150, seed=7, directory=root)
    (root / "ministry-001" / "broken.yaml").write_text("organisation: {name: A\n", encoding="utf-8")
    (root / "ministry-000" / "binary.yaml").write_bytes(b"\x00\x01")
    return root


def reports(portfolio: Path, tmp_path: Path, jobs: str) -> tuple[int, dict[str, bytes]]:
    args = ["check", str(portfolio), "--as-of", AS_OF, "--jobs", jobs]
    for name in FORMATS:
        args += ["-f", name, "-o", str(tmp_path / f"{jobs}.{name}")]
    result = svcstd(*args, timeout=300)
    return result.code, {name: (tmp_path / f"{jobs}.{name}").read_bytes() for name in FORMATS}


def test_every_report_is_identical_with_and_without_workers(portfolio, tmp_path):
    serial_code, serial = reports(portfolio, tmp_path, "1")
    parallel_code, parallel = reports(portfolio, tmp_path, "2")
    assert serial_code == parallel_code == 2  # the unreadable files
    assert serial == parallel
    report = json.loads(serial["json"])
    assert report["summary"]["files"] == 152 and report["summary"]["errors"] == 2
    assert 20 < report["summary"]["compliant"] < 140  # a real mix, not all one verdict
    assert [f["file"] for f in report["files"]] == sorted(f["file"] for f in report["files"])
    sarif = json.loads(serial["sarif"])
    assert len(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]) == 2
    assert b"152 files checked" in serial["table"]


def test_default_jobs_match_a_serial_run(portfolio, tmp_path):
    default = svcstd("check", str(portfolio), "--as-of", AS_OF, "-f", "json", timeout=300)
    serial = svcstd("check", str(portfolio), "--as-of", AS_OF, "-f", "json", "--jobs", "1", timeout=300)
    assert default.stdout == serial.stdout and default.code == serial.code


@pytest.fixture(scope="module")
def big_portfolio(tmp_path_factory) -> Path:
    """More departments than one page's matrix holds (pages.MATRIX_ROWS), in several ministries."""
    root = tmp_path_factory.mktemp("big")
    generate(260, seed=11, directory=root)
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_big_portfolio_report_gives_a_summary_per_ministry_and_each_ministrys_matrix_on_its_own_page(
    big_portfolio, tmp_path
):
    from lxml import html

    from svcstd.report.pages import MATRIX_ROWS

    one, two = tmp_path / "one", tmp_path / "two"
    assert svcstd("report", str(big_portfolio), "-o", str(one), "--as-of", AS_OF, "--jobs", "1").code == 0
    result = svcstd("report", str(big_portfolio), "-o", str(two), "--as-of", AS_OF, "--jobs", "2")
    assert result.code == 0, result.stderr
    assert _tree(one) == _tree(two)
    assert "pages of the matrix, one per ministry" in result.stderr
    data = json.loads((two / "portfolio.json").read_text(encoding="utf-8"))
    ministries: dict[str, list[str]] = {}
    for department in data["departments"]:
        ministries.setdefault(department["ministry"], []).append(department["name"])
    summary = html.fromstring((two / "portfolio.html").read_bytes())
    assert not summary.xpath("//table[@class='matrix']")  # the summary page carries no matrix of its own
    rows = summary.xpath("//table[caption='Departments by ministry']/tbody/tr")
    assert [row.xpath("string(th)") for row in rows] == sorted(ministries, key=str.casefold)
    seen: list[str] = []
    for row in rows:
        ministry = row.xpath("string(th)")
        assert row.xpath("string(td[1])") == str(len(ministries[ministry]))
        for link in row.xpath("td//a/@href"):
            part = html.fromstring((two / link).read_bytes())
            assert part.xpath("string(//h1)") == f"{ministry}: departments and standards"
            names = part.xpath("//table[@class='matrix']/tbody/tr/th/text()")
            assert 0 < len(names) <= MATRIX_ROWS and len(part.xpath("//table[@class='matrix']/tbody/tr[1]/td")) == len(
                data["standards"]
            )
            seen.extend(names)
    assert sorted(seen) == sorted(name for names in ministries.values() for name in names)


def test_negative_jobs_is_a_usage_error():
    result = svcstd("check", str(ROOT / "examples"), "--jobs", "-1")
    assert result.code == 2 and "--jobs" in result.stderr


def test_an_interrupted_report_leaves_no_partial_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous report\n", encoding="utf-8")
    result = svcstd("check", str(ROOT / "examples"), "-f", "json", "-o", str(target), "-f", "nonsense")
    assert result.code == 2
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --- the fast path may skip work, never change a verdict -------------------------------------------


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


def test_bundled_packs_are_valid_against_the_pack_schema():
    from svcstd.catalogue import bundled_pack_paths, format_pack_path, validate_pack
    from svcstd.loader import load_path

    for path in [format_pack_path(), *bundled_pack_paths()]:
        validate_pack(load_path(str(path)))


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
