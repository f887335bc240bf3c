"""The reference pages generated from the code and the packs are current: options, formats, thresholds, rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT


def test_every_generated_page_and_block_is_current():
    # scripts/docs.py reads the command line, the output registry and the packs; --check writes nothing
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/docs.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_the_commands_page_names_every_option_of_every_command(run):
    page = (ROOT / "docs/commands.md").read_text(encoding="utf-8")
    for command in ("check", "render", "report", "diff", "measure", "export", "init", "fix", "explain", "calendar"):
        help_text = run(command, "--help").stdout
        assert f"## svcstd {command}" in page
        declared = set(re.findall(r"^ {2}(?:-\w, )?(--[a-z][a-z-]*)", help_text, re.M)) - {"--help"}
        assert declared
        for option in declared:
            assert f"`{option}`" in page, (command, option)


def test_standards_writes_the_rules_page_and_json_through_the_registry(run, tmp_path):
    markdown = run("standards", "-f", "markdown")
    assert markdown.code == 0
    assert markdown.stdout == (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    target = tmp_path / "rules.json"
    written = run("standards", "-f", "json", "-o", str(target))
    assert written.code == 0 and written.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    rules = {rule["id"]: rule for standard in data["standards"] for rule in standard["rules"]}
    assert rules["BZ-D2-01"]["force"] == "must" and rules["BZ-D2-01"]["severity"] == "error"
    assert rules["BZ-D7-01"]["help_uri"].endswith("#bz-d7-01")
