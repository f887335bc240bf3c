"""The mutation score from `mutmut results --all true`, with each survivor either listed as equivalent or shown.

    python scripts/mutation_report.py results.txt [scripts/mutation_equivalents.txt]

A survivor is equivalent when no input tells it apart from the original; each
one is listed in mutation_equivalents.txt with the reason (`name  reason`, one
per line, `#` comments). The score counts the mutants that are not equivalent:
killed (a test failed, or the tests ran past mutmut's timeout) over all of them.
Exits 1 when a survivor is not explained, so the list stays honest: a listed
mutant that is now killed, or no longer exists, is named as stale too.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

DETECTED = {"killed", "timeout"}


def read_results(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def read_equivalents(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            found[name] = reason.strip()
    return found


def module_of(name: str) -> str:
    """svcstd.engine.x_show__mutmut_7 and svcstd.engine.xǁEngineǁcheck__mutmut_2 are both `engine`."""
    return re.sub(r"\.x[_ǁ].*$", "", name).removeprefix("svcstd.")


def main() -> int:
    results = read_results(Path(sys.argv[1]))
    equivalents = read_equivalents(
        Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).with_name("mutation_equivalents.txt"))
    )
    judged: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    unexplained = []
    for name, status in results.items():
        if status not in DETECTED and name in equivalents:
            continue
        judged[module_of(name)] += 1
        if status in DETECTED:
            detected[module_of(name)] += 1
        else:
            unexplained.append(f"{name}: {status}")
    stale = sorted(name for name in equivalents if results.get(name, "killed") in DETECTED)
    listed = sum(1 for name, status in results.items() if status not in DETECTED and name in equivalents)
    total, killed = sum(judged.values()), sum(detected.values())
    print(f"mutants: {len(results)}; equivalent (listed with their reasons): {listed}")
    print(f"killed: {killed} of {total} non-equivalent ({100 * killed / max(total, 1):.1f}%)")
    print("| module | killed | non-equivalent mutants | score |\n|---|---|---|---|")
    for module in sorted(judged):
        print(
            f"| `{module}` | {detected[module]} | {judged[module]} | {100 * detected[module] / judged[module]:.1f}% |"
        )
    for line in unexplained:
        print(f"survived, not listed as equivalent: {line}")
    for name in stale:
        print(f"listed as equivalent but killed or gone (remove it from the list): {name}")
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
