"""One way to the verdicts: every command that judges a charter agrees with `check` under one configuration.

A ministry's svcstd.toml names a custom pack and adopts ISO 11367 as binding;
under it one copy of the registry fails and another passes. check, render,
report and export must each say so of each copy, and explain must show the
rule as they apply it (export once judged without the configuration).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import AS_OF, EXAMPLES

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
PACK = """\
pack: our-ministry
title: Ministry standards
source: Ministry service plan 2026
standards:
  - id: MIN-1
    title: Our short names
    clause: plan section 2
    requirement: Every department uses the short name the ministry gave it.
    rules:
      - id: MIN-1-01
        title: The ministry's short name
        severity: error
        basis: stated
        quote: Every department uses the short name the ministry gave it.
        message: The department does not use the short name the ministry gave it.
        why: Citizens find a department by one name across the ministry.
        fix: Set organisation.short_name to VSR.
        example: 'organisation: {short_name: VSR}'
        schema: {required: [organisation], properties: {organisation: {required: [short_name], properties: {short_name: {const: VSR}}}}}
"""


def _ministry(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "ours.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "svcstd.toml").write_text('standards = ["ours.yaml"]\nbinding = ["iso-11367-2025"]\n')
    charters = tmp_path / "charters"
    charters.mkdir()
    failing = charters / "registry-old-name.yaml"
    failing.write_text(REGISTRY, encoding="utf-8")
    passing = charters / "registry.yaml"
    passing.write_text(REGISTRY.replace("  short_name: VSU", "  short_name: VSR"), encoding="utf-8")
    return charters, failing, passing


def test_every_judging_command_agrees_with_check_under_one_configuration(run, tmp_path):
    charters, failing, passing = _ministry(tmp_path)
    expected = {failing.name: False, passing.name: True}

    report = run("check", str(charters), "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
    assert {Path(f["file"]).name: f["compliant"] for f in report.json()["files"]} == expected
    for charter in (failing, passing):
        verdict = expected[charter.name]
        rendered = run("render", str(charter), "--strict", "-o", str(tmp_path / f"site-{charter.stem}"),
                       "--as-of", AS_OF, cwd=tmp_path)  # fmt: skip
        assert rendered.code == (0 if verdict else 1), (charter.name, rendered.stderr)
        exported = run("export", str(charter), "--to", "standards", "--strict", "-o",
                       str(tmp_path / f"open-{charter.stem}"), "--as-of", AS_OF, cwd=tmp_path)  # fmt: skip
        assert exported.code == (0 if verdict else 1), (charter.name, exported.stderr)
        assert ("MIN-1" in exported.stderr) is not verdict
    portfolio = tmp_path / "portfolio"
    assert run("report", str(charters), "-o", str(portfolio), "--as-of", AS_OF, cwd=tmp_path).code == 0
    departments = json.loads((portfolio / "portfolio.json").read_text(encoding="utf-8"))["departments"]
    assert {Path(d["file"]).name: d["compliant"] for d in departments} == expected
    explained = " ".join(run("explain", "ISO-7.3.2.5-01", cwd=tmp_path).stdout.split())
    assert "as an error by this configuration" in explained
    assert run("explain", "MIN-1-01", cwd=tmp_path).code == 0  # the custom pack, as check reads it


def test_export_fix_and_diff_take_config_and_standards_like_check(run, tmp_path, tmp_path_factory):
    _, failing, _ = _ministry(tmp_path)
    config = tmp_path / "svcstd.toml"
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # no svcstd.toml found from here
    exported = run("export", str(failing), "--to", "standards", "-o", str(tmp_path / "o"), "--config", str(config),
                   "--as-of", AS_OF, cwd=elsewhere)  # fmt: skip
    assert exported.code == 0 and "MIN-1" in exported.stderr  # warned of the ministry's own standard
    plain = run("export", str(failing), "--to", "standards", "-o", str(tmp_path / "p"), "--as-of", AS_OF, cwd=elsewhere)
    assert plain.code == 0 and "does not meet" not in plain.stderr  # compliant without the ministry's reading
    with_pack = run("export", str(failing), "--to", "standards", "-o", str(tmp_path / "q"), "--standards",
                    str(tmp_path / "ours.yaml"), "--as-of", AS_OF, cwd=elsewhere)  # fmt: skip
    assert "MIN-1" in with_pack.stderr
    assert run("fix", str(failing), "--config", str(config), cwd=elsewhere).code in (0, 1)
    broken = tmp_path / "broken.toml"
    broken.write_text('standards = ["missing.yaml"]\n')
    for command in (("fix", str(failing)), ("diff", str(failing), str(failing)),
                    ("export", str(failing), "--to", "ical", "-o", str(tmp_path / "r"))):  # fmt: skip
        result = run(*command, "--config", str(broken), cwd=elsewhere)
        assert result.code == 2 and "missing.yaml" in result.stderr, (command, result.stderr)
    diffed = run("diff", str(failing), str(failing), "--standards", str(tmp_path / "ours.yaml"), cwd=elsewhere)
    assert diffed.code == 0, diffed.stderr
