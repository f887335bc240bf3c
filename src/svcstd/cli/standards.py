"""`svcstd standards`: every standard and rule with its source clause."""

from __future__ import annotations

from svcstd.cli.common import (
    StandardsOption,
    app,
)


@app.command("standards")
def list_standards(
    standards: StandardsOption = None,
) -> None:
    """List the standards and their rules, with source clauses."""
    from svcstd.catalogue import load_catalogue
    from svcstd.explain import write_list
    from svcstd.reporters import make_console

    write_list(load_catalogue(standards), make_console())
