"""Write staff.csv: a FICTIONAL organisation's pay for one year, for trying `jescore paygap`.

Nobody in it exists; the numbers are generated (seeded, so the file is the same every time)
and are not real pay data. About 320 people in the six example jobs, with the columns both
statutory reports need: for the UK, pay in the April pay period, the period, weekly hours,
whether the person was on full pay, and bonus paid in the 12 months; for the EU, the calendar
year's basic pay, complementary or variable components, and hours paid. A few people are on
leave at reduced pay in April, and four have no sex recorded.

Run from the repository root:  python examples/paygap/generate.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

#: job reference: (people, share of women, lowest annual pay, highest, extra for men,
#: chance of a bonus for women, for men)
JOBS = {
    "NHS-EXAMPLE-RN": (90, 0.86, 29_970, 36_483, 300, 0.10, 0.20),
    "NHS-EXAMPLE-HCSW": (60, 0.80, 24_071, 25_674, 0, 0.05, 0.05),
    "PO-EXAMPLE": (50, 0.46, 36_000, 41_000, 500, 0.30, 0.45),
    "VLO-2016": (40, 0.85, 26_000, 28_400, 0, 0.0, 0.0),
    "PSO-EXAMPLE": (60, 0.30, 28_800, 31_600, 1_600, 0.60, 0.50),
    "NJC-EXAMPLE-LIB": (16, 0.72, 23_500, 25_200, 0, 0.0, 0.0),
}
HEADER = [
    "employee", "job", "sex", "ordinary_pay", "period_bonus", "pay_period", "weekly_hours",
    "full_pay", "bonus", "annual_basic", "annual_components", "annual_hours", "team",
]  # fmt: skip


def main() -> None:
    rng = random.Random(2027)
    rows = []
    for job, (people, women, low, high, extra, bonus_w, bonus_m) in JOBS.items():
        for _ in range(people):
            sex = "F" if rng.random() < women else "M"
            if rng.random() < 0.006:
                sex = ""
            hours = rng.choice([37.5, 37.5, 37.5, 30.0, 22.5]) if sex != "M" else 37.5
            annual = (rng.uniform(low, high) + (extra if sex == "M" else 0)) * hours / 37.5
            bonus = 0.0
            if rng.random() < (bonus_m if sex == "M" else bonus_w):
                bonus = round(rng.uniform(300, 1500), 2)
            full = rng.random() > 0.04
            monthly = annual / 12 * (1 if full else 0.5)
            rows.append(
                [
                    job,
                    sex,
                    f"{monthly:.2f}",
                    "0",
                    "monthly",
                    f"{hours:g}",
                    "yes" if full else "no",
                    f"{bonus:.2f}",
                    f"{annual:.2f}",
                    f"{bonus + (annual * 0.05 if job.startswith('NHS') else 0):.2f}",
                    f"{hours * 52.14:.1f}",
                    rng.choice(["North", "South", "Central"]),
                ]
            )
    rng.shuffle(rows)
    out = Path(__file__).with_name("staff.csv")
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n, row in enumerate(rows, 1):
            writer.writerow([f"E{n:04d}", *row])


if __name__ == "__main__":
    main()
