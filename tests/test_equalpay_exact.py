"""The equal pay core on rows small enough to check by hand: every boundary and count.

Written against the mutants that survived the first tests (``benchmarks/mutation.sh``).
"""

from __future__ import annotations

import pytest

from jescore.equalpay import (
    PROBLEMS_KEPT,
    JobInfo,
    Thresholds,
    collect,
    comparators,
    figures,
    groups,
    pay_of,
)
from jescore.models import Band

LOW = Band(label="1", min=0, max=99)
HIGH = Band(label="2", min=100)
JOBS = {
    "W": JobInfo("W", "Mostly women", "s", 120, HIGH),
    "M": JobInfo("M", "Mostly men", "s", 120, HIGH),
    "L": JobInfo("L", "Lower", "s", 50, LOW),
}
BANDS = {"s": [LOW, HIGH]}
COLUMNS = ("job", "sex", "pay")


def rows(*spec: tuple[str, str, object]) -> list[tuple[int, object, object, object]]:
    return [(n, job, sex, pay) for n, (job, sex, pay) in enumerate(spec, start=2)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0, 0.0), ("0", 0.0), ("-0", 0.0), ("0.00", 0.0), (0.5, 0.5), ("0.5", 0.5),
        (float("-inf"), "not a number"), (float("inf"), "not a number"), ("-1.5", "negative"),
        ("1-", "not a number"), ("--1", "not a number"), ("£ 12", 12.0), (" ", "missing"),
        ([1], "not a number"),
    ],
)  # fmt: skip
def test_pay_edges(raw: object, expected: object) -> None:
    assert pay_of(raw) == expected


def test_every_problem_is_counted_and_the_first_kept() -> None:
    bad = rows(*[("W", "F", "x")] * (PROBLEMS_KEPT + 7), ("", "F", 1), ("W", "?", -1))
    out = collect(bad, JOBS, False, COLUMNS)
    assert out.rows == PROBLEMS_KEPT + 9
    assert out.problem_count == PROBLEMS_KEPT + 10
    assert len(out.problems) == PROBLEMS_KEPT
    assert [p.row for p in out.problems[:2]] == [2, 3]
    assert out.tally[("pay", "is not a number")] == [PROBLEMS_KEPT + 7, 2, 3, 4, 5, 6]
    assert out.tally[("job", "is empty")] == [1, PROBLEMS_KEPT + 9]
    last = PROBLEMS_KEPT + 10
    assert out.tally[("sex", "is not one of F, M, female, male, woman, man")] == [1, last]
    assert out.tally[("pay", "is negative")] == [1, last]
    assert out.by_group == {}


def test_skips_are_counted_by_reason() -> None:
    spec = rows(("NO", "F", 1), ("NO", "M", 1), ("W", "?", 1), ("W", "F", "x"), ("W", "F", 10))
    out = collect(spec, JOBS, False, COLUMNS, skip_unknown_jobs=True, skip_bad_rows=True)
    assert out.skipped == {"unknown job": 2, "bad value": 2}
    assert out.problem_count == 0 and out.rows == 5
    assert list(out.by_group[("s", "2")].women) == [10.0]
    # Without --skip-unknown-jobs, an unknown job is a problem even with --skip-bad-rows.
    kept = collect(spec, JOBS, False, COLUMNS, skip_bad_rows=True)
    assert kept.problem_count == 2 and kept.skipped == {"bad value": 2}


def test_groups_by_band_and_by_job() -> None:
    spec = rows(("W", "F", 10), ("M", "m", 20), ("L", "female", 5), (" W ", "MAN", 30))
    by_band = collect(spec, JOBS, False, COLUMNS)
    assert set(by_band.by_group) == {("s", "2"), ("s", "1")}
    assert list(by_band.by_group[("s", "2")].men) == [20.0, 30.0]
    by_job = collect(spec, JOBS, True, COLUMNS)
    assert set(by_job.by_group) == {("s", "W"), ("s", "M"), ("s", "L")}
    assert list(by_job.by_job["W"].men) == [30.0]


@pytest.mark.parametrize(
    ("values", "min_group", "expected"),
    [
        ([1.0, 2.0, 3.0], 3, (3, 2.0, 2.0)),
        ([1.0, 2.0], 3, (2, None, None)),
        ([4.0], 1, (1, 4.0, 4.0)),
        ([], 1, (0, None, None)),
        ([1.0, 2.0, 3.0, 10.0], 1, (4, 4.0, 2.5)),
    ],
)
def test_figures_at_the_threshold(
    values: list[float], min_group: int, expected: tuple[int, float | None, float | None]
) -> None:
    from array import array

    f = figures(array("d", values), min_group)
    assert (f.count, f.mean, f.median) == expected


def _audit(spec: list[tuple[str, str, object]], t: Thresholds) -> dict[str, tuple[str, ...]]:
    out = collect(rows(*spec), JOBS, False, COLUMNS)
    return {g.label: g.flags for g in groups(out, JOBS, BANDS, False, t)}


def test_flags_at_their_thresholds() -> None:
    t = Thresholds(significant=5, pattern=3, pattern_groups=2, min_group=1)
    # Band 2: women 95, men 100 -> +5.0% exactly; band 1: women 97, men 100 -> +3.0% exactly.
    flags = _audit([("W", "F", 95), ("M", "M", 100), ("L", "F", 97), ("L", "M", 100)], t)
    assert flags == {"2": ("significant", "pattern"), "1": ("pattern",)}
    # Just under: 95.01 and 97.01 give 4.99% and 2.99%.
    flags = _audit([("W", "F", 95.01), ("M", "M", 100), ("L", "F", 97.01), ("L", "M", 100)], t)
    assert flags == {"2": (), "1": ()}
    # Women paid more in both: the same direction recurs, the other way round.
    flags = _audit([("W", "F", 105), ("M", "M", 100), ("L", "F", 103), ("L", "M", 100)], t)
    assert flags == {"2": ("significant", "pattern"), "1": ("pattern",)}
    # Opposite directions do not make a pattern.
    flags = _audit([("W", "F", 105), ("M", "M", 100), ("L", "F", 97), ("L", "M", 100)], t)
    assert flags == {"2": ("significant",), "1": ()}


def test_the_screen_at_its_thresholds() -> None:
    t = Thresholds(significant=5, min_group=5, dominated_share=60)
    # W: 3 women of 5 (60%: mostly women), median 95; M: 3 men of 5, median 100: gap 5% exactly.
    spec = rows(
        *[("W", "F", 95)] * 3, *[("W", "M", 95)] * 2, *[("M", "M", 100)] * 3, *[("M", "F", 100)] * 2
    )
    screen = comparators(collect(spec, JOBS, False, COLUMNS), JOBS, t)
    (pair,) = screen.pairs
    assert (pair.women_job.reference, pair.men_job.reference) == ("W", "M")
    assert (pair.women_share, pair.men_share) == (60.0, 60.0)
    assert pair.pay_gap == pytest.approx(5.0)
    assert (screen.total, screen.small_jobs) == (1, 0)
    # One person fewer in W: below min_group, left out and counted.
    small = comparators(collect(spec[1:], JOBS, False, COLUMNS), JOBS, t)
    assert (small.pairs, small.small_jobs) == ((), 1)
    # A women's job scoring less than the men's job is not a comparator.
    lower = dict(JOBS, W=JobInfo("W", "Mostly women", "s", 119, HIGH))
    assert comparators(collect(spec, lower, False, COLUMNS), lower, t).pairs == ()
    # Under another scheme: not compared.
    other = dict(JOBS, W=JobInfo("W", "Mostly women", "t", 120, HIGH))
    assert comparators(collect(spec, other, False, COLUMNS), other, t).pairs == ()
