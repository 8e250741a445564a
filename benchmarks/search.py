"""Engine time of the exact target-band search (`jescore whatif --target`).

Usage: python benchmarks/search.py [REPEATS]   (default 20)

Times `jescore.search.find_changes` alone (files already loaded) and prints the median and the
worst of the repeats for each case:

- NHS Agenda for Change (16 factors, up to 8 levels): the healthcare support worker example
  (222 points, Band 3) to every other band, up and down.
- A synthetic scheme of 40 factors x 10 levels (seeded, so every run is the same), from all
  factors at level 5 to near and far bands.

Targets: NHS under 20 ms, the synthetic scheme under 200 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

from jescore.engine import answers_by_factor
from jescore.loader import Library, load_job
from jescore.models import GradingStructure, Scheme
from jescore.search import Constraints, find_changes

ROOT = Path(__file__).resolve().parents[1]


def timed(repeats: int, *args: object) -> tuple[float, float, int]:
    runs = []
    found = 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = find_changes(*args)  # type: ignore[arg-type]
        runs.append((time.perf_counter() - start) * 1000)
        found = len(result.solutions)
    return statistics.median(runs), max(runs), found


def synthetic() -> Scheme:
    rng = random.Random(40_10)
    factors = []
    for i in range(40):
        points, value = [], rng.randint(2, 10)
        for _ in range(10):
            points.append(value)
            value += rng.randint(1, 12)
        factors.append(
            {
                "id": f"f{i}",
                "name": f"Factor {i}",
                "levels": [
                    {"level": k + 1, "points": p, "summary": "synthetic"}
                    for k, p in enumerate(points)
                ],
            }
        )
    low = sum(f["levels"][0]["points"] for f in factors)  # type: ignore[index]
    high = sum(f["levels"][-1]["points"] for f in factors)  # type: ignore[index]
    width = (high - low) // 12 + 1
    bands = [
        {
            "label": str(b + 1),
            "min": 0 if b == 0 else low + b * width,
            "max": low + (b + 1) * width - 1,
        }
        for b in range(12)
    ]
    bands[-1]["max"] = None
    return Scheme.model_validate(
        {
            "id": "synthetic",
            "name": "Synthetic 40 x 10",
            "edition": "benchmark",
            "status": "illustrative",
            "factors": factors,
            "grading": {"name": "12 equal bands", "bands": bands},
        }
    )


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"find_changes engine time, median and worst of {repeats} runs (ms), top 5 solutions")
    job = load_job(ROOT / "examples" / "nhs-hcsw.yaml", Library())
    nhs = job.scheme.scheme
    grading = nhs.grading
    assert isinstance(grading, GradingStructure)
    levels = {fid: a.number for fid, a in answers_by_factor(job.questionnaire, nhs).items()}
    worst_nhs = 0.0
    for band in grading.bands:
        for label, constraints in (("", Constraints()), (", max-step 1", Constraints(max_step=1))):
            median, worst, found = timed(repeats, nhs, grading, levels, band, constraints, 5)
            worst_nhs = max(worst_nhs, median)
            print(
                f"  {median:7.2f} {worst:7.2f}  NHS 222 -> Band {band.label}{label}: {found} found"
            )
    scheme = synthetic()
    sgrading = scheme.grading
    assert sgrading is not None
    levels = {f.id: 5 for f in scheme.factors}
    total = sum(f.points(5) for f in scheme.factors)
    worst_syn = 0.0
    for band in sgrading.bands:
        median, worst, found = timed(repeats, scheme, sgrading, levels, band, Constraints(), 5)
        worst_syn = max(worst_syn, median)
        print(
            f"  {median:7.2f} {worst:7.2f}  synthetic {total} -> Band {band.label}: {found} found"
        )
    print(
        f"slowest median: NHS {worst_nhs:.2f} ms (target 20), "
        f"synthetic {worst_syn:.2f} ms (target 200)"
    )


if __name__ == "__main__":
    main()
