"""Time `jescore panel` against `jescore rank` on the same questionnaires.

Usage: python benchmarks/panel.py [JOBS]   (default: 1000 jobs x 4 members = 4,000 files;
target: panel takes at most 1.2 times as long as rank)

Writes JOBS NHS jobs, each scored by four members (two management, two staff side) who mostly
agree and sometimes differ by a level, to a temporary folder (seeded: every run is the same).
Then times, each as a fresh process, in ROUNDS interleaved pairs so that both see the same
machine: `jescore rank FOLDER --format csv` and `jescore panel FOLDER --format json` (every
panel, and the agreement across all jobs). Reports the median of the per-round ratios of wall
and of CPU time, and each command's best time and peak memory.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure

from jescore.loader import Library

ROUNDS = int(os.environ.get("ROUNDS", "7"))
MEMBERS = (("A", "management"), ("B", "management"), ("C", "staff"), ("D", "staff"))


def generate(folder: Path, jobs: int) -> None:
    scheme = Library().scheme("nhs-afc").scheme
    rng = random.Random(jobs)
    for j in range(jobs):
        centre = {f.id: rng.randint(1, f.top) for f in scheme.factors}
        for name, side in MEMBERS:
            lines = [
                "job:",
                f"  title: Generated job {j}",
                f"  reference: GEN-{j:05d}",
                "evaluator:",
                f"  name: Member {name}",
                f"  side: {side}",
                "scheme: nhs-afc",
                "factors:",
            ]
            for f in scheme.factors:
                level = centre[f.id] + rng.choice((0, 0, 0, 0, 0, 1, -1))
                level = max(1, min(f.top, level))
                lines += [f"  {f.id}:", f"    level: {level}", '    evidence: ["JD 1.1"]']
            path = folder / f"job-{j:05d}-{name}.yaml"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, jobs)
        rank = [jescore(), "rank", str(folder), "--format", "csv"]
        panel = [jescore(), "panel", str(folder), "--format", "json"]
        walls, cpus, rank_runs, panel_runs = [], [], [], []
        for _ in range(ROUNDS):
            r, p = measure(rank), measure(panel)
            assert r.code == 0 and p.code == 0, (r.code, p.code)
            rank_runs.append(r)
            panel_runs.append(p)
            walls.append(p.seconds / r.seconds)
            cpus.append(p.cpu / r.cpu)
        print(
            f"{jobs} jobs x {len(MEMBERS)} members ({jobs * len(MEMBERS):,} files), {ROUNDS} rounds"
        )
        for name, runs in (("rank ", rank_runs), ("panel", panel_runs)):
            best = min(run.seconds for run in runs)
            rss = max(run.rss_mb for run in runs)
            print(f"  jescore {name}  best {best:5.2f} s  max RSS {rss:4.0f} MB")
        print(
            f"  panel / rank: median wall {statistics.median(walls):.2f}, "
            f"median CPU {statistics.median(cpus):.2f}  (target at most 1.2)"
        )
        print("  per round (wall): " + " ".join(f"{w:.2f}" for w in walls))


if __name__ == "__main__":
    main()
