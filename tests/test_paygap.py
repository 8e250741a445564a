"""``paygap``: the GOV.UK worked examples reproduced from staff files, every leftover count, the
tie split, the two UK populations, the Article 10 screen at 4.99% and 5.00%, suppression, the
Article 7 reply, bad input, and the figures against a plain Python computation.

The worked examples are those of GOV.UK's "Gender pay gap reporting: make your calculations"
(the Acme Ltd example): published figures 13.59% (mean hourly), 6.67% (median hourly), 94.5% and
64.0% (bonus shares), 9.7% and 3.3% (bonus gaps), and quartiles of 1,112/1,111/1,111/1,111 for
4,445 full-pay relevant employees; its tie example splits 40 people on one rate (36 women, 4
men), 10 of them in the lower band, as 9 women and 1 man.
"""

from __future__ import annotations

import csv
import json
import random
import statistics
from fractions import Fraction
from pathlib import Path

import pytest

from jescore.paygap import gap, quartile_sizes, quartiles, split_tie
from tests.conftest import EXAMPLES
from tests.harness import run

HEADER = [
    "id", "sex", "ordinary_pay", "period_bonus", "pay_period", "weekly_hours", "full_pay",
    "bonus", "annual_basic", "annual_components", "annual_hours", "job",
]  # fmt: skip
JOBS = [EXAMPLES / f"{name}.yaml" for name in ("vlo", "po", "pso")]


def write(path: Path, rows: list[dict[str, object]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: row.get(k, "") for k in header})
    return path


def person(sex: str, hourly: float, **extra: object) -> dict[str, object]:
    """A full-pay employee paid weekly for 10 hours at ``hourly`` (so the rate is exact)."""
    base: dict[str, object] = {
        "sex": sex,
        "ordinary_pay": f"{hourly * 10:.2f}",
        "pay_period": "weekly",
        "weekly_hours": "10",
        "full_pay": "yes",
        "bonus": "0",
    }
    base.update(extra)
    return base


def report(staff: Path, *extra: str | Path) -> dict[str, object]:
    code, out, err = run("paygap", "--staff", staff, "-f", "json", *extra)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


# --- the GOV.UK worked example ------------------------------------------------------------------


def acme() -> list[dict[str, object]]:
    """Staff built to match GOV.UK's example: 1,375 men and 3,125 women relevant employees, of
    whom 1,345 men and 3,100 women are on full pay; hourly pay summing to 23,550 (men) and
    46,900 (women), medians 15 and (13 + 15) / 2; bonuses paid to 1,300 men (mean 1,650, median
    2,300) and 2,000 women (mean 1,490, median 2,225)."""
    men_rates = [10.0] * 672 + [15.0] + [25.0] * 671 + [40.0]
    women_rates = [10.0] * 1549 + [13.0, 15.0] + [20.0] * 1548 + [422.0]
    assert sum(men_rates) == 23550 and len(men_rates) == 1345
    assert sum(women_rates) == 46900 and len(women_rates) == 3100
    men_bonus = [998.0] * 648 + [996.0] + [2300.0] * 651
    women_bonus = [753.0] * 998 + [1281.0] + [2225.0] * 1001
    assert sum(men_bonus) == 1650 * 1300 and sum(women_bonus) == 1490 * 2000
    men_bonus += [0.0] * 75
    women_bonus += [0.0] * 1125
    rows = []
    for sex, rates, bonuses, absent in (
        ("M", men_rates, men_bonus, 30),
        ("F", women_rates, women_bonus, 25),
    ):
        # Those on leave are paid far more than anyone: counted in the hourly figures, they
        # would move every one of them.
        rates = rates + [900.0] * absent
        for i, (rate, bonus) in enumerate(zip(rates, bonuses, strict=True)):
            full = "yes" if i < len(rates) - absent else "no"
            rows.append(person(sex, rate, bonus=f"{bonus:.2f}", full_pay=full))
    return rows


@pytest.fixture(scope="module")
def acme_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    staff = write(tmp_path_factory.mktemp("acme") / "acme.csv", acme())
    return report(staff, "--regime", "uk", "--snapshot", "2026-04-05")


def test_the_populations_are_kept_apart(acme_report: dict[str, object]) -> None:
    uk = acme_report["uk"]
    assert isinstance(uk, dict)
    assert uk["populations"] == {
        "relevant": {"women": 3125, "men": 1375},
        "full_pay_relevant": {"women": 3100, "men": 1345},
        "other_sex": 0,
    }


def test_mean_and_median_hourly_gaps_match_gov_uk(acme_report: dict[str, object]) -> None:
    uk = acme_report["uk"]
    assert isinstance(uk, dict)
    # GOV.UK: 13.59% (13.5943 from unrounded means); 6.67% (6.6667)
    assert uk["mean_hourly_gap_pct"] == pytest.approx(13.5943, abs=5e-5)
    assert round(uk["mean_hourly_gap_pct"], 2) == 13.59
    assert uk["median_hourly_gap_pct"] == pytest.approx(6.6667, abs=5e-5)


def test_bonus_figures_match_gov_uk(acme_report: dict[str, object]) -> None:
    uk = acme_report["uk"]
    assert isinstance(uk, dict)
    assert uk["bonus_pct"]["men"] == pytest.approx(94.5455, abs=5e-5)
    assert uk["bonus_pct"]["women"] == pytest.approx(64.0)
    assert uk["bonus_paid"] == {"women": 2000, "men": 1300}
    assert uk["mean_bonus_gap_pct"] == pytest.approx(9.6970, abs=5e-5)
    assert uk["median_bonus_gap_pct"] == pytest.approx(3.2609, abs=5e-5)


def test_the_method_is_in_the_output(acme_report: dict[str, object]) -> None:
    method = {m["topic"]: m["text"] for m in acme_report["method"]}  # type: ignore[union-attr]
    assert "30.44" in method["UK hourly rate"]
    assert "lower band (1)" in method["UK quartiles"]
    assert "not on full pay" in method["Left out"] and "55" in method["Left out"]
    assert acme_report["snapshot"] == "2026-04-05"


def test_gov_uk_export_fields(tmp_path: Path) -> None:
    staff = write(tmp_path / "acme.csv", acme())
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 1
    row = rows[0]
    assert list(row)[:2] == ["DiffMeanHourlyPercent", "DiffMedianHourlyPercent"]
    assert row["DiffMeanHourlyPercent"] == "13.6"
    assert row["DiffMedianHourlyPercent"] == "6.7"
    assert row["DiffMeanBonusPercent"] == "9.7"
    assert row["DiffMedianBonusPercent"] == "3.3"
    assert row["MaleBonusPercent"] == "94.5"
    assert row["FemaleBonusPercent"] == "64.0"
    assert set(row) >= {"MaleTopQuartile", "FemaleLowerMiddleQuartile"}


def test_quartiles_match_gov_uk(tmp_path: Path) -> None:
    # 4,445 on distinct rates; men per band (lower to upper) 187, 110, 298, 750, women 925,
    # 1,001, 813, 361 (GOV.UK: men 16.8%, 9.9%, 26.8%, 67.5%).
    men = [187, 110, 298, 750]
    women = [925, 1001, 813, 361]
    rows = []
    rate = 10.0
    for m, w in zip(men, women, strict=True):
        for sex in ["M"] * m + ["F"] * w:
            rows.append(person(sex, rate))
            rate += 0.01
    random.Random(4).shuffle(rows)
    uk = report(write(tmp_path / "q.csv", rows), "--regime", "uk")["uk"]
    assert isinstance(uk, dict)
    quartiles = uk["quartiles"]
    assert [q["quartile"] for q in quartiles] == ["lower", "lower_middle", "upper_middle", "upper"]
    assert [q["women"] + q["men"] for q in quartiles] == [1112, 1111, 1111, 1111]
    assert [q["men"] for q in quartiles] == men
    assert [q["women"] for q in quartiles] == women
    assert [round(q["men_pct"], 1) for q in quartiles] == [16.8, 9.9, 26.8, 67.5]


def test_the_tie_is_split_in_proportion(tmp_path: Path) -> None:
    # 160 people, 40 a band: 30 men below, then 40 on one rate (36 women, 4 men) at places
    # 31-70 (10 in the lower band, 30 in the lower middle), then 90 men above.
    rows = [person("M", 5 + i / 100) for i in range(30)]
    rows += [person("F", 12.0) for _ in range(36)] + [person("M", 12.0) for _ in range(4)]
    rows += [person("M", 20 + i / 100) for i in range(90)]
    random.Random(1).shuffle(rows)
    uk = report(write(tmp_path / "tie.csv", rows), "--regime", "uk")["uk"]
    assert isinstance(uk, dict)
    got = [(q["women"], q["men"]) for q in uk["quartiles"]]
    # GOV.UK: lower 9 women + 1 man, lower middle 27 women + 3 men
    assert got == [(9, 30 + 1), (27, 3 + 10), (0, 40), (0, 40)]


def test_split_tie_by_hand() -> None:
    assert split_tie(36, [10, 30]) == [9, 27]
    assert split_tie(1, [1, 1]) == [1, 0]  # a tie in the remainders: the lower band
    assert split_tie(2, [1, 1, 1]) == [1, 1, 0]


@pytest.mark.parametrize(
    ("n", "sizes"),
    [(8, (2, 2, 2, 2)), (9, (3, 2, 2, 2)), (10, (3, 2, 3, 2)), (11, (3, 3, 3, 2))],
)
def test_every_leftover_count(tmp_path: Path, n: int, sizes: tuple[int, ...]) -> None:
    assert quartile_sizes(n) == sizes
    assert quartile_sizes(4445) == (1112, 1111, 1111, 1111)
    # End to end: the first people by rate are women, the rest men; the band sizes show in
    # the counts.
    rows = [person("F" if i % 2 else "M", 10 + i) for i in range(n)]
    uk = report(write(tmp_path / "s.csv", rows), "--regime", "uk", "--min-group", "5")["uk"]
    assert isinstance(uk, dict)
    assert tuple(q["women"] + q["men"] for q in uk["quartiles"]) == sizes


def test_hourly_rate_by_pay_period(tmp_path: Path) -> None:
    # (pay + period bonus) x 7 / days / weekly hours; a month is 30.44 days.
    rows = []
    for sex in ("F", "M"):
        for i in range(5):
            rows.append(
                {
                    "sex": sex,
                    "ordinary_pay": 3044 if sex == "M" else 2800,
                    "period_bonus": 0 if sex == "M" else 244,
                    "pay_period": "monthly",
                    "weekly_hours": 35 + i,
                    "full_pay": "yes",
                }
            )
    uk = report(write(tmp_path / "m.csv", rows), "--regime", "uk")["uk"]
    assert isinstance(uk, dict)
    assert uk["mean_hourly_gap_pct"] == pytest.approx(0.0, abs=1e-9)


# --- against a plain Python computation ---------------------------------------------------------

DAYS = {"weekly": 7, "fortnightly": 14, "four-weekly": 28, "monthly": 30.44}


def plain_quartiles(people: list[tuple[float, str]]) -> list[tuple[int, int]]:
    """Women and men per band, by a different route: one person at a time."""
    people = sorted(people)
    n = len(people)
    q, r = divmod(n, 4)
    extra = {0: [0, 0, 0, 0], 1: [1, 0, 0, 0], 2: [1, 0, 1, 0], 3: [1, 1, 1, 0]}[r]
    band_of = []
    for b in range(4):
        band_of += [b] * (q + extra[b])
    out = [[0, 0], [0, 0], [0, 0], [0, 0]]
    i = 0
    while i < n:
        j = i
        while j < n and people[j][0] == people[i][0]:
            j += 1
        slots = [band_of[i:j].count(b) for b in range(4)]
        women = sum(1 for _, s in people[i:j] if s == "F")
        quotas = [Fraction(women * s, j - i) for s in slots]
        share = [int(x) for x in quotas]
        for b in sorted(range(4), key=lambda b: (-(quotas[b] - share[b]), b))[: women - sum(share)]:
            share[b] += 1
        for b in range(4):
            out[b][0] += share[b]
            out[b][1] += slots[b] - share[b]
        i = j
    return [(w, m) for w, m in out]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_quartiles_of_a_table_match_one_person_at_a_time(seed: int) -> None:
    # The cuts are found by selection, not a sort: every size of table (each remainder of 4,
    # the smallest ones), many people on one rate across the cuts, the others spread.
    import polars as pl

    rng = random.Random(seed)
    for n in [*range(10), rng.randint(10, 300), rng.randint(2000, 6000)]:
        people = [
            (
                float(rng.choice([10, 12, 15])) if rng.random() < 0.5 else rng.uniform(8, 40),
                rng.choice("FM"),
            )
            for _ in range(n)
        ]
        table = pl.DataFrame(
            {
                "sex": [{"F": "women", "M": "men"}[s] for _, s in people] + ["other"],
                "rate": [r for r, _ in people] + [11.0],
            }
        )
        got = [(q.women, q.men) for q in quartiles(table, "rate")]
        assert got == plain_quartiles(people), n


def plain_gap(women: list[float], men: list[float], f: object) -> float:
    w, m = f(women), f(men)  # type: ignore[operator]
    return float((m - w) / m * 100)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_match_a_plain_computation(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(600 + seed * 37):
        sex = rng.choice("FFMMMx")
        period = rng.choice(list(DAYS))
        base, spread = rng.choice([800, 1200, 1500, 2500, 3100]), 1 + rng.random() / 3
        rows.append(
            {
                "id": f"P{i}",
                "sex": sex,
                # many on one pay (ties across quartile boundaries), the rest spread
                "ordinary_pay": "1000.00" if rng.random() < 0.2 else f"{base * spread:.2f}",
                "period_bonus": rng.choice(["0", "0", "50.25"]),
                "pay_period": period,
                "weekly_hours": rng.choice(["37.5", "20", "16.5", "40"]),
                "full_pay": "no" if rng.random() < 0.1 else "yes",
                "bonus": rng.choice(["0", "0", "100", "2500.50", f"{rng.random() * 5000:.2f}"]),
                "annual_basic": f"{rng.randint(18000, 60000)}.{rng.randint(0, 99):02d}",
                "annual_components": rng.choice(["0", "0", "1200.5", f"{rng.random() * 3000:.2f}"]),
                "annual_hours": rng.choice(["1950", "1040", "1820.5"]),
            }
        )
    data = report(write(tmp_path / "g.csv", rows), "--regime", "both")
    uk, eu = data["uk"], data["eu"]
    assert isinstance(uk, dict) and isinstance(eu, dict)

    def hourly(r: dict[str, object]) -> float:
        pay = float(str(r["ordinary_pay"])) + float(str(r["period_bonus"]))
        return pay * 7 / DAYS[str(r["pay_period"])] / float(str(r["weekly_hours"]))

    fpre = [r for r in rows if r["full_pay"] == "yes" and r["sex"] != "x"]
    w = [hourly(r) for r in fpre if r["sex"] == "F"]
    m = [hourly(r) for r in fpre if r["sex"] == "M"]
    assert uk["mean_hourly_gap_pct"] == pytest.approx(plain_gap(w, m, statistics.fmean))
    assert uk["median_hourly_gap_pct"] == pytest.approx(plain_gap(w, m, statistics.median))
    rel = [r for r in rows if r["sex"] != "x"]
    wb = [float(str(r["bonus"])) for r in rel if r["sex"] == "F" and float(str(r["bonus"])) > 0]
    mb = [float(str(r["bonus"])) for r in rel if r["sex"] == "M" and float(str(r["bonus"])) > 0]
    assert uk["mean_bonus_gap_pct"] == pytest.approx(plain_gap(wb, mb, statistics.fmean))
    assert uk["median_bonus_gap_pct"] == pytest.approx(plain_gap(wb, mb, statistics.median))
    n_w = sum(1 for r in rel if r["sex"] == "F")
    assert uk["bonus_pct"]["women"] == pytest.approx(100 * len(wb) / n_w)
    expected = plain_quartiles([(hourly(r), str(r["sex"])) for r in fpre])
    assert [(q["women"], q["men"]) for q in uk["quartiles"]] == expected
    others = sum(1 for r in rows if r["sex"] == "x")
    assert uk["populations"]["other_sex"] == others and eu["other_sex"] == others

    def annual(r: dict[str, object]) -> float:
        return float(str(r["annual_basic"])) + float(str(r["annual_components"]))

    ew = [r for r in rel if r["sex"] == "F"]
    em = [r for r in rel if r["sex"] == "M"]
    assert eu["a"]["annual"] == pytest.approx(
        plain_gap([annual(r) for r in ew], [annual(r) for r in em], statistics.fmean)
    )
    ph = [annual(r) / float(str(r["annual_hours"])) for r in ew]
    mh = [annual(r) / float(str(r["annual_hours"])) for r in em]
    assert eu["a"]["hourly"] == pytest.approx(plain_gap(ph, mh, statistics.fmean))
    assert eu["c"]["hourly"] == pytest.approx(plain_gap(ph, mh, statistics.median))
    cw = [float(str(r["annual_components"])) for r in ew if float(str(r["annual_components"])) > 0]
    cm = [float(str(r["annual_components"])) for r in em if float(str(r["annual_components"])) > 0]
    assert eu["b"]["annual"] == pytest.approx(plain_gap(cw, cm, statistics.fmean))
    assert eu["d"]["annual"] == pytest.approx(plain_gap(cw, cm, statistics.median))
    assert eu["e"]["women_pct"] == pytest.approx(100 * len(cw) / len(ew))
    expected_f = plain_quartiles(
        [(annual(r) / float(str(r["annual_hours"])), str(r["sex"])) for r in rel]
    )
    assert [(q["women"], q["men"]) for q in eu["f"]] == expected_f


# --- EU categories, Article 10, suppression, the Article 7 reply -------------------------------


def eu_person(
    sex: str, job: str, hourly: float, ident: str = "", components: float = 0.0
) -> dict[str, object]:
    return {
        "id": ident,
        "sex": sex,
        "job": job,
        "annual_basic": f"{hourly * 1000:.2f}",
        "annual_components": f"{components:.2f}",
        "annual_hours": "1000",
    }


def category_file(tmp_path: Path, small_women: int = 5) -> Path:
    rows = [eu_person("F", "VLO-2016", 95.0, f"W{i}") for i in range(5)]
    rows += [eu_person("M", "VLO-2016", 100.0, f"M{i}") for i in range(5)]
    rows += [eu_person("F", "PO-EXAMPLE", 95.01, f"PW{i}") for i in range(5)]
    rows += [eu_person("M", "PO-EXAMPLE", 100.0, f"PM{i}") for i in range(5)]
    rows += [eu_person("F", "PSO-EXAMPLE", 50.0, f"SW{i}") for i in range(small_women)]
    rows += [eu_person("M", "PSO-EXAMPLE", 60.0, f"SM{i}") for i in range(8)]
    header = ["id", "sex", "job", "annual_basic", "annual_components", "annual_hours"]
    return write(tmp_path / "eu.csv", rows, header)


def categories(data: dict[str, object]) -> dict[str, dict[str, object]]:
    eu = data["eu"]
    assert isinstance(eu, dict)
    return {c["category"]["job"] or c["category"]["band"]: c for c in eu["g"]}


def test_article10_flag_at_5_00_and_not_at_4_99(tmp_path: Path) -> None:
    data = report(category_file(tmp_path), *JOBS, "--by", "job", "--report-date", "2027-06-07")
    got = categories(data)
    assert got["VLO-2016"]["pay"]["mean_gap_pct"] == pytest.approx(5.0)
    assert got["VLO-2016"]["article10"] is True
    assert got["VLO-2016"]["remedy_date"] == "2027-12-07"
    assert got["PO-EXAMPLE"]["pay"]["mean_gap_pct"] == pytest.approx(4.99)
    assert got["PO-EXAMPLE"]["article10"] is False
    assert got["PO-EXAMPLE"]["remedy_date"] is None
    assert data["regimes"] == ["eu"]


def test_a_small_category_is_suppressed(tmp_path: Path) -> None:
    data = report(category_file(tmp_path, small_women=2), *JOBS, "--by", "job")
    small = categories(data)["PSO-EXAMPLE"]
    assert small["women"] == 2 and small["men"] == 8
    assert small["basic"]["mean_gap_pct"] is None
    assert small["article10"] is None
    assert any("fewer than 5 women" in s for s in small["suppressed"])  # type: ignore[union-attr]
    text = json.dumps(data)
    assert "50000" not in text and "50.0," not in text


def test_categories_by_band_name_the_scheme(tmp_path: Path) -> None:
    data = report(category_file(tmp_path), *JOBS)
    eu = data["eu"]
    assert isinstance(eu, dict)
    assert eu["g"] and all(c["category"]["job"] is None for c in eu["g"])
    assert all(c["category"]["scheme"] == "probation-illustrative" for c in eu["g"])


def test_worker_reply_in_a_small_category(tmp_path: Path) -> None:
    staff = category_file(tmp_path, small_women=2)
    data = report(staff, *JOBS, "--by", "job", "--worker", "SW1")
    assert data["uk"] is None and data["eu"] is None
    w = data["worker"]
    assert isinstance(w, dict)
    assert w["annual_pay"] == pytest.approx(50000.0)
    assert w["hourly_pay"] == pytest.approx(50.0)
    assert w["annual"]["women"] == 2 and w["annual"]["women_mean"] is None
    # The two women are too few to stand alone in any grouping: they are a small unit (rule 0
    # of the disclosure control), so no figure holding them is shown anywhere (the category's
    # for everyone would give them away); the category's eight men (60,000 each) are shown.
    assert w["annual"]["men"] == 8 and w["annual"]["men_mean"] == pytest.approx(60000.0)
    assert w["criteria"] and sum(c["weight_pct"] for c in w["criteria"]) == pytest.approx(100)
    assert w["suppressed"]
    # no other person's row: no other id, no other pay
    text = json.dumps(data)
    assert "SW0" not in text and "SM0" not in text and "50000.0," not in text.split('"annual"')[1]


def test_worker_reply_weights_are_the_top_levels_points(tmp_path: Path) -> None:
    """The criteria's weights in an Article 7 reply: each factor's top level's points as a
    share of the sum of every factor's top, read here straight from the scheme file."""
    import yaml

    scheme = yaml.safe_load(
        (EXAMPLES.parent / "factors" / "probation-illustrative.yaml").read_text(encoding="utf-8")
    )
    tops = {f["name"]: max(lv["points"] for lv in f["levels"]) for f in scheme["factors"]}
    total = sum(tops.values())
    data = report(category_file(tmp_path), *JOBS, "--by", "job", "--worker", "W0")
    w = data["worker"]
    assert isinstance(w, dict)
    assert {c["factor"]: c["points"] for c in w["criteria"]} == tops
    for c in w["criteria"]:
        assert c["weight_pct"] == pytest.approx(100 * tops[c["factor"]] / total)
    assert tops["Knowledge and experience"] == 245 and total == 911


def test_worker_reply_in_a_large_category(tmp_path: Path) -> None:
    data = report(category_file(tmp_path), *JOBS, "--by", "job", "--worker", "W0")
    w = data["worker"]
    assert isinstance(w, dict)
    assert w["annual"]["women_mean"] == pytest.approx(95000.0)
    assert w["annual"]["men_mean"] == pytest.approx(100000.0)
    assert w["hourly"]["men_mean"] == pytest.approx(100.0)


def test_worker_not_found(tmp_path: Path) -> None:
    code, _, err = run("paygap", "--staff", category_file(tmp_path), *JOBS, "--worker", "NOPE")
    assert code == 3 and "no row with id 'NOPE'" in err


# --- bad input ----------------------------------------------------------------------------------


def test_bad_input_every_problem_with_row_and_column(tmp_path: Path) -> None:
    rows = [person("F", 10.0), person("M", 12.0)]
    rows.append(person("F", 10.0, weekly_hours="0"))
    rows.append(person("M", 10.0, weekly_hours=""))
    rows.append(person("M", 10.0, weekly_hours="", full_pay="no"))  # fine: not full pay
    rows.append(person("F", 10.0, ordinary_pay="-123.45"))
    rows.append(person("F", 10.0, full_pay="maybe"))
    staff = write(tmp_path / "bad.csv", rows)
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk")
    assert code == 3, err
    assert out == ""
    assert "row 4: column 'weekly_hours' is zero for a full-pay employee" in err
    assert "row 5: column 'weekly_hours' is missing" in err
    assert "row 6" not in err
    assert "row 7: column 'ordinary_pay' is negative" in err
    assert "row 8: column 'full_pay' is not yes or no" in err
    assert "bad.csv" in err
    assert "123.45" not in err and "maybe" not in err and "Traceback" not in err


def test_decimal_comma_where_a_point_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "comma.csv"
    path.write_text(
        "sex;ordinary_pay;pay_period;weekly_hours;full_pay\n"
        "F;1000,50;weekly;10;yes\nM;1200.00;weekly;10;yes\n",
        encoding="utf-8",
    )
    code, _, err = run("paygap", "--staff", path, "--regime", "uk", "--decimal", ".")
    assert code == 3
    assert "row 2: column 'ordinary_pay' is written with a decimal comma" in err
    assert "1000,50" not in err


def test_a_job_with_no_questionnaire(tmp_path: Path) -> None:
    rows = [eu_person("F", "NO-SUCH-JOB", 10.0), eu_person("M", "VLO-2016", 10.0)]
    header = ["sex", "job", "annual_basic", "annual_components", "annual_hours"]
    staff = write(tmp_path / "j.csv", rows, header)
    code, _, err = run("paygap", "--staff", staff, *JOBS)
    assert code == 3
    assert "row 2: column 'job' names a job with no questionnaire" in err


def test_neither_regime(tmp_path: Path) -> None:
    staff = write(tmp_path / "n.csv", [{"sex": "F"}], ["sex", "pay"])
    code, _, err = run("paygap", "--staff", staff)
    assert code == 2 and "neither regime" in err


# --- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_every_format(tmp_path: Path, fmt: str) -> None:
    staff = category_file(tmp_path, small_women=2)
    code, out, err = run("paygap", "--staff", staff, *JOBS, "--by", "job", "-f", fmt)
    assert code == 0, err
    assert out
    if fmt in {"table", "markdown", "html"}:
        assert "Method" in out and "Article 10" in out
        assert "fewer than 5 women" in " ".join(out.split())
    same = run("paygap", "--staff", staff, *JOBS, "--by", "job", "-f", fmt)[1]
    assert same == out  # deterministic
    if fmt == "html":
        assert "<svg" in out and "http://" not in out


# --- disclosure: the pay gap report's additions -------------------------------------------------


def test_components_over_few_recipients_are_withheld() -> None:
    from jescore.disclosure import Decision, Reason, Sex, components_published

    cells = {Sex.WOMEN: Decision(40), Sex.MEN: Decision(40)}
    got = components_published(cells, {Sex.WOMEN: 3, Sex.MEN: 0}, 5)
    assert got[Sex.WOMEN].reason is Reason.SMALL and got[Sex.MEN].published is False
    assert components_published(cells, {Sex.WOMEN: 5, Sex.MEN: 9}, 5)[Sex.MEN].published


def test_components_over_everyone_when_asked(tmp_path: Path) -> None:
    # 10 women: 5 receive 600, 5 none; 10 men: all receive 400. Recipients: women 600 against
    # men 400 (-50%); everyone: women 300 against men 400 (25%).
    rows = [eu_person("F", "VLO-2016", 20.0, components=600.0 if i < 5 else 0.0) for i in range(10)]
    rows += [eu_person("M", "VLO-2016", 20.0, components=400.0) for _ in range(10)]
    rows.append(eu_person("", "VLO-2016", 20.0))
    header = ["id", "sex", "job", "annual_basic", "annual_components", "annual_hours"]
    staff = write(tmp_path / "c.csv", rows, header)
    recipients = report(staff, "--min-group", "5")["eu"]
    everyone = report(staff, "--min-group", "5", "--components", "everyone")["eu"]
    assert isinstance(recipients, dict) and isinstance(everyone, dict)
    assert recipients["b"]["annual"] == pytest.approx(-50.0)
    assert everyone["b"]["annual"] == pytest.approx(25.0)
    assert recipients["e"] == {"women_pct": 50.0, "men_pct": 100.0, "women": 5, "men": 10}
    assert recipients["other_sex"] == 1


# --- the Article 10 screen at exactly 5% whatever the hours ------------------------------------


@pytest.mark.parametrize(
    ("men", "women", "hours", "flagged"),
    [
        # Women paid exactly 95% or 105% of men: a gap of exactly 5% either way. The hourly
        # rates (100000 / 1950 = 51.282051282051...) are not exact in 9 decimals.
        ("100000", "95000", "1950", True),
        ("100000", "105000", "1950", True),
        ("31000", "29450", "1950", True),
        ("41000", "38950", "1721", True),
        ("41000", "43050", "1721", True),
        ("35777", "33988.15", "1950", True),
        # 4.99% either way: 95,010 and 104,990 against 100,000.
        ("100000", "95010", "1950", False),
        ("100000", "104990", "1950", False),
        ("41000", "38954.10", "1721", False),  # 41000 x 0.9501 = 38954.10
        ("41000", "43045.90", "1721", False),  # 41000 x 1.0499 = 43045.90
    ],
)
def test_article10_at_exactly_5_pct_whatever_the_hours(
    tmp_path: Path, men: str, women: str, hours: str, flagged: bool
) -> None:
    rows = [
        {"sex": sex, "job": "PSO-EXAMPLE", "annual_basic": pay, "annual_hours": hours}
        for sex, pay in (("M", men), ("F", women))
        for _ in range(5)
    ]
    staff = write(tmp_path / "a10.csv", rows, ["sex", "job", "annual_basic", "annual_hours"])
    data = report(staff, EXAMPLES / "pso.yaml", "--regime", "eu")
    (category,) = data["eu"]["g"]  # type: ignore[index]
    assert category["article10"] is flagged
    assert abs(category["pay"]["mean_gap_pct"]) == pytest.approx(5.0 if flagged else 4.99)


# --- absent optional columns are never silently 0 ------------------------------------------------

# 6 women, 6 men; weekly, fortnightly, four-weekly and monthly periods; 2 not on full pay. Hourly
# rates by hand (pay x 7 / days / weekly hours): women 25, 25, 25, (3000 + 100) x 7 / 30.44 / 35
# = 20.3679, 30; men 30, 30, 4000 x 7 / 30.44 / 37.5 = 24.5291, 4400 x 7 / 28 / 40 = 27.5, 40.
# Mean women 25.0736, men 30.4058: gap 17.54%; medians 25 and 30: 16.67%. Paid a bonus: women
# 3 of 6 (100, 50, 200): 50.0%; men 4 of 6 (300, 400, 500, 600): 66.7%.
U3 = """sex,ordinary_pay,period_bonus,pay_period,weekly_hours,full_pay,bonus
F,1000,0,weekly,40,yes,100
F,1000,0,weekly,40,yes,0
F,2000,0,fortnightly,40,yes,0
F,3000,100,monthly,35,yes,50
F,500,0,weekly,20,no,0
F,900,0,weekly,30,yes,200
M,1200,0,weekly,40,yes,300
M,1200,0,weekly,40,yes,0
M,4000,0,monthly,37.5,yes,400
M,4400,0,four-weekly,40,yes,500
M,100,0,weekly,0,no,0
M,1000,0,weekly,25,yes,600
"""


def u3(tmp_path: Path, old: str = "", new: str = "") -> Path:
    lines = U3.splitlines(keepends=True)
    lines[0] = lines[0].replace(old, new) if old else lines[0]
    path = tmp_path / "u3.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def gov(out: str) -> dict[str, str]:
    (row,) = csv.DictReader(out.splitlines())
    return row


def test_gov_export_of_the_full_file(tmp_path: Path) -> None:
    code, out, err = run("paygap", "--staff", u3(tmp_path), "--regime", "uk", "-f", "csv")
    assert code == 0, err
    row = gov(out)
    assert (row["DiffMeanHourlyPercent"], row["DiffMedianHourlyPercent"]) == ("17.5", "16.7")
    assert (row["MaleBonusPercent"], row["FemaleBonusPercent"]) == ("66.7", "50.0")
    # Bonus gaps over 3 women (100, 50, 200: mean 116.67, median 100) and 4 men (300, 400, 500,
    # 600: mean 450, median 450): 74.07% and 77.78%, resting on fewer than 5 of each: not made.
    assert (row["DiffMeanBonusPercent"], row["DiffMedianBonusPercent"]) == ("", "")
    assert "warning: no '" not in err
    assert "bonus gaps rest on 3 women and 4 men paid a bonus: not shown" in err
    # Every person twice (the same means, medians and shares): 6 women and 8 men paid a bonus,
    # and the gaps are made.
    lines = U3.splitlines(keepends=True)
    twice = tmp_path / "u3-twice.csv"
    twice.write_text(lines[0] + "".join(lines[1:]) * 2, encoding="utf-8")
    code, out, err = run("paygap", "--staff", twice, "--regime", "uk", "-f", "csv")
    assert code == 0, err
    row = gov(out)
    assert (row["DiffMeanHourlyPercent"], row["DiffMedianHourlyPercent"]) == ("17.5", "16.7")
    assert (row["MaleBonusPercent"], row["FemaleBonusPercent"]) == ("66.7", "50.0")
    assert (row["DiffMeanBonusPercent"], row["DiffMedianBonusPercent"]) == ("74.1", "77.8")
    assert "rest on" not in err


def test_a_misnamed_bonus_column_refuses_the_gov_export(tmp_path: Path) -> None:
    staff = u3(tmp_path, ",bonus\n", ",bonus_12_months\n")
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "csv")
    assert code == 2 and out == ""
    assert "no 'bonus' column" in err and "--column bonus=NAME" in err and "--no-bonus" in err
    # Named, it is read: the right figures.
    code, out, err = run(
        "paygap", "--staff", staff, "--regime", "uk", "-f", "csv",
        "--column", "bonus=bonus_12_months",
    )  # fmt: skip
    assert code == 0, err
    assert (gov(out)["MaleBonusPercent"], gov(out)["FemaleBonusPercent"]) == ("66.7", "50.0")
    # Stated: no bonus was paid, and the export says 0.0 because the user says so.
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "csv", "--no-bonus")
    assert code == 0, err
    assert (gov(out)["MaleBonusPercent"], gov(out)["FemaleBonusPercent"]) == ("0.0", "0.0")
    assert "warning" not in err  # and no bonus gap rests on anyone


def test_a_misnamed_period_bonus_column_refuses_the_gov_export(tmp_path: Path) -> None:
    staff = u3(tmp_path, "period_bonus", "Period Bonus")
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "csv")
    assert code == 2 and out == ""
    assert "no 'period_bonus' column" in err and "--column period_bonus=NAME" in err
    assert "--no-period-bonus" in err
    # Stated: the woman's period bonus of 100 is left out, 20.3679 becomes 3000 x 7 / 30.44 /
    # 35 = 19.7109: women's mean 24.9422 against 30.4058, a gap of 17.97%.
    code, out, err = run(
        "paygap", "--staff", staff, "--regime", "uk", "-f", "csv", "--no-period-bonus"
    )
    assert code == 0, err
    assert gov(out)["DiffMeanHourlyPercent"] == "18.0"


def test_an_absent_bonus_column_is_said_everywhere_else(tmp_path: Path) -> None:
    staff = u3(tmp_path, ",bonus\n", ",Bonus paid\n")
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "json")
    assert code == 0, err
    assert "warning: no 'bonus' column: no one counted as paid a bonus" in err
    assert "--column bonus=NAME" in err
    method = {m["topic"]: m["text"] for m in json.loads(out)["method"]}
    assert method["Absent columns"] == "no 'bonus' column: no one counted as paid a bonus"
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk")
    assert code == 0 and "Absent columns: no 'bonus' column" in out
    # With --no-bonus: said in the method, no warning.
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "--no-bonus", "-f", "json")
    assert code == 0 and "warning: no '" not in err
    method = {m["topic"]: m["text"] for m in json.loads(out)["method"]}
    assert "user states none was paid" in method["Absent columns"]


def test_no_bonus_where_the_file_has_one_is_refused(tmp_path: Path) -> None:
    code, _, err = run("paygap", "--staff", u3(tmp_path), "--regime", "uk", "--no-bonus")
    assert code == 2 and "the file has a 'bonus' column" in err


def test_a_column_named_but_absent_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("paygap", "--staff", u3(tmp_path), "--column", "bonus=Bonus 2026")
    assert code == 3 and "no column 'Bonus 2026'" in err


def test_an_absent_components_column_is_said(tmp_path: Path) -> None:
    rows = [eu_person("F", "VLO-2016", 19.0) for _ in range(5)]
    rows += [eu_person("M", "VLO-2016", 20.0) for _ in range(5)]
    staff = write(tmp_path / "eu.csv", rows, ["sex", "job", "annual_basic", "annual_hours"])
    code, out, err = run("paygap", "--staff", staff, "-f", "json")
    assert code == 0, err
    assert "warning: no 'annual_components' column: no one counted as receiving" in err
    method = {m["topic"]: m["text"] for m in json.loads(out)["method"]}
    assert "no 'annual_components' column" in method["Absent columns"]
    assert json.loads(out)["eu"]["a"]["hourly"] == pytest.approx(5.0)


# --- the UK's six figures: a gap resting on few people of a sex is not made, and said ----------


@pytest.mark.parametrize(
    ("men_paid", "bonuses", "words"),
    [
        (1, [400], "1 man"),
        (2, [300, 500], "2 men"),
        (4, [100, 200, 600, 700], "4 men"),
    ],
)
def test_uk_bonus_gaps_resting_on_few_men_are_withheld_and_said(
    tmp_path: Path, men_paid: int, bonuses: list[int], words: str
) -> None:
    # 10 women on 900 a week for 40 hours (22.50 an hour), 5 of them paid a bonus of 200; 10 men
    # on 1,000 (25.00 an hour), ``men_paid`` of them paid bonuses of mean 400 and median 400.
    # Hourly gaps (25 - 22.5) / 25 = 10%; paid a bonus: women 5 / 10 = 50%, men men_paid / 10.
    # The bonus gaps (50%) rest on fewer than 5 men: beside equalpay's women's mean bonus they
    # would give the men's bonuses, so they are not made; the rest is.
    rows = [person("F", 22.5, bonus="200" if i < 5 else "0") for i in range(10)]
    rows += [person("M", 25.0, bonus=str(bonuses[i]) if i < men_paid else "0") for i in range(10)]
    header = ["sex", "ordinary_pay", "pay_period", "weekly_hours", "full_pay", "bonus"]
    staff = write(tmp_path / "few.csv", rows, header)
    code, out, err = run(
        "paygap", "--staff", staff, "--regime", "uk", "--no-period-bonus", "-f", "csv"
    )
    assert code == 0, err
    row = gov(out)
    assert (row["DiffMeanHourlyPercent"], row["DiffMedianHourlyPercent"]) == ("10.0", "10.0")
    assert (row["DiffMeanBonusPercent"], row["DiffMedianBonusPercent"]) == ("", "")
    assert row["MaleBonusPercent"] == f"{100 * men_paid / 10:.1f}"
    assert row["FemaleBonusPercent"] == "50.0"
    said = f"the bonus gaps rest on {words} paid a bonus: not shown"
    assert f"warning: UK: {said}" in err and "the Regulations still require them" in err
    data = report(staff, "--regime", "uk", "--no-period-bonus")
    uk = data["uk"]
    assert isinstance(uk, dict)
    assert uk["mean_bonus_gap_pct"] is None and uk["median_bonus_gap_pct"] is None
    assert uk["mean_hourly_gap_pct"] == pytest.approx(10.0)
    assert uk["rests_on_few"] == {"bonus": {"men": men_paid}}
    method = {m["topic"]: m["text"] for m in data["method"]}  # type: ignore[union-attr]
    assert said in method["UK small numbers"]
    # No UK amount anywhere: no bonus (400, 200) nor hourly rate (25, 22.5) in money.
    text = json.dumps(data)
    for amount in ("400", "200", "22.5", "25.0", "900", "1000", "50.0"):
        assert amount not in text.replace('"bonus_pct": {"women": 50.0', "")
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "--no-period-bonus")
    assert code == 0 and f"- (rests on {words})" in out
    for fmt in ("markdown", "html"):
        code, out, err = run(
            "paygap", "--staff", staff, "--regime", "uk", "--no-period-bonus", "-f", fmt
        )
        assert code == 0 and f"rests on {words}" in out
        body = out.split("</style>")[-1]
        assert "400" not in body and "22.5" not in body and "22.50" not in body


# --- basic pay beside pay would give a category's components away ------------------------------


def components_cell(tmp_path: Path, women_components: list[float]) -> Path:
    # Band 3 (PSO-EXAMPLE): 5 women on 28,000 + 317 i, 5 men on 29,000 + 211 i, 1,950 hours;
    # no man receives components.
    rows = [
        {
            "id": f"W{i}", "sex": "F", "job": "PSO-EXAMPLE", "annual_basic": 28000 + i * 317,
            "annual_components": women_components[i], "annual_hours": 1950,
        }
        for i in range(5)
    ]  # fmt: skip
    rows += [
        {
            "id": f"M{i}", "sex": "M", "job": "PSO-EXAMPLE", "annual_basic": 29000 + i * 211,
            "annual_components": 0, "annual_hours": 1950,
        }
        for i in range(5)
    ]  # fmt: skip
    header = ["id", "sex", "job", "annual_basic", "annual_components", "annual_hours"]
    return write(tmp_path / "d.csv", rows, header)


def test_basic_beside_pay_does_not_give_one_recipients_components(tmp_path: Path) -> None:
    # W3 alone receives components, 555.55. Were the (g) basic gap published beside the reply's
    # means of pay, 5 x (women's mean pay - men's mean pay x (1 - basic gap)) would be W3's
    # components: men's mean is 29,422.00 (no components), women's basic mean
    # (28,000 x 5 + 317 x 10) / 5 = 28,634.00, so the basic gap is 1 - 28,634 / 29,422 =
    # 2.6782%, and women's mean pay 28,634 + 555.55 / 5 = 28,745.11 gives 555.55 back.
    staff = components_cell(tmp_path, [0, 0, 0, 555.55, 0])
    data = report(staff, EXAMPLES / "pso.yaml", "--regime", "eu")
    (cell,) = data["eu"]["g"]  # type: ignore[index]
    assert cell["components"]["mean_gap_pct"] is None
    assert cell["basic"] == {"mean_gap_pct": None, "median_gap_pct": None}
    assert any(s.startswith("basic pay beside pay: ") for s in cell["suppressed"])
    # The pay gap (the Article 10 screen) stays: 1 - 28,745.11 / 29,422 = 2.3006%.
    assert cell["pay"]["mean_gap_pct"] == pytest.approx(2.3006, abs=1e-4)
    reply = report(staff, EXAMPLES / "pso.yaml", "--regime", "eu", "--worker", "M0")
    w = reply["worker"]
    assert isinstance(w, dict)
    assert w["annual"]["women_mean"] == pytest.approx(28745.11)
    assert w["annual"]["men_mean"] == pytest.approx(29422.0)
    # Neither output holds women's basic mean (28,634) in money.
    for text in (json.dumps(reply), json.dumps(data)):
        assert "28634" not in text


@pytest.mark.parametrize(
    ("women_components", "gap"),
    [
        # No one receives components: basic is pay. 1 - 28,634 / 29,422 = 2.6782%.
        ([0, 0, 0, 0, 0], 2.6782),
        # Every woman receives (5: the components figures are published): basic as above.
        ([100, 200, 300, 400, 500], 2.6782),
    ],
)
def test_basic_is_published_where_components_are_or_none_received(
    tmp_path: Path, women_components: list[float], gap: float
) -> None:
    staff = components_cell(tmp_path, women_components)
    data = report(staff, EXAMPLES / "pso.yaml", "--regime", "eu")
    (cell,) = data["eu"]["g"]  # type: ignore[index]
    assert cell["basic"]["mean_gap_pct"] == pytest.approx(gap, abs=1e-4)


def test_basic_follows_components_in_the_decision() -> None:
    from jescore.disclosure import Decision, Reason, Sex, basic_published

    cells = {Sex.WOMEN: Decision(5), Sex.MEN: Decision(5)}
    withheld = {Sex.WOMEN: Decision(1, Reason.SMALL), Sex.MEN: Decision(0)}
    got = basic_published(cells, withheld, {Sex.WOMEN: 1, Sex.MEN: 0})
    assert got[Sex.WOMEN] == Decision(5, Reason.SMALL) and got[Sex.MEN] == Decision(5)
    shown = {Sex.WOMEN: Decision(5), Sex.MEN: Decision(0)}
    assert basic_published(cells, shown, {Sex.WOMEN: 5, Sex.MEN: 0}) == cells
    # A cell already withheld stays withheld for its own reason.
    small = {Sex.WOMEN: Decision(3, Reason.SMALL), Sex.MEN: Decision(5)}
    assert basic_published(small, withheld, {Sex.WOMEN: 1})[Sex.WOMEN] == small[Sex.WOMEN]


# --- the UK figures do not depend on the questionnaires given ------------------------------------


def test_uk_figures_count_rows_skipped_for_the_eu(tmp_path: Path) -> None:
    staff = EXAMPLES / "paygap" / "staff.csv"
    code, alone, err = run("paygap", "--staff", staff, "--regime", "uk", "-f", "csv")
    assert code == 0, err
    some = [EXAMPLES / f"{n}.yaml" for n in ("po", "pso", "vlo")]
    code, out, err = run(
        "paygap", *some, "--skip-unknown-jobs", "--staff", staff, "--regime", "uk", "-f", "csv"
    )
    assert code == 0, err
    assert out == alone
    assert "the UK figures count the rows of unknown jobs" in err
    code, out, err = run(
        "paygap", *some, "--skip-unknown-jobs", "--staff", staff, "-f", "json", "--regime", "both"
    )
    assert code == 0, err
    left = {m["topic"]: m["text"] for m in json.loads(out)["method"]}["Left out"]
    assert "unknown job (EU figures only; the UK figures count them)" in left


def test_a_skipped_row_with_a_uk_problem_is_refused(tmp_path: Path) -> None:
    # Six rows; the last names a job with no questionnaire and has weekly hours "lots": skipped
    # for the EU categories, it is still a relevant employee for the UK figures.
    rows = [person("F", 10.0, job="PSO-EXAMPLE") for _ in range(5)]
    rows += [person("M", 12.0, job="PSO-EXAMPLE") for _ in range(5)]
    rows.append(person("M", 12.0, job="NOPE", weekly_hours="lots"))
    header = ["sex", "ordinary_pay", "pay_period", "weekly_hours", "full_pay", "bonus", "job"]
    staff = write(tmp_path / "s.csv", rows, header)
    code, _, err = run(
        "paygap", EXAMPLES / "pso.yaml", "--skip-unknown-jobs", "--staff", staff,
        "--regime", "uk", "--no-period-bonus",
    )  # fmt: skip
    assert code == 3 and "row 12" in err and "weekly_hours" in err


def test_pay_period_or_period_days_row_by_row(tmp_path: Path) -> None:
    # Women: 1,000 a week (or 7 days), 40 hours: 25.00 an hour each. Men: 25.00, 1,000 x 7 / 14
    # / 40 = 12.50, 25.00: mean 20.8333, median 25. Mean gap (20.8333 - 25) / 20.8333 = -20%;
    # median gap 0%.
    # (Each person twice: six of each sex, the same means and medians.)
    people = (
        "F,1000,weekly,,40,yes\nF,1000,,7,40,yes\nF,1000,weekly,,40,yes\n"
        "M,1000,weekly,,40,yes\nM,1000,,14,40,yes\nM,1000,weekly,,40,yes\n"
    )
    text = "sex,ordinary_pay,pay_period,period_days,weekly_hours,full_pay\n" + people * 2
    staff = tmp_path / "pp.csv"
    staff.write_text(text, encoding="utf-8")
    flags = ("--regime", "uk", "--no-bonus", "--no-period-bonus", "-f", "csv")
    code, out, err = run("paygap", "--staff", staff, *flags)
    assert code == 0, err
    row = gov(out)
    assert (row["DiffMeanHourlyPercent"], row["DiffMedianHourlyPercent"]) == ("-20.0", "0.0")
    # Both missing for a full-pay employee: one problem, on that row.
    staff.write_text(text.replace("F,1000,,7,", "F,1000,,,"), encoding="utf-8")
    code, _, err = run("paygap", "--staff", staff, *flags)
    assert code == 3 and "row 3: column 'pay_period' is missing for a full-pay" in err
    assert "period_days' is missing" not in err


def test_a_pay_period_not_understood_is_said_once(tmp_path: Path) -> None:
    """'4 Weekly' is one problem (not a pay period jescore knows), not also 'missing'."""
    rows = ["sex,ordinary_pay,pay_period,weekly_hours,full_pay"]
    rows += [f"{'FM'[i % 2]},2000,monthly,37.5,yes" for i in range(12)]
    rows[3] = "F,2000,4 Weekly,37.5,yes"
    rows[5] = "M,2000,,37.5,yes"
    staff = tmp_path / "p.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(
        "paygap", "--staff", staff, "--regime", "uk", "--no-bonus", "--no-period-bonus"
    )  # fmt: skip
    assert code == 3
    lines = [line for line in err.splitlines() if "row " in line]
    assert len(lines) == 2, err
    assert "row 4: column 'pay_period' is not one of weekly" in lines[0]
    assert "row 6: column 'pay_period' is missing for a full-pay employee" in lines[1]


def test_each_rate_is_worked_out_as_written() -> None:
    """Every hourly rate is (pay + period bonus) x 7 / days / hours, each division as written.

    The example's median hourly gap equals the gap of the medians of rates worked out person by
    person in plain Python, to the last digit. (It did not while a month's days came from a
    comparison per period name: polars then divided the whole column by one constant, which it
    does by multiplying by its inverse, and some rates changed in their last digit.)
    """
    rates: dict[str, list[float]] = {"F": [], "M": []}
    days = {"weekly": 7.0, "fortnightly": 14.0, "four-weekly": 28.0, "monthly": 30.44}
    with (EXAMPLES / "paygap" / "staff.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["sex"] in rates and row["full_pay"] == "yes":
                pay = float(row["ordinary_pay"]) + float(row["period_bonus"])
                period = days[row["pay_period"]]
                rates[row["sex"]].append(pay * 7 / period / float(row["weekly_hours"]))
    code, out, err = run(
        "paygap", "--staff", EXAMPLES / "paygap" / "staff.csv", "--regime", "uk", "-f", "json"
    )  # fmt: skip
    assert code == 0, err
    uk = json.loads(out)["uk"]
    women, men = (statistics.median(rates[s]) for s in "FM")
    assert uk["median_hourly_gap_pct"] == gap(women, men)


def test_hours_beyond_a_week_or_a_year_are_refused(tmp_path: Path) -> None:
    rows = [person("M", 10.0, weekly_hours="500")] + [person("M", 10.0) for _ in range(5)]
    rows += [person("F", 10.0) for _ in range(5)]
    staff = write(tmp_path / "w.csv", rows)
    code, _, err = run("paygap", "--staff", staff, "--regime", "uk")
    assert code == 3 and "row 2: column 'weekly_hours' is more than the 168 hours" in err
    rows = [eu_person("F", "VLO-2016", 20.0) for _ in range(5)]
    rows += [eu_person("M", "VLO-2016", 20.0) for _ in range(5)]
    rows[0]["annual_hours"] = "9000"
    rows[1]["annual_hours"] = "0.5"
    header = ["sex", "job", "annual_basic", "annual_components", "annual_hours"]
    staff = write(tmp_path / "y.csv", rows, header)
    code, _, err = run("paygap", "--staff", staff, "--regime", "eu")
    assert code == 3
    assert "row 2: column 'annual_hours' is more than the 8,784 hours" in err
    assert "row 3: column 'annual_hours' is less than one hour" in err


# --- --skip-bad-rows ------------------------------------------------------------------------------


def test_skip_bad_rows_leaves_a_bad_row_out_and_counts_it(tmp_path: Path) -> None:
    """Six women at 10.00 an hour and five men at 12.00, and one row whose weekly hours are not
    a number: refused with its row and column; with --skip-bad-rows, left out and counted, and
    the figures are those of the file without it: mean and median gap (12 - 10) / 12 = 16.67%."""
    good = [person("F", 10.0) for _ in range(6)] + [person("M", 12.0) for _ in range(5)]
    bad = person("M", 40.0, weekly_hours="lots")
    header = ["sex", "ordinary_pay", "pay_period", "weekly_hours", "full_pay", "bonus"]
    staff = write(tmp_path / "bad.csv", [*good[:3], bad, *good[3:]], header)
    clean = write(tmp_path / "clean.csv", good, header)
    code, out, err = run("paygap", "--staff", staff, "--regime", "uk", "--no-period-bonus")
    assert code == 3 and out == ""
    assert "row 5: column 'weekly_hours'" in err and "lots" not in err
    code, out, err = run(
        "paygap", "--staff", staff, "--regime", "uk", "--no-period-bonus", "--skip-bad-rows",
        "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    assert "note: 1 staff rows skipped (bad value: 1)" in err
    data = json.loads(out)
    uk = data["uk"]
    assert uk["populations"]["full_pay_relevant"] == {"women": 6, "men": 5}
    assert uk["mean_hourly_gap_pct"] == pytest.approx(100 * 2 / 12)
    assert uk["median_hourly_gap_pct"] == pytest.approx(100 * 2 / 12)
    assert data["staff"]["skipped"] == {"bad value": 1}
    without = report(clean, "--regime", "uk", "--no-period-bonus")
    assert data["uk"] == without["uk"]


def test_skip_bad_rows_decides_the_eu_figures_on_the_whole_file(tmp_path: Path) -> None:
    """Five women (20.00 an hour) and five men (25.00) in PO-EXAMPLE, and a bad row (annual
    hours not a number). Refused without the option; with it, skipped and counted. The bad row
    alone in a job and sex of its own (a VLO-2016 man): PO-EXAMPLE's gap is shown,
    (25 - 20) / 25 = 20%. The bad row a sixth PO-EXAMPLE woman: the category counts five and
    five, but its gap is withheld, as equalpay's are: the disclosure decision is the whole
    file's, and a run reading that row would give her pay by difference."""
    header = ["sex", "job", "annual_basic", "annual_components", "annual_hours"]
    rows = [eu_person("F", "PO-EXAMPLE", 20.0) for _ in range(5)]
    rows += [eu_person("M", "PO-EXAMPLE", 25.0) for _ in range(5)]
    for n, (sex, job) in enumerate((("M", "VLO-2016"), ("F", "PO-EXAMPLE"))):
        bad = {**eu_person(sex, job, 30.0), "annual_hours": "x"}
        staff = write(tmp_path / f"eu{n}.csv", [*rows, bad], header)
        code, _, err = run("paygap", "--staff", staff, *JOBS, "--by", "job")
        assert code == 3 and "row 12: column 'annual_hours'" in err
        code, out, err = run(
            "paygap", "--staff", staff, *JOBS, "--by", "job", "--skip-bad-rows", "-f", "json"
        )
        assert code == 0, err
        assert "note: 1 staff rows skipped (bad value: 1)" in err
        data = json.loads(out)
        assert data["staff"]["skipped"] == {"bad value": 1}
        got = categories(data)
        assert "VLO-2016" not in got
        assert got["PO-EXAMPLE"]["women"] == 5 and got["PO-EXAMPLE"]["men"] == 5
        if job == "VLO-2016":
            assert got["PO-EXAMPLE"]["pay"]["mean_gap_pct"] == pytest.approx(20.0)
            assert got["PO-EXAMPLE"]["pay"]["median_gap_pct"] == pytest.approx(20.0)
        else:
            assert got["PO-EXAMPLE"]["pay"]["mean_gap_pct"] is None
            assert any("worked out" in s for s in got["PO-EXAMPLE"]["suppressed"])


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_categories_are_named_as_equalpay_names_its_groups(tmp_path: Path, fmt: str) -> None:
    """A category by band reads "Band 4", as equalpay's groups do (it read "band 4")."""
    staff = category_file(tmp_path)
    code, out, err = run("paygap", "--staff", staff, *JOBS, "-f", fmt)
    assert code == 0, err
    assert "Band 4" in out and "band 4" not in out
    code, out, err = run(
        "equalpay", *JOBS, "--staff", staff, "--column", "pay=annual_basic", "--pay-basis",
        "basic", "-f", fmt,
    )  # fmt: skip
    assert code == 0, err
    assert "Band 4" in out


def test_the_organisations_components_gap_does_not_give_one_womans(tmp_path: Path) -> None:
    """One grading structure: its women receiving components are the organisation's. Band 3
    has one woman receiving any (1,111.11), Band 4 five. The organisation's gap (b) with the
    counts (e) and equalpay's Band 4 means on the same column gave her components exactly:
    the organisation's (b) is withheld, as its structure's is."""
    rows = ["id,job,sex,annual_basic,annual_components,annual_hours"]
    rows += [f"PW{i},PSO-EXAMPLE,F,{30000 + i * 101},{1111.11 if i == 0 else 0},1950"
             for i in range(6)]  # fmt: skip
    rows += [f"PM{i},PSO-EXAMPLE,M,{30050 + i * 97},{900 + i * 13.7:.2f},1950" for i in range(5)]
    rows += [f"OW{i},PO-EXAMPLE,F,{40000 + i * 89},{1500 + i * 21.3:.2f},1950" for i in range(5)]
    rows += [f"OM{i},PO-EXAMPLE,M,{40100 + i * 77},{1600 + i * 17.1:.2f},1950" for i in range(5)]
    staff = tmp_path / "eu.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    jobs = (EXAMPLES / "pso.yaml", EXAMPLES / "po.yaml")
    for extra in ((), ("--components", "everyone")):
        data = report(staff, *jobs, "--regime", "eu", *extra)
        eu = data["eu"]
        assert isinstance(eu, dict)
        assert eu["b"] == {"hourly": None, "annual": None}
        assert eu["d"] == {"hourly": None, "annual": None}
