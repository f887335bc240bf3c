"""The safe edits a finding carries (safe_edits.py) are exactly the edits `svcstd fix` makes."""

from __future__ import annotations

from made_in_process import ENGINE, HEAD, _format_findings
from svcstd.engine import Engine
from svcstd.findings import Edit, Span
from svcstd.loader import Document, load_text


def test_the_safe_fix_a_finding_carries_is_exactly_the_edit_fix_makes():
    text = HEAD + 'contact:\n  telephone: [8220500]\nwebsite:\n  available_24_7: yes\n  last_update: "2025-10-20"\n'
    found = {f.dotted_path: f for f in _format_findings(text)}
    phone, flag, key = found["contact.telephone[0]"], found["website.available_24_7"], found["website.last_update"]
    assert phone.autofix == Edit(
        Span(68, 75, 4, 15, 4, 22, "8220500", True),
        '"8220500"',
        ("contact", "telephone", 0),
        False,
        "contact.telephone[0]: quote 8220500 so it stays text",
        kind="quote",
        values=(("path", "contact.telephone[0]"), ("text", "8220500")),
    )
    assert (flag.autofix.replacement, flag.autofix.key, flag.autofix.description) == (
        "true",
        False,
        "website.available_24_7: write yes as true (YAML 1.1 reads it so)",
    )
    assert (flag.autofix.span.line, flag.autofix.span.column, flag.autofix.span.end_column) == (6, 19, 22)
    assert (key.autofix.replacement, key.autofix.key, key.autofix.span.text) == ("last_updated", True, "last_update")
    assert key.autofix.description == "website.last_update: rename to last_updated"
    # "ulr" is as close to "url" as two letters swapped can be, but not close enough to be certain: left to the author
    [unsure] = [f for f in _format_findings(HEAD + "website: {ulr: https://x.gov.bz/}\n") if f.rule_id == "FMT-01"]
    assert unsure.autofix is None and unsure.detail == "unknown key website.ulr; did you mean 'url'?"
    # a document without its text (built in memory) has nothing to splice: no fix is offered
    bare = ENGINE.check(Document("c.yaml", load_text(text, "c.yaml").data))
    assert [f.autofix for f in bare.findings if f.rule_id.startswith("FMT")] == [None, None, None]
    # quoting that only makes YAML 1.1 tools agree resolves no finding, so none carries it
    dated = HEAD + "website:\n  last_updated: 2025-10-20\n  available_24_7: yes\n"
    assert [f.autofix.replacement for f in _format_findings(dated) if f.autofix] == ["true"]
    assert [e.replacement for e in ENGINE.autofixes(load_text(dated, "c.yaml"))] == ['"2025-10-20"', "true"]


def test_only_format_findings_carry_a_fix_and_a_charter_without_them_plans_none(monkeypatch):
    text = HEAD + "website:\n  available_24_7: yes\n"
    found = ENGINE.check(load_text(text, "c.yaml")).findings
    fixed = [f.rule_id for f in found if f.autofix is not None]
    assert fixed == ["FMT-02"]
    assert [f.rule_id for f in found if f.path == ("website", "available_24_7") and f.rule_id != "FMT-02"]  # rules too

    def planned(self, document):
        raise AssertionError("planned fixes for a charter without format findings")

    monkeypatch.setattr(Engine, "autofixes", planned)
    clean = ENGINE.check(load_text(HEAD, "c.yaml"))
    assert not [f for f in clean.findings if f.rule_id.startswith("FMT")]
