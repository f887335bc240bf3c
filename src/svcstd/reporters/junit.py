"""`--format junit`: a test suite per charter, a test case per standard, for GitLab, Jenkins and the like.

A standard not met or not evidenced is a failure listing its findings; an
input error is an error; a standard missing from the source is skipped.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import TextIO
from xml.etree import ElementTree as ET

from svcstd.findings import FileResult, Status


def _finding_lines(findings: list) -> str:
    return "\n".join(
        f"{f.file}:{f.line}:{f.column}: {f.rule_id} [{f.severity}] {f.message} ({f.detail}) source: {f.clause}; fix: {f.fix}"
        for f in findings
    )


class JunitReporter:
    """Spools one <testsuite> per charter to a temporary file; <testsuites> needs the totals first."""

    def __init__(self, sink: TextIO):
        self.sink = sink
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def add(self, result: FileResult) -> None:
        suite = _suite(result)
        for key in self.totals:
            self.totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, level=1)
        suite.tail = None
        self.spool.write("  " + ET.tostring(suite, encoding="unicode") + "\n")

    def close(self) -> None:
        root = ET.Element("testsuites", name="svcstd", **{key: str(value) for key, value in self.totals.items()})
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


def _suite(result: FileResult) -> ET.Element:
    suite = ET.Element("testsuite", name=result.file)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if result.error is not None:
        case = ET.SubElement(suite, "testcase", name="read charter", classname=result.file, file=result.file)
        ET.SubElement(case, "error", message=str(result.error), type="input error").text = str(result.error)
        counts["tests"] += 1
        counts["errors"] += 1
    for standard in result.standards:
        case = ET.SubElement(suite, "testcase", name=f"{standard.standard_id} {standard.title}",
                             classname=result.file, file=result.file)
        counts["tests"] += 1
        open_findings = standard.open_findings
        if standard.status is Status.MISSING_FROM_SOURCE:
            ET.SubElement(case, "skipped", message="missing from source: nothing to check")
            counts["skipped"] += 1
        elif open_findings:
            first = open_findings[0]
            failure = ET.SubElement(case, "failure", type=standard.status.value,
                                    message=f"{standard.status.value}: {first.message} ({standard.clause})")
            failure.text = _finding_lines(open_findings)
            counts["failures"] += 1
        if any(f.waived for f in standard.findings):
            waived = [f for f in standard.findings if f.waived]
            ET.SubElement(case, "system-out").text = "waived:\n" + "\n".join(
                f"{f.rule_id} at {f.file}:{f.line}: {f.waiver.justification} (approved by {f.waiver.approved_by}, "
                f"expires {f.waiver.expires})" for f in waived if f.waiver)
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite
