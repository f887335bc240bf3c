"""The one result type every reporter reads.

A Finding carries everything a reporter prints (rule, standard, clause, place,
fix), so no reporter ever re-derives anything from the charter or catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from svcstd.errors import InputError
from svcstd.loader import JsonPath


class Status(str, Enum):
    """Verdict of a standard for one charter."""

    MET = "met"
    NOT_MET = "not met"
    NOT_EVIDENCED = "not evidenced"
    MISSING_FROM_SOURCE = "missing from source"


@dataclass(frozen=True)
class Finding:
    """One rule not passing at one place of one charter."""

    rule_id: str
    standard_id: str
    severity: str
    status: Status
    message: str
    detail: str
    path: JsonPath
    file: str
    line: int
    column: int
    clause: str
    fix: str

    @property
    def dotted_path(self) -> str:
        return dotted(self.path)


@dataclass
class StandardResult:
    standard_id: str
    title: str
    clause: str
    status: Status
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FileResult:
    """The verdict on one input: either standards with findings, or an input error."""

    file: str
    standards: list[StandardResult] = field(default_factory=list)
    error: InputError | None = None

    @property
    def findings(self) -> list[Finding]:
        return [finding for standard in self.standards for finding in standard.findings]


def dotted(path: JsonPath) -> str:
    """`('services', 2, 'standard')` -> `services[2].standard`, the way people write paths."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


def standard_status(findings: list[Finding], missing_from_source: bool = False) -> Status:
    if missing_from_source:
        return Status.MISSING_FROM_SOURCE
    if any(f.status is Status.NOT_MET for f in findings):
        return Status.NOT_MET
    if findings:
        return Status.NOT_EVIDENCED
    return Status.MET
