"""One way to the verdicts: the configuration, the catalogue with its extra packs, the selection and the engine.

Every command that judges a charter (check, render, report, diff, export,
fix, explain) builds its judge here, so none can judge differently: export
once ignored `svcstd.toml` and custom packs, and report read the engine's
options before a binding adoption raised them. The command line adds its own
options on top of the configuration file, as `resolve_settings` says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from svcstd.config import Settings, check_selection, engine_options, resolve_settings

if TYPE_CHECKING:
    from svcstd.catalogue import Catalogue, Reading
    from svcstd.checks import Records
    from svcstd.engine import Engine


@dataclass(frozen=True)
class Judge:
    """The settings in force, the catalogue as loaded and the engine that applies them."""

    settings: Settings
    catalogue: Catalogue
    engine: Engine

    @property
    def readings(self) -> list[Reading]:
        """Every threshold and severity in force, as every report echoes them."""
        return self.catalogue.readings(self.settings.rules)


def build_judge(
    config: str | None,
    as_of: date,
    *,
    standards: list[str] | None = None,
    fail_on: str | None = None,
    profile: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    exclude: list[str] | None = None,
    no_waivers: bool = False,
    records: Records | None = None,
) -> Judge:
    """The judge of one run: the configuration file under the command line's options, then `judge_from`;
    `records`, the department's delivery logs, for the rules that need them (`check --measurements`)."""
    settings = resolve_settings(
        config,
        fail_on=fail_on,
        profile=profile,
        select=select,
        ignore=ignore,
        standards=standards,
        exclude=exclude,
        no_waivers=no_waivers,
    )
    return judge_from(settings, as_of, records)


def judge_from(settings: Settings, as_of: date, records: Records | None = None) -> Judge:
    """The judge of settings already resolved (a command that reads its inputs first, to report its own faults
    before any pack's): every id they name checked against the catalogue (a binding adoption applied there), and
    only then the engine's options, so nothing is read before it is final."""
    from svcstd.catalogue import load_catalogue
    from svcstd.engine import Engine

    catalogue = load_catalogue(settings.standards)
    check_selection(settings, catalogue)
    return Judge(settings, catalogue, Engine(catalogue, engine_options(settings, as_of, records)))
