"""Time `jescore paygap` on 1,000,000 staff rows against a plain polars script, side by side.

Usage: python benchmarks/paygap.py [ROWS JOBS]   (default: 1000000 50; targets: the full
report, both regimes, within 1.5 times the plain script's time, and under 1 GB peak memory)

Writes JOBS NHS questionnaires and a staff CSV of ROWS people with every column both regimes
read (and one that is never read), seeded. Then runs, in interleaved rounds, each as a fresh
process:

- `jescore paygap JOBS --staff STAFF --format json`: the UK six figures and the EU Article 9
  report with its categories, after checking every value and deciding what may be published;
- a plain polars script computing the same six UK figures from the same file (no checks, no
  disclosure control, no EU report; quartiles by position, without the tie rule);

and reports both, their ratio, jescore's peak memory, and the UK figures of each (they agree
but for the quartiles' tie split, which the plain script does not do).

Measured on a shared two-core machine, in runs of this script: jescore 1.85 to 1.95 times the
plain script's wall time (2.76 times, in the same conditions, before the reading of the staff
file and the reports were reworked for speed), processor time about 2.1 times, about 610 MB at
peak: the 1.5 target is not met. Where the time goes: see the README's paygap section.
"""

from __future__ import annotations

import ast
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import jescore, measure
from rank import generate as questionnaires

ROUNDS = 5

PLAIN = r"""
import sys
import polars as pl

f = pl.read_csv(sys.argv[1], columns=[
    "sex", "ordinary_pay", "period_bonus", "pay_period", "weekly_hours", "full_pay", "bonus"])
days = pl.col("pay_period").replace_strict(
    {"weekly": 7.0, "fortnightly": 14.0, "four-weekly": 28.0, "monthly": 30.44})
f = f.with_columns(
    ((pl.col("ordinary_pay") + pl.col("period_bonus")) * 7 / days / pl.col("weekly_hours"))
    .alias("hourly"))
fp = f.filter(pl.col("full_pay") == "yes")
def gap(frame, col, how):
    s = frame.group_by("sex").agg(getattr(pl.col(col), how)()).to_dict(as_series=False)
    v = dict(zip(s["sex"], s[col]))
    return (v["M"] - v["F"]) / v["M"] * 100
paid = f.filter(pl.col("bonus") > 0)
n = f.group_by("sex").len().to_dict(as_series=False)
p = paid.group_by("sex").len().to_dict(as_series=False)
n, p = dict(zip(n["sex"], n["len"])), dict(zip(p["sex"], p["len"]))
ranked = fp.filter(pl.col("sex").is_in(["F", "M"])).sort("hourly")
size, r = divmod(ranked.height, 4)
extra = {0: [0, 0, 0, 0], 1: [1, 0, 0, 0], 2: [1, 0, 1, 0], 3: [1, 1, 1, 0]}[r]
quartiles, start = [], 0
for e in extra:
    part = ranked.slice(start, size + e)
    start += size + e
    women = part.filter(pl.col("sex") == "F").height
    quartiles.append([women, part.height - women])
print({
    "mean_hourly": gap(fp, "hourly", "mean"), "median_hourly": gap(fp, "hourly", "median"),
    "mean_bonus": gap(paid, "bonus", "mean"), "median_bonus": gap(paid, "bonus", "median"),
    "bonus_women": 100 * p["F"] / n["F"], "bonus_men": 100 * p["M"] / n["M"],
    "quartiles": quartiles,
})
"""


def staff(path: Path, rows: int, jobs: int) -> None:
    rng = random.Random(rows)
    periods = ["monthly", "monthly", "weekly", "four-weekly", "fortnightly"]
    days = {"weekly": 7, "fortnightly": 14, "four-weekly": 28, "monthly": 30.44}
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(
            "id,job,sex,ordinary_pay,period_bonus,pay_period,weekly_hours,full_pay,bonus,"
            "annual_basic,annual_components,annual_hours,team\n"
        )
        for n in range(rows):
            job = rng.randrange(jobs)
            sex = "F" if rng.random() < 0.6 else "M"
            annual = 20_000 + (job % 50) * 900 + rng.random() * 3_000
            hours = rng.choice((37.5, 37.5, 30, 22.5))
            period = rng.choice(periods)
            pay = annual / 365 * days[period] * hours / 37.5
            bonus = f"{rng.random() * 2_000:.2f}" if rng.random() < 0.3 else "0"
            components = f"{rng.random() * 1_500:.2f}" if rng.random() < 0.4 else "0"
            full = "no" if rng.random() < 0.03 else "yes"
            f.write(
                f"E{n:07d},GEN-{job:05d},{sex},{pay:.2f},0,{period},{hours:g},{full},{bonus},"
                f"{annual * hours / 37.5:.2f},{components},{hours * 52.14:.1f},north\n"
            )


def main() -> None:
    rows, jobs = (int(a) for a in sys.argv[1:3]) if len(sys.argv) >= 3 else (1_000_000, 50)
    command = jescore()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "jobs").mkdir()
        questionnaires(folder / "jobs", jobs)
        staff(folder / "staff.csv", rows, jobs)
        (folder / "plain.py").write_text(PLAIN, encoding="utf-8")
        size = (folder / "staff.csv").stat().st_size / 1e6
        ours = [
            command, "paygap", str(folder / "jobs"), "--staff", str(folder / "staff.csv"),
            "--format", "json",
        ]  # fmt: skip
        plain = [sys.executable, str(folder / "plain.py"), str(folder / "staff.csv")]
        mine, theirs = [], []
        for _ in range(ROUNDS):
            a, b = measure(ours), measure(plain)
            assert a.code == 0 and b.code == 0, (a.code, b.code)
            mine.append(a)
            theirs.append(b)
        wall = statistics.median(r.seconds for r in mine)
        wall0 = statistics.median(r.seconds for r in theirs)
        rss = max(r.rss_mb for r in mine)
        print(f"{rows:,} staff rows ({size:.0f} MB CSV), {jobs} questionnaires, {ROUNDS} rounds")
        print(f"  jescore paygap (both regimes)  median {wall:5.2f} s  max RSS {rss:4.0f} MB")
        print(
            f"  plain polars (UK six figures)  median {wall0:5.2f} s  "
            f"max RSS {max(r.rss_mb for r in theirs):4.0f} MB"
        )
        cpu = statistics.median(r.cpu for r in mine)
        cpu0 = statistics.median(r.cpu for r in theirs)
        ratio = wall / wall0
        met = "met" if ratio <= 1.5 and rss < 1024 else "NOT met"
        print(f"  wall-time ratio {ratio:.2f}: target within 1.5 and under 1,024 MB {met}")
        print(f"  processor time: jescore {cpu:.2f} s, plain {cpu0:.2f} s, ratio {cpu / cpu0:.2f}")
        report = json.loads(subprocess.run(ours, capture_output=True, check=True).stdout)["uk"]
        ours_uk = [report[k] for k in ("mean_hourly_gap_pct", "median_hourly_gap_pct",
                   "mean_bonus_gap_pct", "median_bonus_gap_pct")]  # fmt: skip
        ours_uk += [report["bonus_pct"]["women"], report["bonus_pct"]["men"]]
        done = subprocess.run(plain, capture_output=True, check=True, text=True)
        theirs_uk = ast.literal_eval(done.stdout)
        plain_uk = [theirs_uk[k] for k in ("mean_hourly", "median_hourly", "mean_bonus",
                    "median_bonus", "bonus_women", "bonus_men")]  # fmt: skip
        agree = all(abs(a - b) <= 1e-9 for a, b in zip(ours_uk, plain_uk, strict=True))
        print(
            f"  gaps and bonus shares agree to 1e-9: {agree} (quartiles below: the plain "
            "script splits no ties)"
        )
        print("  jescore:", ours_uk, [(q["women"], q["men"]) for q in report["quartiles"]])
        print("  plain:  ", plain_uk, theirs_uk["quartiles"])


if __name__ == "__main__":
    main()
