"""Tests drive the installed `svcstd` command the way a user or a CI job calls it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs every property with a fixed seed and no example database, so a failure there reproduces on any machine
# (`CI=true pytest`); elsewhere Hypothesis explores new examples each run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]

if os.environ.get("SVCSTD_MUTANT_STANDARDS"):  # scripts/pack_mutation.py: judge with one mutated pack
    import svcstd.catalogue

    svcstd.catalogue.bundled_pack_paths = lambda: sorted(
        p
        for p in Path(os.environ["SVCSTD_MUTANT_STANDARDS"]).glob("*.yaml")
        if p.name != svcstd.catalogue.FORMAT_PACK_FILE
    )
EXAMPLES = ROOT / "examples"
AS_OF = "2025-11-01"
SVCSTD = Path(sys.executable).with_name("svcstd")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def svcstd(
    *args: str,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Run:
    """Run the installed console script; fail loudly if it is not installed."""
    if os.environ.get(
        "SVCSTD_MUTATION"
    ):  # a helper called outside the `run` fixture: see pytest_collection_modifyitems
        pytest.skip("drives the installed command, which mutation testing does not mutate")
    assert SVCSTD.exists(), f"svcstd is not installed next to {sys.executable}: pip install -e '.[test]'"
    data = stdin.encode() if isinstance(stdin, str) else stdin
    if (
        env is None
    ):  # a test runner's own terminal size (pytest-xdist sets COLUMNS) must not change the layout under test
        env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    proc = subprocess.run(
        [str(SVCSTD), *args], input=data, capture_output=True, cwd=cwd or ROOT, env=env, timeout=timeout
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@pytest.fixture
def run():
    return svcstd


def verdicts(report: dict[str, Any], file: str | None = None) -> dict[str, str]:
    files = report["files"] if file is None else [f for f in report["files"] if f["file"].endswith(file)]
    assert len(files) == 1
    return {s["id"]: s["status"] for s in files[0]["standards"]}


def with_value(data: Any, path: tuple, value: Any) -> Any:
    """A deep copy of a charter's data with the value at `path` replaced: the one way tests mutate a charter."""
    import copy

    changed = copy.deepcopy(data)
    node = changed
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return changed


def line_of(path: Path, fragment: str) -> int:
    """The line of a file holding `fragment`, so a test names a place without counting lines by hand."""
    return next(
        number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line
    )


LANDS_REPLY_LINE = line_of(EXAMPLES / "lands-department.yaml", "reply_within_working_days: 10")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under scripts/mutation.sh (SVCSTD_MUTATION set) only in-process tests run: the mutants live in the test
    process, and a test driving the installed command would judge an unmutated copy. Never set otherwise."""
    if not os.environ.get("SVCSTD_MUTATION"):
        return
    kept = [item for item in items if "run" not in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a charters/ folder, as a pipeline checks it out."""
    (tmp_path / ".git").mkdir()
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "charters", ignore=shutil.ignore_patterns("logs"))
    return tmp_path
