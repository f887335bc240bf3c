"""Each exit code means one thing in every command, and a closed pipe is never read as "not compliant"."""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import EXAMPLES, ROOT, SVCSTD
from svcstd.exit_codes import ExitCode


def test_a_reader_that_goes_away_ends_the_run_quietly_with_the_shells_code(tmp_path):
    for index in range(40):  # enough table to fill the pipe the reader stops reading
        shutil.copy(EXAMPLES / "small-unit.yaml", tmp_path / f"unit-{index:02d}.yaml")
    proc = subprocess.Popen(
        [str(SVCSTD), "check", str(tmp_path), "--as-of", "2025-11-01", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    code = proc.wait(60)
    stderr = proc.stderr.read().decode()
    assert code == ExitCode.BROKEN_PIPE == 141 and "Traceback" not in stderr and "internal error" not in stderr


def test_no_command_writes_an_exit_code_as_a_bare_number():
    sources = [
        *(ROOT / "src/svcstd/cli").glob("*.py"),
        *(ROOT / "src/svcstd").glob("*/output.py"),
        ROOT / "src/svcstd/batch.py",
    ]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(typer\.Exit|sys\.exit)\(\s*\d", text), path
        assert not re.search(r"return [0-2] if|else [0-2]\)", text), path
