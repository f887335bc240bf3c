"""Each computed check names the bundled rules it serves, and the packs name exactly those rules for it."""

from __future__ import annotations

from collections import defaultdict

import svcstd.checks
from svcstd.catalogue import load_catalogue


def test_the_catalogue_and_the_checks_agree_on_who_serves_whom():
    served: dict[str, set[str]] = defaultdict(set)
    for rule in load_catalogue([]).rules.values():
        if rule.check is not None:
            served[rule.check].add(rule.id)
    declared = {name: set(svcstd.checks.check_module(name).RULES) for name in svcstd.checks.bundled()}
    assert {name: ids for name, ids in declared.items() if ids} == dict(served)
    assert all(declared.values()), "a bundled check no rule uses is dead code"
