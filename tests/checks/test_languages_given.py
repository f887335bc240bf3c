"""languages_given (ISO-7.3.2.3-02) and standards_in_every_language (BZ-D5-04): every text in every language the charter
lists, and the service standards above all."""

from __future__ import annotations

from datetime import date

from made_in_process import outcomes
from svcstd.checks import CheckContext, get_check, reads
from svcstd.checks.languages_given import found_at, languages_of, same_language
from svcstd.findings import Status
from svcstd.loader import Document

CONTEXT = CheckContext(date(2025, 11, 1))


def test_languages_match_by_code_or_primary_subtag_and_values_are_found_through_lists():
    assert same_language("es", "es") and same_language("es-419", "es") and same_language("es", "es-419")
    assert not same_language("e", "es") and not same_language("en", "es") and not same_language("eng", "en")
    data = {"a": [{"b": [1, 2]}, {"b": [3]}, "x"], "c": {"d": 4}}
    assert list(found_at(data, ("a", "*", "b", "*"))) == [
        (("a", 0, "b", 0), 1),
        (("a", 0, "b", 1), 2),
        (("a", 1, "b", 0), 3),
    ]
    assert list(found_at(data, ("c", "d"))) == [(("c", "d"), 4)]
    assert list(found_at(data, ("c", "*"))) == [] and list(found_at(data, ("z",))) == []
    assert languages_of("Text", "en") == ["en"]
    assert languages_of(" https://x.gov.bz/privacy ", "en") is None  # needs no translation
    assert languages_of("see https://x.gov.bz/", "en") == ["en"]
    assert languages_of({"es": "T", 1: "x", "en": 5}, "en") == ["es"]
    assert languages_of(5, "en") is None and languages_of(["T"], "en") is None
    # a value that is not text is passed over, and the next one still read; every missing language is named
    data = {"charter": {"languages": ["en", "es", "fr"]}, "organisation": {"values": [5, "Plain"]}}
    assert [(o.path, o.detail) for o in get_check("languages_given")(Document("t.yaml", data), CONTEXT)] == [
        (
            ("organisation", "values", 1),
            "organisation.values[1] has no text in es, fr (charter.languages lists en, es, fr)",
        )
    ]


def test_languages_given_names_each_text_and_each_language_it_lacks():
    data = {
        "charter": {"languages": ["en", "es-419", "es-419", "xx!", 7]},
        "organisation": {"vision": "Plain", "values": [{"en": "A", "es": "B"}, {"es": "C"}, 5]},
        "confidentiality": {"data_protection_policy": "https://example.gov.bz/privacy"},
        "services": [{"name": {"en": "N"}, "standard": {"promise": {"en": "P", "es": "Q"}}}, "junk"],
        "sites": [{"opening_hours": {"closures": [{"reason": {"en": "R"}}]}}],
        "kpis": [{"indicator": 42}],
    }
    found = outcomes("languages_given", data)
    assert [(o.status, o.path, o.detail) for o in found] == [
        (
            Status.NOT_MET,
            ("organisation", "vision"),
            "organisation.vision has no text in es-419 (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("organisation", "values", 1),
            "organisation.values[1] has no text in en (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("sites", 0, "opening_hours", "closures", 0, "reason"),
            "sites[0].opening_hours.closures[0].reason has no text in es-419 (charter.languages lists en, es-419)",
        ),
        (
            Status.NOT_MET,
            ("services", 0, "name"),
            "services[0].name has no text in es-419 (charter.languages lists en, es-419)",
        ),
    ]
    # what D.5 names only: the vision and values are ISO's to read
    assert [o.path for o in outcomes("standards_in_every_language", data)] == [
        ("sites", 0, "opening_hours", "closures", 0, "reason"),
        ("services", 0, "name"),
    ]
    assert outcomes("languages_given", {**data, "charter": {"languages": ["en"]}}) == []
    assert outcomes("languages_given", {**data, "charter": {"languages": "en, es"}}) == []
    assert ("organisation", "vision") in reads("languages_given")
    assert ("organisation", "vision") not in reads("standards_in_every_language")
    assert ("charter", "languages") in reads("standards_in_every_language")
