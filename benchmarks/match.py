"""Time `jescore match` over many generated jobs against many generated profiles.

Usage: python benchmarks/match.py [JOBS PROFILES]   (default: 1000 500; target under 10 s)

Writes PROFILES NHS profiles (random ranges, letters where the scheme has them, each graded in
the band of its middle score) and JOBS questionnaires, each a variation on a random profile (so
that every verdict occurs), to a temporary folder: seeded, so every run is the same. Then times
`jescore match JOBS_FOLDER PROFILES_FOLDER` as a fresh process, ROUNDS times for each output
format, and reports the median wall time, CPU time (user + system) and peak memory (max RSS).
Every run compares each job with every profile; the output then holds each job's best one.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure

from jescore.loader import Library

ROUNDS = 3
FORMATS = (("csv",), ("json",), ("table",))


def generate(folder: Path, jobs: int, profiles: int) -> None:
    scheme = Library().scheme("nhs-afc").scheme
    grading = scheme.grading
    assert grading is not None
    rng = random.Random(jobs * 7919 + profiles)
    (folder / "profiles").mkdir()
    (folder / "jobs").mkdir()
    centres = []
    for i in range(profiles):
        lines, lows, highs = [], [], []
        for factor in scheme.factors:
            low = rng.randint(1, factor.top)
            high = min(factor.top, low + rng.choice((0, 0, 0, 1, 1)))
            lows.append(factor.points(low))
            highs.append(factor.points(high))
            top = factor.levels[high - 1]
            letter = top.letters[:1] if top.letters_confirmed else ""
            text = f"{low}" if low == high else f"{low}-{high}"
            lines.append(f"  {factor.id}: {text}{letter}")
            centres.append((i, factor.id, low, high))
        band = grading.band_for((sum(lows) + sum(highs)) // 2) or grading.bands[-1]
        head = [
            "profile:",
            f"  title: Generated profile {i}",
            f"  reference: GEN-P{i:04d}",
            f'  band: "{band.label}"',
            "  status: illustrative",
            "scheme: nhs-afc",
            "factors:",
        ]
        (folder / "profiles" / f"p-{i:04d}.yaml").write_text(
            "\n".join(head + lines) + "\n", encoding="utf-8"
        )
    by_profile: dict[int, list[tuple[str, int, int]]] = {}
    for i, fid, low, high in centres:
        by_profile.setdefault(i, []).append((fid, low, high))
    tops = {f.id: f.top for f in scheme.factors}
    for j in range(jobs):
        source = by_profile[rng.randrange(profiles)]
        lines = [
            "job:",
            f"  title: Generated job {j}",
            f"  reference: GEN-J{j:05d}",
            "scheme: nhs-afc",
            "factors:",
        ]
        for fid, low, high in source:
            level = rng.randint(low, high) + rng.choice((0, 0, 0, 0, 1, -1))
            level = max(1, min(tops[fid], level))
            lines += [f"  {fid}:", f"    level: {level}", '    evidence: ["JD 1.1"]']
        (folder / "jobs" / f"j-{j:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    jobs, profiles = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (1000, 500)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, jobs, profiles)
        print(f"{jobs} jobs x {profiles} profiles ({jobs * profiles:,} comparisons)")
        for extra in FORMATS:
            argv = [jescore(), "match", str(folder / "jobs"), str(folder / "profiles")]
            argv += ["--format", extra[0]]
            runs = [measure(argv) for _ in range(ROUNDS)]
            codes = {r.code for r in runs}
            assert codes == {0}, f"jescore match exited {codes}"
            wall = statistics.median(r.seconds for r in runs)
            cpu = statistics.median(r.cpu for r in runs)
            rss = max(r.rss_mb for r in runs)
            print(
                f"  --format {extra[0]:<5}  median wall {wall:5.2f} s  cpu {cpu:5.2f} s  "
                f"max RSS {rss:4.0f} MB  (best {min(r.seconds for r in runs):.2f} s)"
            )


if __name__ == "__main__":
    main()
