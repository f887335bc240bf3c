"""CONTRIBUTING's module table names every module, so a newcomer finds where each thing lives."""

from __future__ import annotations

import re

from conftest import ROOT


def test_the_module_table_names_every_module_or_its_package():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## Where things live")[1].split("\n## ")[0]
    named = set(re.findall(r"`([a-z_/]+(?:\.py)?/?)`", table))
    missing = []
    for path in sorted((ROOT / "src/svcstd").rglob("*.py")):
        relative = path.relative_to(ROOT / "src/svcstd").as_posix()
        package = relative.split("/")[0] + "/" if "/" in relative else None
        if relative == "__init__.py" or relative in named or package in named or path.name in named:
            continue
        missing.append(relative)
    assert not missing, missing


def test_every_link_of_the_readme_and_the_docs_leads_somewhere():
    import os

    pages = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http", "mailto:", "tel:", "#")):
                continue
            path = os.path.normpath(page.parent / target.split("#")[0])
            if not os.path.exists(path):
                broken.append((page.name, target))
    assert not broken, broken
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < 300  # a front door, not the manual
