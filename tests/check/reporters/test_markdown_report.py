"""The Markdown summary (`check -f markdown`): verdicts, severities and unreadable charters."""

from __future__ import annotations

import pytest

from made_in_process import INFO, UNREADABLE, WAIVED, WARNING, report, result, written_by
from svcstd.errors import InputError
from svcstd.findings import FileResult


@pytest.mark.parametrize(("fail_on", "verdict_text"), [("error", "✅ compliant"), ("warning", "❌ not compliant")])
def test_markdown_verdict_follows_fail_on_and_labels_each_severity(fail_on, verdict_text):
    text = report("markdown", result(WARNING, INFO, WAIVED), UNREADABLE, fail_on=fail_on)
    compliant = 1 if fail_on == "error" else 0
    assert f"2 charters checked: {compliant} compliant, {1 - compliant} not compliant, 1 could not be read" in text
    assert f"(failing at {fail_on} and above)" in text
    assert f"| dir/a,b:c%d.yaml | {verdict_text} | BZ-D8, BZ-B |  | 3 |" in text
    assert "| 4 | BZ-D8-01 (warning) |" in text and "| 5 | BZ-B-12 (info) |" in text
    assert "| 6 | BZ-D8-02 (waived until 2026-01-31) |" in text
    assert "| bad:1,%.yaml | ⚠️ error | not YAML | | |" in text
    assert "| BZ-D8 " in text and "❌ not met" in text


def test_markdown_counts_every_unreadable_charter():
    unreadable = [FileResult(name, error=InputError(name, "not YAML")) for name in ("a.yaml", "b.yaml", "c.yaml")]
    assert "3 could not be read" in written_by("markdown", *unreadable)
