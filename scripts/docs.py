"""Write the reference pages generated from the code and the packs: `python scripts/docs.py` (`--check` to verify).

* docs/rules.md: every rule, as `svcstd explain` shows it (`svcstd standards -f markdown`);
* docs/commands.md: every command's arguments and options, read from the command line itself;
* the blocks between `<!-- generated: NAME -->` and `<!-- end generated -->` in the other pages
  (svcstd's thresholds from the packs, the formats from the output registry).

tests/test_docs.py runs `--check`, so no option, format or threshold in the docs can go stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer

from svcstd import formats
from svcstd.catalogue import Catalogue, load_catalogue, shown_value
from svcstd.cli import app
from svcstd.explain import markdown_catalogue

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(.*?)(<!-- end generated -->)", re.S)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _quote_start(quote: str, words: int = 10) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def thresholds(catalogue: Catalogue) -> str:
    """Every number svcstd chooses where the source leaves one open, with its default and accepted range."""
    lines = ["| rule | parameter | default | accepted | the source says |", "|---|---|---|---|---|"]
    for rule in catalogue.rules.values():
        for name in rule.thresholds:
            schema = catalogue.parameters[name].schema if name in catalogue.parameters else {}
            lines.append(
                f"| {rule.id} | `{name}` | {shown_value(rule.params[name])} | {_accepted(schema)} "
                f'| "{_cell(_quote_start(rule.quote))}" |'
            )
    return "\n".join(lines) + "\n"


def _accepted(schema: dict[str, Any]) -> str:
    if "minimum" in schema and "maximum" in schema:
        return f"{schema['minimum']} to {schema['maximum']}"
    items = schema.get("items", {})
    if "enum" in items:
        return "any of " + ", ".join(items["enum"])
    return "any value the format accepts"


def not_checked(catalogue: Catalogue) -> str:
    """What the sources ask that no charter can evidence, with why: listed, never invented into a check."""
    return "".join(
        f'* {standard.id}: "{_cell(item.quote)}" {_cell(item.reason)}\n'
        for standard in catalogue.standards
        for item in standard.unchecked
    )


def format_table() -> str:
    """The output registry: each format, what it is for and the commands that write it."""
    lines = ["| format | for | commands |", "|---|---|---|"]
    for entry in formats.FORMATS:
        commands = ", ".join(f"`{name}`" for name in entry.writers)
        lines.append(f"| `{entry.name}` | {entry.summary} | {commands} |")
    return "\n".join(lines) + "\n"


def commands() -> str:
    """docs/commands.md: each command's usage, arguments and options, from the command line's own declarations."""
    group: Any = typer.main.get_command(app)
    context = typer.Context(group, info_name="svcstd")
    out = [
        "# Commands",
        "",
        "Generated from the command line by `python scripts/docs.py`; do not edit. "
        "`svcstd COMMAND --help` prints the same.",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    names = group.list_commands(context)
    for name in names:  # the summary table
        command = group.get_command(context, name)
        assert command is not None
        out.append(f"| [`{name}`](#svcstd-{name}) | {_cell(command.get_short_help_str(limit=200))} |")
    out += [
        "",
        "## Output formats",
        "",
        "Each format is declared once, with the commands that write it (`src/svcstd/formats.py`):",
        "",
        format_table(),
    ]
    for name in names:
        command = group.get_command(context, name)
        assert command is not None
        sub = typer.Context(command, info_name=name, parent=context)
        usage = re.sub(r"\{(\w+)\}", lambda m: m.group(1).upper(), command.get_usage(sub))
        out += [f"## svcstd {name}", "", "```text", usage, "```", ""]
        out += [(command.help or "").strip(), ""]
        out += ["| argument or option | what it does | default |", "|---|---|---|"]
        for param in command.params:
            if param.name == "help":
                continue
            out.append(f"| {_names(param)} | {_cell(_help(param))} | {_default(param)} |")
        out.append("")
    return "\n".join(out)


def _names(param: Any) -> str:
    if param.param_type_name == "argument":
        return f"`{param.name.upper()}`"
    names = [*param.opts, *param.secondary_opts]
    return ", ".join(f"`{n}`" for n in names)


def _help(param: Any) -> str:
    return getattr(param, "help", None) or ""


def _default(param: Any) -> str:
    if param.param_type_name == "argument" or (getattr(param, "is_flag", False) and not param.default):
        return ""
    default = param.default
    if default is None or default == [] or default == ():
        return ""
    if callable(default):
        return "(computed)"
    if param.name == "year":
        return "this year"
    return f"`{default}`"


def pages() -> dict[Path, str]:
    """Every generated page or block, as the code and packs say it now."""
    catalogue = load_catalogue()
    blocks = {"thresholds": thresholds(catalogue), "not-checked": not_checked(catalogue)}
    wanted = {ROOT / "docs/rules.md": markdown_catalogue(catalogue), ROOT / "docs/commands.md": commands()}
    for page in sorted((ROOT / "docs").glob("*.md")):
        if page in wanted:
            continue
        text = page.read_text(encoding="utf-8")
        new = BLOCK.sub(lambda m: m.group(1) + blocks[m.group("name")] + m.group(4), text)
        if new != text:
            wanted[page] = new
    return wanted


def main(argv: list[str]) -> int:
    stale = []
    for path, text in pages().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8", newline="\n")
    if stale and "--check" in argv:
        print(f"out of date: {', '.join(stale)}; run: python scripts/docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
