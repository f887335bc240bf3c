"""`svcstd standards` and `svcstd explain`: the catalogue as people read it (ruff's rule docs shape)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from svcstd.catalogue import Catalogue, Rule, Standard, basis_sentence


def write_list(catalogue: Catalogue, console: Console) -> None:
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
    console.print(f"{len(catalogue.standards)} standards, {len(catalogue.rules)} rules. `svcstd explain ID` explains one.")


def write_rule(catalogue: Catalogue, rule: Rule, console: Console) -> None:
    standard = catalogue.by_id[rule.standard_id]
    console.print(f"[bold]{rule.id}[/]: {escape(rule.title)}  ({rule.severity}; basis: {rule.basis})")
    console.print(f"Standard {standard.id}, {escape(standard.title)}; {escape(catalogue.packs[standard.pack])}, {escape(rule.clause)}")
    console.print("\n[bold]What it checks[/]")
    console.print(escape(rule.message if rule.check is None else f"{rule.message} (computed check: {rule.check})"))
    console.print("\n[bold]Why it matters[/]")
    console.print(escape(rule.why))
    console.print(f"\nThe source, {escape(standard.clause)}:")
    console.print(f"  {escape(standard.requirement)}")
    console.print("\n[bold]How firmly the source asks[/]")
    console.print(escape("This rule is " + basis_sentence(rule)))
    console.print("\n[bold]How to fix[/]")
    console.print(escape(rule.fix))
    console.print("\n[bold]Example[/] (compliant)")
    console.print(Syntax(rule.example.rstrip(), "yaml", theme="ansi_dark", background_color="default"))
    if rule.bad:
        console.print("\n[bold]Counter-example[/] (not compliant)")
        console.print(Syntax(rule.bad.rstrip(), "yaml", theme="ansi_dark", background_color="default"))


def write_standard(standard: Standard, console: Console) -> None:
    console.print(f"[bold]{standard.id}[/]: {escape(standard.title)} ({escape(standard.clause)})")
    console.print(escape(standard.requirement))
    if standard.missing_from_source:
        console.print("[dim]Missing from source: svcstd checks nothing for this standard.[/]")
    for rule in standard.rules:
        console.print(f"  {rule.id}  {rule.severity:<7}  {rule.basis:<9}  {escape(rule.title)}")
    for item in standard.unchecked:
        console.print(f"  [dim]not checked[/]: \"{escape(item.quote)}\" {escape(item.reason)}")
