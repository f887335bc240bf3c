"""GitHub workflow commands (`check -f github`): levels, escapes and where to read more."""

from __future__ import annotations

import json
from dataclasses import replace

from made_in_process import ERROR, INFO, UNREADABLE, WAIVED, WARNING, finding, report, result
from made_in_process import result as file_result
from svcstd.errors import InputError
from svcstd.explain import help_uri
from svcstd.findings import FileResult


def test_github_levels_and_escapes_every_property_and_message():
    lines = report("github", result(ERROR, WARNING, INFO, WAIVED), UNREADABLE).splitlines()
    file = "dir/a%2Cb%3Ac%25d.yaml"
    assert lines == [
        f"::error file={file},line=3,col=5,title=BZ-D1-01 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D1-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d1-01",
        f"::warning file={file},line=4,col=5,title=BZ-D8-01 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D8-01 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d8-01",
        f"::notice file={file},line=6,col=5,title=BZ-D8-02 (waived)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-D8-02 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-d8-02",
        f"::notice file={file},line=5,col=5,title=BZ-B-12 (not met)::msg (x%25y\\nz) Source: C 1. Fix: fix it. More: svcstd explain BZ-B-12 or https://github.com/svcstd/svcstd/blob/main/docs/rules.md#bz-b-12",
        "::error file=bad%3A1%2C%25.yaml,line=7,title=svcstd input error::not YAML",
    ]
    no_line = FileResult("b.yaml", error=InputError("b.yaml", "missing"))
    assert report("github", no_line) == "::error file=b.yaml,title=svcstd input error::missing\n"


def test_github_and_gitlab_end_with_where_to_read_more_without_a_double_stop():
    stopped = replace(finding("BZ-D1-01", "error"), fix="Publish X.")
    more = f"More: svcstd explain BZ-D1-01 or {help_uri('BZ-D1-01')}"
    [annotation] = report("github", file_result(stopped)).splitlines()
    assert annotation.endswith(f"Fix: Publish X. {more}")
    [issue] = json.loads(report("gitlab", file_result(stopped)))
    assert issue["description"].endswith(f"Fix: Publish X. {more}")
