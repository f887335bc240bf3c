"""`svcstd config`: the configuration in force, as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from svcstd.cli.common import (
    app,
)


@app.command("config")
def show_config(
    config: Annotated[
        str | None, typer.Option("--config", help="Configuration file to read instead of searching.")
    ] = None,
) -> None:
    """Print the effective configuration (file settings with defaults) as JSON."""
    import json

    from svcstd.config import load_settings

    print(json.dumps(load_settings(config).as_dict(), indent=2))
