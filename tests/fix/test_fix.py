"""`svcstd fix`: safe, mechanical fixes that change only the characters they fix, through the installed command.

The strongest check is byte equality: YAML 1.1 traps and a misspelt key are
put into the registry example (comments, anchors, flow and block styles, a
byte-order mark and CRLF line endings included), and `fix --write` must give
back the example byte for byte. The diff is applied with GNU patch, SARIF
fixes are read by the official schema and the SARIF Multitool, and a second run finds nothing.
"""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest

from conftest import AS_OF, EXAMPLES, ROOT
from consumers import valid_sarif
from svcstd.safe_edits import certain_match, yaml11_reading

REGISTRY = (EXAMPLES / "vital-statistics-registry.yaml").read_bytes()
REPORT_SCHEMA = json.loads((ROOT / "schemas/report.schema.json").read_text())
TRAPS = [
    # (as the example writes it, as a hurried author might): each fix must give back the first exactly
    (b'    monday: [{opens: "08:00", closes: "16:30"}]', b'    monday: [{opens: "08:00", closes: 16:30}]'),
    (b'  last_updated: "2025-10-20"', b"  last_updated: 2025-10-20"),
    (b"  available_24_7: true", b"  available_24_7: yes"),
    (b"  staggered_breaks: true", b"  staggered_breaks: on"),
    (b"\nopening_hours:\n", b"\nopening_hour:\n"),
    (b"  country: BZ\n", b"  contry: BZ\n"),
    (
        b"  replies_include: {contact_name: true, telephone: true}",
        b"  replies_include: {contact_nme: true, telephone: true}",
    ),
]


def _broken(text: bytes = REGISTRY) -> bytes:
    for good, bad in TRAPS:
        assert text.count(good) == 1, good
        text = text.replace(good, bad)
    return text


def _format_findings(run, path) -> list[dict]:
    result = run("check", str(path), "--as-of", AS_OF, "-f", "json")
    return [f for s in result.json()["files"][0]["standards"] for f in s["findings"] if f["standard"] == "FORMAT"]


@pytest.mark.parametrize(("bom", "newline"), [(b"", b"\n"), (b"\xef\xbb\xbf", b"\r\n")], ids=["plain", "bom-and-crlf"])
def test_fix_write_gives_back_the_example_byte_for_byte(run, tmp_path, bom, newline):
    original = bom + REGISTRY.replace(b"\n", newline)
    charter = tmp_path / "registry.yaml"
    charter.write_bytes(bom + _broken(REGISTRY).replace(b"\n", newline))
    assert len(_format_findings(run, charter)) >= 5  # the misspelt keys and the yes/on flags fail the format
    result = run("fix", str(charter), "--write")
    assert result.code == 0, result.stderr
    assert result.stderr == (
        "svcstd: 7 fixes made in 1 file (2 only quote values YAML 1.1 tools would misread; `svcstd check` reads them "
        "right and reports nothing there)\n"
    )
    assert charter.read_bytes() == original
    assert _format_findings(run, charter) == []
    again = run("fix", str(charter))
    assert (again.code, again.stdout, again.stderr) == (0, "", "svcstd: nothing to fix\n")


def test_fix_prints_a_diff_that_patch_applies_and_changes_nothing_without_write(run, tmp_path):
    charter = tmp_path / "registry.yaml"
    broken = _broken()
    charter.write_bytes(broken)
    result = run("fix", str(charter))
    assert result.code == 1  # fixes are available: a CI step can require a clean file
    assert "apply with --write" in result.stderr
    assert charter.read_bytes() == broken  # nothing written without --write
    assert result.stdout.startswith(f"--- {charter}\n+++ {charter}\n@@ ")
    assert "-  contry: BZ\n+  country: BZ\n" in result.stdout
    patch = subprocess.run(["patch", "-s", str(charter)], input=result.stdout, text=True, capture_output=True)
    assert patch.returncode == 0, patch.stderr
    assert charter.read_bytes() == REGISTRY


def test_standard_input_prints_the_fixed_charter(run):
    result = run("fix", "-", "--write", stdin=_broken().decode("utf-8"))
    assert result.code == 0 and result.stdout.encode("utf-8") == REGISTRY


def test_check_marks_what_fix_would_change_and_sarif_carries_the_edit(run, tmp_path):
    charter = tmp_path / "registry.yaml"
    charter.write_bytes(_broken())
    table = run("check", str(charter), "--as-of", AS_OF)
    assert "error FMT-01 [*] " in table.stdout and "[*] 5 fixable with `svcstd fix --write`" in table.stdout
    assert "[*] svcstd fix --write makes it: organisation.contry: rename to country" in table.stdout
    sarif_path, json_path = tmp_path / "r.sarif", tmp_path / "r.json"
    run("check", str(charter), "--as-of", AS_OF, "-f", f"sarif:{sarif_path}", "-f", f"json:{json_path}")
    sarif = valid_sarif(sarif_path)  # the official schema and the SARIF Multitool's GitHub and Azure rules
    report = json.loads(json_path.read_text())
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    fixes = [r["fixes"][0] for r in sarif["runs"][0]["results"] if "fixes" in r]
    assert len(fixes) == 5
    lines = _broken().decode("utf-8").splitlines()
    for fix in fixes:  # each replacement, applied to its region, gives the example's line back
        [change] = fix["artifactChanges"]
        [replacement] = change["replacements"]
        region = replacement["deletedRegion"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        mended = (
            line[: region["startColumn"] - 1] + replacement["insertedContent"]["text"] + line[region["endColumn"] - 1 :]
        )
        assert mended in REGISTRY.decode("utf-8").splitlines(), mended
    autofixes = [f["autofix"] for s in report["files"][0]["standards"] for f in s["findings"] if f["autofix"]]
    assert sorted(a["replacement"] for a in autofixes) == ["contact_name", "country", "opening_hours", "true", "true"]


def test_a_number_where_text_belongs_is_quoted_as_written(run, tmp_path):
    charter = tmp_path / "c.yaml"
    charter.write_text(
        'format_version: 1\norganisation: {name: Unit, country: NO}\ncontact:\n  telephone: [8220500, "+501 822-0500"]\n'
    )
    assert run("fix", str(charter), "--write").code == 0
    assert charter.read_text() == (
        'format_version: 1\norganisation: {name: Unit, country: "NO"}\ncontact:\n  telephone: ["8220500", "+501 822-0500"]\n'
    )


def test_uncertain_renames_are_left_to_the_author():
    known = ["opening_hours", "reception", "telephone", "correspondence"]
    assert certain_match("opening_hour", known, {}) == "opening_hours"
    assert certain_match("Reception", known, {}) == "reception"  # a difference of case only
    assert certain_match("opening_hour", known, {"opening_hours": {}}) is None  # the right key is there already
    assert certain_match("hours", known, {}) is None  # nothing close enough
    assert certain_match("telephon", ["telephone", "telephones"], {}) is None  # two candidates
    assert yaml11_reading("16:30") == "int" and yaml11_reading("08:00") == "str" and yaml11_reading("no") == "bool"


def test_bad_input_is_one_line_and_exit_2_and_other_files_are_still_fixed(run, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("format_version: 1\norganisation: {name: Unit, country: NO}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [\n")
    result = run("fix", str(bad), str(good), "--write")
    assert result.code == 2
    assert f"svcstd: error: {bad}:2:1: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text() == "organisation: [\n"  # never touched
    assert good.read_text() == 'format_version: 1\norganisation: {name: Unit, country: "NO"}\n'
