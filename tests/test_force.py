"""Every verdict exactly as firm as its source: the verb sets the severity, and nothing is met by absence.

The first test is the rule-by-rule reading repeated on every run: each bundled
rule's force must be the force of the verb its source uses, found in its quote
or, for an item of a list, in the list's lead-in named here. The others drive
`svcstd check` at each new boundary: the last value that passes, the first
that fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import AS_OF, EXAMPLES
from svcstd.catalogue import FORCES, load_catalogue

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
VERBS = {
    "must": re.compile(r"\b((are|is)( at all times)? to|must|will|shall)\b", re.IGNORECASE),
    "should": re.compile(r"\bshould\b", re.IGNORECASE),
    "may": re.compile(r"\b(can|could|may|consider|please refer)\b", re.IGNORECASE),
}
LEAD_INS = {
    # a list item carries its list's verb: the lead-in, verbatim from the source
    "ISO-7.1.2.4": "The common elements of governance that will result in public service excellence should include:",
    "ISO-7.3.2.3": "The public service organization should:",
    "ISO-7.3.2.5": "The organization should:",
    "ISO-7.1.2-REVIEW": "Managers should:",
    "ISO-7.1.3": "Appropriate practices for implementation can include the following:",
    "ISO-7.2.3": "Appropriate practices for implementation can include the following:",
    "BZ-DIR7": "Ministries and departments are to develop and implement a customer service plan",  # the directives
    "BZ-DIR2": "Ministries and departments are to develop and maintain service inventory.",
}
CATALOGUE = load_catalogue()
SOURCE_RULES = [rule for standard in CATALOGUE.standards if standard.pack != "format" for rule in standard.rules]


@pytest.mark.parametrize("rule", SOURCE_RULES, ids=lambda r: r.id)
def test_every_rule_takes_its_severity_from_its_sources_verb(rule):
    assert rule.force in FORCES, "every rule of a bundled pack says its force"
    assert rule.severity == FORCES[rule.force].severity
    words = f"{LEAD_INS.get(rule.standard_id, '')} {rule.quote}"
    assert VERBS[rule.force].search(words), (rule.id, rule.force, rule.quote)
    stronger = [force for force in ("must", "should") if force != rule.force and VERBS[force].search(rule.quote)]
    if rule.force == "may":  # a suggestion never hides an obligation in its own words
        assert not VERBS["must"].search(rule.quote) or rule.basis in ("threshold", "practice"), rule.id
    assert rule.force != "must" or not stronger or "should" not in stronger or VERBS["must"].search(rule.quote)


def test_a_should_rule_is_a_warning_until_a_ministry_adopts_the_pack_as_binding(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY.replace("  resolve_within_working_days: 15", "  resolve_within_working_days: 31"))
    plain = run("check", str(charter), "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
    [finding] = [f for s in plain.json()["files"][0]["standards"] for f in s["findings"]]
    assert (finding["rule"], finding["severity"], finding["force"], plain.code) == (
        "ISO-7.3.2.5-01",
        "warning",
        "should",
        0,
    )
    for binding in ('["iso-11367-2025"]', '["ISO-7.3.2.5"]'):
        (tmp_path / "svcstd.toml").write_text(f"binding = {binding}\n")
        bound = run("check", str(charter), "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
        [finding] = [f for s in bound.json()["files"][0]["standards"] for f in s["findings"]]
        assert (finding["severity"], bound.code) == ("error", 1), binding
        reading = next(
            r for r in bound.json()["readings"] if r["rule"] == "ISO-7.3.2.5-01" and r["parameter"] == "severity"
        )
        assert reading == {
            "rule": "ISO-7.3.2.5-01", "parameter": "severity", "value": "error", "default": "warning",
            "configured": True,
        }  # fmt: skip
        table = run("check", str(charter), "--as-of", AS_OF, cwd=tmp_path)
        assert "ISO-7.3.2.5-01 severity = error (default warning)" in table.stdout
    (tmp_path / "svcstd.toml").write_text('binding = ["iso-11367"]\n')
    wrong = run("check", str(charter), "--as-of", AS_OF, cwd=tmp_path)
    assert wrong.code == 2 and "binding: unknown rule or standard 'iso-11367'" in wrong.stderr
    (tmp_path / "svcstd.toml").write_text('binding = ["belize-2016"]\n[rules."ISO-7.3.2.5-01"]\nseverity = "info"\n')
    own = run("check", str(charter), "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
    assert [f["severity"] for s in own.json()["files"][0]["standards"] for f in s["findings"]] == ["info"]


def test_explain_states_the_verb_and_what_binding_does(run):
    result = run("explain", "ISO-7.3.2.5-01")
    text = " ".join(result.stdout.split())
    assert 'The source\'s verb is "should": a recommendation, reported as a warning' in text
    assert "binding in svcstd.toml" in text
    must = " ".join(run("explain", "BZ-D2-01").stdout.split())
    assert 'The source\'s verb is "are to", "must" or "will": an obligation, reported as an error.' in must


def _verdicts(run, tmp_path: Path, text: str) -> dict[str, tuple[str, str]]:
    charter = tmp_path / "c.yaml"
    charter.write_text(text, encoding="utf-8")
    report = run("check", str(charter), "--as-of", AS_OF, "-f", "json").json()
    return {f["rule"]: (f["status"], f["severity"]) for s in report["files"][0]["standards"] for f in s["findings"]}


BOUNDARIES = [
    # rule, what the registry says, the last value that passes, the first that fails
    ("BZ-D1-02", "answer_within_rings: 3", "answer_within_rings: 5", "answer_within_rings: 6"),
    ("BZ-D4-01", "greet_within_minutes: 2", "greet_within_minutes: 5", "greet_within_minutes: 6"),
    ("ISO-7.3.2.5-01", "resolve_within_working_days: 15", "resolve_within_working_days: 30",
     "resolve_within_working_days: 31"),
    ("BZ-D8-04", "publicised_on: [website, reception_desk, charter_document]",
     "publicised_on: [website, reception_desk]", "publicised_on: [website]"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "given", "passes", "fails"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_a_word_the_source_leaves_open_is_a_number_at_its_boundary(run, tmp_path, rule, given, passes, fails):
    assert given in REGISTRY
    assert rule not in _verdicts(run, tmp_path, REGISTRY.replace(given, passes))
    assert _verdicts(run, tmp_path, REGISTRY.replace(given, fails))[rule][0] == "not met"


def test_seconds_are_held_to_svcstds_reading_of_prompt(run, tmp_path):
    text = REGISTRY.replace("answer_within_rings: 3", "answer_within_seconds: 30")
    assert text != REGISTRY and "BZ-D1-02" not in _verdicts(run, tmp_path, text)
    slower = text.replace("answer_within_seconds: 30", "answer_within_seconds: 31")
    assert _verdicts(run, tmp_path, slower)["BZ-D1-02"] == ("not met", "error")


def test_a_promise_without_a_time_is_no_standard_for_timeliness(run, tmp_path):
    vague = REGISTRY.replace(
        "      within_working_days: 5\n      target_percent: 90", "      target_percent: 90"
    )  # the marriage certificate keeps only its words
    assert vague != REGISTRY
    assert _verdicts(run, tmp_path, vague)["BZ-D5-05"] == ("not evidenced", "error")


def test_priority_services_must_be_marked_and_their_reviews_are_never_met_by_absence(run, tmp_path):
    unmarked = REGISTRY.replace("    priority: true\n", "")
    found = _verdicts(run, tmp_path, unmarked)
    assert found["BZ-DIR2-02"] == ("not met", "error") and found["BZ-DIR7-01"] == ("not evidenced", "error")


def test_performance_is_monitored_against_a_standard(run, tmp_path):
    assert "    measures: " in REGISTRY
    unmeasured = re.sub(r"\n    measures: [^\n]*", "", REGISTRY)
    found = _verdicts(run, tmp_path, unmeasured)
    assert found["BZ-ME-01"] == ("not met", "error") and found["BZ-B-14"] == ("not met", "info")


def test_what_the_source_accepts_is_accepted(run, tmp_path):
    internal_only = re.sub(r"\n    independent_body: [^\n]*", "", REGISTRY)
    assert internal_only != REGISTRY and "ISO-7.2.3-03" not in _verdicts(run, tmp_path, internal_only)
    policy = REGISTRY.replace("based_on: [citizen_feedback", "based_on: [government_policy")
    assert policy != REGISTRY and "ISO-7.1.2.4-04" not in _verdicts(run, tmp_path, policy)


def test_a_kpi_with_no_result_has_not_been_evaluated(run, tmp_path):
    unevaluated = re.sub(r"\n    latest: [^\n]*", "", REGISTRY, count=1)
    assert unevaluated != REGISTRY
    assert _verdicts(run, tmp_path, unevaluated)["ISO-7.1.2.4-03"] == ("not evidenced", "warning")


def test_a_further_office_without_hours_is_not_evidenced_for_publication_and_reception(run, tmp_path):
    text = REGISTRY.rstrip("\n") + "\nsites:\n  - name: Belmopan desk\n    address: Market Square, Belmopan\n"
    assert "\nsites:" not in REGISTRY
    found = _verdicts(run, tmp_path, text)
    assert found["BZ-D5-01"] == ("not evidenced", "error") and found["BZ-D4-02"] == ("not evidenced", "error")


def test_a_review_dated_in_the_future_says_so(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY.replace('  last_reviewed: "2025-08-15"', '  last_reviewed: "2025-12-01"'))
    report = run("check", str(charter), "--as-of", AS_OF, "-f", "json").json()
    [finding] = [f for s in report["files"][0]["standards"] for f in s["findings"]]
    assert finding["rule"] == "ISO-7.1.2-REVIEW-02" and "a date in the future" in finding["detail"]
    assert "overdue" not in finding["message"]


def test_permissions_and_suggestions_are_info_and_induction_cites_the_objectives(run, tmp_path):
    text = REGISTRY.replace("  extensions_by_agreement_only: true\n", "").replace("    induction: true\n", "")
    found = _verdicts(run, tmp_path, text)
    assert found["BZ-D2-03"] == ("not evidenced", "info") and found["BZ-D7-05"] == ("not evidenced", "error")
    assert "objectives, 2 b" in run("explain", "BZ-D7-05").stdout


def test_the_standards_listing_names_only_what_is_not_checked(run):
    listing = run("standards").stdout
    assert "client centered ambiance" in listing
    assert "Reception areas are to be manned" not in " ".join(listing.split())
