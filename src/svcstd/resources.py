"""Where the bundled standards and schemas live.

In an installed wheel they sit inside the package (`svcstd/_data/`); in a
checkout or an editable install they are the top-level `standards/` and
`schemas/` folders, which stay the single copy that people edit.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


def resource_dir(name: str) -> Path:
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


@cache
def json_resource(name: str) -> dict[str, Any]:
    """A bundled JSON Schema, read once per process."""
    with open(resource_dir("schemas") / name, encoding="utf-8") as handle:
        return json.load(handle)
