"""`svcstd diff` reports: a terminal table, JSON (schemas/diff.schema.json), Markdown for a pull-request comment,
SARIF and GitHub annotations on the new version's lines for each weakening.

Every charter value is made visible (no control character reaches a log) and,
in Markdown, escaped like every other svcstd Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from svcstd import __version__
from svcstd.check.reporters.github import escape_data, escape_property
from svcstd.diff.compare import KINDS, Change
from svcstd.exit_codes import ExitCode
from svcstd.loader import Document
from svcstd.text import dump_json, markdown_inline, visible

DIFF_VERSION = 1
RULE_ID = "PROMISE-WEAKER"
HELP = (
    "A promise to the public got weaker (a longer turnaround, fewer hours, a higher fee, a channel, service or route of "
    "appeal removed). Record it in the charter's changes: log with the fact, what, why and approved_by, or restore it."
)


@dataclass
class FileDiff:
    old: str
    new: str
    document: Document | None
    changes: list[Change] = field(default_factory=list)
    note: str | None = None
    """Why there is nothing to compare (a charter new since the base revision)."""

    def line(self, change: Change) -> int:
        return self.document.position(change.path)[0] if self.document is not None and change.path else 1

    @property
    def unrecorded(self) -> list[Change]:
        return [c for c in self.changes if c.unrecorded]


def exit_code(diffs: list[FileDiff]) -> int:
    return ExitCode.FAILED if any(d.unrecorded for d in diffs) else ExitCode.OK


def summary(diffs: list[FileDiff]) -> str:
    weakened = sum(1 for d in diffs for c in d.changes if c.weakens)
    unrecorded = sum(len(d.unrecorded) for d in diffs)
    return (
        f"svcstd: {len(diffs)} charter{'s' if len(diffs) != 1 else ''} compared: {weakened} promise"
        f"{'s' if weakened != 1 else ''} weakened, {unrecorded} not recorded in a changes: log (exit {exit_code(diffs)})"
    )


def _fix(change: Change) -> str:
    return f"record it: changes: [{{date: YYYY-MM-DD, fact: {change.fact}, what: ..., why: ..., approved_by: ...}}]"


def as_json(diffs: list[FileDiff]) -> dict[str, Any]:
    return {
        "diff_version": DIFF_VERSION,
        "svcstd_version": __version__,
        "files": [
            {
                "old": visible(d.old),
                "new": visible(d.new),
                "note": d.note,
                "changes": [{**c.as_dict(), "line": d.line(c)} for c in d.changes],
                "weakened": sum(1 for c in d.changes if c.weakens),
                "unrecorded": len(d.unrecorded),
            }
            for d in diffs
        ],
        "exit_code": exit_code(diffs),
    }


def _verdict(change: Change) -> str:
    if not change.weakens:
        return ""
    text = f"recorded {change.recorded.date} ({change.recorded.approved_by})" if change.recorded else "NOT RECORDED"
    return text + (f"; also breaks {', '.join(change.breaks)}" if change.breaks else "")


def markdown(diffs: list[FileDiff]) -> str:
    cell = markdown_inline
    out = ["# svcstd diff: promises to the public", "", cell(summary(diffs).removeprefix("svcstd: ")), ""]
    for d in diffs:
        out += [f"## {cell(d.new)}", "", f"Compared with {cell(d.old)}.", ""]
        if d.note:
            out += [cell(d.note), ""]
            continue
        if not d.changes:
            out += ["No change.", ""]
            continue
        out += ["| change | promise | before | after | line | record |", "|---|---|---|---|---|---|"]
        for c in d.changes:
            out.append(
                f"| {cell(c.kind)} | {cell(c.label)} | {cell(c.before or '')} | {cell(c.after or '')} | {d.line(c)} "
                f"| {cell(_verdict(c))} |"
            )
        out.append("")
    return "\n".join(out)


def github(diffs: list[FileDiff]) -> str:
    lines = []
    for d in diffs:
        for c in d.changes:
            if not c.weakens:
                continue
            level = "error" if c.unrecorded else "notice"
            message = f"{c.label}: {c.before or 'stated'} -> {c.after or 'no longer stated'}. {_verdict(c)}"
            if c.unrecorded:
                message += ". " + _fix(c)
            lines.append(
                f"::{level} file={escape_property(d.new)},line={d.line(c)},title={escape_property('Promise ' + c.kind)}"
                f"::{escape_data(message)}\n"
            )
    return "".join(lines)


def json_text(diffs: list[FileDiff]) -> str:
    from svcstd.text import dump_json

    return dump_json(as_json(diffs))


def sarif_text(diffs: list[FileDiff]) -> str:
    """SARIF with paths relative to the repository holding the working directory, as `check`'s are."""
    from svcstd.files import repository_root

    return sarif(diffs, repository_root())


def sarif(diffs: list[FileDiff], root: Any) -> str:
    from svcstd.check.reporters.sarif import SARIF_SCHEMA, Locator
    from svcstd.explain import INFORMATION_URI

    locator = Locator(root)
    results = []
    for d in diffs:
        if d.document is None:
            continue
        artifact = locator.location(d.new)
        for c in d.changes:
            if not c.weakens:
                continue
            item: dict[str, Any] = {
                "ruleId": RULE_ID,
                "ruleIndex": 0,
                "level": "error" if c.unrecorded else "note",
                "kind": "fail",
                "message": {
                    "text": visible(
                        f"{c.label}: {c.before or 'stated'} -> {c.after or 'no longer stated'}. {_verdict(c)}"
                    )
                },
                "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": d.line(c)}}}],
                "partialFingerprints": {"svcstdPromise/v1": visible(c.fact)},
                "properties": {"fact": visible(c.fact), "kind": c.kind, "breaks": c.breaks},
            }
            if c.recorded is not None:
                item["suppressions"] = [
                    {
                        "kind": "inSource",
                        "status": "accepted",
                        "justification": visible(
                            f"{c.recorded.why} (approved by {c.recorded.approved_by}, {c.recorded.date})"
                        ),
                    }
                ]
            results.append(item)
    rule = {
        "id": RULE_ID,
        "name": "PromiseWeakened",
        "shortDescription": {"text": "A promise to the public got weaker"},
        "fullDescription": {"text": HELP},
        "help": {"text": HELP},
        "defaultConfiguration": {"level": "error"},
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "svcstd",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule],
                    }
                },
                "automationDetails": {"id": "svcstd-diff/"},
                "originalUriBaseIds": {"SRCROOT": {"uri": locator.root_uri()}},
                "results": results,
            }
        ],
    }
    return dump_json(log)


def write_table(diffs: list[FileDiff], console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    style = {"weaker": "bold red", "removed": "bold red", "stronger": "green", "new": "green", "neutral": "dim"}
    for d in diffs:
        console.print(f"[bold]{escape(visible(d.new))}[/] compared with {escape(visible(d.old))}")
        if d.note or not d.changes:
            console.print(escape(d.note or "No change."))
            continue
        table = Table(show_lines=False)
        for column in ("Change", "Promise", "Before", "After", "Line", "Record"):
            table.add_column(column, overflow="fold")
        for c in sorted(d.changes, key=lambda c: KINDS.index(c.kind)):
            table.add_row(
                f"[{style[c.kind]}]{c.kind}[/]",
                escape(visible(c.label)),
                escape(visible(c.before or "")),
                escape(visible(c.after or "")),
                str(d.line(c)),
                escape(visible(_verdict(c))),
            )
        console.print(table)
        for c in d.unrecorded:
            console.print(f"  line {d.line(c)}: {escape(visible(_fix(c)))}", soft_wrap=True)
