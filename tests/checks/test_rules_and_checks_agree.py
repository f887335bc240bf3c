"""Each computed check declares the rule ids it serves, what it reads and its parameters; the catalogue agrees."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import svcstd.checks
from svcstd.catalogue import load_catalogue
from svcstd.checks import check_module, reads
from svcstd.loader import load_text


def test_each_check_declares_what_it_reads_and_its_parameters():
    assert ("charter", "last_reviewed") in reads("review_due") and ("services", "*", "priority") in reads(
        "services_reviewed"
    )
    assert reads("date_within") == ()  # its path is a parameter
    assert check_module("date_within").PARAMS["required"] == ["path"]
    with pytest.raises(KeyError):
        check_module("os")
    assert load_text("a: 1", "t.yaml").data == {"a": 1}


def test_the_catalogue_and_the_checks_agree_on_who_serves_whom():
    served: dict[str, set[str]] = defaultdict(set)
    for rule in load_catalogue([]).rules.values():
        if rule.check is not None:
            served[rule.check].add(rule.id)
    declared = {name: set(svcstd.checks.check_module(name).RULES) for name in svcstd.checks.bundled()}
    assert {name: ids for name, ids in declared.items() if ids} == dict(served)
    assert all(declared.values()), "a bundled check no rule uses is dead code"


def test_what_a_check_quotes_in_its_docstring_is_its_rules_own_quotation():
    # a check's docstring may quote its source; the quotation is checked against the rules it serves, whose quotes
    # tests/test_quotes.py checks against the sources, so no docstring can misquote the policy unnoticed
    import ast
    import re

    catalogue = load_catalogue([])
    checked = 0
    for name in svcstd.checks.bundled():
        module = svcstd.checks.check_module(name)
        doc = " ".join((ast.get_docstring(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))) or "").split())
        quoted = [q for q in re.findall(r'"([^"]+)"', doc) if len(q.split()) >= 3]
        sources = " ".join(" ".join(catalogue.rules[rule_id].quote.split()) for rule_id in module.RULES)
        for quote in quoted:
            for part in quote.split("[...]"):
                assert part.strip(" .,:;") in sources, (name, part)
                checked += 1
    assert checked >= 4  # reception_cover, services_reviewed, standards_in_every_language, minimum_within_target
