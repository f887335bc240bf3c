"""Many charters in one run (batch.py): worker processes give the same reports as one, and stop cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from charters import generate  # bench/charters.py, on the path by [tool.pytest.ini_options] pythonpath

from conftest import AS_OF, ROOT, svcstd

FORMATS = ["json", "sarif", "junit", "github", "markdown", "table"]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    """150 varied charters (five tasks' worth for the workers), one unreadable and one with a YAML error."""
    root = tmp_path_factory.mktemp("portfolio")
    generate(150, seed=7, directory=root)
    (root / "ministry-001" / "broken.yaml").write_text("organisation: {name: A\n", encoding="utf-8")
    (root / "ministry-000" / "binary.yaml").write_bytes(b"\x00\x01")
    return root


def reports(portfolio: Path, tmp_path: Path, jobs: str) -> tuple[int, dict[str, bytes]]:
    args = ["check", str(portfolio), "--as-of", AS_OF, "--jobs", jobs]
    for name in FORMATS:
        args += ["-f", name, "-o", str(tmp_path / f"{jobs}.{name}")]
    result = svcstd(*args, timeout=300)
    return result.code, {name: (tmp_path / f"{jobs}.{name}").read_bytes() for name in FORMATS}


def test_every_report_is_identical_with_and_without_workers(portfolio, tmp_path):
    serial_code, serial = reports(portfolio, tmp_path, "1")
    parallel_code, parallel = reports(portfolio, tmp_path, "2")
    assert serial_code == parallel_code == 2  # the unreadable files
    assert serial == parallel
    report = json.loads(serial["json"])
    assert report["summary"]["files"] == 152 and report["summary"]["errors"] == 2
    assert 20 < report["summary"]["compliant"] < 140  # a real mix, not all one verdict
    assert [f["file"] for f in report["files"]] == sorted(f["file"] for f in report["files"])
    sarif = json.loads(serial["sarif"])
    assert len(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]) == 2
    assert b"152 files checked" in serial["table"]


def test_default_jobs_match_a_serial_run(portfolio, tmp_path):
    default = svcstd("check", str(portfolio), "--as-of", AS_OF, "-f", "json", timeout=300)
    serial = svcstd("check", str(portfolio), "--as-of", AS_OF, "-f", "json", "--jobs", "1", timeout=300)
    assert default.stdout == serial.stdout and default.code == serial.code


def test_negative_jobs_is_a_usage_error():
    result = svcstd("check", str(ROOT / "examples"), "--jobs", "-1")
    assert result.code == 2 and "--jobs" in result.stderr


def test_an_interrupted_report_leaves_no_partial_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous report\n", encoding="utf-8")
    result = svcstd("check", str(ROOT / "examples"), "-f", "json", "-o", str(target), "-f", "nonsense")
    assert result.code == 2
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
