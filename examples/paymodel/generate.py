"""Write the FICTIONAL staff files of the pay model examples (seeded: the same every time).

Nobody in them exists and the pay is not real pay data.

- ``probation-staff.csv``: Victim Liaison Officers (job VLO-2016-APPEAL, re-banded from Band 3
  to Band 4 on appeal) and Probation Services Officers (PSO-EXAMPLE, Band 3, unchanged), paid
  on the points of jescore's ILLUSTRATIVE probation pay scale as at 1 April 2024.
- ``nhs-staff.csv``: healthcare support workers (NHS-EXAMPLE-HCSW) a fictional trust pays at
  Band 4 though their evaluation gives Band 3 (they move down and are protected), and nurses
  (NHS-EXAMPLE-RN, Band 5, unchanged), on the NHS Agenda for Change 2025/26 points.

Run from the repository root:  python examples/paymodel/generate.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The illustrative probation scale's points (effective 2016-04-01) and its awards to 2024.
PROBATION = {"3": [21000, 21800, 22600, 23400]}
LEVEL_2024 = 1.01 * 1.02 * 1.02 * 1.02 * 1.00 * 1.04 * 1.05 * 1.04
#: NHS Agenda for Change 2025/26 points: (years in band, pay).
NHS = {"4": [(0, 27485), (3, 30162)], "5": [(0, 31049), (2, 33487), (4, 37796)]}


def _write(name: str, rows: list[list[object]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["employee", "job", "sex", "band", "pay", "fte", "band_start"])
        w.writerows(rows)


def probation(rng: random.Random) -> None:
    """The probation example's staff."""
    rows: list[list[object]] = []
    n = 0
    for job, people, women in (("VLO-2016-APPEAL", 30, 0.7), ("PSO-EXAMPLE", 30, 0.35)):
        for _ in range(people):
            n += 1
            # The VLOs evaluated in 2016 had held the post for years (entered Band 3 before
            # the April 2016 evaluation, so every one is owed arrears from it); the PSOs vary.
            years = rng.randint(9, 14) if job.startswith("VLO") else rng.randint(1, 12)
            start = dt.date(2024 - years, rng.randint(1, 12), rng.randint(1, 28))
            step = min(years - 1, 3)
            pay = round(PROBATION["3"][step] * LEVEL_2024, 2)
            fte = rng.choice([1, 1, 1, 0.8, 0.6])
            sex = "F" if rng.random() < women else "M"
            rows.append([f"P{n:03d}", job, sex, "3", pay, fte, start.isoformat()])
    _write("probation-staff.csv", rows)


def nhs(rng: random.Random) -> None:
    """The NHS example's staff."""
    rows: list[list[object]] = []
    n = 0
    groups = (("NHS-EXAMPLE-HCSW", "4", 20, 0.8), ("NHS-EXAMPLE-RN", "5", 40, 0.85))
    for job, band, people, women in groups:
        for _ in range(people):
            n += 1
            years = rng.randint(1, 8)
            start = dt.date(2025 - years, rng.randint(1, 12), rng.randint(1, 28))
            pay = max(p for after, p in NHS[band] if after <= years - 1)
            fte = rng.choice([1, 1, 1, 0.8, 0.5])
            sex = "F" if rng.random() < women else "M"
            rows.append([f"N{n:03d}", job, sex, band, pay, fte, start.isoformat()])
    _write("nhs-staff.csv", rows)


def main() -> None:
    """Write both files."""
    rng = random.Random(27)
    probation(rng)
    nhs(rng)


if __name__ == "__main__":
    main()
