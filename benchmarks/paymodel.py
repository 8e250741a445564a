"""Time `jescore paymodel`: 100,000 staff over 5 years on the NHS 2025/26 scale.

Usage: python benchmarks/paymodel.py [ROWS JOBS]   (default: 100000 100; targets: under 10
seconds and under 1 GB peak memory)

Writes JOBS questionnaires (copies of the NHS example support worker, Band 3, and nurse, Band 5,
each with its own reference) and a staff CSV of ROWS people (job, sex, current band 2 to 7 on a
point of that band, FTE, band start), seeded, so that people move up, down and stay. Runs
`jescore paymodel JOBS --staff STAFF --scale nhs-afc-2025-26 --years 5 --backpay-from ...`
(json) as a fresh process, and the same with a staff file of only the header row; reports both
and their difference: the staff part (read, check, model and aggregate the rows).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure

ROUNDS = 3
ROOT = Path(__file__).resolve().parents[1]
POINTS = {
    "2": [(0, 24465)],
    "3": [(0, 24937), (2, 26598)],
    "4": [(0, 27485), (3, 30162)],
    "5": [(0, 31049), (2, 33487), (4, 37796)],
    "6": [(0, 38682), (2, 40823), (5, 46580)],
    "7": [(0, 47810), (2, 50273), (5, 54710)],
}
HEADER = "employee,job,sex,band,pay,fte,band_start\n"


def questionnaires(folder: Path, jobs: int) -> list[str]:
    """JOBS copies of the two NHS examples, each with its own reference."""
    refs = []
    for n in range(jobs):
        name = "nhs-hcsw" if n % 2 else "nhs-nurse"
        text = (ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
        old = "NHS-EXAMPLE-HCSW" if n % 2 else "NHS-EXAMPLE-RN"
        ref = f"GEN-{n:04d}"
        (folder / f"{ref}.yaml").write_text(text.replace(old, ref), encoding="utf-8")
        refs.append(ref)
    return refs


def staff(path: Path, rows: int, refs: list[str]) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        for n in range(rows):
            band = rng.choice(list(POINTS))
            years = rng.randint(1, 12)
            pay = max(p for after, p in POINTS[band] if after <= years - 1)
            sex = "F" if rng.random() < 0.7 else "M"
            fte = rng.choice(("1", "1", "0.8", "0.5"))
            start = f"{2025 - years}-0{rng.randint(1, 3)}-1{rng.randint(0, 9)}"
            f.write(f"E{n:07d},{rng.choice(refs)},{sex},{band},{pay},{fte},{start}\n")


def main() -> None:
    rows, jobs = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (100_000, 100)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "jobs").mkdir()
        refs = questionnaires(folder / "jobs", jobs)
        staff(folder / "staff.csv", rows, refs)
        (folder / "empty.csv").write_text(HEADER, encoding="utf-8")

        def argv(name: str) -> list[str]:
            return [
                jescore(), "paymodel", str(folder / "jobs"), "--staff", str(folder / name),
                "--scale", "nhs-afc-2025-26", "--from", "2025-04-01", "--years", "5",
                "--award", "3", "--backpay-from", "2023-04-01", "--format", "json",
            ]  # fmt: skip

        full, base = [], []
        for _ in range(ROUNDS):
            f, b = measure(argv("staff.csv")), measure(argv("empty.csv"))
            assert f.code == 0, f.code
            full.append(f)
            base.append(b)
        wall = statistics.median(r.seconds for r in full)
        wall0 = statistics.median(r.seconds for r in base)
        cpu = statistics.median(r.cpu for r in full)
        cpu0 = statistics.median(r.cpu for r in base)
        rss = max(r.rss_mb for r in full)
        print(f"{rows:,} staff over {jobs:,} questionnaires, 5 years, {ROUNDS} rounds")
        print(f"  full run  median {wall:5.2f} s wall, {cpu:5.2f} s CPU, max RSS {rss:.0f} MB")
        print(f"  no staff rows  median {wall0:5.2f} s wall, {cpu0:5.2f} s CPU")
        print(
            f"  staff part: {wall - wall0:.2f} s wall, {cpu - cpu0:.2f} s CPU "
            "(targets: under 10 s and 1 GB)"
        )


if __name__ == "__main__":
    main()
