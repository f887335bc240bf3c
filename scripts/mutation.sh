#!/usr/bin/env bash
# Mutation testing of the judgement core with mutmut ([tool.mutmut] in pyproject.toml), in a temporary copy of
# the repository with its own virtual environment: mutmut writes a mutants/ folder where it runs, and the tests
# must import svcstd from there, not from an installed copy, so svcstd's dependencies are installed without it.
# Usage: bash scripts/mutation.sh; prints the time taken, the score per module, and every survivor that
# scripts/mutation_equivalents.txt does not list as equivalent (then it exits 1).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work"
cd "$work"
python3 -m venv .venv-mutation
.venv-mutation/bin/pip install -q '.[test]' 'mutmut>=3.8,<4'
.venv-mutation/bin/pip uninstall -q -y svcstd
start=$(date +%s)
SVCSTD_MUTATION=1 .venv-mutation/bin/python -m mutmut run > mutmut.log 2>&1 || { echo "mutmut run failed:"; tail -40 mutmut.log; }
.venv-mutation/bin/python -m mutmut results --all true > results.txt 2>/dev/null || true
end=$(date +%s)
echo "mutmut took $((end - start)) s"
cd - >/dev/null
python3 scripts/mutation_report.py "$work/results.txt" scripts/mutation_equivalents.txt
