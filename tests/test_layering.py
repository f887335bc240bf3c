"""No package of svcstd imports a package that imports it back: `render --with-exports` calls export, and export
knows nothing of render (they once imported each other's package, the only loop)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src/svcstd"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("svcstd."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("svcstd.")}
    return found


def test_the_subpackages_import_each_other_without_a_loop():
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    uses = {
        name: {used for module in (PACKAGE / name).rglob("*.py") for used in _imports(module) if used in packages}
        - {name}
        for name in packages
    }

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(used == goal or (used not in seen and reaches(used, goal, seen | {used})) for used in uses[start])

    loops = sorted(name for name in packages if reaches(name, name))
    assert not loops, {name: sorted(uses[name]) for name in loops}
    assert "render" not in uses["export"]


COMMAND_PACKAGES = {"cli", "check", "diff", "edit", "export", "fix", "init", "measure", "render", "report"}
"""Packages named after what users type; the modules at the top of svcstd/ (and checks/) are the core below them."""

SURFACES = {"api.py", "__main__.py"}
"""Entry points for people and scripts: above the commands, like cli/."""


def test_the_core_never_imports_a_command():
    core = [p for p in PACKAGE.glob("*.py") if p.name not in SURFACES] + list((PACKAGE / "checks").rglob("*.py"))
    upward = {
        path.relative_to(PACKAGE).as_posix(): sorted(_imports(path) & COMMAND_PACKAGES)
        for path in core
        if _imports(path) & COMMAND_PACKAGES
    }
    assert upward == {}


def test_every_package_is_a_command_or_the_computed_checks():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == COMMAND_PACKAGES | {"checks"}


def test_tests_mirror_the_tree():
    # a newcomer finds a command's tests under its name, and a computed check's beside the rule ids it serves
    import svcstd.checks

    tests = ROOT / "tests"
    for command in COMMAND_PACKAGES - {"cli"}:
        assert list((tests / command).glob("test_*.py")), f"tests/{command}/ holds no tests"
    assert (
        list((tests / "check" / "reporters").glob("test_*.py"))
        and (tests / "check" / "reporters" / "snapshots").is_dir()
    )
    docstrings = {
        path.name: ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for path in (tests / "checks").glob("test_*.py")
    }
    for name in svcstd.checks.bundled():
        ids = svcstd.checks.check_module(name).RULES
        serving = [doc for doc in docstrings.values() if doc.startswith(name) or f" {name} (" in doc]
        assert serving, f"no tests/checks/test_{name}.py"
        assert all(rule_id in serving[0] for rule_id in ids), (name, ids)
