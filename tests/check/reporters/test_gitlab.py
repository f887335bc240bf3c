"""GitLab Code Quality (`check -f gitlab`): severities, fingerprints, waived findings and standard input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from made_in_process import (
    ERROR,
    INFO,
    UNREADABLE,
    WAIVED,
    WARNING,
    catalogue_finding,
    catalogue_result,
    report,
    result,
    written_by,
)
from svcstd.errors import InputError
from svcstd.findings import FileResult


def test_gitlab_maps_each_severity_leaves_waived_out_and_makes_input_errors_critical(tmp_path):
    issues = json.loads(report("gitlab", result(ERROR, WARNING, INFO, WAIVED), UNREADABLE, tmp_path=tmp_path))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("BZ-D1-01", "major", 3),
        ("BZ-D8-01", "minor", 4),
        ("BZ-B-12", "info", 5),
        ("svcstd-input-error", "critical", 7),
    ]
    assert issues[0]["description"] == "BZ-D1-01: msg (x%y\\nz) Source: C 1. Fix: fix it" + (
        ". More: svcstd explain BZ-D1-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d1-01"
    )
    assert len({i["fingerprint"] for i in issues}) == 4
    no_line = FileResult("-", error=InputError("-", "empty"))
    assert json.loads(report("gitlab", no_line, tmp_path=tmp_path))[0]["location"] == {
        "path": "stdin",
        "lines": {"begin": 1},
    }
    assert report("gitlab", tmp_path=tmp_path) == "]\n".rjust(3, "[")


UNDECODABLE = "charters/caf\udce9.yaml"  # a file name that is not UTF-8, as os.listdir gives it


def test_gitlab_fingerprints_a_file_name_that_is_not_utf8_and_separates_every_issue():
    text = written_by(
        "gitlab", catalogue_result(catalogue_finding("BZ-D1-01", 3), catalogue_finding("BZ-D2-01", 4), file=UNDECODABLE)
    )
    issues = json.loads(text)
    assert len(issues) == 2
    path = issues[0]["location"]["path"]
    key = f"{issues[0]['check_name']}\0{path}\0x\0d".encode("utf-8", "surrogateescape")
    assert issues[0]["fingerprint"] == hashlib.sha256(key).hexdigest()
    assert json.loads(written_by("gitlab")) == []


def test_standard_input_is_written_as_stdin_in_gitlab(tmp_path: Path):
    issues = json.loads(written_by("gitlab", catalogue_result(catalogue_finding("BZ-D1-01", 3), file="-")))
    assert issues[0]["location"]["path"] == "stdin"
