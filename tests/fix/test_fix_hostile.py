"""`svcstd fix --write` never loses what a person wrote: read-only files, owners, edits saved meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from made_in_process import REGISTRY_TEXT, _write


def _broken_registry(folder: Path, name: str) -> Path:
    return _write(
        folder, name, REGISTRY_TEXT.replace("  name: Vital Statistics Unit", "  nmae: Vital Statistics Unit", 1)
    )


def test_fix_leaves_a_read_only_file_alone_and_fixes_the_rest(run, tmp_path):
    locked = _broken_registry(tmp_path, "a.yaml")
    other = _broken_registry(tmp_path, "b.yaml")
    before = locked.read_bytes()
    locked.chmod(0o444)
    result = run("fix", str(locked), str(other), "--write")
    assert result.code == 2, result.stderr
    assert "a.yaml is read-only" in result.stderr and "1 file left as it was" in result.stderr
    assert locked.read_bytes() == before and (locked.stat().st_mode & 0o777) == 0o444
    assert "nmae:" not in other.read_text()


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_owner_of_a_file_it_rewrites(run, tmp_path):
    charter = _broken_registry(tmp_path, "a.yaml")
    os.chown(charter, 65534, 65534)
    assert run("fix", str(charter), "--write").code == 0
    assert (charter.stat().st_uid, charter.stat().st_gid) == (65534, 65534) and "nmae" not in charter.read_text()


def test_fix_never_writes_over_an_edit_saved_after_it_read_the_file(tmp_path):
    from svcstd.catalogue import load_catalogue
    from svcstd.engine import Engine, Options
    from svcstd.errors import UsageError
    from svcstd.fix.apply import fix_file

    charter = _broken_registry(tmp_path, "a.yaml")
    fixes = fix_file(
        str(charter), Engine(load_catalogue([]), Options(__import__("datetime").date(2025, 11, 1))).autofixes
    )
    assert fixes.edits
    charter.write_text(charter.read_text() + "# a person's note\n")
    with pytest.raises(UsageError, match="changed after svcstd read it"):
        fixes.write()
    assert charter.read_text().endswith("# a person's note\n") and "nmae" in charter.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left behind


def test_fix_shows_a_file_name_escape_in_its_diff_never_raw(run, tmp_path):
    charter = _broken_registry(tmp_path, "a\x1b]0;pwned\x07.yaml")
    result = run("fix", str(charter))
    assert result.code == 1 and "\x1b" not in result.stdout + result.stderr and "\\x1b]0;pwned" in result.stdout
