"""`svcstd explain`: one rule or standard, as the configuration in force reads it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from svcstd.cli.common import (
    ConfigOption,
    StandardsOption,
    app,
)
from svcstd.errors import UsageError


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id (e.g. BZ-D2-01) or a standard id (e.g. BZ-D2).")],
    standards: StandardsOption = None,
    config: ConfigOption = None,
) -> None:
    """Explain a rule: what it checks, why it matters, how firmly its source asks, and a compliant example.

    Thresholds are shown as the configuration in force sets them, beside svcstd's defaults.
    """

    from svcstd.explain import write_rule, write_standard
    from svcstd.judge import build_judge
    from svcstd.reporters import make_console

    catalogue = build_judge(config, date.today(), standards=standards).engine.catalogue  # as check reads it
    console = make_console()
    key = rule_id.strip()
    if key not in catalogue.rules and key not in catalogue.by_id:  # ids in any case: bz-d2-01 is BZ-D2-01
        same = {known for known in (*catalogue.rules, *catalogue.by_id) if known.casefold() == key.casefold()}
        key = same.pop() if len(same) == 1 else key
    if key in catalogue.rules:
        write_rule(catalogue, catalogue.rules[key], console)
    elif key in catalogue.by_id:
        write_standard(catalogue.by_id[key], console)
    else:
        import difflib

        close = difflib.get_close_matches(key.upper(), [*catalogue.rules, *catalogue.by_id], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `svcstd standards` lists them all"
        raise UsageError(f"unknown rule or standard {rule_id!r}{hint}")
