"""`svcstd standards`, `svcstd explain` and docs/rules.md: the catalogue as people read it (ruff's rule docs shape).

A rule's explanation is one list of sections (`rule_sections`), printed by
`svcstd explain` and written as Markdown by `markdown_catalogue`, so the page
SARIF help links point at and the terminal can never say different things.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcstd.catalogue import BASES, Catalogue, Rule, Standard, basis_sentence

if TYPE_CHECKING:
    from rich.console import Console

INFORMATION_URI = "https://github.com/svcstd/svcstd"
RULES_HELP_URI = INFORMATION_URI + "/blob/main/docs/rules.md"


def write_list(catalogue: Catalogue, console: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    table.add_column("Id", no_wrap=True)
    table.add_column("Severity")
    table.add_column("Basis")
    table.add_column("Title")
    table.add_column("Source clause")
    pack = None
    for standard in catalogue.standards:
        if standard.pack != pack:
            pack = standard.pack
            table.add_section()
            table.add_row("", "", "", f"[bold underline]{escape(catalogue.packs[pack])}[/] ({pack})", "")
        table.add_row(f"[bold]{standard.id}[/]", "", "", f"[bold]{escape(standard.title)}[/]", escape(standard.clause))
        if standard.missing_from_source:
            table.add_row("", "", "", "[dim]missing from source: nothing is checked[/]", "")
        for rule in standard.rules:
            clause = escape(rule.clause) if rule.clause != standard.clause else ""
            table.add_row(f"  {rule.id}", rule.severity, rule.basis, escape(rule.title), clause)
        for item in standard.unchecked:
            table.add_row("", "", "", f"[dim]not checked: {escape(item.quote)}[/]", "")
    console.print(table)
    console.print(
        f"{len(catalogue.standards)} standards, {len(catalogue.rules)} rules. `svcstd explain ID` explains one."
    )


def anchor(rule_id: str) -> str:
    """The docs/rules.md anchor of a rule, as GitHub makes it from the `### ID` heading."""
    return rule_id.lower().replace(".", "")


def help_uri(rule_id: str) -> str:
    """Where a rule is explained on the web: its docs/rules.md section (SARIF helpUri, JSON help_uri)."""
    return f"{RULES_HELP_URI}#{anchor(rule_id)}"


def rule_sections(catalogue: Catalogue, rule: Rule) -> list[tuple[str, str]]:
    """What `explain` prints and docs/rules.md shows for a rule, in order: (heading, plain text)."""
    standard = catalogue.by_id[rule.standard_id]
    checks = rule.message if rule.check is None else f"{rule.message} (computed check: {rule.check})"
    return [
        ("What it checks", checks),
        ("Why it matters", rule.why),
        (f"The source, {standard.clause}", standard.requirement),
        ("How firmly the source asks", "This rule is " + basis_sentence(rule)),
        ("How to fix", rule.fix),
    ]


def write_rule(catalogue: Catalogue, rule: Rule, console: Console) -> None:
    from rich.markup import escape
    from rich.syntax import Syntax  # pygments: only when a rule is explained

    standard = catalogue.by_id[rule.standard_id]
    console.print(f"[bold]{rule.id}[/]: {escape(rule.title)}  ({rule.severity}; basis: {rule.basis})")
    console.print(
        f"Standard {standard.id}, {escape(standard.title)}; {escape(catalogue.packs[standard.pack])}, {escape(rule.clause)}"
    )
    for heading, text in rule_sections(catalogue, rule):
        console.print(f"\n[bold]{escape(heading)}[/]")
        console.print(escape(text))
    console.print("\n[bold]Example[/] (compliant)")
    console.print(Syntax(rule.example.rstrip(), "yaml", theme="ansi_dark", background_color="default"))
    if rule.bad:
        console.print("\n[bold]Counter-example[/] (not compliant)")
        console.print(Syntax(rule.bad.rstrip(), "yaml", theme="ansi_dark", background_color="default"))


def markdown_catalogue(catalogue: Catalogue) -> str:
    """docs/rules.md, the page SARIF help URIs point at (scripts/docs.py writes it; a test keeps it current)."""
    out = [
        "# svcstd rules",
        "",
        "Generated from the standards catalogue by `python scripts/docs.py` (`svcstd standards -f markdown`); do not edit.",
        "",
        "Every rule says how firmly its source asks (its *basis*):",
        "",
    ]
    out += [f"* **{name}**: {meaning}" for name, meaning in BASES.items()]
    out += [""]
    for standard in catalogue.standards:
        out += [
            f"## {standard.id}: {standard.title}",
            "",
            f"*{catalogue.packs[standard.pack]}, {standard.clause}*",
            "",
            f"> {standard.requirement}",
            "",
        ]
        if standard.missing_from_source:
            out += ["Missing from source: svcstd checks nothing for this standard.", ""]
        for item in standard.unchecked:
            out += [f'Not checked: "{item.quote}" {item.reason}', ""]
        for rule in standard.rules:
            clause = f" ({rule.clause})" if rule.clause != standard.clause else ""
            out += [f"### {rule.id}", "", f"**{rule.title}** ({rule.severity}; basis: {rule.basis}){clause}", ""]
            for heading, text in rule_sections(catalogue, rule):
                out += [f"**{heading}.** {text}", ""]
            out += ["```yaml", rule.example.rstrip(), "```", ""]
            if rule.bad:
                out += ["Not compliant:", "", "```yaml", rule.bad.rstrip(), "```", ""]
    return "\n".join(out)


def find(catalogue: Catalogue, wanted: str) -> Rule | Standard:
    """The rule or standard `wanted` names, in any case (bz-d2-01 is BZ-D2-01), or an error with a did-you-mean."""
    from svcstd.errors import UsageError

    key = wanted.strip()
    if key not in catalogue.rules and key not in catalogue.by_id:
        same = {known for known in (*catalogue.rules, *catalogue.by_id) if known.casefold() == key.casefold()}
        key = same.pop() if len(same) == 1 else key
    if key in catalogue.rules:
        return catalogue.rules[key]
    if key in catalogue.by_id:
        return catalogue.by_id[key]
    import difflib

    close = difflib.get_close_matches(key.upper(), [*catalogue.rules, *catalogue.by_id], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `svcstd standards` lists them all"
    raise UsageError(f"unknown rule or standard {wanted!r}{hint}")


def json_catalogue(catalogue: Catalogue) -> str:
    """`svcstd standards -f json`: every standard and its rules, with the fields `svcstd.api.list_rules` returns."""
    from svcstd.text import dump_json

    return dump_json(
        {
            "standards": [
                {
                    "id": standard.id,
                    "title": standard.title,
                    "pack": standard.pack,
                    "source": catalogue.packs[standard.pack],
                    "clause": standard.clause,
                    "requirement": standard.requirement,
                    "missing_from_source": standard.missing_from_source,
                    "not_checked": [item.quote for item in standard.unchecked],
                    "rules": [
                        {
                            "id": rule.id,
                            "title": rule.title,
                            "severity": rule.severity,
                            "force": rule.force,
                            "basis": rule.basis,
                            "clause": rule.clause,
                            "quote": rule.quote,
                            "message": rule.message,
                            "why": rule.why,
                            "fix": rule.fix,
                            "reading": rule.reading,
                            "help_uri": help_uri(rule.id),
                        }
                        for rule in standard.rules
                    ],
                }
                for standard in catalogue.standards
            ]
        }
    )


def write_standard(standard: Standard, console: Console) -> None:
    from rich.markup import escape

    console.print(f"[bold]{standard.id}[/]: {escape(standard.title)} ({escape(standard.clause)})")
    console.print(escape(standard.requirement))
    if standard.missing_from_source:
        console.print("[dim]Missing from source: svcstd checks nothing for this standard.[/]")
    for rule in standard.rules:
        console.print(f"  {rule.id}  {rule.severity:<7}  {rule.basis:<9}  {escape(rule.title)}")
    for item in standard.unchecked:
        console.print(f'  [dim]not checked[/]: "{escape(item.quote)}" {escape(item.reason)}')
