"""Time the staff part of `jescore equalpay`: 1,000,000 staff rows over 2,000 questionnaires.

Usage: python benchmarks/equalpay.py [ROWS JOBS]   (default: 1000000 2000; targets: the staff
part under 10 seconds and under 400 MB peak memory)

Writes JOBS NHS questionnaires and a staff CSV of ROWS people (job, sex, pay and two columns
that are never read), seeded. Then runs, each as a fresh process:

- `jescore equalpay JOBS --staff STAFF` in full (json), and
- the same with a staff file of only the header row, which reads the questionnaires and
  writes the report but reads no rows;

and reports both, and their difference: the staff part (read, match and aggregate the rows).
Peak memory is the full run's.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure
from rank import generate as questionnaires

ROUNDS = 3


def staff(path: Path, rows: int, jobs: int) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("employee,job,sex,pay,contract\n")
        for n in range(rows):
            job = rng.randrange(jobs)
            sex = "F" if rng.random() < 0.6 else "M"
            pay = 20_000 + (job % 50) * 900 + rng.random() * 3_000
            f.write(f"E{n:07d},GEN-{job:05d},{sex},{pay:.2f},permanent\n")


def main() -> None:
    rows, jobs = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (1_000_000, 2_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "jobs").mkdir()
        questionnaires(folder / "jobs", jobs)
        staff(folder / "staff.csv", rows, jobs)
        (folder / "empty.csv").write_text("employee,job,sex,pay,contract\n", encoding="utf-8")
        size = (folder / "staff.csv").stat().st_size / 1e6

        def argv(name: str) -> list[str]:
            return [
                jescore(), "equalpay", str(folder / "jobs"), "--staff", str(folder / name),
                "--pay-basis", "fte", "--format", "json",
            ]  # fmt: skip

        full, base = [], []
        for _ in range(ROUNDS):
            f, b = measure(argv("staff.csv")), measure(argv("empty.csv"))
            assert f.code == 0 and b.code == 0, (f.code, b.code)
            full.append(f)
            base.append(b)
        wall = statistics.median(r.seconds for r in full)
        wall0 = statistics.median(r.seconds for r in base)
        print(
            f"{rows:,} staff rows ({size:.0f} MB CSV) over {jobs:,} questionnaires, {ROUNDS} rounds"
        )
        print(
            f"  full run       median {wall:5.2f} s  max RSS {max(r.rss_mb for r in full):4.0f} MB"
        )
        print(
            f"  no staff rows  median {wall0:5.2f} s  max RSS {max(r.rss_mb for r in base):4.0f} MB"
        )
        print(f"  staff part (read, match, aggregate): {wall - wall0:.2f} s  (target under 10 s)")


if __name__ == "__main__":
    main()
