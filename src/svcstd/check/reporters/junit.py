"""`--format junit`: a test suite per charter, a test case per standard, for Jenkins, GitLab, Azure DevOps and the like.

A standard with an open finding at or above `--fail-on` is a failure listing
its findings; findings below it (warnings under the default `--fail-on
error`) are listed in the case's system-out, so the report agrees with the
exit code. An input error is an error; a standard missing from the source is
skipped.

The document is valid against both common schemas of JUnit XML, the Jenkins
xunit plugin's `junit-10.xsd` and the older `junit-4.xsd` JUnit 5 tests its
own reports with: the totals on `<testsuites>` are tests, failures and errors
(skipped is counted per suite), each suite is named after its file, and a
skipped case gives its reason as text. GitLab links a failure to its file through a `file`
attribute on each test case, which that schema does not allow; it is written
only with `--junit-file-attribute`. `time` is always 0: svcstd does not time
charters, so two runs over the same charters give the same bytes.

Every value is made visible first: XML 1.0 cannot carry most control
characters, and a CI log should not interpret any.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import TextIO
from xml.etree import ElementTree as ET

from svcstd.catalogue import shown_value
from svcstd.check.reporters import ReportSettings
from svcstd.explain import help_uri
from svcstd.findings import SEVERITY_RANK, FileResult, Finding, Status
from svcstd.text import visible


def _finding_lines(findings: list[Finding]) -> str:
    return "\n".join(
        visible(
            f"{f.file}:{f.line}:{f.column}: {f.rule_id} [{f.severity}] {f.message} ({f.detail}) source: {f.cited}; "
            f"fix: {f.fix}; more: svcstd explain {f.rule_id} or {help_uri(f.rule_id)}"
        )
        for f in findings
    )


class JunitReporter:
    """Spools one <testsuite> per charter to a temporary file; <testsuites> needs the totals first."""

    def __init__(self, sink: TextIO, settings: ReportSettings):
        self.sink = sink
        self.settings = settings
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.totals = {"tests": 0, "failures": 0, "errors": 0}

    def add(self, result: FileResult) -> None:
        suite = self.suite(result)
        for key in self.totals:
            self.totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, level=1)
        suite.tail = None
        self.spool.write("  " + ET.tostring(suite, encoding="unicode") + "\n")

    def close(self) -> None:
        root = ET.Element(
            "testsuites", {"name": "svcstd", "time": "0", **{key: str(value) for key, value in self.totals.items()}}
        )
        head = ET.tostring(root, encoding="unicode")
        self.sink.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self.spool.tell():
            self.sink.write(head + "\n")
        else:
            self.sink.write(head.removesuffix(" />") + ">\n")
            self.spool.seek(0)
            shutil.copyfileobj(self.spool, self.sink)
            self.sink.write("</testsuites>\n")
        self.spool.close()

    def case(self, suite: ET.Element, name: str, file: str) -> ET.Element:
        attributes = {"name": visible(name), "classname": file, "time": "0"}
        if self.settings.junit_file_attribute:
            attributes["file"] = file
        return ET.SubElement(suite, "testcase", attributes)

    def properties(self, suite: ET.Element) -> None:
        """The reading behind the verdicts: --as-of, --fail-on and every svcstd threshold applied, as suite properties."""
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="svcstd.as_of", value=self.settings.as_of.isoformat())
        ET.SubElement(properties, "property", name="svcstd.fail_on", value=self.settings.fail_on)
        for reading in self.settings.readings:
            value = shown_value(reading.value)
            ET.SubElement(
                properties,
                "property",
                name=f"svcstd.reading.{reading.rule_id}.{reading.parameter}",
                value=visible(value) + ("" if reading.configured else " (default)"),
            )

    def suite(self, result: FileResult) -> ET.Element:
        file = visible(result.file)
        # the suite's name is its file: no `file` attribute, which JUnit 5's and Jenkins' junit-4 schema do not allow
        suite = ET.Element("testsuite", name=file, time="0")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        self.properties(suite)
        if result.error is not None:
            case = self.case(suite, "read charter", file)
            ET.SubElement(case, "error", message=visible(result.error), type="input error").text = visible(result.error)
            counts["tests"] += 1
            counts["errors"] += 1
        threshold = SEVERITY_RANK[self.settings.fail_on]
        for standard in result.standards:
            case = self.case(suite, f"{standard.standard_id} {standard.title}", file)
            counts["tests"] += 1
            failing = [
                f for f in standard.open_findings if SEVERITY_RANK.get(f.severity, SEVERITY_RANK["error"]) >= threshold
            ]
            below = [f for f in standard.open_findings if f not in failing]
            if standard.status is Status.MISSING_FROM_SOURCE:
                # the reason as text, not a message attribute: junit-4's `skipped` is plain text (junit-10 takes both)
                ET.SubElement(case, "skipped").text = "missing from source: nothing to check"
                counts["skipped"] += 1
            elif failing:
                first = failing[0]
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=standard.status.value,
                    message=visible(f"{standard.status.value}: {first.message} ({standard.clause})"),
                )
                failure.text = _finding_lines(failing)
                counts["failures"] += 1
            notes = []
            if below:
                notes.append(
                    f"below --fail-on {self.settings.fail_on} (reported, not failing):\n{_finding_lines(below)}"
                )
            waived = [f for f in standard.findings if f.waiver is not None]
            if waived:
                notes.append(
                    "waived:\n"
                    + "\n".join(
                        visible(
                            f"{f.rule_id} at {f.file}:{f.line}: {f.waiver.justification} (approved by {f.waiver.approved_by}, "
                            f"expires {f.waiver.expires})"
                        )
                        for f in waived
                        if f.waiver
                    )
                )
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(notes)
        for key, value in counts.items():
            suite.set(key, str(value))
        return suite
