"""reception_cover (BZ-D4-02): reception staffed through the opening hours, site by site."""

from __future__ import annotations

from made_in_process import WEEKDAY, outcomes, outcomes_of_yaml
from svcstd.checks import Outcome
from svcstd.findings import Status


def test_reception_cover_names_each_site_and_says_what_is_missing():
    data = {
        "opening_hours": {"weekly": {"monday": WEEKDAY}},
        "reception": {"staffed_hours": {"monday": WEEKDAY}},
        "sites": [
            {"name": "Airport", "opening_hours": {"weekly": {"monday": WEEKDAY}}},
            {"opening_hours": {"weekly": {"tuesday": WEEKDAY}}, "reception": {"staffed_hours": {}}},
            {"name": "No hours"},
            "junk",
        ],
    }
    assert outcomes("reception_cover", data) == [
        Outcome(
            Status.NOT_EVIDENCED, ("sites", 0, "reception", "staffed_hours"), "no reception staffed hours for Airport"
        ),
        Outcome(
            Status.NOT_MET,
            ("sites", 1, "reception", "staffed_hours", "tuesday"),
            "site 2 is open but reception is not staffed on Tuesday 08:00-16:00",
        ),
        Outcome(  # a further office with no hours is not evidenced, never met by absence
            Status.NOT_EVIDENCED,
            ("sites", 2, "opening_hours", "weekly"),
            "no opening hours for No hours to compare reception cover with",
        ),
    ]
    main_missing = Outcome(
        Status.NOT_EVIDENCED,
        ("opening_hours", "weekly"),
        "no opening hours for the main office to compare reception cover with",
    )
    assert outcomes("reception_cover", {"reception": {}}) == [main_missing]
    assert outcomes("reception_cover", {}) == [main_missing]


def test_reception_cover_judges_the_main_office_when_it_states_either_hours_or_reception():
    only_hours = {"opening_hours": {"weekly": {"monday": WEEKDAY}}}
    assert outcomes("reception_cover", only_hours) == [
        Outcome(Status.NOT_EVIDENCED, ("reception", "staffed_hours"), "no reception staffed hours for the main office")
    ]
    only_sites = {
        "sites": [
            {"name": "Hall"},
            {
                "name": "Depot",
                "opening_hours": {"weekly": {"monday": WEEKDAY}},
                "reception": {
                    "staffed_hours": {
                        "monday": [{"opens": "09:00", "closes": "12:00"}, {"opens": "13:00", "closes": "16:00"}]
                    }
                },
            },
        ]
    }
    assert outcomes("reception_cover", only_sites) == [
        Outcome(
            Status.NOT_EVIDENCED,
            ("opening_hours", "weekly"),
            "no opening hours for the main office to compare reception cover with",
        ),
        Outcome(
            Status.NOT_EVIDENCED,
            ("sites", 0, "opening_hours", "weekly"),
            "no opening hours for Hall to compare reception cover with",
        ),
        Outcome(
            Status.NOT_MET,
            ("sites", 1, "reception", "staffed_hours", "monday"),
            "Depot is open but reception is not staffed on Monday 08:00-09:00, 12:00-13:00",
        ),
    ]


def test_reception_cover_checks_every_site_and_day():
    text = """
opening_hours: {weekly: {saturday: [{opens: "09:00", closes: "12:00"}]}}
reception: {staffed_hours: {saturday: [{opens: "09:00", closes: "12:00"}]}}
sites:
  - name: Airport
    opening_hours: {weekly: {sunday: [{opens: "06:00", closes: "24:00"}]}}
    reception: {staffed_hours: {sunday: [{opens: "06:00", closes: "22:00"}]}}
  - name: Border
    opening_hours: {weekly: {monday: [{opens: "06:00", closes: "18:00"}]}}
"""
    found = outcomes_of_yaml("reception_cover", text)
    assert [(o.status.value, o.path, o.detail) for o in found] == [
        (
            "not met",
            ("sites", 0, "reception", "staffed_hours", "sunday"),
            "Airport is open but reception is not staffed on Sunday 22:00-24:00",
        ),
        ("not evidenced", ("sites", 1, "reception", "staffed_hours"), "no reception staffed hours for Border"),
    ]
    assert [o.status.value for o in outcomes_of_yaml("reception_cover", "organisation: {name: X}")] == ["not evidenced"]
