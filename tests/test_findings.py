"""Findings, their status, order and places, and a charter's verdict (findings.py)."""

from __future__ import annotations

import pytest

from made_in_process import ENGINE, HEAD, UNREADABLE, WAIVER, finding, result
from svcstd.findings import Status, standard_status
from svcstd.loader import load_text


@pytest.mark.parametrize(
    ("severity", "fail_on", "passes"),
    [
        ("error", "error", False),
        ("warning", "error", True),
        ("warning", "warning", False),
        ("info", "warning", True),
        ("info", "info", False),
        ("unknown", "error", False),
    ],
)
def test_a_charter_passes_unless_an_open_finding_is_at_or_above_fail_on(severity, fail_on, passes):
    assert result(finding("BZ-D1-01", severity)).passes(fail_on) is passes
    assert result(finding("BZ-D1-01", severity, waiver=WAIVER)).passes(fail_on) is True
    assert UNREADABLE.passes(fail_on) is False


def test_standard_status_orders_not_met_before_not_evidenced_before_waived():
    nm, ne = finding("BZ-D1-01", "error"), finding("BZ-D1-01", "error", Status.NOT_EVIDENCED)
    waived = finding("BZ-D1-01", "error", waiver=WAIVER)
    assert standard_status([ne, nm]) is Status.NOT_MET
    assert standard_status([ne, waived]) is Status.NOT_EVIDENCED
    assert standard_status([waived]) is Status.WAIVED
    assert standard_status([]) is Status.MET
    assert standard_status([nm], missing_from_source=True) is Status.MISSING_FROM_SOURCE


def test_dotted_paths_and_the_top_level():
    from svcstd.findings import dotted

    assert dotted(()) == "(top level)"
    assert dotted(("services", 2, "standard")) == "services[2].standard"
    assert dotted((0, "a")) == "[0].a"


def test_findings_of_one_place_sort_by_where_their_values_are_written(monkeypatch):
    # two findings at one alias's line and column: the one written first comes first, whatever their rules
    text = (
        HEAD
        + "opening_hours:\n  weekly: &h\n"
        + '    monday: [{opens: "08:00", closes: "25:00"}]\n'
        + '    tuesday: [{opens: "7:00", closes: "16:30"}]\n'
        + "reception:\n  staffed_hours: *h\n"
    )
    through = [f for f in ENGINE.check(load_text(text, "c.yaml")).findings if f.path[:1] == ("reception",)]
    assert [f.path[2] for f in through if f.rule_id == "FMT-02"] == ["monday", "tuesday"]
    assert [f.written_at for f in through if f.rule_id == "FMT-02"] == [(5, 39), (6, 23)]
