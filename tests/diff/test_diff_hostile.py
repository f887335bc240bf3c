"""`svcstd diff` under hostile input: repeated keys, malformed change logs, escapes in JSON."""

from __future__ import annotations

import json
import re

from conftest import AS_OF
from made_in_process import AIRPORT, IMMIGRATION, LANDS_TEXT, REGISTRY_TEXT, _hsds, _one_line_error, _write


def test_a_repeated_service_id_or_site_name_is_refused_naming_both_lines(run, tmp_path):
    twice = REGISTRY_TEXT.replace("  - id: marriage-certificate", "  - id: birth-certificate", 1)
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


def test_a_change_log_entry_with_no_real_date_excuses_nothing(run, tmp_path):
    assert "\nchanges:" not in LANDS_TEXT and "reply_within_working_days: 10" in LANDS_TEXT
    old = _write(tmp_path, "old.yaml", LANDS_TEXT)
    text = LANDS_TEXT.replace("reply_within_working_days: 10", "reply_within_working_days: 19", 1)
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
    old = _write(tmp_path, "old.yaml", REGISTRY_TEXT)
    second = REGISTRY_TEXT.replace("  - id: marriage-certificate", "  - id: birth-certificate", 1).replace(
        "within_working_days: 5\n      target_percent: 90", "within_working_days: 90\n      target_percent: 90", 1
    )
    result = run("diff", str(old), str(_write(tmp_path, "new.yaml", second)))
    _one_line_error(result)
    assert "services[2].id" in result.stderr


def test_diff_json_escapes_what_check_json_escapes(run, tmp_path):
    old = _write(tmp_path, "old.yaml", REGISTRY_TEXT)
    odd = "A\u202eB\x7fC\x85D\u2028E\ufffeF"
    assert "name: {en: Registering a birth," in REGISTRY_TEXT
    new = _write(
        tmp_path,
        "new.yaml",
        REGISTRY_TEXT.replace("name: {en: Registering a birth,", f"name: {{en: {json.dumps(odd)},").replace(
            "within_minutes: 30", "within_minutes: 45"
        ),
    )  # a weakened promise, labelled with the service's name
    result = run("diff", str(old), str(new), "-f", "json", "-o", str(tmp_path / "d.json"))
    assert result.code in (0, 1), result.stderr
    raw = (tmp_path / "d.json").read_text(encoding="utf-8")
    assert not any(char in raw for char in "\u202e\x7f\x85\u2028\ufffe")
    assert json.loads(raw)["files"][0]["changes"]
