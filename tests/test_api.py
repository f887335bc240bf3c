"""svcstd.api as a script uses it, and a computed check added by an installed plugin package.

The plugin is a real distribution as importlib.metadata finds one: a
`.dist-info` folder with its entry points on the path of the `svcstd`
process that the test starts, so only that process sees it.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from conftest import AS_OF, EXAMPLES
from svcstd import api

REGISTRY = str(EXAMPLES / "vital-statistics-registry.yaml")
LANDS = str(EXAMPLES / "lands-department.yaml")


def test_check_returns_typed_verdicts_as_the_command_gives_them(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n")
    results = api.check([REGISTRY, LANDS, str(bad)], as_of=date.fromisoformat(AS_OF))
    registry, lands, broken = results
    assert registry.compliant and not lands.compliant and not broken.compliant
    assert broken.error and "bad.yaml:2" in broken.error and broken.findings == []
    reply = next(f for f in lands.findings if f.rule_id == "BZ-D2-01")
    assert reply.severity is api.Severity.ERROR and reply.force == "must" and reply.status == "not met"
    assert lands.standards["BZ-D2"] == "not met" and registry.standards["BZ-D6"] == "missing from source"
    command = run("check", REGISTRY, LANDS, str(bad), "--as-of", AS_OF, "-f", "json").json()
    assert [f["compliant"] for f in command["files"]] == [r.compliant for r in results]
    assert sorted(f["rule"] for f in command["files"][1]["standards"][2]["findings"]) == sorted(
        f.rule_id for f in lands.findings if f.standard_id == command["files"][1]["standards"][2]["id"]
    )


def test_check_follows_the_configuration_and_fail_on(tmp_path):
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    charter = tmp_path / "c.yaml"
    charter.write_text(text.replace("  resolve_within_working_days: 15", "  resolve_within_working_days: 31"))
    [plain] = api.check([str(charter)], as_of=date.fromisoformat(AS_OF))
    assert plain.compliant and [f.severity for f in plain.findings] == [api.Severity.WARNING]
    assert not api.check([str(charter)], as_of=date.fromisoformat(AS_OF), fail_on="warning")[0].compliant
    config = tmp_path / "svcstd.toml"
    config.write_text('binding = ["ISO-7.3.2.5"]\n')
    [bound] = api.check([str(charter)], config=str(config), as_of=date.fromisoformat(AS_OF))
    assert not bound.compliant and bound.findings[0].severity is api.Severity.ERROR
    config.write_text('binding = ["nothing"]\n')
    with pytest.raises(api.ConfigurationError, match="binding"):
        api.check([str(charter)], config=str(config))


def test_explain_and_list_rules():
    rule = api.explain("bz-d2-01")
    assert (rule.id, rule.severity, rule.force, rule.basis) == ("BZ-D2-01", api.Severity.ERROR, "must", "stated")
    assert "five working days" in rule.quote
    ids = [r.id for r in api.list_rules()]
    assert ids[0] == "FMT-01" and "ISO-5.2.3-01" in ids and len(ids) == len(set(ids))
    with pytest.raises(api.ConfigurationError, match="unknown rule"):
        api.explain("BZ-NOPE")


PLUGIN = '''"""Every charter names a website over HTTPS: an organisation's own computed check, from a plugin package."""

from svcstd.checks import Outcome
from svcstd.findings import Status

READS = (("website", "url"),)


def check(document, context):
    url = (document.data.get("website") or {}).get("url")
    if isinstance(url, str) and not url.startswith("https://"):
        yield Outcome(Status.NOT_MET, ("website", "url"), f"website.url is {url}, not an https:// address")
'''
PACK = """\
pack: our-checks
title: Our organisation's checks
source: Digital service standard 2026
standards:
  - id: OUR-1
    title: Secure websites
    clause: standard 4
    requirement: Every service website uses HTTPS.
    rules:
      - id: OUR-1-01
        title: The website is served over HTTPS
        severity: error
        basis: stated
        quote: Every service website uses HTTPS.
        message: The website is not served over HTTPS.
        why: Citizens type personal data into these sites.
        fix: Give the https:// address.
        example: "website: {url: 'https://example.gov.bz'}"
        check: website_https
"""


def test_an_installed_plugin_adds_a_computed_check_a_pack_can_name(run, tmp_path):
    site = tmp_path / "site-packages"
    (site / "our_checks").mkdir(parents=True)
    (site / "our_checks" / "__init__.py").write_text("")
    (site / "our_checks" / "website_https.py").write_text(PLUGIN)
    info = site / "our_checks-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: our-checks\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[svcstd.checks]\nwebsite_https = our_checks.website_https\n")
    (tmp_path / "pack.yaml").write_text(PACK)
    charter = tmp_path / "c.yaml"
    charter.write_text(
        (EXAMPLES / "vital-statistics-registry.yaml").read_text().replace("https://www.vsu.gov.bz/\n", "http://x.bz/\n")
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = run("check", str(charter), "--standards", str(tmp_path / "pack.yaml"), "--as-of", AS_OF, "-f", "json",
                 env=env)  # fmt: skip
    findings = [f for s in result.json()["files"][0]["standards"] for f in s["findings"] if f["rule"] == "OUR-1-01"]
    assert [f["detail"] for f in findings] == ["website.url is http://x.bz/, not an https:// address"]
    without = run("check", str(charter), "--standards", str(tmp_path / "pack.yaml"), "--as-of", AS_OF)
    assert without.code == 2 and "unknown check 'website_https'" in without.stderr  # not installed: not known
