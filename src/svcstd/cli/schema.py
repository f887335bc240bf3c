"""`svcstd schema`: the charter JSON Schema, for editors and other validators."""

from __future__ import annotations

import sys

from svcstd.cli.common import (
    app,
)


@app.command()
def schema() -> None:
    """Print the charter JSON Schema (for editors and other validators)."""
    from svcstd.resources import resource_dir

    sys.stdout.write((resource_dir("schemas") / "charter.schema.json").read_text(encoding="utf-8"))
