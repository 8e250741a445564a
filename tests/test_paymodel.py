"""The pay model: a three-person scenario worked by hand, protected cash and back pay against
plain computations, pay scale files, privacy across years, bad input, and every format."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from jescore import disclosure
from jescore.disclosure import Sex
from jescore.paymodel import (
    Assimilation,
    Model,
    Person,
    Protect,
    Protection,
    Rules,
    backpay_of,
    person_path,
    run,
)
from jescore.scale import PayScale
from tests.conftest import EXAMPLES
from tests.harness import run as cli

D = dt.date

#: A scale made for the hand computation: three bands, awards of 2% and 3%.
SCALE = PayScale.model_validate(
    {
        "id": "hand",
        "name": "Hand-worked scale",
        "version": "1",
        "status": "illustrative",
        "effective": "2024-04-01",
        "awards": [{"date": "2025-04-01", "percent": 2}, {"date": "2026-04-01", "percent": 3}],
        "bands": [
            {"label": "A", "points": [{"after": 0, "pay": 20000}, {"after": 1, "pay": 21000},
                                      {"after": 2, "pay": 22000}]},
            {"label": "B", "points": [{"after": 0, "pay": 23000}, {"after": 1, "pay": 24000},
                                      {"after": 2, "pay": 25000}]},
            {"label": "C", "points": [{"after": 0, "pay": 27000}, {"after": 2, "pay": 29000}]},
        ],
    },
    strict=False,
)  # fmt: skip
RULES = Rules(D(2024, 4, 1), 3, Assimilation.NEXT_POINT, Protect(Protection.MARK_TIME, 2))

#: Up: Band A top point (22,000) to Band B, next point 23,000; an increment due in year 2.
UP = Person(2, "J1", "women", "A", 22000, 1.0, D(2015, 1, 1))
#: Down: Band C 29,000 at half time to Band B (top 25,000): red circle, marked time 2 years.
DOWN = Person(3, "J2", "men", "C", 29000, 0.5, D(2020, 6, 1))
#: Unchanged: Band B between two points (23,500), entered January 2024.
SAME = Person(4, "J3", "women", "B", 23500, 1.0, D(2024, 1, 15))
BANDS = {"J1": "B", "J2": "B", "J3": "B"}


def approx(values: tuple[float, ...] | list[float]) -> object:
    return pytest.approx(list(values), abs=0.005)


def test_three_people_by_hand() -> None:
    model = Model.of(SCALE, RULES)
    # Levels: 1 in year 1, 1.02 in year 2, 1.02 x 1.03 = 1.0506 in year 3.
    assert model.levels == pytest.approx((1.0, 1.02, 1.0506))
    up = person_path(model, UP, "B")
    assert up.direction == "up"
    # Before: 22,000; 22,000 x 1.02 = 22,440; 22,000 x 1.0506 = 23,113.20 (top of Band A).
    assert list(up.before) == approx([22000, 22440, 23113.20])
    # After: next point 23,000; year 2 one year in Band B: 24,000 x 1.02 = 24,480;
    # year 3: 25,000 x 1.0506 = 26,265.
    assert list(up.after) == approx([23000, 24480, 26265])
    assert up.protected == (0, 0, 0)
    # Below Band B's minimum before (22,000 < 23,000; ...) but not after assimilation onto it:
    # a green circle is pay after the regrading below the new band's first point.
    assert up.green == (False, False, False)
    # Unchanged in Band B on 22,500, below its first point (23,000) in year 1: green; one year
    # in the band at 2025-04-01 puts them on 24,000 x 1.02.
    low = Person(6, "J3", "women", "B", 22500, 1.0, D(2024, 1, 15))
    assert person_path(model, low, "B").green == (True, False, False)

    down = person_path(model, DOWN, "B")
    assert down.direction == "down"
    # Before, at 0.5 FTE: 14,500; four years in C at 2025-04-01 (top point): 29,580 x 0.5 =
    # 14,790; 29,000 x 1.0506 x 0.5 = 15,233.70.
    assert list(down.before) == approx([14500, 14790, 15233.70])
    # After: marked time at 29,000 for two years, then Band B's top: 25,000 x 1.0506 = 26,265.
    assert list(down.after) == approx([14500, 14500, 13132.50])
    # Protected cash: (29,000 - 25,000) x 0.5 = 2,000; (29,000 - 25,500) x 0.5 = 1,750; 0.
    assert list(down.protected) == approx([2000, 1750, 0])
    # Red circle while above Band B's top (25,000; 25,500); 26,265 is its top in year 3.
    assert down.red == (True, True, False)

    same = person_path(model, SAME, "B")
    assert same.direction == "unchanged"
    # 23,500; one year in B at 2025-04-01: 24,000 x 1.02 = 24,480; two: 25,000 x 1.0506.
    assert list(same.before) == approx([23500, 24480, 26265])
    assert same.after == same.before

    # Bills: before 60,000 / 61,710 / 64,611.90; after 61,000 / 63,460 / 65,662.50.
    # Five people like each of the three, so that every cell may be published (k = 5).
    staff = [p for p in (UP, DOWN, SAME) for _ in range(5)]
    result = run(SCALE, RULES, staff, BANDS, k=5)
    top = [y.cell((), Sex.ALL) for y in result.years]
    assert [c.before for c in top] == approx([300000, 308550, 323059.50])
    assert [c.after for c in top] == approx([305000, 317300, 328312.50])
    assert [c.cost for c in top] == approx([5000, 8750, 5253])
    up_cells = [y.cell(("up",), Sex.ALL) for y in result.years]
    assert [c.cost for c in up_cells] == approx([5000, 10200, 15759])
    protected = [y.cell(("down",), Sex.MEN) for y in result.years]
    assert [c.protected for c in protected] == approx([10000, 8750, 0])
    assert [c.protected_count for c in protected] == [5, 5, 0]
    assert [y.cell((), Sex.ALL).red for y in result.years] == [5, 5, 0]


def test_three_people_alone_publish_no_pay() -> None:
    result = run(SCALE, RULES, [UP, DOWN, SAME], BANDS, k=5)
    for y in result.years:
        for (_, _), c in y.cells.items():
            assert c.before is None and c.after is None and c.protected in (None, 0.0)


def test_assimilation_rules() -> None:
    for rule, expected in (
        (Assimilation.NEXT_POINT, 23000),
        # Same step: the top of three points in A is the third of B.
        (Assimilation.SAME_STEP, 25000),
        (Assimilation.BAND_MINIMUM, 23000),
    ):
        model = Model.of(SCALE, Rules(D(2024, 4, 1), 1, rule))
        assert person_path(model, UP, "B").after == (expected,)
    low = Person(5, "J1", "women", "A", 20000, 1.0, D(2024, 3, 1))
    model = Model.of(SCALE, Rules(D(2024, 4, 1), 1, Assimilation.SAME_STEP))
    assert person_path(model, low, "B").after == (23000,)


def test_band_minimum_is_not_next_point() -> None:
    """Paid 23,500 in Band A (above its top) and moving to Band B (23,000 / 24,000 / 25,000):
    next-point puts them on 24,000; band-minimum on 23,000 with their 23,500 kept, until a year
    in the band gives 24,000 x 1.02 = 24,480 (above 23,500 x 1.02); then 25,000 x 1.0506."""
    high = Person(5, "J1", "women", "A", 23500, 1.0, D(2015, 1, 1))
    paths = {
        rule: person_path(Model.of(SCALE, Rules(D(2024, 4, 1), 3, rule)), high, "B").after
        for rule in (Assimilation.NEXT_POINT, Assimilation.BAND_MINIMUM)
    }
    assert list(paths[Assimilation.NEXT_POINT]) == approx([24000, 24480, 26265])
    assert list(paths[Assimilation.BAND_MINIMUM]) == approx([23500, 24480, 26265])


@pytest.mark.parametrize("kind", ["cash", "taper", "none"])
def test_other_protections_by_hand(kind: str) -> None:
    rules = Rules(D(2024, 4, 1), 3, protect=Protect(Protection(kind), 2))
    path = person_path(Model.of(SCALE, rules), DOWN, "B")
    band = [25000, 25500, 26265]
    kept = {
        # Current pay carried by the awards: 29,000; 29,580; then the band.
        "cash": [29000, 29580, 26265],
        # The year-1 excess of 4,000 in full, then half, then none.
        "taper": [29000, 25500 + 2000, 26265],
        "none": band,
    }[kind]
    assert list(path.after) == approx([k * 0.5 for k in kept])
    assert list(path.protected) == approx([(k - b) * 0.5 for k, b in zip(kept, band, strict=True)])


def _level(d: dt.date) -> float:
    out = 1.0
    for when, pct in ((D(2025, 4, 1), 2), (D(2026, 4, 1), 3)):
        if when <= d:
            out *= 1 + pct / 100
    return out


def test_backpay_against_a_day_count() -> None:
    start, since = D(2026, 4, 1), D(2024, 9, 15)
    rules = Rules(start, 1, backpay_from=since)
    model = Model.of(SCALE, rules)
    person = Person(2, "J1", "women", "A", 22000 * 1.0506, 1.0, D(2015, 1, 1))
    # Day by day: the pay had is today's pay carried back by the awards; the pay due is Band
    # B's point for whole years since the back-pay date (next point at or above: 23,000).
    total = 0.0
    day = since
    while day < start:
        had = person.pay * _level(day) / _level(start)
        years = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
        due = (23000, 24000, 25000)[min(years, 2)] * _level(day)
        total += (due - had) / 365
        day += dt.timedelta(days=1)
    assert backpay_of(model, person, "B") == pytest.approx(total, abs=0.01)


def test_backpay_runs_from_entering_the_band() -> None:
    """Someone who entered Band A on 1 October 2025, after --backpay-from (15 September 2024),
    is owed arrears from 1 October 2025 only: 182 days to 1 April 2026, on Band B's first
    point (23,000 x 1.02 from the 2025 award) against the pay they had."""
    start, since, entered = D(2026, 4, 1), D(2024, 9, 15), D(2025, 10, 1)
    model = Model.of(SCALE, Rules(start, 1, backpay_from=since))
    person = Person(2, "J1", "women", "A", 22000 * 1.0506, 1.0, entered)
    days = 182  # October 31, November 30, December 31, January 31, February 28, March 31
    had = 22000 * 1.0506 / 1.0506 * 1.02  # today's pay carried back over the 2026 award
    due = 23000 * 1.02
    assert backpay_of(model, person, "B") == pytest.approx(days * (due - had) / 365, abs=0.01)
    # Entered the band on --from itself: nothing owed.
    late = Person(2, "J1", "women", "A", 22000 * 1.0506, 1.0, start)
    assert backpay_of(model, late, "B") == 0.0


def test_backpay_with_an_older_scale(tmp_path: Path) -> None:
    """Band 4 top to Band 5 from 1 October 2024: 182 days on the 2024/25 points, where the pay
    they had was Band 4's top then (29,114) and Band 5's next point up 29,970."""
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,band,pay,fte,band_start"] + [
        "NHS-EXAMPLE-RN,F,4,30162,1,2015-01-01" for _ in range(5)
    ]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26", "--from",
        "2025-04-01", "--backpay-from", "2024-10-01", "--backpay-scale", "nhs-afc-2024-25",
        "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    expected = 5 * 182 * (29970 - 29114) / 365
    # The pay they had is carried back by the mean step between the scales (3.6% +- 0.06%).
    assert data["backpay"]["total"] == pytest.approx(expected, abs=5 * 182 * 20 / 365)
    assert data["backpay"]["note"] is None
    assert data["backpay_scale"]["id"] == "nhs-afc-2024-25"


def _nhs_files(tmp: Path, people: int, seed: int) -> Path:
    """A generated staff file: support workers in Band 4 and 5 nurses in Band 6, both moving
    down (their questionnaires give 3 and 5), on the 2025/26 points."""
    points = {"4": [(0, 27485), (3, 30162)], "6": [(0, 38682), (2, 40823), (5, 46580)]}
    rng = random.Random(seed)
    path = tmp / "staff.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["job", "sex", "band", "pay", "fte", "band_start"])
        for i in range(people):
            job, band = ("NHS-EXAMPLE-HCSW", "4") if i % 2 else ("NHS-EXAMPLE-RN", "6")
            years = rng.randint(1, 9)
            pay = max(p for after, p in points[band] if after <= years - 1)
            w.writerow([job, "F" if i % 3 else "M", band, pay, rng.choice(["1", "0.5", "0.8"]),
                        f"{2025 - years}-0{rng.randint(1, 3)}-1{rng.randint(0, 9)}"])  # fmt: skip
    return path


#: The points of the bands people move down to (2025/26).
LOWER = {
    "NHS-EXAMPLE-HCSW": [(0, 24937), (2, 26598)],
    "NHS-EXAMPLE-RN": [(0, 31049), (2, 33487), (4, 37796)],
}
NHS_JOBS = [EXAMPLES / "nhs-hcsw.yaml", EXAMPLES / "nhs-nurse.yaml"]


@pytest.mark.parametrize("protect", ["mark-time:2", "cash:3"])
def test_protected_cash_against_a_plain_computation(tmp_path: Path, protect: str) -> None:
    staff = _nhs_files(tmp_path, 60, 7)
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26", "--from",
        "2025-04-01", "--award", "3", "--protect", protect, "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    kind, years = protect.split(":")
    expected = [0.0, 0.0, 0.0]
    with staff.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pay, fte = float(row["pay"]), float(row["fte"])
            pts = LOWER[row["job"]]
            j = next((i for i, (_, p) in enumerate(pts) if p >= pay), len(pts) - 1)
            for y in range(3):
                step = max(j, max(i for i, (a, _) in enumerate(pts) if a <= y))
                band = pts[step][1] * 1.03**y
                kept = pay if kind == "mark-time" else pay * 1.03**y
                if y < int(years):
                    expected[y] += max(kept - band, 0) * fte
    got = [y["protected"]["cash"] for y in data["years"]]
    assert got == pytest.approx(expected, abs=0.05)
    assert data["rules"]["protect"] == kind
    assert data["scale"]["id"] == "nhs-afc-2025-26"
    assert data["scale"]["status"] == "unverified"


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_the_bainbridge_shares_are_in_every_text_format(fmt: str) -> None:
    """The README's trust: support workers move from Band 4 down to Band 3 with two years' mark
    time; the women's share of year 1's protected cash, worked out here row by row."""
    staff = EXAMPLES / "paymodel" / "nhs-staff.csv"
    cash = {"F": 0.0, "M": 0.0}
    with staff.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["job"] != "NHS-EXAMPLE-HCSW":
                continue
            pay = float(row["pay"])
            points = LOWER["NHS-EXAMPLE-HCSW"]
            band = next((p for _, p in points if p >= pay), points[-1][1])
            cash[row["sex"].upper()[0]] += max(pay - band, 0) * float(row["fte"])
    women = 100 * cash["F"] / (cash["F"] + cash["M"])
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26",
        "--from", "2025-04-01", "--award", "3", "-f", fmt,
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(out.split())
    assert f"year 1: women {women:.1f}%, men {100 - women:.1f}%" in text


def test_a_lone_man_moving_down_is_not_the_drop_in_the_mens_bill(tmp_path: Path) -> None:
    """Twenty people unchanged and one man moving down: when his protection ends, the men's
    bill must not fall by his loss for anyone to read off."""
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,band,pay,fte,band_start"]
    rows += [f"NHS-EXAMPLE-RN,{'F' if i % 2 else 'M'},5,37796,1,2015-01-01" for i in range(20)]
    rows += ["NHS-EXAMPLE-HCSW,M,4,30162,1,2015-01-01"]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26", "--from",
        "2025-04-01", "--award", "0", "--protect", "mark-time:1", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    for y in data["years"]:
        # His group, the men's bill and the whole bill are withheld in every year: the
        # unchanged men's pay does not move, so any of them would show his pay falling.
        assert y["men"]["bill_after"] is None and y["men"]["bill_before"] is None
        assert y["bill_after"] is None and y["cost"] is None
        assert y["down"]["cost"] is None and y["protected"]["cash"] is None
        assert y["down"]["men"] == 1  # counts are shown
        assert y["women"]["bill_after"] is not None


@pytest.mark.parametrize("reaching", [1, 5])
def test_a_bill_from_year_to_year_does_not_give_a_lone_increment(
    tmp_path: Path, reaching: int
) -> None:
    """Ten women and ten men on Band 5's top point (37,796), and women on its first point
    (31,049) who entered the band on 1 October 2023, so reach 33,487 on 1 October 2025, in
    year 2. No award: a bill of year 2 less year 1 is exactly their increments. One such
    woman: every bill holding her is withheld from year 2 on (year 1 is shown); five: shown."""
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,band,pay,fte,band_start"]
    rows += [f"NHS-EXAMPLE-RN,{sex},5,37796,1,2015-01-01" for sex in "F" * 10 + "M" * 10]
    rows += ["NHS-EXAMPLE-RN,F,5,31049,1,2023-10-01"] * reaching
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26", "--from",
        "2025-04-01", "--award", "0", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    years = json.loads(out)["years"]
    women_1 = 10 * 37796 + reaching * 31049
    assert years[0]["women"]["bill_before"] == women_1
    assert years[0]["bill_before"] == women_1 + 10 * 37796
    for y in years:  # the men's pay does not move: shown every year
        assert y["men"]["bill_before"] == y["men"]["bill_after"] == 10 * 37796
    for y in years[1:]:
        if reaching == 1:
            assert y["women"]["bill_before"] is None and y["women"]["bill_after"] is None
            assert y["bill_before"] is None and y["bill_after"] is None
        else:
            assert y["women"]["bill_before"] == 10 * 37796 + 5 * 33487
            assert y["bill_after"] == 20 * 37796 + 5 * 33487


def _figures(data: object, path: str = "") -> dict[str, object]:
    """Every leaf of a JSON output by its path."""
    if isinstance(data, dict):
        return {
            k: v for key, value in data.items() for k, v in _figures(value, f"{path}/{key}").items()
        }
    if isinstance(data, list):
        return {
            k: v for i, value in enumerate(data) for k, v in _figures(value, f"{path}/{i}").items()
        }
    return {path: data}


def test_one_protected_person_cannot_be_found_by_comparing_protection_rules(
    tmp_path: Path,
) -> None:
    """Six women of one job move down from Band 5 to Band 4; only one (38,123.45) is paid above
    Band 4's top, so only she is protected. Runs with --protect none and cash:1 must not both
    publish a figure that differs between them (the difference would be her protected cash,
    and so her pay), nor her count as protected (one person above a threshold)."""
    staff = tmp_path / "staff.csv"
    rows = ["job,sex,band,pay,fte,band_start"]
    rows += [f"VLO-2016-APPEAL,F,5,{pay},1,2015-01-01" for pay in
             (30000, 31000, 32000, 33000, 34000, 38123.45)]  # fmt: skip
    rows += ["VLO-2016-APPEAL,M,3,28483.52,1,2015-01-01"] * 5
    rows += [f"PSO-EXAMPLE,{sex},3,28483.52,1,2015-01-01" for sex in "FFFFFMMMMM"]
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runs = {}
    for protect in ("none", "cash:1", "mark-time:2"):
        code, out, err = cli(
            "paymodel", *PROBATION[:2], "--staff", staff, "--scale", "probation-illustrative",
            "--from", "2024-04-01", "--protect", protect, "-f", "json",
        )  # fmt: skip
        assert code == 0, err
        runs[protect] = _figures(json.loads(out))
    for protect in ("cash:1", "mark-time:2"):
        year1 = runs[protect]
        assert year1["/years/0/protected/women"] is None
        assert year1["/years/0/protected/cash"] is None
        assert year1["/years/0/bill_after"] is None
        for path, value in runs[protect].items():
            if path.startswith("/sources") or "/rules/" in path or path.startswith("/rules"):
                continue
            other = runs["none"].get(path)
            if isinstance(value, float) and isinstance(other, float):
                assert value == other, path


def test_decide_subset_withholds_a_small_remainder() -> None:
    atoms = {
        (("down", "3", "J"), Sex.WOMEN): 6,
        (("down", "3", "J"), Sex.MEN): 6,
    }
    publication = disclosure.decide(atoms, 5)
    # One man still protected: his cell, and the cells it would be the difference of, withheld.
    sub = {(("down", "3", "J"), Sex.WOMEN): 6, (("down", "3", "J"), Sex.MEN): 1}
    allowed = disclosure.decide_subset(publication, sub)
    assert ((("down", "3", "J"), Sex.MEN)) not in allowed
    assert ((("down", "3", "J"), Sex.ALL)) not in allowed
    assert (((), Sex.ALL)) not in allowed


# --- the examples, formats and bad input -----------------------------------------------------

PROBATION = [
    EXAMPLES / "vlo-claim.yaml",
    EXAMPLES / "pso.yaml",
    "--staff",
    EXAMPLES / "paymodel" / "probation-staff.csv",
    "--scale",
    "probation-illustrative",
    "--from",
    "2024-04-01",
    "--backpay-from",
    "2016-04-01",
]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_format_names_the_scale_and_rules(fmt: str) -> None:
    code, out, err = cli("paymodel", *PROBATION, "-f", fmt)
    assert code == 0, err
    assert "probation-illustrative" in out
    assert "illustrative" in out
    assert "next-point" in out
    assert "mark-time" in out or "mark time" in out
    # What one run withholds, and that comparing runs with other options can reveal pay.
    assert "publish one scenario per staff file" in " ".join(out.split())


def test_the_csv_rules_column_says_every_rule() -> None:
    code, out, err = cli("paymodel", *PROBATION, "--years", "2", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    rules = {row["rules"] for row in rows}
    assert len(rules) == 1
    said = rules.pop()
    for part in ("from 2024-04-01", "years 2", "assimilate next-point", "protect mark-time:2",
                 "award scale", "back pay 2016-04-01 to 2024-04-01", "min group 5"):  # fmt: skip
        assert part in said, part
    assert {row["year"] for row in rows} == {"1", "2", "backpay"}


def test_html_has_both_charts(tmp_path: Path) -> None:
    page = tmp_path / "model.html"
    code, _, err = cli("paymodel", *PROBATION, "-o", page)
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 2
    assert "Protected cash by sex" in text and "probation-illustrative" in text


def test_probation_example_back_pay() -> None:
    code, out, err = cli("paymodel", *PROBATION, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["backpay"]["jobs"][0]["reference"] == "VLO-2016-APPEAL"
    assert data["backpay"]["jobs"][0]["people"] == 30
    # Day by day, from the later of 2016-04-01 and each person's band_start, written out here
    # from the scale file: the pay had is today's pay carried back by the awards; the pay due
    # is Band 4's point (the first at or above the pay had when arrears start, then one more a
    # year in the band), at that day's level.
    import yaml

    scale = yaml.safe_load(
        (EXAMPLES.parent / "factors" / "scales" / "probation-illustrative.yaml").read_text()
    )
    awards = [(a["date"], a["percent"]) for a in scale["awards"]]

    def lv(day: dt.date) -> float:
        out = 1.0
        for when, pct in awards:
            out *= 1 + pct / 100 if when <= day else 1
        return out

    band4 = [
        (p["after"], p["pay"]) for b in scale["bands"] if b["label"] == "4" for p in b["points"]
    ]
    start, total = D(2024, 4, 1), 0.0
    with (EXAMPLES / "paymodel" / "probation-staff.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["job"] != "VLO-2016-APPEAL":
                continue
            pay, begin = float(row["pay"]), max(D(2016, 4, 1), D.fromisoformat(row["band_start"]))
            first = next(
                i
                for i, (_, p) in enumerate(band4)
                if p * lv(begin) >= pay * lv(begin) / lv(start) - 0.01
            )
            day, owed = begin, 0.0
            while day < start:
                years = day.year - begin.year - ((day.month, day.day) < (begin.month, begin.day))
                step = max(first, max(i for i, (after, _) in enumerate(band4) if after <= years))
                owed += (band4[step][1] * lv(day) - pay * lv(day) / lv(start)) / 365
                day += dt.timedelta(days=1)
            total += max(owed, 0.0) * float(row["fte"])
    # jescore sums each person's arrears in whole pence: 30 people, half a penny each at most.
    assert data["backpay"]["total"] == pytest.approx(total, abs=30 * 0.005)
    assert data["years"][0]["up"]["women"] + data["years"][0]["up"]["men"] == 30
    assert data["years"][0]["unchanged"]["women"] + data["years"][0]["unchanged"]["men"] == 30
    again = cli("paymodel", *PROBATION, "-f", "json")[1]
    assert again == out


def _bad(tmp_path: Path, body: str, *extra: str) -> str:
    staff = tmp_path / "staff.csv"
    staff.write_text("job,sex,band,pay,fte,band_start\n" + body, encoding="utf-8")
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26",
        "--from", "2025-04-01", *extra,
    )  # fmt: skip
    assert code == 3, err
    assert out == ""
    return err


def test_bad_staff_rows_name_row_and_column_never_values(tmp_path: Path) -> None:
    err = _bad(tmp_path, "NHS-EXAMPLE-RN,F,5z,31049,1,2020-01-01\n")
    assert "row 2: column 'band' is a band missing from the pay scale" in err
    assert "5z" not in err
    err = _bad(tmp_path, "NHS-EXAMPLE-RN,F,5,987654,1,2020-01-01\n")
    assert "row 2: column 'pay' is outside every band" in err
    assert "987654" not in err
    err = _bad(tmp_path, "NHS-EXAMPLE-RN,F,5,31049,1,2030-01-01\n")
    assert "row 2: column 'band_start' is after --from" in err
    assert "2030" not in err


def test_a_blank_fte_cell_is_refused_an_absent_column_is_full_time(tmp_path: Path) -> None:
    row = "NHS-EXAMPLE-RN,F,5,31049,{fte},2020-01-01\n"
    err = _bad(tmp_path, row.format(fte="1") + row.format(fte=""))
    assert "row 3" in err and "'fte'" in err
    staff = tmp_path / "nofte.csv"
    staff.write_text(
        "job,sex,band,pay,band_start\n" + "NHS-EXAMPLE-RN,F,5,31049,2020-01-01\n" * 5,
        encoding="utf-8",
    )
    code, out, err = cli(
        "paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26",
        "--from", "2025-04-01", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    # Five full-time nurses on 31,049 (a point of Band 5, unchanged).
    assert json.loads(out)["years"][0]["bill_before"] == pytest.approx(5 * 31049)


def _scale(tmp_path: Path, bands: str, awards: str = "") -> Path:
    path = tmp_path / "scale.yaml"
    path.write_text(
        "id: mine\nname: Mine\nversion: '1'\nstatus: illustrative\neffective: 2025-04-01\n"
        f"{awards}bands:\n{bands}",
        encoding="utf-8",
    )
    return path


def test_a_scale_whose_points_do_not_rise_is_refused(tmp_path: Path) -> None:
    path = _scale(tmp_path, "  - label: '1'\n    points:\n      - {after: 0, pay: 20000}\n"
                  "      - {after: 1, pay: 19000}\n")  # fmt: skip
    code, out, err = cli("scale", "show", path)
    assert code == 3
    assert "scale.yaml:10" in err and "must rise" in err


def test_bands_not_listed_from_the_lowest_paid_are_refused(tmp_path: Path) -> None:
    """Band '2' pays less than band '1' above it: the direction of a move would depend on the
    order of the file, so the scale is refused at band '2''s label (line 10)."""
    path = _scale(tmp_path, "  - label: '1'\n    points:\n      - {after: 0, pay: 30000}\n"
                  "  - label: '2'\n    points:\n      - {after: 0, pay: 20000}\n")  # fmt: skip
    code, out, err = cli("scale", "show", path)
    assert code == 3
    assert "scale.yaml:10" in err and "lowest paid" in err
    assert cli("paymodel", *PROBATION[:4], "--scale", path, "--from", "2024-04-01")[0] == 3


def test_a_scale_ranking_bands_against_the_grading_is_refused(tmp_path: Path) -> None:
    """The probation scale with the labels of its bands 4 and 5 swapped: its pay still rises
    down the file, but the grading puts band 4 below band 5, so "up" would mean "down"."""
    text = (EXAMPLES.parent / "factors" / "scales" / "probation-illustrative.yaml").read_text(
        encoding="utf-8"
    )
    assert text.count('label: "4"') == 1 and text.count('label: "5"') == 1
    swapped = text.replace('label: "4"', "label: X").replace('label: "5"', 'label: "4"')
    path = tmp_path / "swapped.yaml"
    path.write_text(swapped.replace("label: X", 'label: "5"'), encoding="utf-8")
    assert cli("scale", "show", path)[0] == 0
    code, out, err = cli("paymodel", *PROBATION[:4], "--scale", path, "--from", "2024-04-01")
    assert code == 3, err
    assert out == ""
    assert "puts band '5' above band '4'" in err


def test_an_award_below_minus_100_is_refused(tmp_path: Path) -> None:
    path = _scale(
        tmp_path,
        "  - label: '1'\n    points:\n      - {after: 0, pay: 20000}\n",
        "awards:\n  - {date: 2026-04-01, percent: -150}\n",
    )
    code, out, err = cli("scale", "show", path)
    assert code == 3
    assert "scale.yaml:7" in err and "above -100%" in err


def test_usage_errors(tmp_path: Path) -> None:
    staff = EXAMPLES / "paymodel" / "nhs-staff.csv"
    base = ["paymodel", *NHS_JOBS, "--staff", staff, "--scale", "nhs-afc-2025-26"]
    assert cli(*base, "--from", "2025-13-01")[0] == 2
    assert cli(*base, "--from", "2025-04-01", "--protect", "mark-time")[0] == 2
    assert cli(*base, "--from", "2025-04-01", "--assimilate", "nearest")[0] == 2
    assert cli(*base, "--from", "2025-04-01", "--backpay-from", "2026-01-01")[0] == 2
    code, _, err = cli(*base[:-1], "no-such-scale", "--from", "2025-04-01")
    assert code == 2 and "nhs-afc-2025-26" in err


@pytest.mark.parametrize("scale", ["nhs-afc-2024-25", "nhs-afc-2025-26", "probation-illustrative"])
def test_shipped_scales_show(scale: str) -> None:
    code, out, err = cli("scale", "show", scale, "-f", "json")
    assert code == 0, err
    data = json.loads(out)["scale"]
    assert data["id"] == scale
    assert data["status"] == ("illustrative" if scale == "probation-illustrative" else "unverified")


def test_nhs_scales_agree_to_the_award() -> None:
    """Every 2025/26 point is 3.6% above its 2024/25 point to within 0.06%."""
    a = json.loads(cli("scale", "show", "nhs-afc-2024-25", "-f", "json")[1])["scale"]
    b = json.loads(cli("scale", "show", "nhs-afc-2025-26", "-f", "json")[1])["scale"]
    for old, new in zip(a["bands"], b["bands"], strict=True):
        for p, q in zip(old["points"], new["points"], strict=True):
            assert p["after"] == q["after"]
            assert abs(q["pay"] / p["pay"] - 1.036) < 0.0006
    verified = [band["label"] for band in a["bands"] if band["status"] == "verified"]
    assert verified == ["2", "3", "4", "5", "6"]


#: The illustrative scale's level on 2024-04-01 (its published awards since 2016).
_LEVEL_2024 = 1.01 * 1.02**3 * 1.04 * 1.05 * 1.04


@pytest.mark.parametrize(
    ("band", "kept", "target"),
    [
        # Moving down from Band 5: five paid above Band 4's top are protected (mark time, so
        # their year-1 pay is unchanged); the sixth is placed on a point below their pay.
        ("5", [36100.00, 36500.50, 37200.00, 38000.25, 39100.00], 33333.33),
        # Moving up from Band 3: five paid above Band 4's top keep their pay (red circle); the
        # sixth is assimilated to a point.
        ("3", [34100.00, 34500.50, 35200.00, 35000.25, 34900.00], 27123.45),
    ],
)
def test_a_cells_cost_is_never_one_persons_step(
    tmp_path: Path, band: str, kept: list[float], target: float
) -> None:
    """Six men of one job move; only one of them has their pay changed in year 1, so the cell's
    cost would be that one person's step onto a public point, and so their pay. Withheld."""
    pso = round(23400 * _LEVEL_2024, 2)
    rows = ["employee,job,sex,band,pay,fte,band_start"]
    rows += [f"M{i},VLO-2016-APPEAL,M,{band},{p},1,2015-01-01" for i, p in enumerate(kept)]
    rows += [f"T,VLO-2016-APPEAL,M,{band},{target},1,2023-06-01"]
    rows += [f"P{i},PSO-EXAMPLE,{'FM'[i % 2]},3,{pso},1,2015-01-01" for i in range(10)]
    staff = tmp_path / "staff.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", *PROBATION[:2], "--staff", staff, "--scale", "probation-illustrative",
        "--from", "2024-04-01", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    move = "down" if band == "5" else "up"
    for y in data["years"]:
        assert y[move]["men"] == 6
        assert y[move]["cost"] is None and y["cost"] is None and y["bill_after"] is None
    assert f"{target:.2f}" not in out


def test_back_pay_does_not_single_out_a_late_entrant(tmp_path: Path) -> None:
    """Six VLOs move up with back pay from 2016: five entered Band 3 before then, one in 2019.
    Back pay (five over the whole window, one over a shorter one) against the cost of moving
    up would give the late entrant's pay: withheld; with no late entrant it is shown."""
    pay = round(23400 * _LEVEL_2024, 2)
    for late in (1, 0):
        rows = ["employee,job,sex,band,pay,fte,band_start"]
        rows += [f"V{i},VLO-2016-APPEAL,F,3,{pay},1,2010-01-01" for i in range(6 - late)]
        rows += [f"L{i},VLO-2016-APPEAL,F,3,28123.45,1,2019-09-01" for i in range(late)]
        rows += [f"P{i},PSO-EXAMPLE,{'FM'[i % 2]},3,{pay},1,2015-01-01" for i in range(10)]
        staff = tmp_path / f"staff{late}.csv"
        staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
        code, out, err = cli(
            "paymodel", *PROBATION[:2], "--staff", staff, "--scale", "probation-illustrative",
            "--from", "2024-04-01", "--backpay-from", "2016-04-01", "-f", "json",
        )  # fmt: skip
        assert code == 0, err
        backpay = json.loads(out)["backpay"]
        if late:
            assert backpay["total"] is None and backpay["jobs"][0]["amount"] is None
        else:
            assert backpay["total"] is not None and backpay["total"] > 0


def test_rows_of_a_job_with_no_questionnaire_are_named_or_skipped(tmp_path: Path) -> None:
    """A payroll file holds more jobs than were evaluated: the row is named with its job and
    the hint, exit 3; with --skip-unknown-jobs it is left out and counted, and the figures are
    those of the file without it."""
    base = (EXAMPLES / "paymodel" / "probation-staff.csv").read_text(encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text(base + "X1,LIB-1,F,3,25000,1,2015-01-01\n", encoding="utf-8")
    args = [*PROBATION[:2], "--scale", "probation-illustrative", "--from", "2024-04-01"]
    code, _, err = cli("paymodel", *args, "--staff", staff)
    assert code == 3
    said = "row 62: column 'job' names a job with no questionnaire among those given: 'LIB-1'"
    assert said in err
    assert "--skip-unknown-jobs" in err
    code, out, err = cli("paymodel", *args, "--staff", staff, "--skip-unknown-jobs", "-f", "json")
    assert code == 0, err
    assert "1 staff rows skipped (job with no questionnaire: 1)" in err
    plain = cli("paymodel", *args, "--staff", EXAMPLES / "paymodel" / "probation-staff.csv",
                "-f", "json")[1]  # fmt: skip
    assert json.loads(out)["years"] == json.loads(plain)["years"]


@pytest.mark.parametrize(
    ("pay", "said"),
    [
        ("lots", "row 62: column 'pay' is not a number"),
        ("987654", "row 62: column 'pay' is outside every band"),
    ],
)
def test_a_bad_row_is_refused_or_skipped_and_counted(tmp_path: Path, pay: str, said: str) -> None:
    """A row whose pay is not a number (the reader's problem) or outside the scale (the
    model's): refused with its row and column, exit 3; with --skip-bad-rows, left out and
    counted on stderr. The row is the only one of its job and sex (a PSO of neither recorded
    sex), so the figures are those of the file without it; a bad row among others of its job
    and sex leaves the counts those of the file without it, the rest decided on the whole
    file."""
    plain = EXAMPLES / "paymodel" / "probation-staff.csv"
    base = plain.read_text(encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text(base + f"X1,PSO-EXAMPLE,N,3,{pay},1,2015-01-01\n", encoding="utf-8")
    args = [*PROBATION[:2], "--scale", "probation-illustrative", "--from", "2024-04-01"]
    code, out, err = cli("paymodel", *args, "--staff", staff)
    assert code == 3 and out == ""
    assert said in err and pay not in err
    code, out, err = cli("paymodel", *args, "--staff", staff, "--skip-bad-rows", "-f", "json")
    assert code == 0, err
    assert "note: 1 staff rows skipped (bad value: 1)" in err
    without = json.loads(cli("paymodel", *args, "--staff", plain, "-f", "json")[1])
    assert json.loads(out)["years"] == without["years"]
    assert json.loads(out)["backpay"] == without["backpay"]
    # Among others of its job and sex (a PSO woman): the people are those of the file without it.
    staff.write_text(base + f"X1,PSO-EXAMPLE,F,3,{pay},1,2015-01-01\n", encoding="utf-8")
    code, out, err = cli("paymodel", *args, "--staff", staff, "--skip-bad-rows", "-f", "json")
    assert code == 0, err
    assert "note: 1 staff rows skipped (bad value: 1)" in err
    for got, plain_year in zip(json.loads(out)["years"], without["years"], strict=True):
        for move in ("up", "down", "unchanged"):
            assert got[move]["women"] == plain_year[move]["women"]
            assert got[move]["men"] == plain_year[move]["men"]


@pytest.mark.parametrize(
    ("vlo_start", "said"),
    [
        ("2010-01-01", True),  # arrears from --backpay-from, before the scale's effective date
        ("2017-01-01", False),  # arrears from entering the band, after it
        (None, False),  # nobody moves up: no back pay at all
    ],
)
def test_the_earliest_scale_note_only_where_back_pay_is_owed_before_it(
    tmp_path: Path, vlo_start: str | None, said: bool
) -> None:
    """The probation scale takes effect on 2016-04-01; back pay runs from 2015-04-01. The note
    about figures before the scale's effective date is said only where someone moving up is
    owed back pay over days before it."""
    pay = round(23400 * _LEVEL_2024, 2)
    rows = ["employee,job,sex,band,pay,fte,band_start"]
    rows += [f"P{i},PSO-EXAMPLE,{'FM'[i % 2]},4,{pay},1,2015-01-01" for i in range(10)]
    if vlo_start is not None:
        rows += [f"V{i},VLO-2016-APPEAL,F,3,{pay},1,{vlo_start}" for i in range(6)]
    staff = tmp_path / "staff.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", *PROBATION[:2], "--staff", staff, "--scale", "probation-illustrative",
        "--from", "2024-04-01", "--backpay-from", "2015-04-01", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    up = data["years"][0]["up"]
    assert up["women"] + up["men"] == (0 if vlo_start is None else 6)
    if vlo_start is None:
        assert data["backpay"]["total"] == 0
    assert ("back pay before the scale's effective date" in err) is said


def _job_a_files(tmp_path: Path) -> Path:
    """JOB-A (the HCSW questionnaire renamed: Band 3) and the nurse questionnaire (Band 5)."""
    text = (EXAMPLES / "nhs-hcsw.yaml").read_text(encoding="utf-8")
    (tmp_path / "joba.yaml").write_text(text.replace("NHS-EXAMPLE-HCSW", "JOB-A"), "utf-8")
    return tmp_path / "joba.yaml"


@pytest.mark.parametrize("down", [False, True])
def test_a_cost_or_protected_cash_is_not_the_organisations_less_a_band(
    tmp_path: Path, down: bool
) -> None:
    """Six women of JOB-A: five stay in Band 3, one moves to it (up from Band 2 at 24,611.37,
    or down from Band 4 at 29,123.45, protected); five nurses move from Band 4 to 5. The
    organisation's cost (or protected cash) less the nurses' was that one woman's, through the
    withheld middle cell of JOB-A's movers. Withheld: no combination gives it."""
    joba = _job_a_files(tmp_path)
    rows = ["employee,job,sex,band,pay,fte,band_start"]
    rows += [
        f"A{i},JOB-A,F,3,{24937 if i < 3 else 26598},1,{'2024-06-01' if i < 3 else '2019-06-01'}"
        for i in range(5)
    ]
    rows.append(
        "A5,JOB-A,F,4,29123.45,1,2022-01-10" if down else "A5,JOB-A,F,2,24611.37,1,2022-01-10"
    )
    rows += [f"B{i},NHS-EXAMPLE-RN,F,{5 if down else 4},{37796 if down else 30162},1,2019-01-01"
             for i in range(5)]  # fmt: skip
    staff = tmp_path / "staff.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    nurse = EXAMPLES / "nhs-nurse.yaml"
    if down:  # the nurses move down too, from Band 6, all five paid above Band 5's top
        rows = [r.replace(",5,37796,", ",6,47000,") for r in rows]
        staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli(
        "paymodel", joba, nurse, "--staff", staff, "--scale", "nhs-afc-2025-26",
        "--from", "2025-04-01", "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    y = data["years"][0]
    assert y["cost"] is None
    assert y["protected"]["cash"] is None or not down
    for amount in ("325.63", "2525.45", "24611.37", "29123.45"):
        assert amount not in out
