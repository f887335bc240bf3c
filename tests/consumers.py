"""The CI gate's outputs, read back by their real consumers: where each format goes, what it holds, what it never replaces.

Every produced file is parsed by the tool a pipeline would use on it: the
official SARIF schema and the SARIF Multitool's GitHub and Azure DevOps rule
sets, the Jenkins xunit JUnit schema (lxml) and junitparser, markdown-it-py
for job summaries, the workflow-command syntax for annotations."""

from __future__ import annotations

import functools
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
from junitparser import JUnitXml
from lxml import etree
from markdown_it import MarkdownIt

from conftest import ROOT
from made_in_process import SARIF_SCHEMA

JUNIT_SCHEMAS = {
    name: etree.XMLSchema(etree.parse(str(ROOT / "tests/data" / name)))
    for name in ("junit-10.xsd", "jenkins-junit.xsd")
}
"""The Jenkins xunit plugin's schema and the stricter junit-4 one JUnit 5 checks its own reports with."""


MULTITOOL = ROOT / "tests/browser/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+)(?:,col=(\d+))?,title=([^:]*)::(.*)$")


def markdown() -> MarkdownIt:
    """GitHub-flavoured Markdown as a job summary is shown: tables, and bare URLs and emails turned into links."""
    md = MarkdownIt("gfm-like", {"linkify": True})
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True})
    return md


AZURE_ONLY = {"GHAzDO1019", "GHAzDO1020"}
"""GHAzDO rules on the Azure Pipelines build identity, which svcstd can fill only inside Azure Pipelines (TF_BUILD)."""


@functools.cache
def _offline() -> list[str]:
    """A prefix that runs a command with no network, where the kernel allows it (`unshare -rn`).

    The SARIF Multitool looks github.com up as it starts and, on a machine without network (CI has only the
    package registries), waits about 15 seconds for the name server each time; validating needs no network,
    and its findings are the same without it, in a second.
    """
    try:
        probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return ["unshare", "-rn"] if probe.returncode == 0 else []


def valid_sarif(path: Path, azure: bool = False) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(data)
    assert MULTITOOL.exists(), "the SARIF Multitool is missing: run .ci/run (npm ci --prefix tests/browser)"
    log = path.with_suffix(".validation.sarif")
    log.unlink(missing_ok=True)  # the multitool will not overwrite its own log
    subprocess.run(
        [
            *_offline(),
            str(MULTITOOL),
            "validate",
            str(path),
            "--rule-kind",
            "Sarif;Ghas;Ado",
            "--level",
            "Error;Warning",
            "-o",
            str(log),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    problems = [
        r["ruleId"]
        for run in json.loads(log.read_text(encoding="utf-8-sig"))["runs"]
        for r in run.get("results", [])
        if azure or r["ruleId"] not in AZURE_ONLY
    ]
    assert problems == [], problems
    return data


def valid_junit(path: Path) -> JUnitXml:
    document = etree.parse(str(path), etree.XMLParser(resolve_entities=False))
    for name, schema in JUNIT_SCHEMAS.items():
        assert schema.validate(document), (name, schema.error_log)
    return JUnitXml.fromfile(str(path))


def annotations(text: str) -> list[tuple[str, ...]]:
    lines = [line for line in text.splitlines() if line]
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), [line for line, match in zip(lines, parsed, strict=True) if not match]
    return [match.groups() for match in parsed if match]


class TextNodes(HTMLParser):
    """The text a reader hears in the page's language: every text node outside script and style and outside any
    element marked with another language (a department's own words in the language it gave them). Left out too:
    <title>, which cannot mark a language and holds the department's name, and <address>, a proper name."""

    def __init__(self, page_language: str):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.page_language = page_language
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "link", "br", "img", "input", "hr", "col"):
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        languages = [lang for _, lang in self.stack if lang]
        if {"script", "style", "title", "address"} & set(tags) or (languages and languages[-1] != self.page_language):
            return
        if data.strip():
            self.found.append(data.strip())
