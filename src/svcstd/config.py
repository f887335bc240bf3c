"""Settings: defaults, then `svcstd.toml` or `[tool.svcstd]` in pyproject.toml, then the command line.

The file is found like ruff finds its own: in the current directory or the
nearest parent that has one. It is validated against
`schemas/config.schema.json`, so a mistake names its key.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svcstd.errors import UsageError
from svcstd.resources import json_resource

if TYPE_CHECKING:
    from svcstd.catalogue import Catalogue
    from svcstd.checks import Records
    from svcstd.engine import Options

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]


@dataclass
class Settings:
    profile: str = "all"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    exclude: list[str] = field(default_factory=list)
    standards: list[str] = field(default_factory=list)
    waivers: bool = True
    binding: list[str] = field(default_factory=list)
    """Packs or standards adopted as binding: their `should` rules are errors (see apply_binding)."""
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str | None = None
    """The configuration file these settings came from, if any."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for directory in [start, *start.parents]:
        dedicated = directory / "svcstd.toml"
        if dedicated.is_file():
            return dedicated, _dedicated_table(_read(dedicated))
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("svcstd")
            if table is not None:
                return pyproject, table
    return None


def _dedicated_table(data: dict[str, Any]) -> dict[str, Any]:
    """svcstd.toml holds the settings at its top level; a `[tool.svcstd]` table copied from pyproject.toml works too."""
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and isinstance(tool.get("svcstd"), dict):
        return tool["svcstd"]
    return data


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot read configuration: {error}") from None


def load_settings(explicit: str | None = None, cwd: Path | None = None) -> Settings:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"--config {explicit}: no such file")
        data = _read(path)
        found: tuple[Path, dict[str, Any]] | None = (
            path,
            data.get("tool", {}).get("svcstd", {}) if path.name == "pyproject.toml" else _dedicated_table(data),
        )
    else:
        found = find_config(cwd or Path.cwd())
    if found is None:
        return Settings()
    path, table = found
    validate(table, path)
    base = path.parent
    settings = Settings(**table, source=str(path))
    settings.standards = [str(base / pack) for pack in settings.standards]
    return settings


def validate(table: dict[str, Any], path: Path) -> None:
    import jsonschema

    schema = json_resource("config.schema.json")
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(table))
    if error is None:
        return
    key = ".".join(str(step) for step in error.absolute_path)
    if error.validator == "additionalProperties":
        unknown = [k for k in error.instance if k not in error.schema.get("properties", {})]
        close = difflib.get_close_matches(unknown[0], list(error.schema.get("properties", {})), n=1) if unknown else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        where = f"{key}." if key else ""
        raise UsageError(f"{path}: invalid configuration: unknown key {where}{unknown[0]!r}{hint}")
    raise UsageError(f"{path}: invalid configuration: key {key or '(top level)'!r}: {error.message}")


def check_ids(ids: list[str], known: set[str], option: str) -> None:
    for item in ids:
        if item not in known:
            close = difflib.get_close_matches(item, sorted(known), n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else "; `svcstd standards` lists them"
            raise UsageError(f"{option}: unknown rule or standard {item!r}{hint}")


def resolve_settings(
    config: str | None,
    *,
    fail_on: str | None = None,
    profile: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    standards: list[str] | None = None,
    exclude: list[str] | None = None,
    no_waivers: bool = False,
) -> Settings:
    """The configuration file first, then the command line on top of it (lists given on both are joined, --select replaces)."""
    settings = load_settings(config)
    if fail_on is not None:
        settings.fail_on = fail_on
    if settings.fail_on not in ("error", "warning", "info"):
        raise UsageError(f"--fail-on must be error, warning or info, not {settings.fail_on!r}")
    if profile is not None:
        settings.profile = profile
    if select:
        settings.select = select
    settings.ignore = [*settings.ignore, *(ignore or [])]
    settings.standards = [*settings.standards, *(standards or [])]
    settings.exclude = [*settings.exclude, *(exclude or [])]
    if no_waivers:
        settings.waivers = False
    return settings


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date written YYYY-MM-DD") from None


def check_selection(settings: Settings, catalogue: Catalogue) -> None:
    """Every id, profile and rule override the settings name exists in the catalogue, before any charter is read."""
    from svcstd.catalogue import check_overrides

    if settings.profile != "all" and settings.profile not in catalogue.packs:
        packs = ", ".join(p for p in catalogue.packs if p != "format")
        raise UsageError(f"--profile {settings.profile!r} is not a pack; choose all or one of: {packs}")
    known = set(catalogue.rules) | set(catalogue.by_id)
    check_ids(settings.select, known, "select")
    check_ids(settings.ignore, known, "ignore")
    check_ids(list(settings.rules), set(catalogue.rules), "rules")
    check_overrides(catalogue, settings.rules, settings.source or "svcstd.toml")
    apply_binding(settings, catalogue)


def apply_binding(settings: Settings, catalogue: Catalogue) -> None:
    """A ministry that adopts a pack (or one standard) as binding makes its recommendations requirements: each of its
    rules whose source says "should" is judged as an error, unless [rules.ID] sets a severity itself. The raised
    severities are ordinary rule settings, so every report echoes them as it echoes thresholds."""
    for name in settings.binding:
        if name not in catalogue.packs and name not in catalogue.by_id:
            check_ids([name], set(catalogue.by_id) | set(catalogue.packs), "binding")
        for standard in catalogue.standards:
            if name not in (standard.pack, standard.id):
                continue
            for rule in standard.rules:
                if rule.force == "should":
                    settings.rules[rule.id] = {"severity": "error", **settings.rules.get(rule.id, {})}


def engine_options(settings: Settings, as_of: date, records: Records | None = None) -> Options:
    """What the engine is told, from the settings (configuration file under the command line), and the delivery
    records where a command has them."""
    from svcstd.engine import Options

    return Options(
        as_of=as_of,
        params=settings.rules,
        select=frozenset(settings.select),
        ignore=frozenset(settings.ignore),
        profile=settings.profile,
        waivers=settings.waivers,
        records=records,
    )
