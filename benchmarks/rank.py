"""Time `jescore rank` over many generated questionnaires against PyYAML's C loader alone.

Usage: python benchmarks/rank.py [COUNT ...]   (default: 2500 5000 10000)

For each count, writes that many NHS questionnaires (seeded, so every run is the same) to a
temporary folder, then times, each as a fresh process, in ROUNDS interleaved pairs (so that
both see the same machine):

- `yaml.load(text, Loader=yaml.CSafeLoader)` over every file (the parse-only baseline);
- `jescore rank FOLDER --format csv` (read, check, score, rank).

and reports the best wall time of each, the median of the per-round ratios of wall time and of
CPU time (user + system; steadier on a shared machine) (target: at most 1.3), each round's
wall-time ratio, and the peak memory (max RSS) of the rank run, which should stay flat as the
count grows.
Linear scaling shows as a steady time per file.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import measure

SCHEME_LEVELS = {
    "communication": 6, "knowledge": 8, "analytical": 5, "planning": 5, "physical-skills": 5,
    "patient-care": 8, "policy": 6, "financial": 6, "human-resources": 6, "information": 7,
    "research": 6, "freedom-to-act": 6, "physical-effort": 5, "mental-effort": 5,
    "emotional-effort": 4, "working-conditions": 5,
}  # fmt: skip

BASELINE = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)
"""


def generate(folder: Path, count: int) -> None:
    rng = random.Random(count)
    for i in range(count):
        lines = [
            "job:",
            f"  title: Generated job {i}",
            f"  reference: GEN-{i:05d}",
            f"  family: family-{i % 20}",
            "scheme: nhs-afc",
            "factors:",
        ]
        for factor, top in SCHEME_LEVELS.items():
            lines.append(f"  {factor}:")
            lines.append(f"    level: {rng.randint(1, top)}")
            lines.append("    evidence:")
            lines.append(f'      - "JD section {rng.randint(1, 9)}: duty {rng.randint(1, 99)}"')
        (folder / f"job-{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


ROUNDS = 5


def once(cmd: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system) and peak memory (MB) of one run that must succeed."""
    done = measure(cmd)
    if done.code != 0:
        raise SystemExit(f"{cmd[0]} exited {done.code}")
    return done.seconds, done.cpu, done.rss_mb


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [2500, 5000, 10000]
    jescore = str(Path(sys.executable).with_name("jescore"))
    print(
        f"{'files':>6} {'parse s':>8} {'rank s':>8} {'ratio':>6} {'cpu ratio':>9} "
        f"{'ratios':>30} {'ms/file':>8} {'max RSS MB':>10}"
    )
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            generate(folder, count)
            parses, ranks, ratios, cpu_ratios, rss = [], [], [], [], 0.0
            for _ in range(ROUNDS):
                parse, parse_cpu, _ = once([sys.executable, "-c", BASELINE, str(folder)])
                ranked, rank_cpu, peak = once([jescore, "rank", str(folder), "--format", "csv"])
                parses.append(parse)
                ranks.append(ranked)
                ratios.append(ranked / parse)
                cpu_ratios.append(rank_cpu / parse_cpu)
                rss = max(rss, peak)
            shown = " ".join(f"{r:.2f}" for r in ratios)
            print(
                f"{count:>6} {min(parses):>8.2f} {min(ranks):>8.2f} "
                f"{statistics.median(ratios):>6.2f} {statistics.median(cpu_ratios):>9.2f} "
                f"{shown:>30} {min(ranks) / count * 1000:>8.3f} {rss:>10.1f}"
            )


if __name__ == "__main__":
    main()
