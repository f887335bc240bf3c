"""The bundled examples give the verdicts their comments promise, through the installed command."""

from __future__ import annotations

import pytest

from conftest import AS_OF, LANDS_REPLY_LINE, verdicts

ALL = [
    "FORMAT",
    "BZ-D1",
    "BZ-D2",
    "BZ-D3",
    "BZ-D4",
    "BZ-D5",
    "BZ-D6",
    "BZ-D7",
    "BZ-D8",
    "BZ-D9",
    "BZ-B",
    "BZ-DIR2",
    "BZ-DIR1",
    "BZ-DIR6",
    "BZ-DIR7",
    "BZ-ME",
    "BZ-CV",
    "ISO-7.1.1",
    "ISO-7.1.2.4",
    "ISO-7.1.3",
    "ISO-7.2.3",
    "ISO-7.3.2.3",
    "ISO-7.3.2.5",
    "ISO-7.1.2-REVIEW",
    "ISO-5.2.3",
    "WAIVERS",
]


def expected(**exceptions: str) -> dict[str, str]:
    statuses = {standard: "met" for standard in ALL}
    statuses["BZ-D6"] = "missing from source"
    for key, value in exceptions.items():
        statuses[key.replace("_", "-").replace("ISO-7-", "ISO-7.")] = value
    return statuses


EXPECTED = {
    "vital-statistics-registry.yaml": expected(),
    "lands-department.yaml": {**expected(), "BZ-D2": "not met", "BZ-D4": "not met"},
    "immigration-department.yaml": {**expected(), "BZ-D3": "not met", "ISO-7.1.2.4": "not met"},
    "small-unit.yaml": {
        **{s: "not evidenced" for s in ALL},
        "FORMAT": "not met",
        "BZ-D6": "missing from source",
        "BZ-DIR2": "not met",  # a service listed, none marked priority
        "WAIVERS": "met",
        "ISO-7.3.2.3": "met",  # no long promise
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_verdict_per_standard(run, name):
    result = run("check", f"examples/{name}", "--as-of", AS_OF, "--format", "json")
    assert verdicts(result.json()) == EXPECTED[name]
    assert result.code == (0 if name == "vital-statistics-registry.yaml" else 1)


def test_all_examples_in_one_run_give_the_same_verdicts(run):
    result = run("check", "examples", "--as-of", AS_OF, "--format", "json")
    report = result.json()
    assert result.code == 1
    assert [f["file"] for f in report["files"]] == sorted(f["file"] for f in report["files"])
    for name, statuses in EXPECTED.items():
        assert verdicts(report, name) == statuses
    assert report["summary"] == {"files": 4, "compliant": 1, "errors": 0, "findings": report["summary"]["findings"]}


def test_lands_findings_name_the_lunch_gap_and_the_reply_time_with_lines(run):
    report = run("check", "examples/lands-department.yaml", "--as-of", AS_OF, "-f", "json").json()
    findings = [f for s in report["files"][0]["standards"] for f in s["findings"]]
    reply = [f for f in findings if f["rule"] == "BZ-D2-01"]
    assert len(reply) == 1
    assert reply[0]["path"] == "correspondence.reply_within_working_days"
    assert reply[0]["detail"] == "correspondence.reply_within_working_days is 10, more than 5"
    assert reply[0]["clause"] == "Appendix D, item 2"
    source = (run.__globals__["EXAMPLES"] / "lands-department.yaml").read_text().splitlines()
    assert "reply_within_working_days: 10" in source[reply[0]["line"] - 1]
    gaps = [f for f in findings if f["rule"] == "BZ-D4-02"]
    assert [g["path"].rsplit(".", 1)[1] for g in gaps] == ["monday", "tuesday", "wednesday", "thursday", "friday"]
    assert all("12:00-13:00" in g["detail"] for g in gaps)


def test_table_output_shows_status_clause_line_and_fix(run):
    result = run("check", "examples/lands-department.yaml", "--as-of", AS_OF)
    assert result.code == 1
    out = result.stdout
    assert "✘ not met" in out and "✔ met" in out and "missing from source" in out
    assert (
        f"BZ-D2-01 examples/lands-department.yaml:{LANDS_REPLY_LINE}:30 correspondence.reply_within_working_days" in out
    )
    assert "source: Appendix D, item 2" in out
    assert "fix: Set correspondence.reply_within_working_days to 5 or fewer." in out
    assert "1 file checked: 1 non-compliant; 6 findings" in out


def test_small_unit_gets_did_you_mean_for_misspelt_key(run):
    report = run("check", "examples/small-unit.yaml", "--as-of", AS_OF, "-f", "json").json()
    fmt = next(s for s in report["files"][0]["standards"] if s["id"] == "FORMAT")
    assert [(f["rule"], f["line"], f["detail"]) for f in fmt["findings"]] == [
        ("FMT-01", 14, "unknown key opening_hour; did you mean 'opening_hours'?")
    ]
