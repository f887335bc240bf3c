"""export, diff, fix and init under hostile input, each class of the probe through the installed command.

Each test names the class it guards (issue 29's numbering) and failed before the
fix at its root: the one JSON and CSV writer, one-line iCalendar names, bounded
file names, the output folder that never writes through a link, and so on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import icalendar
import pytest

from conftest import AS_OF, EXAMPLES

IMMIGRATION = (EXAMPLES / "immigration-department.yaml").read_text(encoding="utf-8")
LANDS = (EXAMPLES / "lands-department.yaml").read_text(encoding="utf-8")
REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
AIRPORT = "Philip Goldson International Airport"
CONTROLS = ("\x1b", "\x00", "\x07", "\x7f", "\x0b", "\x0c", "\r")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_line_error(result) -> None:
    assert result.code == 2, (result.code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("svcstd: error: ") and result.stderr.count("\n") == 1, result.stderr


# 1 and 5: names are one line in iCalendar, whatever they hold


@pytest.mark.parametrize("control", ["\n", *CONTROLS])
def test_a_line_break_or_control_character_in_a_name_never_reaches_a_calendar(run, tmp_path, control):
    name = f"Airport{control}END:VCALENDAR{control}BEGIN:VEVENT"
    charter = _write(tmp_path, "imm.yaml", IMMIGRATION.replace(f"name: {AIRPORT}", f"name: {json.dumps(name)}"))
    out = tmp_path / "out"
    result = run("export", str(charter), "--to", "ical", "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    for path in out.glob("*.ics"):
        raw = path.read_bytes()
        lines = raw.decode("utf-8").split("\r\n")
        assert not any(char in line for line in lines for char in (*CONTROLS, "\n")), path.name
        calendar = icalendar.Calendar.from_ical(raw)
        assert sum(1 for c in calendar.walk() if c.name == "VCALENDAR") == 1
        names = [str(c.get("summary")) for c in calendar.walk("VEVENT")]
        assert all("BEGIN:VEVENT" not in n or n.startswith("Airport END:VCALENDAR BEGIN:VEVENT") for n in names)
    site = tmp_path / "site"
    rendered = run("render", str(charter), "--with-exports", "-o", str(site), "--as-of", AS_OF)
    assert rendered.code == 0, rendered.stderr


def test_the_main_office_calendar_names_the_department_once(run, tmp_path):
    out = tmp_path / "out"
    assert run("export", str(EXAMPLES / "lands-department.yaml"), "--to", "ical", "-o", str(out)).code == 0
    calendar = icalendar.Calendar.from_ical((out / "lands-department.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("Lands and Surveys Department opening hours ")


# 2: no name makes a file name too long, and names that lose their letters stay apart


def test_long_and_non_ascii_names_give_short_distinct_file_names(run, tmp_path):
    text = IMMIGRATION.replace(f"name: {AIRPORT}", "name: " + "A" * 260).replace(
        "name: Western Border Station", "name: 東京"
    )
    charter = _write(tmp_path, "x" * 240 + ".yaml", text)
    out = tmp_path / "out"
    result = run("export", str(charter), "--to", "ical", "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.ics"))
    assert len(names) == 3 and all(len(name.encode()) <= 255 for name in names)
    text = text.replace("name: 東京", "name: 大阪", 1).replace("- name: " + "A" * 260, "- name: 東京", 1)
    _write(tmp_path, "y.yaml", text)
    both = tmp_path / "both"
    assert run("export", str(tmp_path / "y.yaml"), "--to", "ical", "-o", str(both), "--as-of", AS_OF).code == 0
    assert len(list(both.glob("*.ics"))) == 3  # 東京 and 大阪 both become "site": kept apart by a hash
    rendered = run("render", str(charter), "--with-exports", "-o", str(tmp_path / "site"), "--as-of", AS_OF)
    assert rendered.code == 0, rendered.stderr


# 3: an answers file of any other shape is one line; a service may be a mapping


@pytest.mark.parametrize(
    "content",
    [
        "[1]\n",
        "just some text\n",
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*d, *d, *d, *d, *d, *d]\n",
        "name: " + "[" * 500 + "]" * 500 + "\n",
        "name: X\nservices: licence\n",
        "name: X\nofficial: [a]\n",
        "name: X\nservices: [[1]]\n",
        "name: X\nunknown: 1\n",
    ],
)
def test_init_refuses_any_answers_file_of_the_wrong_shape_in_one_line(run, tmp_path, content):
    answers = _write(tmp_path, "answers.yaml", content)
    result = run("init", "--answers", str(answers), str(tmp_path / "c.yaml"))
    _one_line_error(result)
    assert not (tmp_path / "c.yaml").exists()


def test_init_refuses_answers_that_are_not_a_regular_file(run, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (tmp_path / "missing.yaml", Path("/dev/zero"), fifo, tmp_path):
        _one_line_error(run("init", "--answers", str(path), str(tmp_path / "c.yaml"), timeout=20))


def test_init_takes_a_service_written_as_a_mapping(run, tmp_path):
    answers = _write(
        tmp_path,
        "a.yaml",
        "name: Lands\nservices:\n  - {name: Land title search, within_working_days: 10}\n  - Lease\n",
    )
    charter = tmp_path / "c.yaml"
    assert run("init", "--answers", str(answers), str(charter)).code == 0
    text = charter.read_text()
    assert "{" not in text.split("services:")[1].split("\n\n")[0]  # no Python repr of the mapping
    report = run("check", str(charter), "-f", "json").json()
    services = [s for f in report["files"] for s in f["standards"] if s["id"] == "FORMAT"]
    assert services[0]["status"] == "met"
    assert 'name: "Land title search"' in text and "within_working_days: 10" in text and 'id: "lease"' in text


# 4: an unreadable log stops export naming it; left-out rows are warned about as measure does


@pytest.mark.parametrize(
    "log",
    [
        "received,replied,channel\n2025-01-02,2025-01-03,email\n".encode("utf-16"),
        "received,replied,channel,service,reference\n2025-01-02,2025-01-03,email,x,Pe\xf1a\n".encode("latin-1"),
        b"received,replied\x00,channel\n",
        b"received,channel\n2025-01-02,email\n",
        b"",
    ],
)
def test_export_refuses_an_unreadable_log_naming_it(run, tmp_path, log):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "lands-department.correspondence.csv").write_bytes(log)
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", "--period", "2025",
    )  # fmt: skip
    _one_line_error(result)
    assert "lands-department.correspondence.csv" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_log_that_is_a_fifo_or_a_device(run, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    os.mkfifo(logs / "lands-department.correspondence.csv")
    (logs / "lands-department.complaints.csv").symlink_to("/dev/zero")
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", timeout=20,
    )  # fmt: skip
    _one_line_error(result)


def test_export_warns_of_each_row_left_out_as_measure_does(run, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    good = (EXAMPLES / "logs/lands-department.correspondence.csv").read_text()
    (logs / "lands-department.correspondence.csv").write_text(good + "not a date,2025-01-02,email,,X\n")
    measured = run(
        "measure", "examples/lands-department.yaml", "--correspondence", str(logs / "lands-department.correspondence.csv"),
        "-f", "json", "--period", "2025", "--as-of", "2026-01-15",
    )  # fmt: skip
    left_out = [line for line in measured.stderr.splitlines() if "row left out" in line]
    assert left_out
    result = run(
        "export", "examples/lands-department.yaml", "--to", "standards", "--measurements", str(logs), "-o",
        str(tmp_path / "out"), "--as-of", "2026-01-15", "--period", "2025",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert left_out[0] in result.stderr.splitlines()


# 6: CSV records never split, and a formula never starts a cell as a spreadsheet reads it


@pytest.mark.parametrize(
    "name", ["Lands\r=cmd|' /C calc'!A0", "Lands\n@SUM(1+1)", " =1+1", "\t=1+1", "\u200b=1+1", "＝1+1", 'a "b", c']
)
def test_csv_exports_quote_every_line_break_and_guard_every_formula(run, tmp_path, name):
    charter = _write(
        tmp_path, "lands.yaml", LANDS.replace("name: Lands and Surveys Department", f"name: {json.dumps(name)}", 1)
    )
    for to, files in (("standards", ["service-standards.csv"]), ("hsds", ["organizations.csv", "locations.csv"])):
        out = tmp_path / to
        result = run("export", str(charter), "--to", to, "-o", str(out), "--as-of", AS_OF)
        assert result.code == 0, result.stderr
        for file in files:
            text = (out / file).read_text(encoding="utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len({len(row) for row in rows}) == 1, file  # rectangular: no record split
            cells = [cell for row in rows[1:] for cell in row if name.strip("\u200b\t ").lstrip("＝")[:4] in cell]
            assert cells, file
            for cell in cells:
                if re.match(r"[\s\u200b]*[=+\-@＝]", cell):
                    pytest.fail(f"{file}: {cell!r} would start a formula")
            assert all(line.count('"') % 2 == 0 for line in text.split("\n") if "\r" not in line and '"' not in line)


# 7: HSDS identifiers are unique per department, site and service, or the export refuses


def _hsds(run, tmp_path, *charters):
    out = tmp_path / "hsds"
    result = run("export", *map(str, charters), "--to", "hsds", "-o", str(out), "--as-of", AS_OF)
    return result, out


def test_a_site_named_main_is_not_the_main_office(run, tmp_path):
    charter = _write(tmp_path, "imm.yaml", IMMIGRATION.replace(f"name: {AIRPORT}", "name: Main"))
    result, out = _hsds(run, tmp_path, charter)
    assert result.code == 0, result.stderr
    locations = list(csv.DictReader((out / "locations.csv").open(encoding="utf-8")))
    assert len(locations) == 3 and len({row["id"] for row in locations}) == 3


def test_two_charters_with_one_file_name_are_refused_naming_both(run, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _write(tmp_path / "a", "dept.yaml", LANDS)
    second = _write(tmp_path / "b", "dept.yaml", REGISTRY)
    result, out = _hsds(run, tmp_path, first, second)
    _one_line_error(result)
    assert str(first) in result.stderr and str(second) in result.stderr and not out.exists()


def test_a_repeated_service_id_or_site_name_is_refused_naming_both_lines(run, tmp_path):
    twice = REGISTRY.replace("  - id: marriage-certificate", "  - id: birth-certificate", 1)
    result, out = _hsds(run, tmp_path, _write(tmp_path, "reg.yaml", twice))
    _one_line_error(result)
    assert re.search(
        r"reg.yaml:\d+: services\[2\]\.id is 'birth-certificate', which services\[1\] \(line \d+\)", result.stderr
    )
    assert not out.exists()
    sites = IMMIGRATION.replace("name: Western Border Station", f"name: {AIRPORT}")
    result = run("export", str(_write(tmp_path, "imm.yaml", sites)), "--to", "ical", "-o", str(tmp_path / "i"))
    _one_line_error(result)
    check = run("check", str(tmp_path / "reg.yaml"), "-f", "json", "--as-of", AS_OF).json()
    assert any(
        f["rule"] == "FMT-02" and "already has" in f["detail"]
        for file in check["files"]
        for s in file["standards"]
        for f in s["findings"]
    )


# 8 and 9: diff's gate, and its JSON


def test_a_change_log_entry_with_no_real_date_excuses_nothing(run, tmp_path):
    assert "\nchanges:" not in LANDS and "reply_within_working_days: 10" in LANDS
    old = _write(tmp_path, "old.yaml", LANDS)
    text = LANDS.replace("reply_within_working_days: 10", "reply_within_working_days: 19", 1)
    entry = (
        "\nchanges:\n  - date: {}\n    fact: correspondence.reply_within_working_days\n    what: Longer replies\n"
        "    why: Fewer staff\n    approved_by: Commissioner\n"
    )
    real = run("diff", str(old), str(_write(tmp_path, "a.yaml", text + entry.format('"2025-10-01"'))))
    assert real.code == 0, real.stdout
    for date in ("last tuesday", '"2025-13-45"', '"2025-W01-1"', '""'):
        result = run("diff", str(old), str(_write(tmp_path, "b.yaml", text + entry.format(date))))
        assert result.code == 1, (date, result.stdout)


def test_a_second_entry_with_the_same_id_is_refused_by_diff(run, tmp_path):
    old = _write(tmp_path, "old.yaml", REGISTRY)
    second = REGISTRY.replace("  - id: marriage-certificate", "  - id: birth-certificate", 1).replace(
        "within_working_days: 5\n      target_percent: 90", "within_working_days: 90\n      target_percent: 90", 1
    )
    result = run("diff", str(old), str(_write(tmp_path, "new.yaml", second)))
    _one_line_error(result)
    assert "services[2].id" in result.stderr


def test_diff_json_escapes_what_check_json_escapes(run, tmp_path):
    old = _write(tmp_path, "old.yaml", REGISTRY)
    odd = "A\u202eB\x7fC\x85D\u2028E\ufffeF"
    assert "name: {en: Registering a birth," in REGISTRY
    new = _write(
        tmp_path,
        "new.yaml",
        REGISTRY.replace("name: {en: Registering a birth,", f"name: {{en: {json.dumps(odd)},").replace(
            "within_minutes: 30", "within_minutes: 45"
        ),
    )  # a weakened promise, labelled with the service's name
    result = run("diff", str(old), str(new), "-f", "json", "-o", str(tmp_path / "d.json"))
    assert result.code in (0, 1), result.stderr
    raw = (tmp_path / "d.json").read_text(encoding="utf-8")
    assert not any(char in raw for char in "\u202e\x7f\x85\u2028\ufffe")
    assert json.loads(raw)["files"][0]["changes"]


# 10: fix --write never replaces what it may not, nor loses an edit, and goes on with the others


def _broken_registry(folder: Path, name: str) -> Path:
    return _write(folder, name, REGISTRY.replace("  name: Vital Statistics Unit", "  nmae: Vital Statistics Unit", 1))


def test_fix_leaves_a_read_only_file_alone_and_fixes_the_rest(run, tmp_path):
    locked = _broken_registry(tmp_path, "a.yaml")
    other = _broken_registry(tmp_path, "b.yaml")
    before = locked.read_bytes()
    locked.chmod(0o444)
    result = run("fix", str(locked), str(other), "--write")
    assert result.code == 2, result.stderr
    assert "a.yaml is read-only" in result.stderr and "1 file left as it was" in result.stderr
    assert locked.read_bytes() == before and (locked.stat().st_mode & 0o777) == 0o444
    assert "nmae:" not in other.read_text()


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_owner_of_a_file_it_rewrites(run, tmp_path):
    charter = _broken_registry(tmp_path, "a.yaml")
    os.chown(charter, 65534, 65534)
    assert run("fix", str(charter), "--write").code == 0
    assert (charter.stat().st_uid, charter.stat().st_gid) == (65534, 65534) and "nmae" not in charter.read_text()


def test_fix_never_writes_over_an_edit_saved_after_it_read_the_file(tmp_path):
    from svcstd.catalogue import load_catalogue
    from svcstd.engine import Engine, Options
    from svcstd.errors import UsageError
    from svcstd.fix.apply import fix_file

    charter = _broken_registry(tmp_path, "a.yaml")
    fixes = fix_file(
        str(charter), Engine(load_catalogue([]), Options(__import__("datetime").date(2025, 11, 1))).autofixes
    )
    assert fixes.edits
    charter.write_text(charter.read_text() + "# a person's note\n")
    with pytest.raises(UsageError, match="changed after svcstd read it"):
        fixes.write()
    assert charter.read_text().endswith("# a person's note\n") and "nmae" in charter.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left behind


def test_fix_shows_a_file_name_escape_in_its_diff_never_raw(run, tmp_path):
    charter = _broken_registry(tmp_path, "a\x1b]0;pwned\x07.yaml")
    result = run("fix", str(charter))
    assert result.code == 1 and "\x1b" not in result.stdout + result.stderr and "\\x1b]0;pwned" in result.stdout


# 11 and 12: an output folder is written into, never through; an empty path is a usage error


@pytest.mark.parametrize("command", ["export", "render"])
def test_a_link_in_the_output_folder_is_replaced_never_written_through(run, tmp_path, command):
    outside = _write(tmp_path, "outside.txt", "mine\n")
    out = tmp_path / "out"
    out.mkdir()
    name = "vital-statistics-registry.ics" if command == "export" else "vital-statistics-registry.html"
    (out / name).symlink_to(outside)
    args = ("--to", "ical") if command == "export" else ()
    charter = str(EXAMPLES / "vital-statistics-registry.yaml")
    refused = run(command, charter, *args, "-o", str(out), "--as-of", AS_OF)
    assert refused.code == 2 and "not a page svcstd wrote" in refused.stderr
    forced = run(command, charter, *args, "-o", str(out), "--as-of", AS_OF, "--force")
    assert forced.code == 0, forced.stderr
    assert outside.read_text() == "mine\n" and not (out / name).is_symlink() and (out / name).stat().st_size > 100


@pytest.mark.parametrize(
    "args",
    [
        ("export", "examples/lands-department.yaml", "--to", "ical", "-o", ""),
        ("render", "examples/lands-department.yaml", "-o", ""),
        ("report", "examples/lands-department.yaml", "-o", ""),
        ("check", "examples/lands-department.yaml", "-f", "json", "-o", ""),
        ("diff", "examples/lands-department.yaml", "examples/lands-department.yaml", "-o", ""),
        ("measure", "examples/lands-department.yaml", "--correspondence",
         "examples/logs/lands-department.correspondence.csv", "-o", ""),
    ],
)  # fmt: skip
def test_an_empty_output_path_is_a_usage_error(run, tmp_path, args):
    (tmp_path / "examples").symlink_to(EXAMPLES)
    before = sorted(os.listdir(tmp_path))
    result = run(*args, cwd=tmp_path)
    assert result.code == 2 and "empty" in result.stderr, result.stderr
    assert sorted(os.listdir(tmp_path)) == before


# 13: what svcstd says it wrote reaches a terminal without escape sequences


def test_the_wrote_lines_show_a_file_name_escape(run, tmp_path):
    target = tmp_path / "c\x1b[2J.yaml"
    result = run("init", "--no-input", "--name", "Lands", str(target))
    assert result.code == 0 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr
    out = tmp_path / "o\x1b[2J"
    result = run("export", "examples/lands-department.yaml", "--to", "ical", "-o", str(out))
    assert result.code == 0 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


# 15: a file named as a pack is described, never quoted


def test_a_secret_named_as_a_standards_pack_is_never_echoed(run, tmp_path):
    for content in ("TOKEN=s3cr3t-value\n", "s3cr3t-value: {a: 1}\n", "- s3cr3t-value\n", "k: s3cr3t-value\nk: 2\n"):
        _write(tmp_path, "secret.env", content)
        _write(tmp_path, "svcstd.toml", f'standards = ["{tmp_path / "secret.env"}"]\n')
        result = run("check", str(EXAMPLES / "lands-department.yaml"), cwd=tmp_path)
        assert result.code == 2 and "secret.env" in result.stderr and "s3cr3t" not in result.stderr, result.stderr


# 17: a folder scan passes over hidden files as it passes over hidden folders


def test_a_folder_scan_passes_over_hidden_files_and_folders_alike(run, tmp_path):
    _write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")
    (tmp_path / ".github").mkdir()
    _write(tmp_path / ".github", "ci.yml", "on: push\n")
    _write(tmp_path, "lands.yaml", LANDS)
    report = run("check", str(tmp_path), "-f", "json", "--as-of", AS_OF).json()
    assert [Path(f["file"]).name for f in report["files"]] == ["lands.yaml"]
    named = run("check", str(tmp_path / ".pre-commit-config.yaml"), "-f", "json").json()
    assert len(named["files"]) == 1  # a hidden file named on the command line is read
