"""The JSON report (`check -f json`): its verdict follows --fail-on."""

from __future__ import annotations

import json

from made_in_process import INFO, WARNING, report, result


def test_json_verdict_follows_fail_on():
    for fail_on, compliant in (("error", True), ("warning", False)):
        data = json.loads(report("json", result(WARNING, INFO), fail_on=fail_on))
        assert data["files"][0]["compliant"] is compliant
        findings = [f for s in data["files"][0]["standards"] for f in s["findings"]]
        assert [f["severity"] for f in findings] == ["warning", "info"]
