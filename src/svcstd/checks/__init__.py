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
from types import ModuleType
from typing import Any

from svcstd.findings import Status
from svcstd.loader import Document, JsonPath

NAMES = ("date_within", "minimum_within_target", "plain_language", "reception_cover", "review_due", "services_reviewed")
"""The computed checks a pack may name; each is a module of this package."""


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


def check_module(name: str) -> ModuleType:
    """The module of a computed check: `check`, the `READS` paths it judges, and the `PARAMS` schema of its parameters."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"svcstd.checks.{name}")


def get_check(name: str) -> Check:
    return check_module(name).check  # type: ignore[no-any-return]


def reads(name: str) -> tuple[tuple[str, ...], ...]:
    """The charter paths a check judges ("*" for any list item), so a malformed value there is never "met"."""
    return tuple(getattr(check_module(name), "READS", ()))
