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


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id (e.g. BZ-D2-01) or a standard id (e.g. BZ-D2).")],
    standards: StandardsOption = None,
    config: ConfigOption = None,
) -> None:
    """Explain a rule: what it checks, why it matters, how firmly its source asks, and a compliant example.

    Thresholds are shown as the configuration in force sets them, beside svcstd's defaults.
    """

    from svcstd.catalogue import Rule
    from svcstd.console import make_console
    from svcstd.explain import find, write_rule, write_standard
    from svcstd.judge import build_judge

    catalogue = build_judge(config, date.today(), standards=standards).engine.catalogue  # as check reads it
    found = find(catalogue, rule_id)
    console = make_console()
    if isinstance(found, Rule):
        write_rule(catalogue, found, console)
    else:
        write_standard(found, console)
