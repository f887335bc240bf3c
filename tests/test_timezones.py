"""Time zones are IANA names, with a did-you-mean (timezones.py)."""

from __future__ import annotations

import json

from conftest import AS_OF, EXAMPLES
from made_in_process import REGISTRY, _standard_findings


def test_time_zones_are_iana_names_with_a_did_you_mean(run, tmp_path):
    for written, hint in (
        ("Belize", "did you mean 'America/Belize'?"),
        ("america/belize", "did you mean 'America/Belize'?"),
        ("Central Time", "e.g. 'America/Belize'"),
    ):
        charter = tmp_path / "c.yaml"
        charter.write_text(REGISTRY.replace("timezone: America/Belize", f"timezone: {written}", 1))
        result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
        assert result.code == 1
        [finding] = [
            f for f in _standard_findings(json.loads(result.stdout), "FORMAT") if f["path"] == "opening_hours.timezone"
        ]
        assert finding["rule"] == "FMT-02" and hint in finding["detail"], finding
        assert finding["line"] == REGISTRY.splitlines().index("  timezone: America/Belize") + 1
    assert run("check", str(EXAMPLES / "vital-statistics-registry.yaml"), "--as-of", AS_OF).code == 0
