"""`svcstd report`: the portfolio, its baselines, reviews due and delivery (report/build.py, report/pages.py)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from charters import generate  # bench/charters.py, on the path by [tool.pytest.ini_options] pythonpath

from conftest import AS_OF, EXAMPLES, ROOT, svcstd
from made_in_process import CHARTER, DAY, ENGINE, LANDS, dumped, snapshot
from svcstd.catalogue import load_catalogue
from svcstd.engine import Engine, Options
from svcstd.errors import UsageError
from svcstd.findings import FileResult
from svcstd.inputs import Input
from svcstd.measure.compute import (
    Calendars,
    Conventions,
    Standard,
    Tally,
    measure,
    parse_period,
)
from svcstd.measure.logs import log_paths
from svcstd.report.build import (
    PORTFOLIO_VERSION,
    Department,
    Portfolio,
    StandardSummary,
    as_json,
    build,
    department_key,
    read_baseline,
)

LOGS = EXAMPLES / "logs"


def test_portfolio_report_with_measurements_and_a_baseline(tmp_path):
    first = svcstd(
        "report",
        str(EXAMPLES),
        "-o",
        str(tmp_path / "jan"),
        "--measurements",
        str(LOGS),
        "--period",
        "2025",
        "--as-of",
        "2026-01-15",
    )
    assert first.code == 0, first.stderr
    baseline = tmp_path / "jan" / "portfolio.json"
    second = svcstd(
        "report",
        str(EXAMPLES),
        "-o",
        str(tmp_path / "jun"),
        "--measurements",
        str(LOGS),
        "--period",
        "2025",
        "--as-of",
        "2026-06-15",
        "--baseline",
        str(baseline),
    )
    assert second.code == 0, second.stderr
    out = tmp_path / "jun"
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert data["portfolio_version"] == 1 and len(data["departments"]) == 4
    lands = next(d for d in data["departments"] if d["name"] == "Lands and Surveys Department")
    assert lands["statuses"]["BZ-D2"] == "not met" and lands["review_due"] == "2026-05-01"
    assert {m["standard"]: m["verdict"] for m in lands["delivery"]}["service:land-title-search"] == "below minimum"
    d2 = next(s for s in data["standards"] if s["id"] == "BZ-D2")
    assert d2["counts"] == {"met": 2, "not met": 1, "not evidenced": 1} and d2["percent_met"] == 50.0
    markdown = (out / "portfolio.md").read_text(encoding="utf-8")
    assert "| Lands and Surveys Department | ✔ | ✔ | ✘ |" in markdown  # FORMAT, BZ-D1, BZ-D2
    overdue = markdown.split("## Charters due for review")[1].split("##")[0]
    assert "Immigration and Nationality Department | 2025-03-01 | 2026-03-01 | 106" in overdue
    assert "Cooperatives Registry Unit | never | not set | no review date" in overdue
    assert "Vital Statistics Unit" not in overdue
    changes = markdown.split("## Change since the baseline (2026-01-15)")[1]
    assert "- Lands and Surveys Department: ISO-7.1.2-REVIEW met → not met" in changes
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg"' in html
        and 'role="img"' in html
        and '<desc id="chart-desc">FORMAT 75%' in html
    )
    assert html.count("<caption") == 5  # standards, matrix, reviews, delivery, and the delivery trend by quarter


def test_portfolio_report_names_unreadable_charters(tmp_path):
    charters = tmp_path / "charters"
    charters.mkdir()
    (charters / "good.yaml").write_text(
        (EXAMPLES / "lands-department.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (charters / "bad.yaml").write_text("organisation: [\n", encoding="utf-8")
    result = svcstd("report", str(charters), "-o", str(tmp_path / "out"), "--as-of", "2025-11-01")
    assert result.code == 2 and "bad.yaml" in result.stderr
    assert "## Could not be read" in (tmp_path / "out" / "portfolio.md").read_text(encoding="utf-8")


def test_bad_baseline_is_a_one_line_error(tmp_path):
    baseline = tmp_path / "old.json"
    baseline.write_text('{"something": "else"}', encoding="utf-8")
    result = svcstd("report", str(EXAMPLES), "-o", str(tmp_path / "out"), "--baseline", str(baseline))
    assert result.code == 2 and "not a portfolio.json" in result.stderr and not (tmp_path / "out").exists()


def test_a_review_due_on_the_as_of_day_is_not_yet_overdue():
    due = date(2025, 11, 1)
    assert Department("a.yaml", "A", review_due=due).overdue_days(due) is None
    assert Department("a.yaml", "A", review_due=due).overdue_days(date(2025, 11, 2)) == 1
    assert Department("a.yaml", "A").overdue_days(due) == 0
    assert Department("a.yaml", "A", error="unreadable").overdue_days(due) is None


def test_waived_counts_as_met_and_missing_from_source_is_not_judged():
    summary = StandardSummary(
        "S", "t", "c", Counter({"met": 1, "waived": 1, "not met": 1, "not evidenced": 1, "missing from source": 3})
    )
    assert summary.judged == 4 and summary.percent_met == 50
    assert StandardSummary("S", "t", "c").percent_met is None


def test_changes_and_new_departments_against_a_baseline(tmp_path):
    a, b = str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")
    baseline = {
        "standards": [{"id": "BZ-D1", "percent_met": 50}, {"id": "BZ-D2", "percent_met": "x"}],
        "departments": [{"key": department_key(a), "statuses": {"BZ-D1": "met", "BZ-D2": "met"}}, "junk"],
    }
    departments = [
        Department(a, "A", statuses={"BZ-D1": "not met", "BZ-D2": "met", "BZ-D3": "met"}),
        Department(b, "B"),
        Department(str(tmp_path / "c.yaml"), "C", error="unreadable"),
    ]
    portfolio = Portfolio(DAY, [], departments, baseline=baseline)
    assert [(c.name, c.standard, c.before, c.after) for c in portfolio.changes] == [("A", "BZ-D1", "met", "not met")]
    assert [d.name for d in portfolio.new_departments] == ["B"]
    assert (
        portfolio.baseline_percent("BZ-D1"),
        portfolio.baseline_percent("BZ-D2"),
        portfolio.baseline_percent("X"),
    ) == (50.0, None, None)
    assert [d.name for d in portfolio.readable] == ["A", "B"]
    assert [d.name for d in portfolio.overdue] == ["A", "B"]
    without = Portfolio(DAY, [], departments)
    assert (without.changes, without.new_departments, without.baseline_percent("BZ-D1")) == ([], [], None)


def test_overdue_departments_come_most_overdue_first():
    departments = [
        Department("a", "A", review_due=date(2025, 10, 1)),
        Department("b", "B", review_due=date(2025, 6, 1)),
        Department("c", "C", review_due=date(2026, 1, 1)),
    ]
    assert [d.name for d in Portfolio(DAY, [], departments).overdue] == ["B", "A"]


def test_portfolio_json_rounds_shares_and_dates_reviews():
    summary = StandardSummary("S", "t", "c", Counter({"met": 2, "not met": 1}))
    department = Department(
        "a.yaml", "A", statuses={"S": "met"}, last_reviewed=date(2025, 1, 2), review_due=date(2026, 1, 2)
    )
    data = as_json(Portfolio(DAY, [summary], [department]))
    assert data["standards"] == [
        {"id": "S", "title": "t", "clause": "c", "counts": {"met": 2, "not met": 1}, "percent_met": 66.7}
    ]
    assert (data["departments"][0]["last_reviewed"], data["departments"][0]["review_due"]) == (
        "2025-01-02",
        "2026-01-02",
    )
    assert department_key("-") == "-" and department_key("") == ""


def test_the_portfolio_with_waivers_measurements_and_a_baseline(tmp_path):
    folder = tmp_path / "charters"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "waived.yaml").write_text(CHARTER, encoding="utf-8")
    inputs = [Input(str(p)) for p in sorted(folder.glob("*.yaml"))] + [Input(str(folder / "gone.yaml"))]
    first = as_json(build(inputs, ENGINE, DAY, str(EXAMPLES / "logs"), parse_period("2025", DAY)))
    baseline = tmp_path / "baseline.json"
    first["departments"][0]["statuses"]["BZ-D2"] = "not met"
    baseline.write_text(json.dumps(first), encoding="utf-8")
    again = build(inputs, ENGINE, DAY, str(EXAMPLES / "logs"), parse_period("2025", DAY), str(baseline))
    summary = {
        "json": as_json(again),
        "changes": [c.__dict__ for c in again.changes],
        "overdue": [d.name for d in again.overdue],
        "new": [d.name for d in again.new_departments],
    }
    for department in summary["json"]["departments"]:
        department.pop("promises")  # svcstd diff's own tests judge these
        for entry in (department.get("provenance") or {}).get("inputs", []):
            entry["file"] = Path(entry["file"]).name
    snapshot("portfolio.json", dumped(summary).replace(str(tmp_path), "TMP").replace(str(ROOT), "ROOT"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"{",
            "--baseline B:1: not JSON (Expecting property name enclosed in double quotes); give the portfolio.json of an earlier report",
        ),
        (b"[1]", "--baseline B: not a portfolio.json written by `svcstd report`"),
        (b'{"portfolio_version": 2}', "--baseline B: not a portfolio.json written by `svcstd report`"),
        (
            b'{"portfolio_version": 1, "as_of": "2025-01-01", "standards": [], "departments": [{"file": 3, "statuses": {}}]}',
            "--baseline B: not a portfolio.json written by `svcstd report`: at departments/0/file: 3 is not of type 'string'",
        ),
        (b"[" * 100000 + b"]" * 100000, "--baseline B: nested too deeply to be a portfolio.json"),
        (b"\xff\xfe\x00", "--baseline B:1: binary content (NUL byte): not a JSON text file"),
    ],
)
def test_every_unusable_baseline_is_one_line_saying_why(tmp_path, content, message):
    from svcstd.errors import UsageError
    from svcstd.report.build import read_baseline

    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        read_baseline(str(path))
    assert str(raised.value).replace(str(path), "B").startswith(message)
    with pytest.raises(UsageError, match=r"--baseline .*missing\.json"):
        read_baseline(str(tmp_path / "missing.json"))


class _Failing:
    """An engine that fails on one charter: the portfolio names it and goes on."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.shown_standards = engine.shown_standards

    def check(self, document: Any) -> FileResult:
        if "boom" in document.path:
            raise ValueError("no")
        return self.engine.check(document)


def test_the_portfolio_reads_each_departments_own_cycle_names_failures_and_matches_old_baselines(tmp_path):
    from svcstd.report.build import Portfolio, department, department_key

    six = tmp_path / "six.yaml"
    six.write_text(
        CHARTER.replace('review_cycle_months: "12"', "review_cycle_months: 6\n  last_reviewed: '2025-01-10'")
    )
    found = department(Input(str(six)), ENGINE, DAY, None, None)
    assert (found.name, found.last_reviewed, found.review_due) == (
        "Registry, Belmopan: 100% of cases",
        date(2025, 1, 10),
        date(2025, 7, 10),
    )
    assert found.compliant is False and "correspondence.reply_within_working_days" in found.promises
    boom = tmp_path / "boom.yaml"
    boom.write_text(CHARTER)
    failed = department(Input(str(boom)), _Failing(ENGINE), DAY, None, None)  # type: ignore[arg-type]
    assert (failed.file, failed.name) == (str(boom), str(boom))
    assert (
        failed.error
        == f"{boom}: svcstd could not judge this file: ValueError: no (a value svcstd cannot handle, or a bug in svcstd: please report it)"
    )
    old = {"departments": [{"file": str(six), "statuses": {"BZ-D2": "met"}}, {"key": 5, "file": "x.yaml"}]}
    portfolio = Portfolio(DAY, [], [found], baseline=old)
    assert [(c.standard, c.before, c.after) for c in portfolio.changes] == [("BZ-D2", "met", found.statuses["BZ-D2"])]
    assert portfolio.new_departments == [] and department_key(str(six)) == found.key


def test_report_baseline_matches_departments_however_paths_are_spelt_and_lists_bad_rows(run, repo):
    first = run("report", "./charters", "-o", "before", "--as-of", AS_OF, cwd=repo)
    assert first.code == 0, first.stderr
    (repo / "charters/lands-department.yaml").write_text(
        LANDS.replace("reply_within_working_days: 10", "reply_within_working_days: 5")
    )
    logs = repo / "logs"
    shutil.copytree(EXAMPLES / "logs", logs)
    second = run(
        "report",
        str(repo / "charters"),
        "-o",
        "after",
        "--as-of",
        "2026-01-15",
        "--baseline",
        "before/portfolio.json",
        "--measurements",
        "logs",
        "--period",
        "2025",
        cwd=repo,
    )
    assert second.code == 0, second.stderr
    page = (repo / "after/portfolio.md").read_text()
    assert "Lands and Surveys Department: BZ-D2 not met → met" in page
    assert "new since the baseline" not in page
    assert "Log rows left out" in page and "line 92" in page
    html = (repo / "after/portfolio.html").read_text()
    assert "Log rows left out" in html and "line 92" in html


def test_standard_input_is_its_own_department_and_has_no_logs(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # in a subfolder of a repository, a file named "-" would be "sub/-"
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert department_key("charter.yaml") == "sub/charter.yaml"
    (tmp_path / "sub" / "-.correspondence.csv").write_text("received,replied\n")
    assert department_key("-") == "-"
    assert log_paths(str(tmp_path / "sub"), "-") == {}


CHARTER_YAML = """\
organisation: {name: Lands, country: BZ}
opening_hours:
  weekly: {monday: [{opens: "08:00", closes: "16:00"}]}
correspondence: {reply_within_working_days: 5}
services: [{id: lands}]
"""


def _engine() -> Engine:
    return Engine(load_catalogue(), Options(DAY))


def test_a_log_is_checked_against_the_charters_services_and_a_bad_log_is_the_departments_error(tmp_path):
    charters, logs = tmp_path / "charters", tmp_path / "logs"
    charters.mkdir(), logs.mkdir()
    (charters / "lands.yaml").write_text(CHARTER_YAML)
    (charters / "roads.yaml").write_text(CHARTER_YAML)
    (logs / "lands.correspondence.csv").write_text("received,replied,service\n2025-03-03,2025-03-04,fishing\n")
    (logs / "roads.correspondence.csv").write_text("received\n2025-03-03\n")
    inputs = [Input(str(charters / "lands.yaml")), Input(str(charters / "roads.yaml"))]
    portfolio = build(inputs, _engine(), DAY, str(logs), parse_period("2025", DAY))
    lands, roads = portfolio.departments
    assert lands.delivery is not None and [r.reason for r in lands.delivery.bad_rows] == [
        "service 'fishing' is not a service id of the charter"
    ]
    assert roads.error == f"{logs / 'roads.correspondence.csv'}:1: the correspondence log has no column replied " + (
        "(columns needed: received, replied)"
    )
    assert portfolio.period == parse_period("2025", DAY)


def test_the_portfolio_judges_departments_at_fail_on_and_keeps_its_baseline_file(tmp_path):
    # the registry example without its values: compliant but for one info-level finding (ISO-7.2.3-01)
    text = (EXAMPLES / "vital-statistics-registry.yaml").read_text(encoding="utf-8")
    charter = tmp_path / "registry.yaml"
    values = text[text.index("  values:\n") : text.index("  code_of_conduct:")]
    assert values.count("\n") == 5
    charter.write_text(text.replace(values, ""), encoding="utf-8")
    lenient = build([Input(str(charter))], _engine(), DAY)
    baseline = tmp_path / "portfolio.json"
    baseline.write_text(json.dumps(as_json(lenient)))
    strict = build([Input(str(charter))], _engine(), DAY, baseline=str(baseline), fail_on="info")
    assert [d.compliant for d in lenient.departments] == [True]
    assert [d.compliant for d in strict.departments] == [False]
    assert strict.baseline_file == str(baseline) and strict.baseline == json.loads(baseline.read_text())


def test_a_baseline_is_refused_in_its_own_words(tmp_path):
    with pytest.raises(UsageError, match=r"is a directory, not a baseline portfolio\.json file"):
        read_baseline(str(tmp_path))
    top = tmp_path / "top.json"
    top.write_text(json.dumps({"portfolio_version": PORTFOLIO_VERSION}))
    with pytest.raises(UsageError, match=r"at \(top level\): '\w+' is a required property$"):
        read_baseline(str(top))
    long = tmp_path / "long.json"
    long.write_text(json.dumps({**as_json(Portfolio(DAY, [], [])), "as_of": "x" * 300}))
    with pytest.raises(UsageError) as caught:
        read_baseline(str(long))
    said = str(caught.value).split(": at as_of: ", 1)[1]
    assert len(said) == 120 and said.endswith("…") and said.startswith("'xxx")


def test_a_baseline_without_standards_or_departments_changes_nothing():
    department = Department("a.yaml", "A", statuses={"S": "met"})
    assert Portfolio(DAY, [], [department], baseline={"departments": []}).baseline_percent("S") is None
    assert Portfolio(DAY, [], [department], baseline={"standards": []}).changes == []


def test_portfolio_json_keeps_unjudged_shares_as_null():
    summary = StandardSummary("S", "t", "c")
    department = Department("a.yaml", "A")
    standard = Standard("correspondence.reply", "Replies", 5, "correspondence", "replied", "c")
    department.delivery = measure({}, "a.yaml", {}, parse_period("2025", DAY), DAY)
    department.delivery.measurements.append(
        Tally(standard, Calendars({}), parse_period("2025", DAY), DAY, Conventions()).measurement()
    )
    data = as_json(Portfolio(DAY, [summary], [department]))
    assert data["standards"][0]["percent_met"] is None
    assert data["departments"][0]["delivery"] == [
        {"standard": "correspondence.reply", "volume": 0, "share_percent": None, "verdict": "no data"}
    ]


def test_a_ministry_bigger_than_one_page_is_split_into_parts_and_every_ministry_gets_its_own_file():
    from svcstd.report.pages import MATRIX_ROWS, ministry_groups

    big = [Department(f"a{n}.yaml", f"A{n}", ministry="Ministry of Works") for n in range(2 * MATRIX_ROWS + 50)]
    others = [
        Department("b.yaml", "B", ministry="Ministry of Works!"),  # the same file name once punctuation is dropped
        Department("c.yaml", "C"),
        Department("d.yaml", "D", error="unreadable", ministry="Ministry of Ghosts"),
    ]
    groups = ministry_groups(Portfolio(DAY, [], big + others))
    assert [(g.ministry, [(p.name, p.number, p.count, len(p.departments)) for p in g.parts]) for g in groups] == [
        (
            "Ministry of Works",
            [
                ("portfolio-ministry-of-works-1.html", 1, 3, 200),
                ("portfolio-ministry-of-works-2.html", 2, 3, 200),
                ("portfolio-ministry-of-works-3.html", 3, 3, 50),
            ],
        ),
        ("Ministry of Works!", [("portfolio-ministry-of-works-x.html", 1, 1, 1)]),
        ("No ministry named", [("portfolio-no-ministry-named.html", 1, 1, 1)]),
    ]
    assert ministry_groups(Portfolio(DAY, [], big[:MATRIX_ROWS])) == []


def test_portfolio_json_is_written_one_department_at_a_time_to_the_byte_of_one_dump(tmp_path):
    from svcstd.report.build import as_json_text

    charters = tmp_path / "charters"
    charters.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        (charters / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (charters / "broken.yaml").write_text("organisation: {name: A\n", encoding="utf-8")
    inputs = [Input(str(path)) for path in sorted(charters.glob("*.yaml"))]
    portfolio = build(inputs, _engine(), DAY, str(EXAMPLES / "logs"), parse_period("2025", DAY))
    assert as_json_text(portfolio) == json.dumps(as_json(portfolio), indent=2, ensure_ascii=False) + "\n"
    empty = Portfolio(DAY, [], [])
    assert as_json_text(empty) == json.dumps(as_json(empty), indent=2, ensure_ascii=False) + "\n"
    lands = next(d for d in portfolio.departments if d.name.startswith("Lands"))
    assert lands.promises and all(f.id == key for key, f in lands.promises.items())


def test_portfolio_json_keeps_accents_as_written_and_promises_compact(tmp_path):
    from svcstd.report.build import as_json_text

    charter = tmp_path / "pena.yaml"
    charter.write_text(
        CHARTER_YAML.replace("name: Lands", "name: Registro Civil de Peñas").replace(
            "services: [{id: lands}]", "services: [{id: lands, name: Inscripción, fee: gratuito}]"
        ),
        encoding="utf-8",
    )
    portfolio = build([Input(str(charter))], _engine(), DAY)
    [department] = portfolio.departments
    assert "Inscripción" in department.promises_text() and '": ' not in department.promises_text()
    assert "Registro Civil de Peñas" in as_json_text(portfolio)
    titled = Portfolio(DAY, [StandardSummary("S", "Atención al público", "c")], [])
    assert "Atención al público" in as_json_text(titled)
    assert "Atención al público" in as_json_text(
        Portfolio(DAY, [StandardSummary("S", "Atención al público", "c")], [department])
    )


@pytest.fixture(scope="module")
def big_portfolio(tmp_path_factory) -> Path:
    """More departments than one page's matrix holds (pages.MATRIX_ROWS), in several ministries."""
    root = tmp_path_factory.mktemp("big")
    generate(260, seed=11, directory=root)
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_big_portfolio_report_gives_a_summary_per_ministry_and_each_ministrys_matrix_on_its_own_page(
    big_portfolio, tmp_path
):
    from lxml import html

    from svcstd.report.pages import MATRIX_ROWS

    one, two = tmp_path / "one", tmp_path / "two"
    assert svcstd("report", str(big_portfolio), "-o", str(one), "--as-of", AS_OF, "--jobs", "1").code == 0
    result = svcstd("report", str(big_portfolio), "-o", str(two), "--as-of", AS_OF, "--jobs", "2")
    assert result.code == 0, result.stderr
    assert _tree(one) == _tree(two)
    assert "pages of the matrix, one per ministry" in result.stderr
    data = json.loads((two / "portfolio.json").read_text(encoding="utf-8"))
    ministries: dict[str, list[str]] = {}
    for department in data["departments"]:
        ministries.setdefault(department["ministry"], []).append(department["name"])
    summary = html.fromstring((two / "portfolio.html").read_bytes())
    assert not summary.xpath("//table[@class='matrix']")  # the summary page carries no matrix of its own
    rows = summary.xpath("//table[caption='Departments by ministry']/tbody/tr")
    assert [row.xpath("string(th)") for row in rows] == sorted(ministries, key=str.casefold)
    seen: list[str] = []
    for row in rows:
        ministry = row.xpath("string(th)")
        assert row.xpath("string(td[1])") == str(len(ministries[ministry]))
        for link in row.xpath("td//a/@href"):
            part = html.fromstring((two / link).read_bytes())
            assert part.xpath("string(//h1)") == f"{ministry}: departments and standards"
            names = part.xpath("//table[@class='matrix']/tbody/tr/th/text()")
            assert 0 < len(names) <= MATRIX_ROWS and len(part.xpath("//table[@class='matrix']/tbody/tr[1]/td")) == len(
                data["standards"]
            )
            seen.extend(names)
    assert sorted(seen) == sorted(name for names in ministries.values() for name in names)
