"""Mutants of the bundled standards packs, and whether the test suite catches each.

A rule's meaning lives in YAML as much as in code: a threshold nudged by one
or a key dropped from a `required` list changes verdicts as surely as a `<`
turned into `<=`. This script makes those mutants from the packs themselves
(every number in a rule's schema and params moved by one, every `required`
entry dropped, every `const: true` turned false) and runs the in-process rule
tests against each (tests/conftest.py loads the packs from
SVCSTD_MUTANT_STANDARDS when it is set). A mutant the tests pass is a
survivor, printed with what was changed.

Usage: python scripts/pack_mutation.py  (about a minute per hundred mutants)
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/test_boundaries.py", "tests/test_rules.py", "tests/checks"]


def mutations(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, Any]]:
    """(where, what, replacement) for each mutable value under a rule's schema or params."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("required",) and isinstance(value, list):
                for index, name in enumerate(value):
                    yield (*path, key), f"drop {name!r} from required", value[:index] + value[index + 1 :]
            elif key == "const" and value is True:
                yield (*path, key), "const: true -> false", False
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                yield (*path, key), f"{key}: {value} -> {value + 1}", value + 1
                yield (*path, key), f"{key}: {value} -> {value - 1}", value - 1
            else:
                yield from mutations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from mutations(value, (*path, index))


def set_at(node: Any, path: tuple, value: Any) -> None:
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def main() -> int:
    packs = sorted((ROOT / "standards").glob("*.yaml"))
    killed, survivors = 0, []
    with tempfile.TemporaryDirectory() as work:
        for pack in packs:
            data = yaml.safe_load(pack.read_text(encoding="utf-8"))
            for s_index, standard in enumerate(data["standards"]):
                for r_index, rule in enumerate(standard["rules"]):
                    for part in ("schema", "params"):
                        for where, what, value in mutations(
                            rule.get(part, {}), ("standards", s_index, "rules", r_index, part)
                        ):
                            if where[-1] == "path" or (part == "params" and "path" in where):
                                continue
                            mutant = copy.deepcopy(data)
                            set_at(mutant, where, value)
                            folder = Path(work) / "standards"
                            shutil.rmtree(folder, ignore_errors=True)
                            shutil.copytree(ROOT / "standards", folder)
                            (folder / pack.name).write_text(
                                yaml.safe_dump(mutant, sort_keys=False, allow_unicode=True), encoding="utf-8"
                            )
                            env = {**os.environ, "SVCSTD_MUTANT_STANDARDS": str(folder)}
                            result = subprocess.run(
                                [
                                    sys.executable,
                                    "-m",
                                    "pytest",
                                    "-q",
                                    "-x",
                                    "-p",
                                    "no:xdist",
                                    "-p",
                                    "no:cacheprovider",
                                    *TESTS,
                                ],
                                cwd=ROOT,
                                env=env,
                                capture_output=True,
                                text=True,
                            )
                            if result.returncode == 0:
                                survivors.append(f"{rule['id']}: {what}")
                            else:
                                killed += 1
    total = killed + len(survivors)
    print(f"pack mutants killed: {killed} of {total} ({100 * killed / max(total, 1):.1f}%)")
    for survivor in survivors:
        print("survived:", survivor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
