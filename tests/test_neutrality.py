"""``neutrality``: predominance, the factor gap on a hand-built set, weight sensitivity against
brute-force re-evaluation, boundary clustering, least squares against
``statistics.linear_regression``, what a staff file's disclosure control lets through, bad
input, and every format."""

from __future__ import annotations

import csv
import json
import random
import statistics
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from jescore.neutrality import least_squares, scaled
from tests.conftest import EXAMPLES, FIXTURES, ROOT
from tests.harness import run

PROBATION = [EXAMPLES / f"{n}.yaml" for n in ("vlo", "pso", "po")]
SIX = [
    EXAMPLES / f"{n}.yaml"
    for n in ("vlo", "pso", "po", "nhs-nurse", "nhs-hcsw", "njc-library-assistant")
]
SET = FIXTURES / "neutrality"
STAFF = SET / "staff.csv"


def neutrality(*args: str | Path) -> dict[str, object]:
    code, out, err = run("neutrality", *args, "-f", "json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def groups(data: dict[str, object]) -> list[dict[str, object]]:
    found = data["groups"]
    assert isinstance(found, list)
    return found


def job_file(
    folder: Path,
    name: str,
    levels: dict[str, int],
    headcount: str | None,
    scheme: str = "scheme.yaml",
    reference: str | None = None,
) -> Path:
    path = folder / f"{name}.yaml"
    text = f"job:\n  title: {name}\n  reference: {reference or name}\nscheme: {scheme}\nfactors:\n"
    text += "".join(f"  {f}: {{level: {n}}}\n" for f, n in levels.items())
    if headcount is not None:
        text += f"equality:\n  headcount: {headcount}\n"
    path.write_text(text, encoding="utf-8")
    return path


def mini(folder: Path) -> Path:
    scheme = folder / "scheme.yaml"
    scheme.write_text((FIXTURES / "mini-scheme.yaml").read_text(encoding="utf-8"), "utf-8")
    return scheme


# --- predominance -----------------------------------------------------------------------------


def test_predominance_at_the_shares_and_the_ontario_option() -> None:
    jobs = {
        j["reference"]: (j["women"], j["men"], j["predominance"])
        for j in groups(neutrality(*PROBATION))[0]["jobs"]  # type: ignore[union-attr]
    }
    # By hand: VLO 33 of 40 women (82.5%), PSO 38 of 60 men (63.3%), PO 27 of 50 (54%).
    assert jobs == {
        "PO-EXAMPLE": (27, 23, "mixed"),
        "VLO-2016": (33, 7, "female-dominated"),
        "PSO-EXAMPLE": (22, 38, "male-dominated"),
    }
    ontario = groups(neutrality(*PROBATION, "--male-dominated-share", "70"))[0]
    pso = next(j for j in ontario["jobs"] if j["reference"] == "PSO-EXAMPLE")  # type: ignore[attr-defined]
    assert pso["predominance"] == "mixed"
    # No male-dominated job left: said plainly, no factor gap, no division by zero.
    assert ontario["factor_gap"] == [] and ontario["total_difference"] is None
    assert ontario["messages"] == [
        "No male-dominated job under this scheme, so there is no factor gap to show: it "
        "compares the two groups' points factor by factor."
    ]


def test_a_job_at_exactly_the_share_is_dominated(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 6, men: 4}")
    job_file(tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, "{women: 3, men: 7}")
    job_file(tmp_path, "c", {"skill": 3, "effort": 1, "care": 1}, "{women: 0, men: 0}")
    job_file(tmp_path, "d", {"skill": 3, "effort": 2, "care": 1}, None)
    jobs = {j["reference"]: j for j in groups(neutrality(tmp_path))[0]["jobs"]}  # type: ignore[attr-defined]
    assert jobs["a"]["predominance"] == "female-dominated"  # 60% is at the share
    assert jobs["b"]["predominance"] == "male-dominated"
    assert jobs["c"]["predominance"] == "unknown"  # nobody counted
    assert jobs["d"]["predominance"] == "unknown" and jobs["d"]["women"] is None


def test_headcount_keys_are_read_as_a_staff_file_s_sex_column(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{Female: 8, M: 2}")
    job_file(tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, "{women: 2, men: 5, unsure: 3}")
    code, out, err = run("neutrality", tmp_path, "-f", "json")
    assert code == 0, err
    jobs = {j["reference"]: j for j in json.loads(out)["groups"][0]["jobs"]}
    assert (jobs["a"]["women"], jobs["a"]["men"], jobs["a"]["other"]) == (8, 2, 0)
    # 'unsure' counts as people recorded as neither: 5 of 10 men is not 60%.
    assert (jobs["b"]["women"], jobs["b"]["men"], jobs["b"]["other"]) == (2, 5, 3)
    assert jobs["b"]["predominance"] == "mixed"
    assert (
        f"{tmp_path / 'b.yaml'}:10: warning: equality.headcount: 'unsure' counted as people "
        "recorded as neither women nor men" in err
    )


# --- where the points come from ---------------------------------------------------------------


def test_one_factor_alone_separates_the_groups_and_carries_all_the_difference(
    tmp_path: Path,
) -> None:
    mini(tmp_path)
    # Female- and male-dominated jobs differ only on care: 30 points (level 4) against 1.
    job_file(tmp_path, "f1", {"skill": 2, "effort": 1, "care": 4}, "{women: 9, men: 1}")
    job_file(tmp_path, "f2", {"skill": 1, "effort": 2, "care": 4}, "{women: 8, men: 2}")
    job_file(tmp_path, "m1", {"skill": 2, "effort": 1, "care": 1}, "{women: 1, men: 9}")
    job_file(tmp_path, "m2", {"skill": 1, "effort": 2, "care": 1}, "{women: 0, men: 5}")
    group = groups(neutrality(tmp_path))[0]
    assert group["factor_gap"] == [
        {
            "factor": "skill",
            "name": "Skill",
            "female_mean_points": 15.0,
            "male_mean_points": 15.0,
            "difference": 0.0,
            "share_of_difference_pct": 0.0,
        },
        {
            "factor": "effort",
            "name": "Effort",
            "female_mean_points": 10.0,
            "male_mean_points": 10.0,
            "difference": 0.0,
            "share_of_difference_pct": 0.0,
        },
        {
            "factor": "care",
            "name": "Care",
            "female_mean_points": 30.0,
            "male_mean_points": 1.0,
            "difference": -29.0,
            "share_of_difference_pct": 100.0,
        },
    ]
    assert group["total_difference"] == -29.0


def test_the_factor_gap_of_the_vlo_and_the_pso_by_hand() -> None:
    group = groups(neutrality(*PROBATION))[0]
    gap = {x["factor"]: x for x in group["factor_gap"]}  # type: ignore[attr-defined]
    # Points read off the illustrative scheme at the levels in vlo.yaml and pso.yaml.
    vlo = {"knowledge": 110, "communication": 60, "risk": 20, "information": 12}
    pso = {"knowledge": 75, "communication": 42, "risk": 34, "information": 20}
    for factor in vlo:
        assert gap[factor]["female_mean_points"] == vlo[factor]
        assert gap[factor]["male_mean_points"] == pso[factor]
    assert group["total_difference"] == 343 - 374
    assert gap["knowledge"]["share_of_difference_pct"] == round(100 * (75 - 110) / (343 - 374), 2)
    assert sum(x["share_of_difference_pct"] for x in gap.values()) == pytest.approx(100, abs=0.1)


def test_equal_mean_totals_give_no_shares_and_say_why(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "f", {"skill": 2, "effort": 1, "care": 1}, "{women: 9, men: 1}")  # 26
    job_file(tmp_path, "m", {"skill": 1, "effort": 2, "care": 1}, "{women: 1, men: 9}")  # 26
    group = groups(neutrality(tmp_path))[0]
    assert group["total_difference"] == 0.0
    assert [x["share_of_difference_pct"] for x in group["factor_gap"]] == [None, None, None]  # type: ignore[attr-defined]
    assert "same mean total" in group["messages"][0]  # type: ignore[index]


# --- weight sensitivity -----------------------------------------------------------------------


def half_up(points: int, step: Decimal) -> int:
    value = Decimal(points) * (100 + step) / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("step", ["10", "12.5", "25", "50", "33.3", "100", "-10", "-37.5"])
def test_scaled_points_round_halves_up(step: str) -> None:
    for points in range(0, 300):
        assert scaled(points, Fraction(step)) == half_up(points, Decimal(step)), (points, step)


def test_weight_sensitivity_against_brute_force_re_evaluation(tmp_path: Path) -> None:
    """Every job re-scored by ``jescore evaluate`` under a scheme file with one factor's
    points scaled (written out, rounded half up here with decimals), against the report."""
    source = yaml.safe_load((ROOT / "factors" / "probation-illustrative.yaml").read_text("utf-8"))
    factors = [f["id"] for f in source["factors"]]
    tops = {f["id"]: len(f["levels"]) for f in source["factors"]}
    bands = [(b["label"], b["min"], b["max"]) for b in source["grading"]["bands"]]
    rng = random.Random(26)
    folder = tmp_path / "jobs"
    folder.mkdir()
    scheme = folder / "scheme.yaml"
    scheme.write_text(yaml.safe_dump(source, sort_keys=False), encoding="utf-8")
    people: dict[str, tuple[int, int]] = {}
    for n in range(40):
        levels = {f: rng.randint(1, tops[f]) for f in factors}
        women, men = rng.randint(0, 12), rng.randint(0, 12)
        people[f"J{n}"] = (women, men)
        job_file(folder, f"J{n}", levels, f"{{women: {women}, men: {men}}}")
    step = Decimal(15)
    report = groups(neutrality(folder, "--weight-step", "15"))[0]
    got = {
        (w["factor"], w["step_pct"]): w
        for w in report["weight_sensitivity"]  # type: ignore[attr-defined]
    }

    def band(total: int) -> str | None:
        return next((label for label, lo, hi in bands if lo <= total <= hi), None)

    code, out, err = run("evaluate", folder, "-f", "json")
    assert code == 0, err
    before = {
        e["job"]["reference"]: band(e["score"]["total"]) for e in json.loads(out)["evaluations"]
    }

    def kind(ref: str) -> str:
        women, men = people[ref]
        if women + men == 0:
            return "unknown"
        if 100 * women >= 60 * (women + men):
            return "female-dominated"
        if 100 * men >= 60 * (women + men):
            return "male-dominated"
        return "mixed"

    for factor in factors:
        for signed in (step, -step):
            changed = yaml.safe_load(yaml.safe_dump(source))
            for f in changed["factors"]:
                if f["id"] == factor:
                    for level in f["levels"]:
                        level["points"] = half_up(level["points"], signed)
            scheme.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
            code, out, err = run("evaluate", folder, "-f", "json")
            assert code == 0, (factor, signed, err)
            after = {
                e["job"]["reference"]: e["score"]["band"]["label"] if e["score"]["band"] else None
                for e in json.loads(out)["evaluations"]
            }
            moved = sorted(ref for ref in before if after[ref] != before[ref])
            entry = got[(factor, float(signed))]
            assert sorted(m["reference"] for m in entry["moves"]) == moved, (factor, signed)
            for key in ("female", "male", "mixed", "unknown"):
                count = sum(
                    1 for ref in moved if kind(ref) == f"{key}-dominated" or kind(ref) == key
                )
                assert entry[f"{key}_jobs_changing"] == count, (factor, signed, key)
            assert entry["people_in_female_jobs_changing"] == sum(
                sum(people[r]) for r in moved if kind(r) == "female-dominated"
            )
            assert entry["people_in_male_jobs_changing"] == sum(
                sum(people[r]) for r in moved if kind(r) == "male-dominated"
            )
    assert any(w["moves"] for w in got.values())  # the test moved something


def test_a_job_moving_outside_the_bands_counts_as_a_change(tmp_path: Path) -> None:
    mini(tmp_path)
    # 40 + 15 + 3 = 58 (C, up to 69); skill +100% makes 80 + 15 + 3 = 98: outside the bands.
    job_file(tmp_path, "top", {"skill": 3, "effort": 2, "care": 3}, "{women: 5, men: 0}")
    group = groups(neutrality(tmp_path, "--weight-step", "100"))[0]
    skill_up = next(
        w
        for w in group["weight_sensitivity"]  # type: ignore[attr-defined]
        if w["factor"] == "skill" and w["step_pct"] == 100
    )
    assert skill_up["female_jobs_changing"] == 1
    assert skill_up["moves"][0]["after"] == {"total": 98, "band": None}
    assert skill_up["people_in_female_jobs_changing"] == 5


# --- boundaries -------------------------------------------------------------------------------


def test_boundary_clustering_by_hand() -> None:
    group = groups(neutrality(SET))[0]
    # Mini bands: A 0-29, B 30-49, C 50-69. Totals: F-CLEAN 18, M-PORTER 26, F-ADMIN 27,
    # M-DRIVER 36, X-CLERK 37, F-CARE 45, F-SENIOR 55, M-TECH 56.
    near = {
        b["at"]: (
            [j["reference"] for j in b["below"]],
            [j["reference"] for j in b["above"]],
            b["women_below_men_above"],
        )
        for b in group["boundaries"]  # type: ignore[attr-defined]
    }
    assert near == {
        30: (["F-ADMIN", "M-PORTER"], ["X-CLERK", "M-DRIVER"], True),
        50: (["F-CARE"], ["M-TECH", "F-SENIOR"], True),
    }
    narrow = groups(neutrality(SET, "--near", "5"))[0]
    assert [(b["at"], len(b["below"]), len(b["above"])) for b in narrow["boundaries"]] == [  # type: ignore[attr-defined]
        (30, 2, 0),
        (50, 1, 0),
    ]


# --- pay lines --------------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.integers(0, 2000),
            st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
        ),
        min_size=2,
        max_size=40,
    )
)
def test_least_squares_matches_statistics_linear_regression(
    points: list[tuple[int, float]],
) -> None:
    xs = [x for x, _ in points]
    line = least_squares(points)
    if len(set(xs)) < 2:
        assert line is None
        return
    assert line is not None
    expected = statistics.linear_regression(xs, [y for _, y in points])
    assert line.slope == pytest.approx(expected.slope, rel=1e-9, abs=1e-6)
    assert line.intercept == pytest.approx(expected.intercept, rel=1e-9, abs=1e-3)
    assert line.jobs == len(points) and (line.low, line.high) == (min(xs), max(xs))


def _staff_medians(path: Path) -> dict[str, float]:
    pays: dict[str, list[float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pays.setdefault(row["job"], []).append(float(row["pay"]))
    return {job: statistics.median(values) for job, values in pays.items()}


def test_pay_lines_from_the_staff_file_match_a_plain_computation() -> None:
    group = groups(neutrality(SET, "--staff", STAFF, "--pay-basis", "basic"))[0]
    medians = _staff_medians(STAFF)
    jobs = group["jobs"]
    assert isinstance(jobs, list)
    for j in jobs:
        assert j["median_pay"] == round(medians[j["reference"]], 2)
    lines = group["pay_lines"]
    assert isinstance(lines, dict)
    for kind in ("female", "male"):
        mine = [j for j in jobs if j["predominance"] == f"{kind}-dominated"]
        expected = statistics.linear_regression(
            [j["score"]["total"] for j in mine], [medians[j["reference"]] for j in mine]
        )
        assert lines[kind]["slope"] == round(expected.slope, 4)
        assert lines[kind]["intercept"] == round(expected.intercept, 2)
        assert lines[kind]["jobs"] == len(mine)
    # The gap at each female-dominated job's points, from the two lines.
    female, male = lines["female"], lines["male"]
    for gap in lines["gaps"]:
        x = gap["points"]
        f = female["intercept"] + female["slope"] * x
        m = male["intercept"] + male["slope"] * x
        assert gap["gap_pct"] == pytest.approx((m - f) / m * 100, abs=0.01)
        assert gap["outside_male_range"] == (not 26 <= x <= 56)
    # The equal average: per band, the mean of the job medians of each group.
    averages = {a["band"]["label"]: a for a in lines["equal_average"]}
    assert averages["A"]["female_mean"] == round((medians["F-CLEAN"] + medians["F-ADMIN"]) / 2, 2)
    assert averages["A"]["male_mean"] == round(medians["M-PORTER"], 2)
    assert averages["C"]["gap_pct"] == round(
        (medians["M-TECH"] - medians["F-SENIOR"]) / medians["M-TECH"] * 100, 2
    )


def test_fewer_jobs_than_a_line_needs_is_said_plainly() -> None:
    data = neutrality(*SIX, "--staff", EXAMPLES / "equalpay" / "staff.csv", "--pay-basis", "fte")
    probation = groups(data)[0]
    lines = probation["pay_lines"]
    assert isinstance(lines, dict)
    assert lines["female"] is None and lines["male"] is None and lines["gaps"] == []
    assert lines["notes"] == [
        "No female-dominated line: a line needs at least two jobs with different totals; 1 "
        "female-dominated job with pay shown.",
        "No male-dominated line: a line needs at least two jobs with different totals; 1 "
        "male-dominated job with pay shown.",
    ]


def test_jobs_all_at_one_total_make_no_line(tmp_path: Path) -> None:
    mini(tmp_path)
    rows = ["job,sex,pay"]
    for n, ref in enumerate(("a", "b")):
        job_file(tmp_path, ref, {"skill": 2, "effort": 1, "care": 1}, None)
        rows += [f"{ref},F,{20000 + 100 * i + 7 * n}.50" for i in range(6)]
    (tmp_path / "staff.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    group = groups(neutrality(tmp_path, "--staff", tmp_path / "staff.csv", "--pay-basis", "fte"))[0]
    assert group["pay_lines"]["female"] is None  # type: ignore[index]
    assert group["pay_lines"]["notes"][0].endswith(  # type: ignore[index]
        "2 female-dominated jobs with pay shown, all at one total."
    )


# --- a staff file: counts and what the disclosure control publishes ---------------------------


def test_headcounts_from_the_staff_file_agree_with_the_examples() -> None:
    from_files = neutrality(*SIX)
    from_staff = neutrality(*SIX, "--staff", EXAMPLES / "equalpay" / "staff.csv")
    assert from_staff["headcounts_from"] == "staff file"
    for a, b in zip(groups(from_files), groups(from_staff), strict=True):
        counts_a = [(j["reference"], j["women"], j["men"]) for j in a["jobs"]]  # type: ignore[attr-defined]
        counts_b = [(j["reference"], j["women"], j["men"]) for j in b["jobs"]]  # type: ignore[attr-defined]
        assert counts_a == counts_b
    # Without --pay-basis no pay is read: no median, no pay lines.
    assert all(g["pay_lines"] is None for g in groups(from_staff))
    assert all(j["median_pay"] is None for g in groups(from_staff) for j in g["jobs"])  # type: ignore[attr-defined]


def test_a_job_median_is_shown_only_as_the_disclosure_control_allows(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, None)
    job_file(tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, None)
    job_file(tmp_path, "c", {"skill": 3, "effort": 1, "care": 1}, None)
    rows = ["job,sex,pay"]
    pays = iter(range(20001, 30000, 37))  # every pay different
    rows += [f"a,F,{next(pays)}.25" for _ in range(6)] + [f"a,M,{next(pays)}.25"]
    rows += [f"b,F,{next(pays)}.25" for _ in range(10)]
    rows += [f"c,M,{next(pays)}.25" for _ in range(10)]
    staff = tmp_path / "staff.csv"
    staff.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(
        "neutrality", tmp_path, "--staff", staff, "--pay-basis", "basic", "-f", "json"
    )
    assert code == 0, err
    jobs = {j["reference"]: j for j in json.loads(out)["groups"][0]["jobs"]}
    # By the rule: job a's seven people and its six women differ by one person, so the figure
    # for everyone in a (the less useful of the two) is withheld. b and c hold one sex only.
    assert jobs["a"]["median_pay"] is None
    assert jobs["b"]["median_pay"] is not None and jobs["c"]["median_pay"] is not None
    # Each job says why its median is not shown: a's is withheld (complementary), not small.
    assert jobs["a"]["median_pay_not_shown"] == "complementary"
    assert jobs["b"]["median_pay_not_shown"] is None
    code, table, _ = run("neutrality", tmp_path, "--staff", staff, "--pay-basis", "basic")
    line_a = next(line for line in table.splitlines() if line.startswith("a "))
    assert line_a.rstrip().endswith("withheld"), line_a
    # Counts are shown (the rule protects pay); the one man in job a is counted.
    assert (jobs["a"]["women"], jobs["a"]["men"]) == (6, 1)
    # No person's pay is in any output: every median here is of an even group, the mean of two.
    for fmt in ("json", "table", "markdown", "html"):
        code, text, _ = run(
            "neutrality", tmp_path, "--staff", staff, "--pay-basis", "basic", "-f", fmt
        )
        for row in rows[1:]:
            pay = row.rsplit(",", 1)[1]
            assert pay not in text and f"{float(pay):,.2f}" not in text, (fmt, pay)


def test_an_unknown_job_in_the_staff_file_is_reported_with_its_row(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, None)
    staff = tmp_path / "staff.csv"
    staff.write_text("job,sex\na,F\nnope,M\n", encoding="utf-8")
    code, out, err = run("neutrality", tmp_path, "--staff", staff)
    assert code == 3 and out == ""
    assert "row 3: column 'job' names a job with no questionnaire" in err
    code, out, err = run("neutrality", tmp_path, "--staff", staff, "--skip-unknown-jobs")
    assert code == 0, err


# --- schemes are never pooled -----------------------------------------------------------------


def test_jobs_under_different_schemes_are_grouped_never_pooled() -> None:
    data = neutrality(*SIX)
    found = groups(data)
    assert [g["structure"]["label"] for g in found] == [  # type: ignore[index]
        "probation-illustrative",
        "nhs-afc",
        "njc, bands: njc-southampton-2015",
    ]
    schemes = {g["structure"]["scheme"]: g for g in found}  # type: ignore[index]
    assert {j["reference"] for j in schemes["nhs-afc"]["jobs"]} == {  # type: ignore[union-attr]
        "NHS-EXAMPLE-RN",
        "NHS-EXAMPLE-HCSW",
    }
    # The NHS group has only female-dominated jobs: no factor gap, said plainly.
    assert schemes["nhs-afc"]["factor_gap"] == []
    assert "No male-dominated job" in schemes["nhs-afc"]["messages"][0]  # type: ignore[index]
    # Each group's sensitivity scales its own scheme's factors.
    nhs_factors = {w["factor"] for w in schemes["nhs-afc"]["weight_sensitivity"]}  # type: ignore[union-attr]
    assert "freedom-to-act" in nhs_factors and "risk" not in nhs_factors


def test_the_same_job_twice_is_refused(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 1}", reference="R")
    job_file(tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, "{women: 1}", reference="R")
    code, out, err = run("neutrality", tmp_path)
    assert code == 3 and out == ""
    assert f"{tmp_path / 'b.yaml'}:1: job.reference: 'R' is also the reference" in err
    # With a staff file the same refusal is said once, not once as a warning and again.
    (tmp_path / "staff.csv").write_text("job,sex\nR,F\n", encoding="utf-8")
    code, out, err = run("neutrality", tmp_path, "--staff", tmp_path / "staff.csv")
    assert code == 3 and out == ""
    assert err.count("'R' is also the reference") == 1, err


# --- bad input --------------------------------------------------------------------------------


def test_no_headcount_anywhere_is_invalid_input(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, None)
    code, out, err = run("neutrality", tmp_path)
    assert code == 3 and out == ""
    assert "no questionnaire gives a headcount" in err and "--staff" in err


def test_two_keys_for_one_group_are_refused_with_file_and_line(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 3, female: 2}")
    code, out, err = run("neutrality", tmp_path)
    assert code == 3 and out == ""
    assert (
        f"{tmp_path / 'a.yaml'}:10: equality.headcount: 'female' and 'women' both count women: "
        "give one" in err
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pay-basis", "fte"], "--pay-basis reads pay from a staff file: give --staff FILE too"),
        (["--dominated-share", "50"], "50 is not above 50 and at most 100"),
        (["--male-dominated-share", "101"], "101 is not above 50 and at most 100"),
        (["--weight-step", "0"], "0 is not more than 0 and at most 100"),
        (["--near", "0"], "--near"),
        (["--min-group", "2"], "--min-group"),
    ],
)
def test_options_out_of_range_are_usage_errors(args: list[str], message: str) -> None:
    code, out, err = run("neutrality", *PROBATION, *args)
    assert code == 2 and out == ""
    assert message in err, err


# --- every format -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_format_says_the_same(fmt: str) -> None:
    code, out, err = run("neutrality", SET, "--staff", STAFF, "--pay-basis", "basic", "-f", fmt)
    assert code == 0, err
    text = " ".join(out.split())
    for fact in ("female-dominated", "M-TECH", "29,000.00", "a screen, not a finding"):
        assert fact.lower() in text.lower(), (fmt, fact)
    if fmt == "html":
        assert out.count("<svg") == 2 and 'class="boundary"' in out
        assert out.count("<circle") == 16  # eight jobs in each chart


def test_the_word_document_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    one, two = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (one, two):
        code, _, err = run(
            "neutrality", SET, "--staff", STAFF, "--pay-basis", "basic", "-o", target
        )
        assert code == 0, err
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as document:
        text = document.read("word/document.xml").decode("utf-8")
    assert "Where the points come from" in text and "Pay lines" in text


def test_the_json_is_the_same_bytes_each_time() -> None:
    args = ("neutrality", SET, "--staff", STAFF, "--pay-basis", "basic", "-f", "json")
    assert run(*args)[1] == run(*args)[1]


# --- what a hostile review found ---------------------------------------------------------------


def test_a_share_is_never_shown_at_a_threshold_the_job_does_not_reach(tmp_path: Path) -> None:
    mini(tmp_path)
    # 5,999 of 10,000 is 59.99%: mixed; shown as 60.0% it would contradict its own label.
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 5999, men: 4001}")
    job_file(tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, "{women: 6000, men: 4000}")
    jobs = {j["reference"]: j for j in groups(neutrality(tmp_path))[0]["jobs"]}  # type: ignore[attr-defined]
    assert (jobs["a"]["predominance"], jobs["a"]["women_share_pct"]) == ("mixed", 59.9)
    assert (jobs["b"]["predominance"], jobs["b"]["women_share_pct"]) == ("female-dominated", 60.0)


def test_a_total_in_a_headcount_is_refused_not_counted_as_people(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 10, men: 5, total: 15}")
    code, out, err = run("neutrality", tmp_path)
    assert code == 3 and out == ""
    assert "equality.headcount" in err and "'total' counts everyone, not a group" in err


def test_w_is_women_and_other_sex_values_are_counted_with_a_warning(tmp_path: Path) -> None:
    mini(tmp_path)
    job_file(tmp_path, "x", {"skill": 1, "effort": 1, "care": 1}, None)
    staff = tmp_path / "staff.csv"
    staff.write_text("job,sex\nx,W\nx,w\nx,F\nx,M\nx,X\nx,\n", encoding="utf-8")
    code, out, err = run("neutrality", tmp_path, "--staff", staff, "-f", "json")
    assert code == 0, err
    job = json.loads(out)["groups"][0]["jobs"][0]
    assert (job["women"], job["men"], job["other"]) == (3, 1, 2)
    # Said once, with the rows (6 and 7: the header is row 1), never the values.
    assert err.count("counted as neither women nor men") == 1
    assert "2 rows (1 of them blank)" in err and "rows 6, 7" in err
    assert "'X'" not in err


def test_two_scheme_files_with_one_id_are_told_apart(tmp_path: Path) -> None:
    mini(tmp_path)
    text = (tmp_path / "scheme.yaml").read_text(encoding="utf-8")
    (tmp_path / "other.yaml").write_text(text + "\n# a revision\n", encoding="utf-8")
    job_file(tmp_path, "a", {"skill": 1, "effort": 1, "care": 1}, "{women: 6, men: 4}")
    job_file(
        tmp_path, "b", {"skill": 2, "effort": 1, "care": 1}, "{women: 3, men: 7}", "other.yaml"
    )
    code, out, err = run("neutrality", tmp_path)
    assert code == 0, err
    titles = [line for line in out.splitlines() if "scheme file sha256" in line]
    assert len(titles) == 2 and titles[0] != titles[1], out
