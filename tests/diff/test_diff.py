"""`svcstd diff`: no promise to the public is weakened without anyone noticing.

Each kind of promise is moved both ways and the change read back in its
direction; entries are matched by key, not position; a renamed service is a
removal and a new service; git revisions are read from a temporary
repository; every output is read by its real consumer (json and the diff
schema, the SARIF schema, markdown-it, the annotation grammar).
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import AS_OF, EXAMPLES, ROOT
from svcstd.diff.compare import NEUTRAL, NEW, REMOVED, STRONGER, WEAKER, promise_changes
from svcstd.loader import Document, load_path

LANDS = load_path(str(EXAMPLES / "lands-department.yaml")).data  # svcstd's reading: `08:00` unquoted is a time, not 480
DIFF_SCHEMA = json.loads((ROOT / "schemas/diff.schema.json").read_text())
SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-2.1.0.schema.json").read_text())
ANNOTATION = re.compile(r"^::(error|notice) file=([^,]*),line=(\d+),title=([^:]*)::(.*)$")


def changes(old: dict, new: dict) -> list[tuple[str, str]]:
    return [(c.fact, c.kind) for c in promise_changes(Document("old.yaml", old), Document("new.yaml", new))]


def edited(**paths: object) -> dict:
    data = copy.deepcopy(LANDS)
    for dotted, value in sorted(paths.items(), key=lambda item: item[1] is None):  # removals last
        node = data
        *parents, last = dotted.split("__")
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        if value is None:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("edit", "fact", "worse"),
    [
        ({"correspondence__reply_within_working_days": 15}, "correspondence.reply_within_working_days", True),
        ({"telephone__answer_within_seconds": 30}, "telephone.answer_within_seconds", True),
        ({"complaints__resolve_within_working_days": 25}, "complaints.resolve_within_working_days", True),
        ({"charter__review_cycle_months": 24}, "charter.review_cycle_months", True),
        ({"services__0__fee": "BZ$30.00"}, "services[land-title-search].fee", True),
        (
            {"services__0__standard__within_working_days": 3},
            "services[land-title-search].standard.within_working_days",
            True,
        ),
        ({"services__0__standard__target_percent": 85}, "services[land-title-search].standard.target_percent", True),
        ({"kpis__0__minimum": 70}, "kpis[title-search-on-time].minimum", True),
        ({"website__available_24_7": False}, "website.available_24_7", True),
        (
            {"opening_hours__weekly__friday": [{"opens": "08:00", "closes": "12:00"}]},
            "opening_hours.weekly.friday",
            True,
        ),
        (
            {"opening_hours__weekly__saturday": [{"opens": "08:00", "closes": "12:00"}]},
            "opening_hours.weekly.saturday",
            False,
        ),
        ({"complaints__channels": ["email", "post"]}, "complaints.channels", True),
        ({"complaints__channels": ["email", "in_person", "post", "telephone"]}, "complaints.channels", False),
        ({"services__0__channels": ["in_person"]}, "services[land-title-search].channels", True),
    ],
)
def test_each_promise_moved_is_weaker_one_way_and_stronger_the_other(edit, fact, worse):
    forward, backward = changes(LANDS, edited(**edit)), changes(edited(**edit), LANDS)
    assert (fact, WEAKER if worse else STRONGER) in forward
    assert (fact, STRONGER if worse else WEAKER) in backward
    assert all(kind == NEUTRAL for f, kind in forward if f != fact)


def test_a_route_of_appeal_or_a_service_removed_is_a_weakening_and_added_is_new():
    without_appeal = edited(complaints__appeal__independent_body=None)
    assert ("complaints.appeal.independent_body", WEAKER) in changes(LANDS, without_appeal)
    assert ("complaints.appeal.independent_body", NEW) in changes(without_appeal, LANDS)
    one_service = edited(services__1=None)
    assert changes(LANDS, one_service) == [("services[lease-application]", REMOVED)]
    assert changes(one_service, LANDS) == [("services[lease-application]", NEW)]


def test_entries_are_matched_by_key_not_position():
    reordered = copy.deepcopy(LANDS)
    reordered["services"].reverse()
    assert changes(LANDS, reordered) == []
    slower = copy.deepcopy(reordered)
    slower["services"][1]["standard"]["within_working_days"] = 4  # land-title-search, now second
    assert changes(LANDS, slower) == [("services[land-title-search].standard.within_working_days", WEAKER)]


def test_a_renamed_service_is_one_removed_and_one_new_not_a_modification():
    renamed = edited(services__0__id="title-search")
    assert changes(LANDS, renamed) == [("services[land-title-search]", REMOVED), ("services[title-search]", NEW)]


def test_the_same_hours_at_other_times_are_neutral():
    later = edited(opening_hours__weekly__monday=[{"opens": "07:00", "closes": "16:00"}])  # 9 hours, as 08:00-17:00
    assert changes(LANDS, later) == [("opening_hours.weekly.monday", NEUTRAL)]


def test_wording_and_contacts_are_neutral():
    reworded = edited(organisation__vision="A new vision.", contact__email="enquiries@lands.gov.bz")
    assert sorted(changes(LANDS, reworded)) == [("contact.email", NEUTRAL), ("organisation.vision", NEUTRAL)]


def test_a_kpi_where_lower_is_better_weakens_when_its_target_rises():
    lower = copy.deepcopy(LANDS)
    lower["kpis"][0].update(higher_is_better=False, target=5)
    raised = copy.deepcopy(lower)
    raised["kpis"][0]["target"] = 8
    assert ("kpis[title-search-on-time].target", WEAKER) in changes(lower, raised)


MIRROR = {WEAKER: STRONGER, STRONGER: WEAKER, NEW: REMOVED, REMOVED: NEW, NEUTRAL: NEUTRAL}
EDITS = st.fixed_dictionaries(
    {},
    optional={
        "correspondence__reply_within_working_days": st.integers(1, 30),
        "telephone__answer_within_seconds": st.integers(1, 60),
        "services__0__fee": st.sampled_from(["free", "BZ$10", "BZ$25.00", 40]),
        "services__1__standard__within_working_days": st.integers(1, 90),
        "complaints__channels": st.lists(
            st.sampled_from(["email", "post", "in_person", "telephone", "online"]), unique=True
        ),
        "opening_hours__weekly__saturday": st.sampled_from([[], [{"opens": "08:00", "closes": "12:00"}]]),
        "website__available_24_7": st.booleans(),
        "services__1": st.none(),
    },
)


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_diff_of_a_charter_with_itself_is_empty_and_each_direction_mirrors_the_other(edit):
    other = edited(**edit)
    assert changes(other, other) == []
    forward = sorted(changes(LANDS, other))
    backward = sorted(changes(other, LANDS))
    # items may move both ways at once (one channel dropped, another added): compare as multisets
    assert sorted((fact, MIRROR[kind]) for fact, kind in forward) == backward


# --- the command ----------------------------------------------------------------------------------------------------------


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_gate_fails_on_an_unrecorded_weakening_and_passes_once_the_log_records_it(run, tmp_path):
    old = write(tmp_path / "old.yaml", LANDS)
    slower = edited(correspondence__reply_within_working_days=15)
    new = write(tmp_path / "new.yaml", slower)
    table = run("diff", str(old), str(new), "--as-of", AS_OF, env={"COLUMNS": "200", "PATH": ""})
    assert table.code == 1 and "weaker" in table.stdout and "NOT RECORDED" in table.stdout
    assert "fact: correspondence.reply_within_working_days" in table.stdout and "(exit 1)" in table.stderr
    result = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "json")
    assert result.code == 1, result.stderr
    report = result.json()
    jsonschema.validate(report, DIFF_SCHEMA)
    [change] = [c for c in report["files"][0]["changes"] if c["weakens"]]
    assert change["fact"] == "correspondence.reply_within_working_days" and change["recorded"] is None
    assert (change["before"], change["after"]) == ("10 working days", "15 working days")
    assert change["breaks"] == ["BZ-D2-01"]  # a weakening that also breaks the 10-day standard is reported as both
    assert (
        new.read_text(encoding="utf-8").splitlines()[change["line"] - 1].strip().startswith("reply_within_working_days")
    )
    logged = {
        **slower,
        "changes": [
            {
                "date": "2025-10-01",
                "fact": "correspondence",
                "what": "Replies take 15 working days.",
                "why": "Two posts are vacant.",
                "approved_by": "Commissioner of Lands",
            }
        ],
    }
    write(new, logged)
    result = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "json")
    assert result.code == 0, result.stdout
    assert result.json()["files"][0]["changes"][0]["recorded"]["approved_by"] == "Commissioner of Lands"
    write(old, {**LANDS, "changes": logged["changes"]})  # an entry the old version already had excuses nothing new
    assert run("diff", str(old), str(new), "--as-of", AS_OF).code == 1


def test_markdown_sarif_and_github_outputs_read_back_by_their_consumers(run, tmp_path):
    old = write(tmp_path / "old.yaml", LANDS)
    hostile = edited(services__0__fee="BZ$30 | **[x](http://e)**", organisation__name="Lands <b>|")
    new = write(tmp_path / "new, a:b%.yaml", hostile)
    markdown = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "markdown", "-o", str(tmp_path / "d.md"))
    assert markdown.code == 1
    tokens = markdown_parser().parse((tmp_path / "d.md").read_text(encoding="utf-8"))
    assert not [
        t
        for t in tokens
        if t.type == "inline" and any(c.type in ("link_open", "strong_open", "html_inline") for c in t.children or [])
    ]
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + len([c for c in changes(LANDS, hostile)])
    sarif = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "sarif", "-o", str(tmp_path / "d.sarif"))
    log = json.loads((tmp_path / "d.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_SCHEMA)
    assert sarif.code == 1 and [r["level"] for r in log["runs"][0]["results"]] == ["error"]
    github = run("diff", str(old), str(new), "--as-of", AS_OF, "-f", "github")
    [line] = github.stdout.splitlines()
    level, file, number, _, _ = ANNOTATION.match(line).groups()
    assert (level, file) == ("error", str(new).replace("%", "%25").replace(":", "%3A").replace(",", "%2C"))
    assert "fee" in new.read_text(encoding="utf-8").splitlines()[int(number) - 1]


def test_bad_arguments_are_one_line_errors(run, tmp_path):
    old = write(tmp_path / "old.yaml", LANDS)
    assert run("diff", str(old)).code == 2
    refused = run("diff", str(old), str(old), "-o", str(old))
    assert refused.code == 2 and "is one of the inputs" in refused.stderr and old.read_text(encoding="utf-8")
    option = run("diff", "--base", "--upload-pack=touch x", str(old))
    assert option.code == 2 and "not a git revision" in option.stderr and "Traceback" not in option.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("organisation: {name: A\n", encoding="utf-8")
    result = run("diff", str(old), str(broken))
    assert result.code == 2 and "broken.yaml:" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def markdown_parser() -> MarkdownIt:
    """GitHub's reading: GFM tables, autolinks for URLs, www. and emails, never for a bare dotted name."""
    md = MarkdownIt("gfm-like", {"linkify": True})
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True})
    return md


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def repository_with_lands(repo: Path) -> Path:
    """A git repository on branch main whose one commit holds charters/lands.yaml."""
    (repo / "charters").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    write(repo / "charters/lands.yaml", LANDS)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "charter")
    return repo


def test_old_versions_come_from_git_by_revision(run, tmp_path):
    repo = repository_with_lands(tmp_path / "repo")
    write(repo / "charters/lands.yaml", edited(opening_hours__weekly__friday=[]))
    write(repo / "charters/new.yaml", LANDS)
    result = run("diff", "--base", "main", "charters", "--as-of", AS_OF, "-f", "json", cwd=repo)
    assert result.code == 1, result.stderr
    files = {Path(f["new"]).name: f for f in result.json()["files"]}
    assert files["new.yaml"]["note"] == "new since main: no earlier version to compare"
    assert [(c["fact"], c["kind"]) for c in files["lands.yaml"]["changes"]] == [
        ("opening_hours.weekly.friday", "weaker")
    ]
    by_spec = run("diff", "main:charters/lands.yaml", "charters/lands.yaml", "--as-of", AS_OF, "-f", "json", cwd=repo)
    assert by_spec.code == 1 and by_spec.json()["files"][0]["changes"][0]["fact"] == "opening_hours.weekly.friday"
    unknown = run("diff", "--base", "nosuchbranch", "charters", cwd=repo)
    assert unknown.code == 2 and "is not a commit" in unknown.stderr
    outside = tmp_path / "loose"
    outside.mkdir()
    write(outside / "c.yaml", LANDS)
    kept = (repo / "charters/lands.yaml").read_bytes()
    over = run("diff", "--base", "main", "charters", "-o", "charters/lands.yaml", cwd=repo)
    assert (
        over.code == 2 and "is one of the inputs" in over.stderr and (repo / "charters/lands.yaml").read_bytes() == kept
    )
    loose = run("diff", "--base", "main", str(outside / "c.yaml"), cwd=outside)
    assert loose.code == 2 and "is not in a git repository" in loose.stderr


def test_report_lists_departments_whose_promises_weakened_since_the_baseline(run, tmp_path):
    charters = tmp_path / "charters"
    charters.mkdir()
    write(charters / "lands.yaml", LANDS)
    assert run("report", str(charters), "-o", str(tmp_path / "before"), "--as-of", AS_OF).code == 0
    write(charters / "lands.yaml", edited(correspondence__reply_within_working_days=12))
    result = run(
        "report",
        str(charters),
        "-o",
        str(tmp_path / "after"),
        "--as-of",
        AS_OF,
        "--baseline",
        str(tmp_path / "before/portfolio.json"),
    )
    assert result.code == 0, result.stderr
    page = (tmp_path / "after/portfolio.md").read_text(encoding="utf-8")
    section = page.split("### Promises weakened since the baseline", 1)[1]
    assert "Lands and Surveys Department: Replies to letters and emails: 10 working days → 12 working days" in section
    from lxml import html

    tree = html.fromstring((tmp_path / "after/portfolio.html").read_bytes())
    items = [
        li.text_content()
        for li in tree.xpath("//h3[.='Promises weakened since the baseline']/following-sibling::ul[1]/li")
    ]
    assert items == ["Lands and Surveys Department: Replies to letters and emails: 10 working days → 12 working days"]


def test_the_public_page_says_what_changed_in_both_languages(run, tmp_path):
    charter = EXAMPLES / "vital-statistics-registry.yaml"
    for lang, heading, why in (("en", "What changed", "Why:"), ("es", "Qué cambió", "Motivo:")):
        page = run("render", str(charter), "--lang", lang, "--as-of", AS_OF).stdout
        from lxml import html

        tree = html.fromstring(page.encode())
        [item] = tree.xpath("//section[@aria-labelledby='changes']//li")
        assert tree.xpath("//h2[@id='changes']")[0].text == heading
        assert item.xpath("time/@datetime") == ["2025-06-02"] and why in item.text_content()
        script = tree.xpath("//script[@type='application/ld+json']")[0].text
        webpage = next(node for node in json.loads(script)["@graph"] if node["@type"] == "WebPage")
        assert webpage["dateModified"] == "2025-08-15"  # the review after the change


@pytest.mark.parametrize(
    ("workflow", "variable"),
    [("github-diff.yml", "GITHUB_BASE_REF"), ("gitlab-diff.yml", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")],
)
def test_the_readme_pull_request_workflows_write_the_comment_they_post(tmp_path, workflow, variable):
    """Each documented job's `svcstd diff` line, run as its CI shell would in a clone with the target branch."""
    import os
    import sys

    text = (ROOT / "docs" / workflow).read_text(encoding="utf-8")
    [line] = [
        line.strip().removeprefix("- ")
        for line in text.splitlines()
        if "svcstd diff" in line and not line.lstrip().startswith("#")
    ]
    origin = repository_with_lands(tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    write(clone / "charters/lands.yaml", edited(complaints__appeal__independent_body=None))
    env = {**os.environ, variable: "main", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = line if "status=" in line else f"{line}; status=$?"
    done = subprocess.run(
        ["bash", "-c", f"set +e; {script}; exit $status"], cwd=clone, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    tokens = markdown_parser().parse((clone / "promises.md").read_text(encoding="utf-8"))
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "Appeal to an independent body" in cells and any(cell.startswith("NOT RECORDED") for cell in cells)


def test_a_baselines_promises_of_the_wrong_shape_are_left_out_never_trusted():
    from svcstd.diff.compare import compare_facts
    from svcstd.diff.facts import facts_as_json, facts_from_json, promise_facts

    kept = facts_as_json(promise_facts(LANDS))
    hostile = {
        **kept,
        "a": {"better": "hours", "value": "9 h"},
        "b": {"better": "items", "value": [1, 2]},
        "c": {"better": "lower", "value": True},
        "d": "x",
        "e": {"better": "sideways", "value": 1},
        "f": {"value": 3},
    }
    read = facts_from_json(hostile)
    assert set(read) == set(kept)
    assert compare_facts(read, promise_facts(LANDS)) == []
    assert facts_from_json([1, 2]) == {} and facts_from_json(None) == {}


def test_the_lists_named_by_a_key_are_the_same_for_check_and_diff():
    # check refuses a repeated key (facts.KEYED_LISTS); diff matches entries by it (schemas/promises.json)
    from svcstd.diff.facts import catalogue
    from svcstd.facts import KEYED_LISTS

    entries, _ = catalogue()
    assert {(path, spec["key"]) for path, spec in entries.items()} == set(KEYED_LISTS)
