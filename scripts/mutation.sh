#!/usr/bin/env bash
# Mutation testing of the judgement core with mutmut ([tool.mutmut] in pyproject.toml), in a temporary copy of
# the repository with its own virtual environment: mutmut writes a mutants/ folder where it runs, and the tests
# must import svcstd from there, not from an installed copy, so svcstd's dependencies are installed without it.
# Usage: bash scripts/mutation.sh; prints the score, the time taken and every surviving mutant.
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
killed=$(grep -c ": killed" results.txt || true)
survived=$(grep -c ": survived" results.txt || true)
other=$(grep -vc ": killed\|: survived" results.txt || true)
echo "mutants killed: $killed, survived: $survived, other (no tests, timeout, suspicious): $other; $((end - start)) s"
echo "per module (killed / judged):"
grep -E ": (killed|survived)$" results.txt | sed -E 's/^ *svcstd\.(.*)\.x[_ǁ].*: (killed|survived)$/\1 \2/' \
  | awk '{t[$1]++; k[$1]+=($2=="killed")} END {for (m in t) printf "  %-28s %5d / %5d  %5.1f%%\n", m, k[m], t[m], 100*k[m]/t[m]}' | sort
grep -v ": killed" results.txt || true
