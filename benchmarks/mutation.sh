#!/usr/bin/env bash
# Mutation testing of the scoring core (engine, search, compare, appeal, family) with mutmut.
# Not part of CI: it runs the test suite once per mutant (1,200 or so) and takes most of an hour
# on two cores. Configuration: [tool.mutmut] in pyproject.toml. Needs: pip install mutmut.
# Prints the score per module and lists the surviving mutants; 'mutmut show NAME' shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf mutants
mutmut run --max-children "$(nproc)" > /dev/null || true
mutmut results --all true > mutants/results.txt || true
python - <<'PY'
import collections, re
counts = collections.defaultdict(collections.Counter)
for line in open("mutants/results.txt", encoding="utf-8"):
    m = re.match(r"\s*jescore\.(\w+)\.\S+: (.+)$", line)
    if m:
        counts[m.group(1)][m.group(2).strip()] += 1
total = collections.Counter()
for module, c in sorted(counts.items()):
    total.update(c)
    n = sum(c.values())
    print(f"{module:10} {c['killed']:5} of {n:5} killed ({100 * c['killed'] / n:.1f}%)  {dict(c)}")
n = sum(total.values())
print(f"{'all':10} {total['killed']:5} of {n:5} killed ({100 * total['killed'] / n:.1f}%)")
PY
grep -v ": killed$" mutants/results.txt | sed -n '1,400p'
