"""svcstd from Python: check charters, explain a rule, list the rules, with typed results.

The same judge as `svcstd check` (svcstd.judge), so a script and the command
line can never disagree: the configuration file is found the same way (or
given), custom packs and `binding` apply, and a charter that cannot be read is
a result with its error, never an exception. A configuration or pack that is
wrong raises `ConfigurationError`, as the command exits 2.

    from svcstd import api

    for result in api.check(["charters/"], as_of=date(2025, 11, 1)):
        print(result.file, result.compliant)
        for finding in result.findings:
            if finding.severity is api.Severity.ERROR:
                print(f"  {finding.line}: {finding.rule_id} {finding.message}")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from svcstd.errors import UsageError

if TYPE_CHECKING:
    from svcstd.catalogue import Rule
    from svcstd.findings import Finding as EngineFinding

__all__ = ["CharterResult", "ConfigurationError", "Finding", "RuleInfo", "Severity", "check", "explain", "list_rules"]

ConfigurationError = UsageError
"""A configuration, pack or option svcstd refuses (the command line's exit 2)."""


class Severity(str, Enum):
    """How much a finding counts: an error fails a charter by default, a warning or info only with a lower fail_on."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    standard_id: str
    severity: Severity
    status: str
    """not met or not evidenced."""
    message: str
    detail: str
    file: str
    line: int
    column: int
    clause: str
    fix: str
    force: str | None
    """must, should or may: the verb of the source, which set the default severity."""
    waived: bool


@dataclass(frozen=True)
class CharterResult:
    file: str
    compliant: bool
    """No open finding at or above fail_on, and readable."""
    standards: dict[str, str]
    """Each standard's status by id: met, not met, not evidenced, missing from source."""
    findings: list[Finding]
    error: str | None = None
    """Why the charter could not be read (file:line: reason), or None."""


@dataclass(frozen=True)
class RuleInfo:
    id: str
    standard_id: str
    title: str
    severity: Severity
    force: str | None
    basis: str
    clause: str
    quote: str
    message: str
    why: str
    fix: str
    example: str
    reading: str | None


def check(
    paths: Iterable[str],
    *,
    config: str | None = None,
    standards: list[str] | None = None,
    as_of: date | None = None,
    fail_on: str | None = None,
) -> list[CharterResult]:
    """Each charter's verdict, in the order `svcstd check` lists them (files, folders and glob patterns)."""
    from svcstd.batch import check_inputs
    from svcstd.inputs import expand
    from svcstd.judge import build_judge

    judge = build_judge(config, as_of or date.today(), standards=standards, fail_on=fail_on)
    inputs = expand(list(paths), judge.settings.exclude)
    return [  # each charter as `svcstd check --jobs 1` judges it: an unreadable one is a result, never an exception
        CharterResult(
            result.file,
            result.passes(judge.settings.fail_on),
            {s.standard_id: s.status.value for s in result.standards},
            [_finding(f) for f in result.findings],
            None if result.error is None else str(result.error),
        )
        for result in check_inputs(inputs, judge.engine)
    ]


def list_rules(*, config: str | None = None, standards: list[str] | None = None) -> list[RuleInfo]:
    """Every rule in force, in catalogue order, as the configuration sets it (its severity, its thresholds)."""
    from svcstd.judge import build_judge

    catalogue = build_judge(config, date.today(), standards=standards).engine.catalogue
    return [_info(rule) for rule in catalogue.rules.values()]


def explain(rule_id: str, *, config: str | None = None, standards: list[str] | None = None) -> RuleInfo:
    """One rule as `svcstd explain` shows it; an unknown id raises ConfigurationError."""
    for rule in list_rules(config=config, standards=standards):
        if rule.id.casefold() == rule_id.strip().casefold():
            return rule
    raise ConfigurationError(f"unknown rule {rule_id!r}; svcstd.api.list_rules() lists them")


def _finding(f: EngineFinding) -> Finding:
    return Finding(
        f.rule_id, f.standard_id, Severity(f.severity), f.status.value, f.message, f.detail, f.file, f.line,
        f.column, f.clause, f.fix, f.force, f.waived,
    )  # fmt: skip


def _info(rule: Rule) -> RuleInfo:
    return RuleInfo(
        rule.id, rule.standard_id, rule.title, Severity(rule.severity), rule.force, rule.basis, rule.clause,
        rule.quote, rule.message, rule.why, rule.fix, rule.example, rule.reading,
    )  # fmt: skip
