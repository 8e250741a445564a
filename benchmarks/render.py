"""Time the default table output against ``--format json`` of the same run.

Usage: python benchmarks/render.py [FILES]   (default 2,000 questionnaires; target: the table
takes at most 1.5 times as long as JSON, for both ``evaluate`` and ``panel``)

Writes FILES NHS questionnaires (FILES / 4 jobs, each scored by four panel members who mostly
agree) to a temporary folder (seeded: every run is the same). Then times, each as a fresh
process with its output piped, in ROUNDS interleaved rounds so that every command sees the same
machine: ``jescore evaluate FOLDER`` and ``jescore evaluate FOLDER --format json``, then
``jescore panel FOLDER`` and ``jescore panel FOLDER --format json``. Reports each command's
best time and peak memory, and the median per-round ratio of table to JSON.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure
from panel import MEMBERS, generate

ROUNDS = int(os.environ.get("ROUNDS", "5"))


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    jobs = max(1, files // len(MEMBERS))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, jobs)
        print(
            f"{jobs * len(MEMBERS):,} questionnaires ({jobs} jobs x {len(MEMBERS)}), "
            f"{ROUNDS} rounds"
        )
        for command in ("evaluate", "panel"):
            table = [jescore(), command, str(folder)]
            as_json = [*table, "--format", "json"]
            ratios, table_runs, json_runs = [], [], []
            for _ in range(ROUNDS):
                t, j = measure(table), measure(as_json)
                assert t.code == 0 and j.code == 0, (command, t.code, j.code)
                table_runs.append(t)
                json_runs.append(j)
                ratios.append(t.seconds / j.seconds)
            for name, runs in (("table", table_runs), ("json ", json_runs)):
                best = min(run.seconds for run in runs)
                rss = max(run.rss_mb for run in runs)
                print(f"  jescore {command:8} {name}  best {best:6.2f} s  max RSS {rss:4.0f} MB")
            print(
                f"  {command}: table / json, median wall {statistics.median(ratios):.2f} "
                "(target at most 1.5)"
            )


if __name__ == "__main__":
    main()
