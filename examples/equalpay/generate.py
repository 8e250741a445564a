"""Write staff.csv: a FICTIONAL organisation's staff pay, for trying `jescore equalpay`.

Nobody in it exists; the numbers are generated (seeded, so the file is the same every time)
and are not real pay data. The organisation has an NHS side and a probation side (under
jescore's illustrative probation scheme), and one library post under the NJC. On the
probation side, Band 3 holds the Victim Liaison Officers (mostly women) and the Probation
Services Officers (mostly men, paid more although their job scores less): the pattern the
audit is there to find.

Run from the repository root:  python examples/equalpay/generate.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

#: job reference: (people, share of women, lowest pay, highest pay, extra for men)
JOBS = {
    "NHS-EXAMPLE-RN": (90, 0.86, 29_970, 36_483, 300),
    "NHS-EXAMPLE-HCSW": (60, 0.80, 24_071, 25_674, 0),
    "PO-EXAMPLE": (50, 0.46, 36_000, 41_000, 500),
    "VLO-2016": (40, 0.85, 26_000, 28_400, 0),
    "PSO-EXAMPLE": (60, 0.30, 28_800, 31_600, 400),
    "NJC-EXAMPLE-LIB": (12, 0.84, 23_500, 25_200, 0),
}


def main() -> None:
    rng = random.Random(2026)
    rows = []
    for job, (people, women, low, high, extra) in JOBS.items():
        for _ in range(people):
            sex = "F" if rng.random() < women else "M"
            pay = rng.uniform(low, high) + (extra if sex == "M" else 0)
            contract = rng.choice(["permanent", "permanent", "fixed term"])
            rows.append([job, sex, f"{pay:.2f}", contract])
    rng.shuffle(rows)
    out = Path(__file__).with_name("staff.csv")
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["employee", "job", "sex", "pay", "contract"])
        for n, row in enumerate(rows, 1):
            writer.writerow([f"E{n:04d}", *row])


if __name__ == "__main__":
    main()
