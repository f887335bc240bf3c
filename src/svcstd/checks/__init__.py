"""Computed checks: what a JSON Schema cannot express (schedules, dates, comparisons).

Each check lives in its own module named after what it checks, with a
function `check(document, context)` yielding an Outcome for each place that
does not pass. The catalogue names the module; its docstring names the clause.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from svcstd.findings import Status
from svcstd.loader import Document, JsonPath

NAMES = ("date_within", "minimum_within_target", "reception_cover", "review_due")


@dataclass(frozen=True)
class Outcome:
    status: Status
    path: JsonPath
    detail: str


@dataclass(frozen=True)
class CheckContext:
    as_of: date
    params: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[Document, CheckContext], Iterator[Outcome]]


def get_check(name: str) -> Check:
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"svcstd.checks.{name}").check  # type: ignore[no-any-return]
