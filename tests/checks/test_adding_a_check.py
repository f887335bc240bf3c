"""CONTRIBUTING.md's steps for a new computed check, followed for one: a module, then its pack entry, nothing else.

The check is written to a temporary folder joined to the `svcstd.checks`
package for this test only, exactly as a contributor would add
`src/svcstd/checks/<name>.py`: the registry finds it, the pack loader
validates its `params` against its `PARAMS`, and the engine reports it with
its rule's clause, and as "not met" when a fact it `READS` is malformed.
"""

from __future__ import annotations

from datetime import date

import pytest

import svcstd.checks
from svcstd.catalogue import load_catalogue
from svcstd.engine import Engine, Options
from svcstd.errors import UsageError
from svcstd.findings import Status
from svcstd.loader import load_text

CHECK = '''"""Every website address is served over HTTPS (an example check for tests/checks/test_adding_a_check.py)."""

from __future__ import annotations

from svcstd.checks import Outcome
from svcstd.facts import section, string
from svcstd.findings import Status

PARAMS = {"type": "object", "additionalProperties": False, "required": ["scheme"],
          "properties": {"scheme": {"enum": ["https"]}}}
READS = (("website", "url"),)


def check(document, context):
    url = section(document.data, "website").get("url")
    if url is None:
        yield Outcome(Status.NOT_EVIDENCED, ("website", "url"), "website.url is missing")
    elif string(url) is not None and not url.startswith(context.params["scheme"] + "://"):
        yield Outcome(Status.NOT_MET, ("website", "url"), f"website.url is {url!r}, not an {context.params['scheme']} address")
'''

PACK = """pack: mine
title: Our web standards
source: Our digital plan, 2025
standards:
  - id: WEB-1
    title: Secure website
    clause: plan 3.1
    requirement: Our website is served securely.
    rules:
      - id: WEB-1-01
        title: The website is served over HTTPS
        severity: error
        basis: stated
        quote: Our website is served securely.
        message: The website is not served over HTTPS.
        why: Citizens send personal details through it.
        fix: Serve the site over HTTPS and give its https:// address.
        example: "website: {url: 'https://example.gov.bz'}"
        check: website_is_https
        params: PARAMS
"""


@pytest.fixture
def new_check(tmp_path, monkeypatch):
    (tmp_path / "website_is_https.py").write_text(CHECK, encoding="utf-8")
    monkeypatch.setattr(svcstd.checks, "__path__", [*svcstd.checks.__path__, str(tmp_path)])
    _forget_checks()
    yield tmp_path
    _forget_checks()


def _forget_checks() -> None:
    for cached in (svcstd.checks.registry, svcstd.checks.bundled, svcstd.checks.plugins):
        cached.cache_clear()


def pack(folder, params: str) -> str:
    path = folder / "web.yaml"
    path.write_text(PACK.replace("PARAMS", params), encoding="utf-8")
    return str(path)


def test_a_module_and_its_pack_entry_make_a_check_the_engine_runs(new_check):
    assert "website_is_https" in svcstd.checks.registry()
    catalogue = load_catalogue([pack(new_check, "{scheme: https}")])
    engine = Engine(catalogue, Options(date(2025, 11, 1), select=frozenset({"WEB-1"})))
    verdicts = {}
    for url in ("https://lands.gov.bz", "http://lands.gov.bz", 7):
        document = load_text(f"format_version: 1\norganisation: {{name: Lands}}\nwebsite:\n  url: {url}\n", "c.yaml")
        [standard] = engine.check(document).standards
        verdicts[url] = (standard.status, [(f.line, f.detail) for f in standard.findings])
    assert verdicts["https://lands.gov.bz"] == (Status.MET, [])
    assert verdicts["http://lands.gov.bz"] == (
        Status.NOT_MET,
        [(4, "website.url is 'http://lands.gov.bz', not an https address")],
    )
    status, findings = verdicts[7]
    assert status is Status.NOT_MET and "website.url is not a valid value" in findings[0][1]


def test_the_pack_loader_validates_the_checks_params_against_its_schema(new_check):
    with pytest.raises(UsageError, match=r"params\.scheme of check website_is_https: 'ftp' is not one of \['https'\]"):
        load_catalogue([pack(new_check, "{scheme: ftp}")])


def test_without_its_module_the_pack_names_an_unknown_check(tmp_path):
    with pytest.raises(UsageError, match="names unknown check 'website_is_https'; known: date_within, "):
        load_catalogue([pack(tmp_path, "{scheme: https}")])
