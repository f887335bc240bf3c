"""Paths, folders and patterns to charters (inputs.py): hidden files passed over."""

from __future__ import annotations

from pathlib import Path

from conftest import AS_OF
from made_in_process import LANDS_TEXT, _write


def test_a_folder_scan_passes_over_hidden_files_and_folders_alike(run, tmp_path):
    _write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")
    (tmp_path / ".github").mkdir()
    _write(tmp_path / ".github", "ci.yml", "on: push\n")
    _write(tmp_path, "lands.yaml", LANDS_TEXT)
    report = run("check", str(tmp_path), "-f", "json", "--as-of", AS_OF).json()
    assert [Path(f["file"]).name for f in report["files"]] == ["lands.yaml"]
    named = run("check", str(tmp_path / ".pre-commit-config.yaml"), "-f", "json").json()
    assert len(named["files"]) == 1  # a hidden file named on the command line is read
