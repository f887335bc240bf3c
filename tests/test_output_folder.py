"""The folders render, report and export write (output_folder.py): links, empty paths, the wrote lines."""

from __future__ import annotations

import os

import pytest

from conftest import AS_OF, EXAMPLES
from made_in_process import _write


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


def test_the_wrote_lines_show_a_file_name_escape(run, tmp_path):
    target = tmp_path / "c\x1b[2J.yaml"
    result = run("init", "--no-input", "--name", "Lands", str(target))
    assert result.code == 0 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr
    out = tmp_path / "o\x1b[2J"
    result = run("export", "examples/lands-department.yaml", "--to", "ical", "-o", str(out))
    assert result.code == 0 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr
