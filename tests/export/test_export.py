"""`svcstd export` through the installed command: calendars and the service-standards table, read back by their
real consumers (icalendar and vobject with dateutil's recurrence rules; csv and json), deterministic, and written
through the site manifest so nothing svcstd did not write is replaced."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import vobject

from conftest import AS_OF, EXAMPLES

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
BZ_2025_HOLIDAYS = {
    date(2025, 1, 1),
    date(2025, 1, 15),
    date(2025, 3, 10),  # National Heroes and Benefactors Day, moved from Sunday 9 March to the Monday
    date(2025, 4, 18),
    date(2025, 4, 19),
    date(2025, 4, 21),
    date(2025, 5, 1),
    date(2025, 8, 1),
    date(2025, 9, 10),
    date(2025, 9, 22),  # Independence Day, moved to the Monday
    date(2025, 10, 13),  # moved to the Monday
    date(2025, 11, 19),
    date(2025, 12, 25),
    date(2025, 12, 26),
}


def _export(run, tmp_path, *paths, to="ical", extra=()):
    out = tmp_path / "out"
    result = run("export", *map(str, paths), "--to", to, "-o", str(out), "--as-of", AS_OF, *extra)
    return result, out


def _openings(path) -> dict[date, list[tuple[time, time]]]:
    """Every opening in the year as vobject and dateutil expand it: an independent reading of the RRULE and EXDATEs."""
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    found: dict[date, list[tuple[time, time]]] = {}
    for event in calendar.vevent_list:
        if not hasattr(event, "rrule"):
            continue
        length = event.dtend.value - event.dtstart.value
        for start in event.getrruleset():
            found.setdefault(start.date(), []).append((start.time(), (start + length).time()))
    return {day: sorted(spans) for day, spans in found.items()}


def test_a_calendar_opens_on_every_working_weekday_and_never_on_a_holiday_or_closure(run, tmp_path):
    result, out = _export(run, tmp_path, EXAMPLES / "vital-statistics-registry.yaml")
    assert result.code == 0, result.stderr
    path = out / "vital-statistics-registry.ics"
    openings = _openings(path)
    closed = BZ_2025_HOLIDAYS | {date(2025, 12, 24)}  # the charter's own closure
    day = date(2025, 1, 1)
    while day.year == 2025:
        expected = []
        if day.weekday() < 5 and day not in closed:
            expected = [(time(8, 0), time(16, 0) if day.weekday() == 4 else time(16, 30))]
        assert openings.get(day, []) == expected, day
        day += timedelta(days=1)
    # the same file as icalendar reads it: the time zone, and an all-day "Closed" event per closed day
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["x-wr-timezone"]) == "America/Belize"
    assert [c["tzid"] for c in calendar.walk("VTIMEZONE")] == ["America/Belize"]
    all_day = {
        e.decoded("dtstart"): str(e["summary"])
        for e in calendar.walk("VEVENT")
        if not isinstance(e.decoded("dtstart"), datetime)
    }
    assert set(all_day) == closed
    assert all_day[date(2025, 3, 10)] == (
        "Vital Statistics Unit: Closed: National Heroes and Benefactors Day (in lieu of Sunday 9 March) (public holiday)"
    )
    assert all_day[date(2025, 12, 24)] == "Vital Statistics Unit: Closed: Christmas Eve: closed for staff training"


OVERNIGHT = """\
format_version: 1
organisation: {name: Oficina de Atención al Público, country: BZ}
opening_hours:
  timezone: America/Belize
  weekly:
    monday: [{opens: "08:00", closes: "12:00"}, {opens: "13:00", closes: "17:00"}]
    friday: [{opens: "22:00", closes: "02:00"}]
  public_holidays: open
sites:
  - name: Sede de San Ignacio — Peñón
    opening_hours:
      timezone: America/Belize
      weekly: {saturday: [{opens: "09:00", closes: "13:00"}]}
      public_holidays: closed
      holiday_calendar: BZ
"""


def test_split_and_overnight_intervals_and_sites_with_accents(run, tmp_path):
    charter = tmp_path / "oficina.yaml"
    charter.write_text(OVERNIGHT, encoding="utf-8")
    result, out = _export(run, tmp_path, charter, extra=("--year", "2025"))
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.ics")) == ["oficina-sede-de-san-ignacio-penon.ics", "oficina.ics"]
    main = _openings(out / "oficina.ics")
    assert main[date(2025, 3, 10)] == [(time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))]  # open on a holiday
    assert main[date(2025, 3, 14)] == [(time(22, 0), time(2, 0))]
    friday = vobject.readOne((out / "oficina.ics").read_text(encoding="utf-8"))
    [late] = [e for e in friday.vevent_list if e.dtstart.value.time() == time(22, 0)]
    assert late.dtend.value - late.dtstart.value == timedelta(hours=4)  # runs past midnight into Saturday
    site = icalendar.Calendar.from_ical((out / "oficina-sede-de-san-ignacio-penon.ics").read_bytes())
    assert str(site["x-wr-calname"]) == "Oficina de Atención al Público: Sede de San Ignacio — Peñón opening hours 2025"
    saturdays = _openings(out / "oficina-sede-de-san-ignacio-penon.ics")
    assert date(2025, 4, 19) not in saturdays  # Holy Saturday: the site closes on public holidays
    assert len(saturdays) == 52 - 1


def test_multi_site_charters_get_a_calendar_per_site_and_two_runs_write_the_same_bytes(run, tmp_path):
    result, out = _export(run, tmp_path, EXAMPLES / "immigration-department.yaml")
    assert result.code == 0 and "exported anyway" in result.stderr  # not compliant, but well formed
    files = {p.name: p.read_bytes() for p in sorted(out.glob("*.ics"))}
    assert list(files) == [
        "immigration-department-philip-goldson-international-airport.ics",
        "immigration-department-western-border-station.ics",
        "immigration-department.ics",
    ]
    again, _ = _export(run, tmp_path, EXAMPLES / "immigration-department.yaml")
    assert again.code == 0
    assert {p.name: p.read_bytes() for p in sorted(out.glob("*.ics"))} == files
    manifest = json.loads((out / ".svcstd-manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(files)


def test_a_file_svcstd_did_not_write_is_never_replaced_and_a_failing_charter_is_exported_as_render_renders_it(
    run, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "vital-statistics-registry.ics"
    mine.write_text("my own calendar\n")
    result, _ = _export(run, tmp_path, EXAMPLES / "vital-statistics-registry.yaml")
    assert result.code == 2 and "exists and is not a page svcstd wrote" in result.stderr
    assert mine.read_text() == "my own calendar\n"
    forced, _ = _export(run, tmp_path, EXAMPLES / "vital-statistics-registry.yaml", extra=("--force",))
    assert forced.code == 0 and mine.read_text().startswith("BEGIN:VCALENDAR")
    # one rule with render: a charter check would fail (here the format) is exported with a warning naming what it
    # misses; --strict refuses the run (exit 1) and writes nothing
    failing, out2 = _export(run, tmp_path / "b", EXAMPLES / "small-unit.yaml", to="standards")
    assert failing.code == 0, failing.stderr
    assert re.search(r"small-unit.yaml: does not meet [^\n]*FORMAT[^\n]*; exported anyway", failing.stderr)
    assert json.loads((out2 / "service-standards.json").read_text())["columns"][0] == "organisation"
    strict, out3 = _export(run, tmp_path / "c", EXAMPLES / "small-unit.yaml", to="standards", extra=("--strict",))
    assert strict.code == 1 and "not exported (--strict)" in strict.stderr
    assert not out3.exists()
    rendered = run("render", str(EXAMPLES / "small-unit.yaml"), "--strict", "-o", str(tmp_path / "d"), "--as-of", AS_OF)
    assert rendered.code == 1 and not (tmp_path / "d").exists()


def test_the_service_standards_table_matches_what_measure_says(run, tmp_path):
    result, out = _export(
        run,
        tmp_path,
        EXAMPLES / "vital-statistics-registry.yaml",
        EXAMPLES / "lands-department.yaml",
        to="standards",
        extra=("--measurements", str(EXAMPLES / "logs"), "--period", "2025"),
    )
    assert result.code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO((out / "service-standards.csv").read_text(encoding="utf-8"))))
    data = json.loads((out / "service-standards.json").read_text(encoding="utf-8"))
    assert data["columns"] == list(table[0]) and len(data["rows"]) == len(table)
    measured = run(
        "measure",
        str(EXAMPLES / "vital-statistics-registry.yaml"),
        "--correspondence",
        str(EXAMPLES / "logs/vital-statistics-registry.correspondence.csv"),
        "--complaints",
        str(EXAMPLES / "logs/vital-statistics-registry.complaints.csv"),
        "--period",
        "2025",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    ).json()["reports"][0]
    rows = {(r["organisation"], r["service"]): r for r in data["rows"]}
    for standard in measured["standards"]:
        row = rows["Vital Statistics Unit", standard["label"]]
        assert (row["volume"], row["met"], row["percent_met"], row["verdict"], row["period"]) == (
            standard["volume"],
            standard["within"],
            standard["share_percent"],
            standard["verdict"],
            "2025",
        )
    birth = rows["Vital Statistics Unit", "Registering a birth"]
    assert birth["standard"] == "within 30 minutes" and birth["volume"] is None  # published, never guessed
    assert rows["Lands and Surveys Department", "Land title search"]["channels"] == "in_person; online"


def test_the_standards_table_keeps_accents_and_two_runs_write_the_same_bytes(run, tmp_path):
    charter = tmp_path / "oficina.yaml"
    charter.write_text(
        OVERNIGHT
        + "services:\n  - id: licencia\n    name: Licencia de operación\n    channels: [in_person]\n"
        + "    standard: {within_working_days: 3, target_percent: 90}\n",
        encoding="utf-8",
    )
    result, out = _export(run, tmp_path, charter, to="standards")
    assert result.code == 0, result.stderr
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    [row] = list(csv.DictReader(io.StringIO((out / "service-standards.csv").read_text(encoding="utf-8"))))
    assert (row["organisation"], row["service"], row["standard"], row["target_percent"], row["channels"]) == (
        "Oficina de Atención al Público",
        "Licencia de operación",
        "within 3 working days",
        "90",
        "in_person",
    )
    again, _ = _export(run, tmp_path, charter, to="standards")
    assert again.code == 0 and {path.name: path.read_bytes() for path in out.iterdir()} == first


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace("name: {en: Registering a birth,", "name: {en: =HYPERLINK(1),"), encoding="utf-8"
    )
    result, out = _export(run, tmp_path, charter, to="standards")
    assert result.code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO((out / "service-standards.csv").read_text(encoding="utf-8"))))
    assert "'=HYPERLINK(1)" in [row["service"] for row in table]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "pdf"], "--to 'pdf' is not one of: hsds, ical, standards"),
        (["--to", "ical", "--year", "99999"], "--year 99999 is outside 1900 to 2200"),
        (["--to", "standards", "--measurements", "nowhere"], "--measurements nowhere is not a directory"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(run, tmp_path, args, message):
    result = run("export", str(EXAMPLES / "lands-department.yaml"), "-o", str(tmp_path / "o"), *args)
    assert result.code == 2 and message in result.stderr and not (tmp_path / "o").exists()


def _hsds_validator():
    """HSDS 3.0's own table schemas (tests/data/hsds-3.0, vendored with their licence), each at its own URI."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from conftest import ROOT

    base = "https://openreferral.org/hsds/3.0/"
    folder = ROOT / "tests/data/hsds-3.0"
    registry = Registry().with_resources(
        (base + path.name, Resource(json.loads(path.read_text(encoding="utf-8")), DRAFT202012))
        for path in folder.glob("*.json")
    )
    schema = {"$id": base + "service.json", **json.loads((folder / "service.json").read_text(encoding="utf-8"))}
    return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())


def test_hsds_records_are_valid_hsds_3_0_services_with_their_organization_and_locations(run, tmp_path):
    charter = tmp_path / "oficina.yaml"
    charter.write_text(
        OVERNIGHT + "services:\n  - {id: licencia, name: Licencia de operación, channels: [in_person], fee: 0}\n",
        encoding="utf-8",
    )
    charters = (EXAMPLES / "vital-statistics-registry.yaml", EXAMPLES / "immigration-department.yaml", charter)
    result, out = _export(run, tmp_path, *charters, to="hsds")
    assert result.code == 0, result.stderr
    records = json.loads((out / "hsds-services.json").read_text(encoding="utf-8"))
    validator = _hsds_validator()
    for record in records:
        assert list(validator.iter_errors(record)) == [], record["name"]
    assert list(validator.iter_errors({"id": records[0]["id"], "name": "x"}))  # the schema does judge: no status
    names = [r["name"] for r in records]
    assert names[:3] == [
        "Registering a birth",
        "Certified copy of a birth certificate",
        "Certified copy of a marriage certificate",
    ]
    licence = records[-1]
    assert licence["name"] == "Licencia de operación" and licence["fees_description"] == "Free"
    locations = licence["organization"]["locations"]
    assert [loc["name"] for loc in locations] == ["Oficina de Atención al Público", "Sede de San Ignacio — Peñón"]
    friday = [s for s in locations[0]["schedules"] if s["byday"] == "FR"]
    assert friday == [
        {
            "id": friday[0]["id"],
            "freq": "WEEKLY",
            "wkst": "MO",
            "interval": 1,
            "byday": "FR",
            "opens_at": "22:00:00",
            "closes_at": "02:00:00",
            "description": "Friday 22:00 to 02:00 the next day",
            "timezone": -6.0,
            "location_id": locations[0]["id"],
        }
    ]
    assert len([s for s in locations[0]["schedules"] if s["byday"] == "MO"]) == 2  # split: two intervals
    assert licence["service_at_locations"][0]["location_id"] == locations[0]["id"]
    immigration = [r for r in records if r["organization"]["name"] == "Immigration and Nationality Department"]
    assert len(immigration[0]["organization"]["locations"]) == 3
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    _export(run, tmp_path, *charters, to="hsds")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == written  # byte for byte, ids and all
    # the same records as HSDS's CSV tables: valid under HSDS 3.0's own data package, as HSDS checks its examples
    assert _frictionless_errors(out, tmp_path) == []
    services = out / "services.csv"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace(records[0]["organization_id"], "6f1e1f0e-0000-5000-8000-000000000000"))
    assert "foreign-key" in _frictionless_errors(out, tmp_path)  # and frictionless does judge: an unknown organization


def _frictionless_errors(out, tmp_path) -> list[str]:
    """Frictionless validating the CSV tables against HSDS 3.0's datapackage.json (vendored in tests/data/hsds-3.0),
    limited to the tables svcstd writes and the foreign keys between them."""
    from frictionless import validate

    from conftest import ROOT

    hsds = json.loads((ROOT / "tests/data/hsds-3.0/tabular/datapackage.json").read_text(encoding="utf-8"))
    written = {r["name"] for r in json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert written == {
        "organization",
        "service",
        "service_at_location",
        "location",
        "phone",
        "contact",
        "schedule",
        "language",
        "cost_option",
    }
    package = tmp_path / "package"  # the tables beside HSDS's descriptor: frictionless reads relative paths only
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir()
    resources = []
    for resource in hsds["resources"]:
        if resource["name"] in written:
            shutil.copy(out / resource["path"], package / resource["path"])
            keys = [k for k in resource["schema"].get("foreignKeys", []) if k["reference"]["resource"] in written]
            resources.append({**resource, "schema": {**resource["schema"], "foreignKeys": keys}})
    descriptor = package / "datapackage.json"
    descriptor.write_text(json.dumps({**{k: v for k, v in hsds.items() if k != "resources"}, "resources": resources}))
    report = validate(str(descriptor))
    return [error.type for task in report.tasks for error in task.errors]


def test_render_with_exports_publishes_and_links_each_calendar_and_the_hsds_records(run, tmp_path):
    site = tmp_path / "site"
    result = run(
        "render",
        str(EXAMPLES / "immigration-department.yaml"),
        str(EXAMPLES / "small-unit.yaml"),
        "-o",
        str(site),
        "--with-exports",
        "--as-of",
        AS_OF,
    )
    assert result.code == 0, result.stderr
    page = (site / "immigration-department.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" type="([^"]+)">([^<]+)</a>', page)
    assert links == [
        (
            "immigration-department.ics",
            "text/calendar",
            "Opening hours of Immigration and Nationality Department for your calendar (iCalendar)",
        ),
        (
            "immigration-department-philip-goldson-international-airport.ics",
            "text/calendar",
            "Opening hours of Philip Goldson International Airport for your calendar (iCalendar)",
        ),
        (
            "immigration-department-western-border-station.ics",
            "text/calendar",
            "Opening hours of Western Border Station for your calendar (iCalendar)",
        ),
        ("immigration-department.hsds.json", "application/json", "Our services as open data (HSDS 3.0, JSON)"),
    ]
    for href, _, _ in links:
        assert (site / href).is_file(), href
    assert icalendar.Calendar.from_ical((site / "immigration-department.ics").read_bytes())
    manifest = json.loads((site / ".svcstd-manifest.json").read_text())
    assert {href for href, _, _ in links} <= set(manifest["files"])
    # the small unit fails the format: its page is rendered, but nothing is exported for it
    assert "Downloads" not in (site / "small-unit.html").read_text(encoding="utf-8")
    assert not list(site.glob("small-unit*.ics")) and not (site / "small-unit.hsds.json").exists()
    refused = run("render", str(EXAMPLES / "lands-department.yaml"), "--with-exports")
    assert refused.code == 2 and "--with-exports writes files beside the pages: give --output DIR" in refused.stderr
