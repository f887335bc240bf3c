"""YAML 1.1 traps: values are read as written, and a wrongly typed value is a finding with the fix."""

from __future__ import annotations

import pytest

from conftest import AS_OF
from consumers import valid_sarif

HEAD = "format_version: 1\norganisation:\n  name: Test Unit\n"


def findings(run, tmp_path, body: str) -> list[dict]:
    path = tmp_path / "c.yaml"
    path.write_text(HEAD + body)
    result = run("check", str(path), "--as-of", AS_OF, "-f", "json")
    assert result.code in (0, 1), result.stderr
    return [f for s in result.json()["files"][0]["standards"] for f in s["findings"]]


def fmt(items: list[dict]) -> list[tuple[str, int, str]]:
    return [(f["rule"], f["line"], f["detail"]) for f in items if f["standard"] == "FORMAT"]


def test_sexagesimal_time_is_read_as_written(run, tmp_path):
    body = (
        "opening_hours:\n  weekly:\n    monday: [{opens: 08:00, closes: 16:30}]\n"
        "reception:\n  staffed_hours:\n    monday: [{opens: 08:00, closes: 12:00}]\n"
    )
    items = findings(run, tmp_path, body)
    assert fmt(items) == []
    gap = [f for f in items if f["rule"] == "BZ-D4-02"]
    assert [f["detail"] for f in gap] == ["the main office is open but reception is not staffed on Monday 12:00-16:30"]


@pytest.mark.parametrize("word", ["no", "yes", "off", "on", "y", "n"])
def test_yaml11_booleans_are_reported_with_the_fix(run, tmp_path, word):
    items = findings(run, tmp_path, f"website:\n  available_24_7: {word}\n")
    assert fmt(items) == [
        (
            "FMT-02",
            5,
            f'website.available_24_7 is "{word}"; expected true or false '
            f"(YAML 1.1 tools read {word} as a boolean, svcstd reads the text; write true or false)",
        )
    ]


def test_octal_looking_time_is_reported_with_the_fix(run, tmp_path):
    items = findings(run, tmp_path, 'opening_hours:\n  weekly:\n    monday: [{opens: 0800, closes: "16:00"}]\n')
    assert fmt(items) == [
        ("FMT-02", 6, 'opening_hours.weekly.monday[0].opens is "0800", not a valid time of day (write "08:00")')
    ]


def test_unquoted_date_is_read_as_text_and_checked(run, tmp_path):
    items = findings(run, tmp_path, "website:\n  last_updated: 2025-10-01\n")
    assert fmt(items) == []
    assert not [f for f in items if f["rule"] == "BZ-D3-03"]
    items = findings(run, tmp_path, "website:\n  last_updated: 2025-02-30\n")
    assert [(r, line) for r, line, _ in fmt(items)] == [("FMT-02", 5)]


def test_unquoted_phone_number_keeps_its_digits_and_asks_for_quotes(run, tmp_path):
    items = findings(run, tmp_path, "contact:\n  telephone: [08221234, 8221234]\n")
    details = [d for _, _, d in fmt(items)]
    assert "contact.telephone[1] is 8221234; expected text (put it in quotes so YAML keeps it as written)" in details
    assert all("08221234" not in d for d in details)  # a leading zero stays text and is a valid number


def test_twelve_hour_clock_is_reported(run, tmp_path):
    items = findings(run, tmp_path, "opening_hours:\n  weekly:\n    monday: [{opens: 8am, closes: 4:30pm}]\n")
    assert [d.split(" (")[1] for _, _, d in fmt(items)] == ['use the 24-hour clock, e.g. "16:30")'] * 2


def test_norway_country_code_is_not_false(run, tmp_path):
    assert fmt(findings(run, tmp_path, "x-note: {country: NO}\n")) == []
    items = findings(run, tmp_path, "opening_hours:\n  holiday_calendar: NO\n")
    assert fmt(items) == []


def test_unknown_keys_get_did_you_mean(run, tmp_path):
    items = findings(
        run, tmp_path, "correspondance:\n  reply_within_working_days: 5\nwebsite:\n  urll: https://x.gov.bz/\n"
    )
    assert fmt(items) == [
        ("FMT-01", 4, "unknown key correspondance; did you mean 'correspondence'?"),
        ("FMT-01", 7, "unknown key website.urll; did you mean 'url'?"),
    ]


def test_merge_keys_and_anchors_are_followed(run, tmp_path):
    body = (
        'opening_hours:\n  weekly:\n    monday: &day [{opens: "08:00", closes: "17:00"}]\n    tuesday: *day\n'
        "reception:\n  staffed_hours:\n    <<: {monday: *day}\n    tuesday: *day\n"
    )
    items = findings(run, tmp_path, body)
    assert not [f for f in items if f["rule"] == "BZ-D4-02"]


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("-5", "services[0].fee is -5, less than 0"),
        ("[10]", "services[0].fee is a list; expected text or a number"),
        ('""', "services[0].fee is empty text"),
        ("BZ$10.00", None),
        ("0", None),
    ],
)
def test_a_value_of_several_kinds_is_described_as_the_kind_it_is(run, tmp_path, value, detail):
    # a fee is text or a number: a number is judged as a number, anything else named by the kinds it may be
    body = f"services:\n  - id: a\n    name: A\n    fee: {value}\n"
    found = [d for rule, line, d in fmt(findings(run, tmp_path, body)) if d.startswith("services[0].fee")]
    assert found == ([detail] if detail else [])


def test_a_fault_reached_through_an_alias_names_the_anchors_line_in_the_order_written(run, tmp_path):
    # HEAD is three lines: opening_hours starts at line 4, so monday is written at 6 and friday at 8
    body = (
        "opening_hours:\n"
        "  weekly: &office_hours\n"
        '    monday: [{opens: "8:00", closes: "16:30"}]\n'
        '    thursday: [{opens: "08:00", closes: "16:30"}]\n'
        '    friday: [{opens: "08:00", closes: "25:00"}]\n'
        "reception:\n"
        "  staffed_hours: *office_hours\n"
    )
    items = [f for f in fmt(findings(run, tmp_path, body)) if f[0] == "FMT-02"]
    assert items == [
        ("FMT-02", 6, 'opening_hours.weekly.monday[0].opens is "8:00", not a valid time of day (write "08:00")'),
        (
            "FMT-02",
            8,
            'opening_hours.weekly.friday[0].closes is "25:00", not a valid time of day '
            '(write "HH:MM" from "00:00" to "24:00", e.g. "08:00")',
        ),
        # the use, at the alias's line, names where the value is written; Monday before Friday, as written
        (
            "FMT-02",
            10,
            'reception.staffed_hours.monday[0].opens is "8:00", not a valid time of day (write "08:00") '
            "(written at line 6 under &office_hours)",
        ),
        (
            "FMT-02",
            10,
            'reception.staffed_hours.friday[0].closes is "25:00", not a valid time of day '
            '(write "HH:MM" from "00:00" to "24:00", e.g. "08:00") (written at line 8 under &office_hours)',
        ),
    ]
    sarif = tmp_path / "r.sarif"
    charter = tmp_path / "c.yaml"
    run("check", str(charter), "--as-of", AS_OF, "-f", f"sarif:{sarif}")
    results = valid_sarif(sarif)["runs"][0]["results"]  # the official schema and the SARIF Multitool
    related = [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["relatedLocations"][0])
        for r in results
        if r["ruleId"] == "FMT-02" and "relatedLocations" in r
    ]
    assert [(line, item["physicalLocation"]["region"]["startLine"]) for line, item in related] == [(10, 6), (10, 8)]
