"""Waivers: their terms, the paths they cover, their expiry, and the WVR findings (waivers.py)."""

from __future__ import annotations

from made_in_process import CATALOGUE, DAY
from svcstd.engine import Engine, Options
from svcstd.findings import Finding, Status
from svcstd.loader import Document, load_text
from svcstd.waivers import apply


def test_a_waiver_judged_in_process_names_a_rule_the_engine_knows():
    document = load_text(
        "organisation: {name: X}\n"
        "waivers:\n"
        "  - {rule: BZ-D1-01, justification: Agreed, approved_by: CEO, expires: '2026-01-31'}\n"
        "  - {rule: BZ-NOPE, justification: Agreed, approved_by: CEO, expires: '2026-01-31'}\n",
        "w.yaml",
    )
    result = Engine(CATALOGUE, Options(DAY)).check(document)
    waived = [f for f in result.findings if f.waiver is not None]
    assert waived and {f.rule_id for f in waived} == {"BZ-D1-01"}
    assert any("BZ-NOPE" in f.detail and f.rule_id.startswith("WVR") for f in result.findings)


def _finding(rule: str, path: tuple) -> Finding:
    return Finding(rule, "S", "error", Status.NOT_MET, "m", "d", path, "t.yaml", 1, 1, "c", "f")


def _make(rule: str, status: Status, path: tuple, detail: str) -> tuple:
    return rule, status, path, detail


WAIVER = {"justification": "Agreed with customers.", "approved_by": "CEO", "expires": "2026-01-31"}


def test_each_kind_of_invalid_waiver_is_reported_at_its_place_in_its_words():
    waivers = [
        "not a mapping",
        {"rule": "BZ-D2-01", "approved_by": "CEO", "expires": "2026-01-31", "justification": "  "},
        {**WAIVER, "rule": "BZ-D2-01", "expires": "31/01/2026"},
        {**WAIVER, "rule": "BZ-D99-01"},
        {**WAIVER, "rule": "WVR-01"},
        {**WAIVER, "rule": "BZ-D2-01", "expires": "2024-01-31"},
    ]
    document = Document("t.yaml", {"waivers": waivers})
    kept, problems = apply(document, [], DAY, {"BZ-D2-01", "WVR-01"}, _make)
    assert kept == []
    assert problems == [
        ("WVR-02", Status.NOT_MET, ("waivers", 1), "waivers[1] has no justification"),
        (
            "WVR-02",
            Status.NOT_MET,
            ("waivers", 2, "expires"),
            "waivers[2].expires is '31/01/2026', not a date written YYYY-MM-DD",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 3, "rule"),
            "waivers[3] names 'BZ-D99-01', which is not a rule that can be waived",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 4, "rule"),
            "waivers[4] names 'WVR-01', which is not a rule that can be waived",
        ),
        ("WVR-01", Status.NOT_MET, ("waivers", 5, "expires"), "waivers[5] for BZ-D2-01 expired on 2024-01-31"),
    ]
    missing = apply(Document("t.yaml", {"waivers": [{"rule": "BZ-D2-01"}]}), [], DAY, {"BZ-D2-01"}, _make)[1]
    assert missing == [
        ("WVR-02", Status.NOT_MET, ("waivers", 0), "waivers[0] has no justification, approved_by, expires")
    ]


def test_a_valid_waiver_carries_its_terms_covers_its_path_only_and_a_second_one_for_the_same_finding_is_stale():
    findings = [
        _finding("BZ-D7-01", ("staffing", "teams", 0, "staff")),
        _finding("BZ-D7-01", ("staffing", "teams", 10, "staff")),
        _finding("BZ-D2-01", ("correspondence",)),
    ]
    waivers = [
        {**WAIVER, "rule": "BZ-D7-01", "path": "staffing.teams[0]"},
        {**WAIVER, "rule": "BZ-D7-01", "path": "staffing.teams[0]"},
        {**WAIVER, "rule": "BZ-D7-01", "path": 5},
        {**WAIVER, "rule": "BZ-D3-03", "path": "website"},
    ]
    kept, problems = apply(
        Document("t.yaml", {"waivers": waivers}), findings, DAY, {"BZ-D7-01", "BZ-D2-01", "BZ-D3-03"}, _make
    )
    first, second, other = kept
    assert first.waiver is not None and second.waiver is not None and other.waiver is None
    assert (
        first.waiver.rule,
        first.waiver.justification,
        first.waiver.approved_by,
        first.waiver.expires,
        first.waiver.path,
    ) == ("BZ-D7-01", "Agreed with customers.", "CEO", "2026-01-31", "staffing.teams[0]")
    assert second.waiver.path is None  # a path that is not text waives the rule everywhere (waivers[2])
    assert problems == [
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 1),
            "waivers[1] for BZ-D7-01 at staffing.teams[0] matches no finding; it is stale",
        ),
        (
            "WVR-03",
            Status.NOT_MET,
            ("waivers", 3),
            "waivers[3] for BZ-D3-03 at website matches no finding; it is stale",
        ),
    ]
    unpathed = apply(Document("t.yaml", {"waivers": [{**WAIVER, "rule": "BZ-D3-03"}]}), [], DAY, {"BZ-D3-03"}, _make)[1]
    assert unpathed == [
        ("WVR-03", Status.NOT_MET, ("waivers", 0), "waivers[0] for BZ-D3-03 matches no finding; it is stale")
    ]


def test_waivers_that_are_not_a_list_are_the_formats_to_report():
    assert apply(Document("t.yaml", {"waivers": {"rule": "X"}}), [], DAY, {"X"}, _make) == ([], [])


def test_a_waiver_path_covers_list_items_under_it():
    from svcstd.waivers import covers

    assert covers("services", _finding("R", ("services", 1)))
    assert covers("services", _finding("R", ("services", "x")))
    assert not covers("services", _finding("R", ("servicesx",)))
