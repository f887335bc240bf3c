"""The one result type every reporter reads.

A Finding carries everything a reporter prints (rule, standard, clause, place,
fix), so no reporter ever re-derives anything from the charter or catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from svcstd.errors import InputError
from svcstd.loader import Document, JsonPath

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
"""Severities in order; `--fail-on` names the lowest that fails a charter."""


class Status(str, Enum):
    """Verdict of a standard for one charter."""

    MET = "met"
    NOT_MET = "not met"
    NOT_EVIDENCED = "not evidenced"
    WAIVED = "waived"
    MISSING_FROM_SOURCE = "missing from source"


@dataclass(frozen=True)
class Span:
    """Where a scalar (a value or a key) is written: character offsets and 1-based line and column of both ends."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    plain: bool


@dataclass(frozen=True)
class Edit:
    span: Span
    replacement: str
    path: JsonPath
    key: bool
    """True when the edit renames the key at `path`, not its value."""
    description: str
    resolves_finding: bool = True
    """False for quoting that only makes YAML 1.1 tools read what svcstd reads (no finding to resolve)."""
    kind: str = ""
    """Which safe edit this is (boolean, quote, rename, yaml11): pages word it from their message catalogue, as
    `edit.fix.<kind>` with `values` filled in, so the editor says it in its own language."""
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Waiver:
    """A department's written, approved and dated exception to one rule."""

    rule: str
    justification: str
    approved_by: str
    expires: str
    path: str | None = None


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
    waiver: Waiver | None = None
    basis: str = "format"
    """How firmly the source asks (stated, threshold, practice), or format for svcstd's own format rules."""
    reading: str | None = None
    """For a threshold rule, how svcstd read the source in this run (its numbers filled in)."""
    autofix: Edit | None = None
    """The safe edit `svcstd fix` makes for this finding, if it has one."""
    written_at: tuple[int, int] | None = None
    """Where the value is written, when the finding's place is an alias of it (`staffed_hours: *office_hours`)."""
    force: str | None = None
    """must, should or may: how the source's words ask, which set the default severity (catalogue.FORCES)."""

    @property
    def cited(self) -> str:
        """The clause, with the source's verb where it only recommends or suggests: every one-line format says
        how firmly the source asks, not only the table and explain."""
        note = _CITED.get(self.force or "")
        return f"{self.clause}, {note}" if note else self.clause

    @property
    def waived(self) -> bool:
        return self.waiver is not None

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

    @property
    def open_findings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.waived]


@dataclass
class FileResult:
    """The verdict on one input: either standards with findings, or an input error."""

    file: str
    standards: list[StandardResult] = field(default_factory=list)
    error: InputError | None = None

    @property
    def findings(self) -> list[Finding]:
        return [finding for standard in self.standards for finding in standard.findings]

    @property
    def open_findings(self) -> list[Finding]:
        """Findings that count against the charter: every finding that no valid waiver covers."""
        return [finding for standard in self.standards for finding in standard.open_findings]

    def passes(self, fail_on: str = "error") -> bool:
        """The one definition of a passing charter, used by the exit code and every report:
        readable, and no open finding at or above `fail_on`."""
        if self.error is not None:
            return False
        return not self.failing(fail_on)

    def failing(self, fail_on: str = "error") -> list[Finding]:
        """The open findings at or above `fail_on`: what makes a charter fail."""
        threshold = SEVERITY_RANK[fail_on]
        return [f for f in self.open_findings if SEVERITY_RANK.get(f.severity, SEVERITY_RANK["error"]) >= threshold]


def dotted(path: JsonPath) -> str:
    """`('services', 2, 'standard')` -> `services[2].standard`, the way people write paths."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


def standard_status(findings: list[Finding], missing_from_source: bool = False) -> Status:
    if missing_from_source:
        return Status.MISSING_FROM_SOURCE
    open_findings = [f for f in findings if not f.waived]
    if any(f.status is Status.NOT_MET for f in open_findings):
        return Status.NOT_MET
    if open_findings:
        return Status.NOT_EVIDENCED
    if findings:
        return Status.WAIVED
    return Status.MET


_CITED = {"should": 'recommended ("should")', "may": 'suggested ("can", "consider")'}


def refuse_repeated_keys(document: Document, shown: str, purpose: str) -> None:
    """Two services with one id (or two sites with one name) are one fact to compare and one record to publish: the
    second (a 90-day promise) would pass unseen. `check` fails such a charter's format; `diff` and `export` refuse
    it, naming both entries."""
    from svcstd.errors import UsageError
    from svcstd.facts import repeated_keys
    from svcstd.text import excerpt

    for path, first, name in repeated_keys(document.data):
        raise UsageError(
            f"{shown}:{document.position(path)[0]}: {dotted(path)} is {excerpt(name)}, which {dotted(first)} "
            f"(line {document.position(first)[0]}) already has; each needs its own before {purpose}"
        )
