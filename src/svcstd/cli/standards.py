"""`svcstd standards`: every standard and rule with its source clause."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from svcstd import formats
from svcstd.cli.common import ConfigOption, OutputOption, StandardsOption, app, format_option


@app.command("standards")
def list_standards(
    standards: StandardsOption = None,
    config: ConfigOption = None,
    output_format: Annotated[str, format_option("standards")] = "table",
    output: OutputOption = None,
) -> None:
    """List the standards and their rules, with source clauses (severities as the configuration in force sets them)."""
    from svcstd.judge import build_judge

    formats.choose("standards", output_format)
    catalogue = build_judge(config, date.today(), standards=standards).engine.catalogue  # as check reads it
    formats.emit("standards", output_format, catalogue, output)
