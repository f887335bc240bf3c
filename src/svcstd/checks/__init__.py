"""Computed checks: what a JSON Schema cannot express (schedules, dates, comparisons).

Each check lives in its own module named after what it checks (as yamllint's
rules do): `check(document, context)` yields an Outcome for each place that
does not pass, `PARAMS` is the JSON Schema of the parameters a pack gives it
(validated when the pack loads), and `READS` lists the charter paths it
judges. The registry is this package: a new module is a new check a pack may
name (CONTRIBUTING.md, "Adding a computed check"). `RULES` names the bundled
rules a check serves, so a test can hold the catalogue and the checks to each
other.

An installed package adds checks through the entry-point group
`svcstd.checks` (`name = "package.module"`, a module of the same shape): an
organisation's own pack may then name them. A bundled check's name is never
taken over by a plugin.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any

from svcstd.findings import Status
from svcstd.loader import Document, JsonPath

PLUGIN_GROUP = "svcstd.checks"


@cache
def bundled() -> tuple[str, ...]:
    """svcstd's own computed checks: every module of this package (listed once, imported only when used)."""
    return tuple(sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")))


@cache
def plugins() -> dict[str, str]:
    """Checks installed packages add (entry-point group svcstd.checks): name to module, bundled names left out."""
    from importlib.metadata import entry_points

    own = set(bundled())
    return {ep.name: ep.value for ep in entry_points(group=PLUGIN_GROUP) if ep.name not in own}


@cache
def registry() -> tuple[str, ...]:
    """The computed checks a pack may name: svcstd's own, then those of installed plugins."""
    return (*bundled(), *sorted(plugins()))


@dataclass(frozen=True)
class Outcome:
    status: Status
    path: JsonPath
    detail: str


@dataclass(frozen=True)
class Recorded:
    """A KPI's latest result as the charter states it, beside the share its department's records give for the
    same period (None: the records hold no case then)."""

    index: int
    """The KPI's place in `kpis`."""
    kpi: str
    period: str
    stated: float
    recorded: float | None

    def apart(self, gap: float) -> bool:
        """Whether the stated result is further than `gap` percentage points from the records (which hold a case)."""
        return self.recorded is not None and abs(self.stated - self.recorded) > gap


Records = Callable[[Document], list[Recorded]]
"""The department's records of a charter's promises, as `check --measurements` reads them from its logs: the
commands know where logs are and how to read them; a check only compares."""


@dataclass(frozen=True)
class CheckContext:
    as_of: date
    params: Mapping[str, Any] = field(default_factory=dict)
    records: Records | None = None
    """Given only to a check whose rule `needs: measurements`, and only when logs were given."""


Check = Callable[[Document, CheckContext], Iterator[Outcome]]


def check_module(name: str) -> ModuleType:
    """The module of a computed check: `check`, the `READS` paths it judges, and the `PARAMS` schema of its parameters."""
    if name in bundled():
        return importlib.import_module(f"svcstd.checks.{name}")
    if name in plugins():
        return importlib.import_module(plugins()[name])
    raise KeyError(name)


def get_check(name: str) -> Check:
    check: Check = check_module(name).check
    return check


def reads(name: str) -> tuple[tuple[str, ...], ...]:
    """The charter paths a check judges ("*" for any list item), so a malformed value there is never "met"."""
    return tuple(getattr(check_module(name), "READS", ()))
