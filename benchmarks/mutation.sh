#!/usr/bin/env bash
# Mutation testing of the pure core (engine, search, compare, appeal, family, profiles,
# matching, panel, equalpay) with mutmut.
# Not part of CI: it runs the core's tests once per mutant (about 3,000 mutants; about twenty
# minutes on two cores). Configuration: [tool.mutmut] in pyproject.toml (which tests judge the
# mutants, a lighter hypothesis profile). Needs: pip install mutmut.
# Prints the score per module (a timeout counts as killed: the mutant broke the code) and lists
# the surviving mutants; 'mutmut show NAME' shows one.
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
    dead = c["killed"] + c["timeout"]
    print(f"{module:10} {dead:5} of {n:5} killed ({100 * dead / n:.1f}%)  {dict(c)}")
n = sum(total.values())
dead = total["killed"] + total["timeout"]
print(f"{'all':10} {dead:5} of {n:5} killed ({100 * dead / n:.1f}%)")
PY
grep -v ": killed$\|: timeout$" mutants/results.txt | sed -n '1,400p'
