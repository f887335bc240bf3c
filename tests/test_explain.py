"""`svcstd standards` and `svcstd explain`: the catalogue as people read it, and docs/rules.md."""

from __future__ import annotations

import pytest

from made_in_process import run_root


def test_standards_lists_every_standard_and_rule_with_clause(run):
    result = run("standards")
    assert result.code == 0
    out = result.stdout
    for ident in ("BZ-D1", "BZ-D2-01", "BZ-D6", "BZ-B-08", "ISO-7.1.2.4-03", "ISO-7.1.2-REVIEW-02", "FMT-01"):
        assert ident in out
    assert "missing from source" in out
    assert "Appendix D, item 2" in out


def test_explain_rule_prints_requirement_clause_and_example(run):
    result = run("explain", "BZ-D2-01")
    assert result.code == 0
    out = result.stdout
    assert "What it checks" in out and "Why it matters" in out and "Example" in out
    assert "Appendix D, item 2" in out
    assert "replied to within (5) five working days" in out
    assert "reply_within_working_days: 5" in out


def test_explain_standard_and_unknown_id(run):
    assert "Appendix D, item 6" in run("explain", "BZ-D6").stdout
    result = run("explain", "BZ-D2-1")
    assert result.code == 2
    assert result.stderr.startswith("svcstd: error: unknown rule or standard 'BZ-D2-1'; did you mean BZ-D2-01")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("typed", "shown"), [("bz-d2-01", "BZ-D2-01: "), (" iso-7.1.3 ", "ISO-7.1.3: "), ("Bz-D6", "BZ-D6: ")]
)
def test_explain_takes_ids_in_any_case(run, typed, shown):
    result = run("explain", typed)
    assert result.code == 0 and result.stdout.startswith(shown), result.stderr


def test_generated_rules_doc_is_current_and_sarif_anchors_exist():
    from svcstd.catalogue import load_catalogue
    from svcstd.check.reporters.sarif import rule_descriptor
    from svcstd.explain import RULES_HELP_URI, markdown_catalogue

    catalogue = load_catalogue()
    committed = (run_root() / "docs/rules.md").read_text()
    assert committed == markdown_catalogue(catalogue), "run: python scripts/docs.py"
    for rule in catalogue.rules.values():
        uri = rule_descriptor(rule, catalogue)["helpUri"]
        assert uri.startswith(RULES_HELP_URI + "#") and f"### {rule.id}\n" in committed
