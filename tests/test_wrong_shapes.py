"""A value of the wrong shape anywhere in a charter never crashes a command and never leaves a standard "met".

Every command reads the same untrusted mapping: `check` through the format,
`render`, `measure` and `report` through their own readers. This test swaps
each leaf (and each section) of a complete charter for values of every other
shape and runs every reader on the result, in process for speed (the command
line adds nothing here but the error handling the other tests drive).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from conftest import EXAMPLES, with_value
from svcstd.catalogue import load_catalogue
from svcstd.diff.compare import promise_changes
from svcstd.diff.facts import facts_as_json, facts_from_json, promise_facts
from svcstd.engine import Engine, Options
from svcstd.errors import UsageError
from svcstd.findings import Status
from svcstd.loader import Document, load_path
from svcstd.measure.compute import measure, parse_period
from svcstd.measure.logs import read_logs
from svcstd.render.view import read_charter

AS_OF = date(2025, 11, 1)
ENGINE = Engine(load_catalogue(), Options(as_of=AS_OF))
SHAPES: list[Any] = [[1, "a"], {"x": [1]}, 7, -3.5, "1 week", True, None, "2025-13-45"]
BASE = load_path(str(EXAMPLES / "vital-statistics-registry.yaml"))
LOGS = {
    "correspondence": str(EXAMPLES / "logs/vital-statistics-registry.correspondence.csv"),
    "complaints": str(EXAMPLES / "logs/vital-statistics-registry.complaints.csv"),
}


def paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    if path:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):
            yield from paths(value, (*path, index))


ALL_PATHS = list(paths(BASE.data))


@pytest.mark.parametrize("path", ALL_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_every_reader_survives_every_shape_at_every_path(path):
    period = parse_period("2025", date(2026, 1, 15))
    for shape in SHAPES:
        data = with_value(BASE.data, path, shape)
        ENGINE.check(Document(BASE.path, data, BASE.values, BASE.keys))
        read_charter(data, "c")
        wrong = Document(BASE.path, data, BASE.values, BASE.keys)
        promise_changes(BASE, wrong)
        promise_changes(wrong, BASE)
        facts_from_json(facts_as_json(promise_facts(data)))
        try:
            measure(data, "c.yaml", read_logs(LOGS, data), period, date(2026, 1, 15))
        except UsageError as error:  # a clean, one-line error (exit 2), e.g. a holiday calendar svcstd cannot look up
            assert str(error).startswith("c.yaml: ") and "\n" not in str(error)


def test_a_wrongly_shaped_fact_never_leaves_its_standard_met():
    """For every fact a rule reads, a value of another type is never "met" (issue: `"1 week"` left D.2 met)."""
    met_before = {s.standard_id for s in ENGINE.check(BASE).standards if s.status == Status.MET}
    for path in ALL_PATHS:
        for shape in SHAPES:
            data = with_value(BASE.data, path, shape)
            result = ENGINE.check(Document(BASE.path, data, BASE.values, BASE.keys))
            if not any(f.rule_id in ("FMT-02", "FMT-03") for s in result.standards for f in s.findings):
                continue  # the format accepts this value here: the rules judge it on its merits
            bad_paths = {f.path for s in result.standards for f in s.findings if f.rule_id in ("FMT-02", "FMT-03")}
            for standard in result.standards:
                if standard.standard_id in met_before and standard.status == Status.MET:
                    reads = {
                        read
                        for rule in ENGINE.catalogue.by_id[standard.standard_id].rules
                        if rule.id in ENGINE.active_rules  # a rule not judged here (it needs logs) reads nothing
                        for read in ENGINE.reads[rule.id]
                    }
                    touched = [
                        p
                        for p in bad_paths
                        for read in reads
                        if _shape(p)[: len(read)] == read or read[: len(_shape(p))] == _shape(p)
                    ]
                    assert not touched, (path, shape, standard.standard_id)


def _shape(path: tuple) -> tuple:
    return tuple("*" if isinstance(step, int) else step for step in path)
