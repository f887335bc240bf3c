"""What a hostile or careless charter, log, message file, config or baseline can do to svcstd's outputs: nothing.

One test per class of the hostile-input probe, each through the installed
command, and a fuzz test that drives control characters through every string
field into every output format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import threading
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import AS_OF, EXAMPLES, ROOT, SVCSTD
from consumers import annotations, markdown, valid_junit

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_text()
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x1b[8m\x01\x9b31m\u202e"
GOLDEN_REGISTRY_PAGE = (ROOT / "tests" / "render" / "golden" / "vital-statistics-registry.en.md").read_text(
    encoding="utf-8"
)
RAW = ("\x1b", "\x07", "\x01", "\x9b", "\u202e")


def _in_a_terminal(*args: str, cwd: Path) -> bytes:
    """The bytes svcstd writes to a pseudo-terminal, as a department head's terminal receives them."""
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR", "CI")}
    proc = subprocess.Popen([str(SVCSTD), *args], stdout=follower, stderr=follower, cwd=cwd, env=env)
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(30)
    os.close(leader)
    return out


def test_message_files_cannot_reach_python_objects(run, tmp_path):
    os.environ["SVCSTD_TEST_SECRET"] = "s3cr3t-value"
    for text, reason in (
        ("{name.__class__.__init__.__globals__[os].environ[SVCSTD_TEST_SECRET]}", "is not allowed"),
        ("{name.__class__.__mro__}", "is not allowed"),
        ("{name:>99999999}", "is not allowed"),
        ("{name[0]}", "is not allowed"),
        ("{secret}", "unknown placeholder {secret}"),
        ("{", "is not allowed"),
    ):
        messages = tmp_path / "m.yaml"
        messages.write_text(f"page.title: {json.dumps(text)}\n")
        result = run("render", "examples/lands-department.yaml", "--messages", str(messages))
        assert result.code == 2 and reason in result.stderr and f"{messages} line 1" in result.stderr, (
            text,
            result.stderr,
        )
        assert "s3cr3t" not in result.stdout + result.stderr and result.stdout == ""
    messages.write_text('page.title: "{{literal}} {name}"\n')
    page = run("render", "examples/lands-department.yaml", "--messages", str(messages))
    assert page.code == 0 and "{literal} Lands and Surveys Department" in page.stdout
    for bad, reason in ((tmp_path / "missing.yaml", "no such file"), (tmp_path, "is a directory")):
        result = run("render", "examples/lands-department.yaml", "--messages", str(bad))
        assert result.code == 2 and reason in result.stderr and "internal error" not in result.stderr
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = run("render", "examples/lands-department.yaml", "--messages", str(fifo), timeout=20)
    assert result.code == 2 and "not a regular file" in result.stderr


def test_escape_sequences_never_reach_a_terminal_or_ci_log(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace(
            "reply_within_working_days: 5", f'reply_within_working_days: "{CONTROLS.encode("unicode_escape").decode()}"'
        ).replace('"\\x9b', '"\\x9b'),
        encoding="utf-8",
    )
    screen = _in_a_terminal("check", str(charter), "--as-of", AS_OF, cwd=tmp_path)
    text = screen.decode("utf-8", "replace")
    assert not any(
        raw in text for raw in ("\x1b]0;", "\x1b[2J", "\x1b[8m", "\x07", "\x9b", "\u202e")
    )  # rich's own colours aside
    assert "]0;pwned" in text  # shown as an escape, not interpreted
    github = run("check", str(charter), "--as-of", AS_OF, "-f", "github").stdout
    assert not any(raw in github for raw in RAW) and annotations(github)


def test_errors_quote_a_short_excerpt_never_a_whole_file(run, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("line one of a private file that goes on " + "and on " * 200 + "\n" + "more private lines\n" * 50)
    (tmp_path / "svcstd.toml").write_text(f'standards = ["{secret}"]\n')
    result = run("check", str(EXAMPLES / "lands-department.yaml"), cwd=tmp_path)
    assert result.code == 2 and len(result.stderr) < 400 and "more private lines" not in result.stderr, result.stderr


def test_xml_and_json_outputs_stay_well_formed_with_control_characters(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace("reply_within_working_days: 5", 'reply_within_working_days: "\\x01\\x1b[2J\\x0b\\ufffe"'),
        encoding="utf-8",
    )
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    result = run("check", str(charter), "--as-of", AS_OF, "-f", f"junit:{junit}", "-f", f"json:{report}")
    assert result.code == 1
    etree.parse(str(junit), etree.XMLParser(recover=False))
    assert valid_junit(junit) and "u0001" in junit.read_text() and "\x01" not in junit.read_text()
    data = json.loads(report.read_text(), parse_constant=lambda name: pytest.fail(name))
    assert any("u0001" in f["detail"] for s in data["files"][0]["standards"] for f in s["findings"])


def test_markdown_summary_keeps_no_link_from_a_charter(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace(
            "reply_within_working_days: 5",
            'reply_within_working_days: "[click](https://evil.example/) https://evil.example x@evil.example"',
        )
    )
    text = run("check", str(charter), "--as-of", AS_OF, "-f", "markdown").stdout
    rendered = markdown().render(text)
    assert "evil.example" in rendered and "<a " not in rendered


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400", "9" * 5000])
def test_non_finite_and_absurd_numbers_are_format_findings_and_never_met(run, tmp_path, value):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        REGISTRY.replace("reply_within_working_days: 5", f"reply_within_working_days: {value}").replace(
            "target: 90", f"target: {value}"
        )
    )
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    report = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"non-JSON constant {name}"))
    statuses = {s["id"]: s for s in report["files"][0]["standards"]}
    assert statuses["FORMAT"]["status"] == "not met" and statuses["BZ-D2"]["status"] == "not met"
    line = _line_of(REGISTRY, "reply_within_working_days: 5")
    assert any(f["line"] == line and "not a finite number" in f["detail"] for f in statuses["FORMAT"]["findings"])
    page = run("render", str(charter), "--as-of", AS_OF)
    assert page.code == 0 and "NaN" not in page.stdout and "∞" not in page.stdout
    logs = EXAMPLES / "logs/vital-statistics-registry.correspondence.csv"
    measured = run(
        "measure",
        str(charter),
        "--correspondence",
        str(logs),
        "-f",
        "json",
        "--as-of",
        "2026-01-15",
        "--period",
        "2025",
    )
    # a number measure counts on that the format rejects: refused at its line, never measured as a default
    assert measured.code == 2 and measured.stdout == "" and f"c.yaml:{line}: " in measured.stderr, measured.stderr
    assert "internal error" not in measured.stderr


@pytest.mark.parametrize(
    "content,reason",
    [
        (
            b'{"portfolio_version": 1, "as_of": "2025-01-01", "standards": [{"id": 5}], "departments": []}',
            "at standards/0/id",
        ),
        (
            b'{"portfolio_version": 1, "as_of": "2025-01-01", "standards": [], "departments": [{"file": "a", "statuses": []}]}',
            "departments/0/statuses",
        ),
        (b"[" * 100000, "nested too deeply"),
    ],
)
def test_baselines_of_the_wrong_shape_are_refused(run, tmp_path, content, reason):
    baseline = tmp_path / "base.json"
    baseline.write_bytes(content)
    result = run("report", "examples", "-o", str(tmp_path / "site"), "--baseline", str(baseline), "--as-of", AS_OF)
    assert result.code == 2 and reason in result.stderr and "internal error" not in result.stderr, result.stderr
    zero = run(
        "report", "examples", "-o", str(tmp_path / "site"), "--baseline", "/dev/zero", "--as-of", AS_OF, timeout=20
    )
    assert zero.code == 2 and "not a regular file" in zero.stderr


def test_a_file_name_that_is_not_utf8_never_crashes_a_reporter(tmp_path):
    folder = tmp_path / "charters"
    folder.mkdir()
    lands = (EXAMPLES / "lands-department.yaml").read_bytes()
    (folder / "good.yaml").write_bytes(lands)
    bad = os.fsencode(folder) + b"/bad\xffname.yaml"
    with open(bad, "wb") as handle:
        handle.write(lands)
    for fmt in ("table", "json", "sarif", "junit", "markdown", "github", "gitlab"):
        proc = subprocess.run(
            [str(SVCSTD), "check", str(folder), "--as-of", AS_OF, "-f", fmt], capture_output=True, timeout=60
        )
        assert proc.returncode == 1, (fmt, proc.stderr)
        out = proc.stdout.decode("utf-8")  # always valid UTF-8
        assert "xffname.yaml" in out or "%FFname.yaml" in out, fmt


def test_fifos_are_refused_as_inputs_and_skipped_in_scanned_folders(run, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "good.yaml").write_text(REGISTRY)
    direct = run("check", str(fifo), "--as-of", AS_OF, timeout=20)
    assert direct.code == 2 and "not a regular file" in direct.stderr
    scanned = run("check", str(tmp_path), "--as-of", AS_OF, "-f", "json", timeout=20)
    assert scanned.code == 0 and [Path(f["file"]).name for f in scanned.json()["files"]] == ["good.yaml"]
    assert f"warning: {fifo}: not a regular file" in scanned.stderr
    log = run("measure", "examples/lands-department.yaml", "--correspondence", str(fifo), timeout=20)
    assert log.code == 2 and "not a regular file" in log.stderr


def test_concurrent_renders_into_one_folder_lose_no_manifest_entry(run, tmp_path):
    site = tmp_path / "site"
    charters = []
    for index in range(6):
        path = tmp_path / f"c{index}.yaml"
        path.write_text(REGISTRY)
        charters.append(path)
    results = []
    threads = [
        threading.Thread(target=lambda p=p: results.append(run("render", str(p), "-o", str(site), "--as-of", AS_OF)))
        for p in charters
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r.code for r in results] == [0] * 6, [r.stderr for r in results]
    manifest = json.loads((site / ".svcstd-manifest.json").read_text())
    assert sorted(manifest["files"]) == [f"c{index}.html" for index in range(6)]
    again = run("render", *map(str, charters), "-o", str(site), "--as-of", AS_OF)
    assert again.code == 0, again.stderr


FIELDS = [
    ("organisation:\n  name: Vital Statistics Unit", "organisation:\n  name: {}"),
    ("reply_within_working_days: 5", "reply_within_working_days: {}"),
    ("name: Front counter,", "name: {},"),
    ("title: {en: Registrar General,", "title: {{en: {},"),  # text given per language
    ("es: Integridad}", "es: {}}}"),
    ('    fee: "BZ$10.00"', "    fee: {}"),
    ("target: 95", "target: {}"),
    ('  last_reviewed: "2025-08-15"', "  last_reviewed: {}"),
]
_HREF = re.compile(r'<a href="([^"]*)"')


def _links(page: str) -> set[str]:
    """The link targets a Markdown page makes: text from a charter must never add one."""
    return set(_HREF.findall(markdown().render(page)))


_RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
    field=st.sampled_from(range(len(FIELDS))),
)
def test_fuzz_any_string_in_any_field_reaches_no_output_raw(run, tmp_path_factory, text, field):
    folder = tmp_path_factory.mktemp("fuzz")
    old, new = FIELDS[field]
    assert old in REGISTRY
    charter = folder / "c.yaml"
    charter.write_text(REGISTRY.replace(old, new.format(json.dumps(text))), encoding="utf-8")
    out = {
        fmt: folder / name
        for fmt, name in (
            ("json", "r.json"),
            ("sarif", "r.sarif"),
            ("junit", "r.xml"),
            ("markdown", "r.md"),
            ("github", "a.txt"),
            ("gitlab", "g.json"),
            ("table", "t.txt"),
        )
    }
    result = run("check", str(charter), "--as-of", AS_OF, *(f"-f{fmt}:{path}" for fmt, path in out.items()))
    assert result.code in (0, 1, 2) and "internal error" not in result.stderr
    for fmt, path in out.items():
        content = path.read_text(encoding="utf-8")
        assert not any(raw in content for raw in RAW if raw != "\u202e" or fmt not in ("json", "sarif", "gitlab")), fmt
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(content, parse_constant=lambda name: pytest.fail(name))
    etree.parse(str(out["junit"]))
    annotations(out["github"].read_text())
    if result.code != 2:
        page = folder / "site"
        rendered = run("render", str(charter), "-o", str(page), "--as-of", AS_OF)
        assert rendered.code == 0, rendered.stderr
        html = (page / "c.html").read_text()
        assert "\x1b" not in html and "\x07" not in html
        markdown_pages = folder / "md"
        rendered = run("render", str(charter), "-f", "markdown", "-o", str(markdown_pages), "--as-of", AS_OF)
        assert rendered.code == 0, rendered.stderr
        page_text = (markdown_pages / "c.md").read_text()
        assert not any(raw in page_text for raw in RAW[:4])
        assert _links(page_text) <= _links(GOLDEN_REGISTRY_PAGE)
    screen = _RICH_STYLE.sub(
        "", _in_a_terminal("check", str(charter), "--as-of", AS_OF, cwd=folder).decode("utf-8", "replace")
    )
    assert not any(raw in screen for raw in RAW), "a control character reached the terminal"
    _newer_outputs_stay_well_formed(run, folder, charter)


def _newer_outputs_stay_well_formed(run, folder: Path, charter: Path) -> None:
    """export (iCalendar, HSDS JSON and CSV, the standards table), diff (JSON, Markdown, SARIF) and fix's diff read
    back by their consumers: no raw control character, no record split, no forged event, no crash."""
    for to in ("ical", "hsds", "standards"):
        out = folder / f"export-{to}"
        result = run("export", str(charter), "--to", to, "-o", str(out), "--as-of", AS_OF)
        assert result.code in (0, 2) and "internal error" not in result.stderr, (to, result.stderr)
        for path in out.glob("*") if result.code == 0 else []:
            text = path.read_bytes().decode("utf-8")  # as written: no newline translation
            if path.suffix == ".ics":
                assert not any(c in line for line in text.split("\r\n") for c in ("\r", "\n", *RAW[:4]))
                calendar = icalendar.Calendar.from_ical(text)
                assert len(calendar.walk("VCALENDAR")) == 1
            elif path.suffix == ".json":
                assert not any(raw in text for raw in RAW)
                json.loads(text, parse_constant=lambda name: pytest.fail(name))
            elif path.suffix == ".csv":
                rows = list(csv.reader(io.StringIO(text, newline="")))
                assert len({len(row) for row in rows}) == 1, path.name
                assert not any(re.match(r"[\s\u200b]*[=+@]", cell) for row in rows[1:] for cell in row), path.name
    original = folder / "original.yaml"
    original.write_text(REGISTRY, encoding="utf-8")
    for fmt in ("json", "markdown", "sarif"):
        report = folder / f"diff.{fmt}"
        result = run("diff", str(original), str(charter), "-f", fmt, "-o", str(report), "--as-of", AS_OF)
        assert result.code in (0, 1, 2) and "internal error" not in result.stderr, (fmt, result.stderr)
        if result.code == 2:
            continue
        text = report.read_text(encoding="utf-8")
        assert not any(raw in text for raw in RAW if raw != "\u202e" or fmt == "markdown"), fmt
        if fmt != "markdown":
            json.loads(text, parse_constant=lambda name: pytest.fail(name))
        else:
            assert _links(text) <= _links(GOLDEN_REGISTRY_PAGE)
    fixed = run("fix", str(charter))
    assert fixed.code in (0, 1, 2) and "internal error" not in fixed.stderr
    assert not any(raw in fixed.stdout + fixed.stderr for raw in RAW[:4])


def _numeric_fields(node: object, path: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        kinds = node.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "integer" in kinds or "number" in kinds:
            found.append((path, node))
        for key, value in node.items():
            found += _numeric_fields(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _numeric_fields(value, f"{path}/{index}")
    return found


def test_every_numeric_field_and_threshold_has_sane_bounds():
    """A bound missing from the format is a number no check was written for (95,696-month cycles, 10^9 rings).

    The same holds for the thresholds an organisation may set in svcstd.toml:
    each is declared, with its bounds, by its pack.
    """
    from svcstd.catalogue import load_catalogue

    charter = json.loads((ROOT / "schemas" / "charter.schema.json").read_text())
    parameters = {name: p.schema for name, p in load_catalogue().parameters.items()}
    fields = _numeric_fields(charter) + _numeric_fields(parameters)
    assert len(fields) > 10 and any(path.startswith("/max_age_days") for path, _ in fields)
    for path, node in fields:
        assert "minimum" in node and "maximum" in node, path


NUMBERS_AT_THEIR_LIMITS = [
    ("answer_within_rings: 3", "answer_within_rings: 1000000000"),
    ("staff: 4}", "staff: 99999999999}"),
    ("within_minutes: 30", "within_minutes: 1e300"),
    ("target: 95", "target: 1e200"),
    ("{period: 2024, value: 88}", "{period: 99999, value: 88}"),
    ("reply_within_working_days: 5", "reply_within_working_days: 100000000"),
]


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("old,new", NUMBERS_AT_THEIR_LIMITS)
def test_numbers_beyond_their_bounds_are_format_findings_at_their_line(run, tmp_path, old, new):
    assert REGISTRY.count(old) == 1
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY.replace(old, new))
    line = _line_of(REGISTRY, old)
    result = run("check", str(charter), "--as-of", AS_OF, "-f", "json")
    assert result.code == 1, result.stderr
    findings = json.loads(result.stdout)["files"][0]["standards"][0]["findings"]
    assert any(f["rule"] == "FMT-02" and f["line"] == line for f in findings), findings


def test_dates_and_thresholds_at_the_calendar_edges_are_errors_or_findings(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(REGISTRY)
    log = tmp_path / "log.csv"
    log.write_text(
        "received,replied,channel,service,reference\n9999-12-30,9999-12-31,email,,X-1\n0001-01-01,0001-01-02,email,,X-2\n"
    )
    for args in (["--as-of", "9999-12-31", "--period", "9999"], ["--as-of", "0001-06-01"]):
        measured = run("measure", str(charter), "--correspondence", str(log), "-f", "json", *args)
        assert (
            measured.code in (0, 1, 2)
            and "internal error" not in measured.stderr
            and "Traceback" not in measured.stderr
        )
        if measured.code != 2:
            json.loads(measured.stdout, parse_constant=lambda name: pytest.fail(name))
        else:
            assert len(measured.stderr.strip().splitlines()) == 1
    config = tmp_path / "svcstd.toml"
    config.write_text("[rules.BZ-D3-03]\nmax_age_days = 100000000\n")
    result = run("check", str(charter), "--as-of", AS_OF, "--config", str(config))
    assert result.code == 2 and str(config) in result.stderr and "100000000" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
