"""Findings, results, reports and charters made in process, for the tests that need no command line."""

from __future__ import annotations

import io
import json
import os
import random
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema

from conftest import AS_OF, EXAMPLES, ROOT
from svcstd import __version__
from svcstd.catalogue import load_catalogue
from svcstd.check.reporters import ReportSettings, open_reporter
from svcstd.checks import CheckContext, Outcome, get_check
from svcstd.engine import Engine, Options
from svcstd.errors import InputError
from svcstd.findings import FileResult, Finding, StandardResult, Status, Waiver, standard_status
from svcstd.loader import Document, load_text

DAY = date(2025, 11, 1)


CATALOGUE = load_catalogue()


WAIVER = Waiver("BZ-D8-01", "Agreed", "CEO", "2026-01-31")


FILE = "dir/a,b:c%d.yaml"


def finding(
    rule_id: str,
    severity: str,
    status: Status = Status.NOT_MET,
    detail: str = "x%y\nz",
    line: int = 3,
    waiver: Waiver | None = None,
) -> Finding:
    rule = CATALOGUE.rules[rule_id]
    return Finding(
        rule_id, rule.standard_id, severity, status, "msg", detail, ("a", 1), FILE, line, 5, "C 1", "fix it", waiver
    )


ERROR, WARNING, INFO = (
    finding("BZ-D1-01", "error"),
    finding("BZ-D8-01", "warning", line=4),
    finding("BZ-B-12", "info", line=5),
)


WAIVED = finding("BZ-D8-02", "warning", line=6, waiver=WAIVER)


UNREADABLE = FileResult("bad:1,%.yaml", error=InputError("bad:1,%.yaml", "not YAML", line=7))


def catalogue_finding(
    rule_id: str, line: int, detail: str = "d", file: str = "a.yaml", waiver: Waiver | None = None
) -> Finding:
    rule = CATALOGUE.rules[rule_id]
    return Finding(
        rule_id,
        rule.standard_id,
        rule.severity,
        Status.NOT_MET,
        rule.message,
        detail,
        ("x",),
        file,
        line,
        1,
        rule.clause,
        rule.fix,
        waiver,
    )


def catalogue_result(*findings: Finding, file: str = "a.yaml") -> FileResult:
    by_standard: dict[str, list[Finding]] = {}
    for f in findings:
        by_standard.setdefault(f.standard_id, []).append(f)
    return FileResult(
        file,
        [
            StandardResult(s, CATALOGUE.by_id[s].title, CATALOGUE.by_id[s].clause, standard_status(fs), fs)
            for s, fs in by_standard.items()
        ],
    )


CHARTER = """format_version: 1
organisation:
  name: "Registry, Belmopan: 100% of cases"
  ministry: 7
  countyr: BZ
opening_hours:
  timezone: America/Belise
  weekly:
    monday: [{opens: 0800, closes: "16:00"}]
    tuesday: [{opens: "08:00", closes: "4:30pm"}]
sites:
  - name: Annex
    opening_hours: {timezone: Mars/Olympus, weekly: {}}
charter:
  review_cycle_months: "12"
  published: yes
correspondence:
  reply_within_working_days: 12
  replies_include: {contact_name: true}
complaints:
  channels: [email]
waivers:
  - {rule: BZ-D2-01, justification: Agreed while the registry moves., approved_by: Registrar, expires: "2026-01-31"}
  - {rule: BZ-D7-02, path: staffing, justification: Old., approved_by: Registrar, expires: "2025-01-31"}
"""


ENGINE = Engine(CATALOGUE, Options(DAY))


def results() -> list[FileResult]:
    checked = ENGINE.check(load_text(CHARTER, "charters/registry, a:b%.yaml"))
    unreadable = FileResult(
        "charters/broken.yaml", error=InputError("charters/broken.yaml", "not YAML", line=3, column=7)
    )
    return [checked, unreadable]


def written_by(name: str, *results: FileResult, **settings: object) -> str:
    sink = io.StringIO()
    reporter = open_reporter(name, sink, ReportSettings(CATALOGUE, DAY, **settings))  # type: ignore[arg-type]
    for r in results:
        reporter.add(r)
    reporter.close()
    return sink.getvalue()


def dumped(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def _format_findings(text: str) -> list:
    return [f for f in ENGINE.check(load_text(text, "c.yaml")).findings if f.rule_id.startswith("FMT")]


HEAD = "format_version: 1\norganisation: {name: Unit}\n"


WEEKDAY = [{"opens": "08:00", "closes": "16:00"}]


def outcomes_of_yaml(name: str, text: str, as_of: date = date(2025, 11, 1), **params):
    return list(get_check(name)(load_text(text, "t.yaml"), CheckContext(as_of, params)))


REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()


def report(name: str, *results: FileResult, fail_on: str = "error", tmp_path: Path | None = None) -> str:
    sink = io.StringIO()
    settings = ReportSettings(CATALOGUE, DAY, fail_on, sarif_root=str(tmp_path) if tmp_path else None)
    reporter = open_reporter(name, sink, settings)
    for r in results:
        reporter.add(r)
    reporter.close()
    return sink.getvalue()


def _standard_findings(report: dict, standard: str) -> list[dict]:
    return next(s for s in report["files"][0]["standards"] if s["id"] == standard)["findings"]


def run_root():
    from conftest import ROOT

    return ROOT


SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-2.1.0.schema.json").read_text())


LANDS = (EXAMPLES / "lands-department.yaml").read_text()


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


WEEKLY = {day: [{"opens": "08:00", "closes": "16:00"}] for day in WEEKDAYS}


IMMIGRATION = (EXAMPLES / "immigration-department.yaml").read_text(encoding="utf-8")


LANDS_TEXT = (EXAMPLES / "lands-department.yaml").read_text(encoding="utf-8")


REGISTRY_TEXT = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")


AIRPORT = "Philip Goldson International Airport"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def result(*findings: Finding, missing: bool = False) -> FileResult:
    by_standard: dict[str, list[Finding]] = {}
    for f in findings:
        by_standard.setdefault(f.standard_id, []).append(f)
    standards = [
        StandardResult(s, CATALOGUE.by_id[s].title, CATALOGUE.by_id[s].clause, standard_status(fs), fs)
        for s, fs in by_standard.items()
    ]
    if missing:
        gone = next(s for s in CATALOGUE.standards if s.missing_from_source)
        standards.append(StandardResult(gone.id, gone.title, gone.clause, Status.MISSING_FROM_SOURCE, []))
    return FileResult(FILE, standards)


def _one_line_error(result) -> None:
    assert result.code == 2, (result.code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("svcstd: error: ") and result.stderr.count("\n") == 1, result.stderr


def _hsds(run, tmp_path, *charters):
    out = tmp_path / "hsds"
    result = run("export", *map(str, charters), "--to", "hsds", "-o", str(out), "--as-of", AS_OF)
    return result, out


def _errors(schema: dict, instance: object) -> list:

    return list(jsonschema.Draft202012Validator(schema).iter_errors(instance))


def snapshot(name: str, text: str) -> None:
    """`text` is what the reviewed snapshot `name` says; snapshots sit beside the tests that read them
    (`snapshots/` in the calling test's folder)."""
    import inspect

    caller = Path(inspect.stack()[1].filename)
    text = text.replace(f'"{__version__}"', '"VERSION"').replace(f"svcstd {__version__}", "svcstd VERSION")
    path = caller.parent / "snapshots" / name
    if os.environ.get("SVCSTD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run SVCSTD_UPDATE_GOLDEN=1 pytest {caller}"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; inspect the diff, regenerate with SVCSTD_UPDATE_GOLDEN=1"
    )


def outcomes(name: str, data: dict, as_of: date = DAY, **params: object) -> list[Outcome]:
    return list(get_check(name)(Document("t.yaml", data), CheckContext(as_of, params)))


HOSTILE = """\
format_version: 1
organisation:
  name: "<script>alert('name')</script> Department"
  mission: "</script><script>alert('mission')</script>"
  country: BZ
  accountable_official: {name: "<img src=x onerror=alert(1)>", title: "**bold** [link](javascript:alert(1))"}
charter: {languages: ['en"><script>alert(1)</script>']}
contact:
  telephone: ["+501 <b>822</b>"]
  email: 'x" onmouseover="alert(1)@example.org'
  social_media: [{platform: Evil, url: "javascript:alert(1)"}]
website: {url: "javascript:alert(document.cookie)"}
opening_hours:
  weekly: {monday: [{opens: "08:00", closes: "17:00"}]}
  notes: "# heading\\n- list | table |"
services:
  - {name: "<iframe src=//evil.example>", standard: {promise: "{{ 7*7 }} {% raw %}", within_working_days: 2}}
"""


def replace_subtree(data, rng: random.Random, value):
    """The charter with one value somewhere inside it swapped for `value`."""
    import copy

    data = copy.deepcopy(data)
    node: Any = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return data
        key = rng.choice(keys)
        if not isinstance(node[key], (dict, list)) or rng.random() < 0.3:
            node[key] = value
            return data
        node = node[key]
    return data
