"""The equal pay core on rows small enough to check by hand: every boundary and count.

Written against the mutants that survived the first tests (``benchmarks/mutation.sh``). Rows go
through the staff reader (:func:`jescore.staff.parse`) and the core (:func:`equalpay.audit`);
jobs are built by hand, so that bands and totals are what each test says.
"""

from __future__ import annotations

import pytest

from jescore.enums import Grouping
from jescore.equalpay import (
    Catalogue,
    Figures,
    Group,
    JobInfo,
    JobPay,
    Options,
    Structure,
    Thresholds,
    audit,
    comparators,
    flagged,
)
from jescore.errors import InputError
from jescore.models import Band
from jescore.staff import Column, Kind, parse
from jescore.tabular import PROBLEMS_KEPT, StaffTable, report

LOW = Band(label="1", min=0, max=99)
HIGH = Band(label="2", min=100)
S = Structure("s-key", "s", "s", "s")
T = Structure("t-key", "t", "t", "t")
JOBS = {
    "W": JobInfo("W", "Mostly women", "s", 120, HIGH, S),
    "M": JobInfo("M", "Mostly men", "s", 120, HIGH, S),
    "L": JobInfo("L", "Lower", "s", 50, LOW, S),
}
COLUMNS = [
    Column("job", "job", Kind.TEXT, "--job-column"),
    Column("sex", "sex", Kind.SEX, "--sex-column"),
    Column("pay", "pay", Kind.NUMBER, "--pay-column"),
]


def catalogue(jobs: dict[str, JobInfo] = JOBS) -> Catalogue:
    structures = list({j.structure.key: j.structure for j in jobs.values()}.values())
    return Catalogue(dict(jobs), {s.key: [LOW, HIGH] for s in structures}, structures)


def table(*spec: tuple[str, str, object]) -> StaffTable:
    text = "job,sex,pay\n" + "".join(f"{j},{s},{p}\n" for j, s, p in spec)
    return parse(text.encode(), "staff.csv", COLUMNS)


def run(
    spec: list[tuple[str, str, object]],
    jobs: dict[str, JobInfo] = JOBS,
    **options: object,
) -> object:
    return audit(catalogue(jobs), table(*spec), Options(**options))  # type: ignore[arg-type]


def test_every_problem_is_counted_and_the_first_kept() -> None:
    bad = table(*[("W", "F", "x")] * (PROBLEMS_KEPT + 7), ("", "F", 1), ("W", "?", -1))
    assert bad.rows == PROBLEMS_KEPT + 9
    messages = report(bad.problems, "staff.csv")
    assert len(messages) == PROBLEMS_KEPT + 1 + 3  # the first 50, a line, three kinds
    assert str(messages[0]) == "staff.csv: row 2: column 'pay' is not a number"
    assert str(messages[1]) == "staff.csv: row 3: column 'pay' is not a number"
    assert str(messages[PROBLEMS_KEPT]) == (
        "staff.csv: ... and 9 more problems; all of them, by kind:"
    )
    last = PROBLEMS_KEPT + 10
    assert [str(m) for m in messages[PROBLEMS_KEPT + 1 :]] == [
        f"staff.csv: column 'pay' is not a number: {PROBLEMS_KEPT + 7:,} rows (first at rows "
        "2, 3, 4, 5, 6)",
        f"staff.csv: column 'job' is empty: 1 rows (first at rows {PROBLEMS_KEPT + 9})",
        f"staff.csv: column 'pay' is negative: 1 rows (first at rows {last})",
    ]
    with pytest.raises(InputError):
        audit(catalogue(), bad, Options())


def test_skips_are_counted_by_reason() -> None:
    spec = [("NO", "F", 1), ("NO", "M", 1), ("W", "F", "y"), ("W", "F", "x")]
    spec += [("W", "F", 10)] * 5
    out = run(spec, skip_unknown_jobs=True, skip_bad_rows=True)
    assert out.skipped == {"unknown job": 2, "bad value": 2}  # type: ignore[attr-defined]
    (group,) = out.groups  # type: ignore[attr-defined]
    # Counted; but their pay is not shown: rows of their unit were left out (rule 0 of the
    # disclosure control), and a run that read those rows would give their pay by difference.
    assert group.women == Figures(5, None, None)
    whole = [("W", "F", 10)] * 5 + [("NO", "F", 1)] * 5
    out = run(whole, skip_unknown_jobs=True)
    (group,) = out.groups  # type: ignore[attr-defined]
    assert group.women == Figures(5, 10.0, 10.0)  # a whole unit of its own is left out
    # Without --skip-unknown-jobs, an unknown job is a problem even with --skip-bad-rows.
    with pytest.raises(InputError) as caught:
        run(spec, skip_bad_rows=True)
    assert [str(p) for p in caught.value.problems] == [
        "staff.csv: row 2: column 'job' names a job with no questionnaire ('NO')",
        "staff.csv: row 3: column 'job' names a job with no questionnaire ('NO')",
        "staff.csv: a job must be the reference of one of the questionnaires given; "
        "--skip-unknown-jobs leaves such rows out (and counts them)",
    ]


def test_groups_by_band_and_by_job() -> None:
    spec = [("W", "F", 10), ("M", "m", 20), ("L", "female", 5), (" W ", "MAN", 30)]
    spec = spec * 5  # five of each, the smallest group figures are shown for
    t = Thresholds(min_group=5)
    by_band = run(spec, thresholds=t)
    assert [(g.label, g.women.count, g.men.count) for g in by_band.groups] == [  # type: ignore[attr-defined]
        ("1", 5, 0), ("2", 5, 10),
    ]  # fmt: skip
    high = by_band.groups[1]  # type: ignore[attr-defined]
    assert (high.men.mean, high.men.median) == (25.0, 25.0)
    by_job = run(spec, thresholds=t, grouping=Grouping.JOB)
    assert [g.label for g in by_job.groups] == ["M", "W", "L"]  # type: ignore[attr-defined]
    w = by_job.groups[1]  # type: ignore[attr-defined]
    assert (w.women, w.men) == (Figures(5, 10.0, 10.0), Figures(5, 30.0, 30.0))


@pytest.mark.parametrize(
    ("pays", "k", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0, 5.0], 5, (5, 3.0, 3.0)),
        ([1.0, 2.0, 3.0, 4.0], 5, (4, None, None)),
        ([1.0, 2.0, 3.0, 4.0, 10.0, 22.0], 5, (6, 7.0, 3.5)),
        ([1.0, 2.0, 3.0, 4.0, 10.0, 22.0], 7, (6, None, None)),
    ],
)
def test_figures_at_the_threshold(
    pays: list[float], k: int, expected: tuple[int, float | None, float | None]
) -> None:
    out = run([("L", "F", p) for p in pays], thresholds=Thresholds(min_group=k))
    (group,) = out.groups  # type: ignore[attr-defined]
    f = group.women
    assert (f.count, f.mean, f.median) == expected


def test_the_minimum_group_has_a_floor() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        run([("L", "F", 1)] * 5, thresholds=Thresholds(min_group=4))


def _group(label: str, women: float, men: float) -> Group:
    w, m = Figures(1, women, women), Figures(1, men, men)
    g = (men - women) / men * 100
    return Group("s", label, None, None, w, m, g, g, (), ())


def _flags(*groups: Group, t: Thresholds) -> dict[str, tuple[str, ...]]:
    return {g.label: g.flags for g in flagged(list(groups), t)}


def test_flags_at_their_thresholds() -> None:
    t = Thresholds(significant=5, pattern=3, pattern_groups=2)
    # Band 2: women 95, men 100 -> +5.0% exactly; band 1: women 97, men 100 -> +3.0% exactly.
    flags = _flags(_group("2", 95, 100), _group("1", 97, 100), t=t)
    assert flags == {"2": ("significant", "pattern"), "1": ("pattern",)}
    # Just under: 95.01 and 97.01 give 4.99% and 2.99%.
    flags = _flags(_group("2", 95.01, 100), _group("1", 97.01, 100), t=t)
    assert flags == {"2": (), "1": ()}
    # Women paid more in both: the same direction recurs, the other way round.
    flags = _flags(_group("2", 105, 100), _group("1", 103, 100), t=t)
    assert flags == {"2": ("significant", "pattern"), "1": ("pattern",)}
    # Opposite directions do not make a pattern.
    flags = _flags(_group("2", 105, 100), _group("1", 97, 100), t=t)
    assert flags == {"2": ("significant",), "1": ()}


def test_flags_from_the_audit() -> None:
    t = Thresholds(significant=5, pattern=3, pattern_groups=2, min_group=5)
    spec = [("W", "F", 95), ("M", "M", 100), ("L", "F", 97), ("L", "M", 100)] * 5
    out = run(spec, thresholds=t)
    assert {g.label: g.flags for g in out.groups} == {  # type: ignore[attr-defined]
        "2": ("significant", "pattern"), "1": ("pattern",),
    }  # fmt: skip


def test_the_screen_at_its_thresholds() -> None:
    t = Thresholds(significant=5, min_group=5, dominated_share=60)
    w, m = JOBS["W"], JOBS["M"]
    # W: 3 women of 5 (60%: mostly women), median 95; M: 3 men of 5, median 100: gap 5% exactly.
    screen = comparators([JobPay(w, 3, 2, 0, 95.0), JobPay(m, 2, 3, 0, 100.0)], t)
    (pair,) = screen.pairs
    assert (pair.women_job.reference, pair.men_job.reference) == ("W", "M")
    assert (pair.women_share, pair.men_share) == (60.0, 60.0)
    assert pair.pay_gap == pytest.approx(5.0)
    assert (screen.total, screen.small_jobs) == (1, 0)
    # 59.9% is not "mostly".
    assert comparators([JobPay(w, 599, 401, 0, 95.0), JobPay(m, 2, 3, 0, 100.0)], t).pairs == ()
    # Others count in the share: 3 women of 6 is not mostly women.
    assert comparators([JobPay(w, 3, 2, 1, 95.0), JobPay(m, 2, 3, 0, 100.0)], t).pairs == ()
    # A women's job scoring less than the men's job is not a comparator.
    lower = JobInfo("W", "Mostly women", "s", 119, HIGH, S)
    assert comparators([JobPay(lower, 3, 2, 0, 95.0), JobPay(m, 2, 3, 0, 100.0)], t).pairs == ()
    # Under another scheme: not compared.
    other = JobInfo("W", "Mostly women", "t", 120, HIGH, T)
    assert comparators([JobPay(other, 3, 2, 0, 95.0), JobPay(m, 2, 3, 0, 100.0)], t).pairs == ()


def test_the_screen_from_the_audit() -> None:
    t = Thresholds(significant=5, min_group=5, dominated_share=55)
    # W: 7 women, 5 men (58%), median 95; M: 7 men, 5 women, median 100: gap 5% exactly.
    spec = [("W", "F", 95)] * 7 + [("W", "M", 95)] * 5 + [("M", "M", 100)] * 7
    spec += [("M", "F", 100)] * 5
    out = run(spec, thresholds=t)
    (pair,) = out.screen.pairs  # type: ignore[attr-defined]
    assert (pair.women_job_median, pair.men_job_median) == (95.0, 100.0)
    assert out.screen.small_jobs == 0  # type: ignore[attr-defined]
    # One man fewer in W: its four men are too few to stand alone anywhere, a small unit (rule
    # 0 of the disclosure control): no figure holding them is shown, so W's figures over
    # everyone go (the screen loses the pair, W counted as too small) and so do the band's
    # men's; the band's women (W's seven and M's five, two whole units) are shown.
    fewer = spec[:7] + spec[8:]
    small = run(fewer, thresholds=t)
    assert not small.screen.pairs  # type: ignore[attr-defined]
    assert small.screen.small_jobs == 1  # type: ignore[attr-defined]
    band = small.groups[0]  # type: ignore[attr-defined]
    assert (band.women.count, band.men.count) == (12, 11)
    assert band.men.mean is None
    assert band.women.mean == (7 * 95 + 5 * 100) / 12


def test_significant_at_exactly_5_pct_whatever_the_rounding() -> None:
    t = Thresholds(significant=5, pattern=3, pattern_groups=2, min_group=5)
    # Hourly pay of 100,000 and 95,000 a year on 1,950 hours, as a payroll gives them to 9
    # decimals: 51.282051282 and 48.717948718. Women are paid 95% of men, yet the gap computed
    # from these is 2.564102564 / 51.282051282 = 4.99999999980...%: compared at 6 decimal
    # places it is 5% and flagged. 35,777 against 33,988.15 (exactly 95%) likewise.
    for women, men in (("48.717948718", "51.282051282"), ("33988.15", "35777")):
        out = run([("L", "F", women), ("L", "M", men)] * 5, thresholds=t)
        (group,) = out.groups  # type: ignore[attr-defined]
        assert group.mean_gap == pytest.approx(5.0)
        assert "significant" in group.flags
    # The other way round (women paid exactly 105%): 53.846153846 = 105,000 / 1,950.
    out = run([("L", "F", "53.846153846"), ("L", "M", "51.282051282")] * 5, thresholds=t)
    assert "significant" in out.groups[0].flags  # type: ignore[attr-defined]
    # Just under, either way: 4.99% and -4.99%.
    flags = _flags(_group("a", 95.01, 100), _group("b", 104.99, 100), t=t)
    assert flags == {"a": (), "b": ()}
    # Gaps a hair under 5% from rounding are 5%; one a millionth under is not.
    g = Group("s", "g", None, None, Figures(1, 1, 1), Figures(1, 1, 1), 4.9999999998, None, (), ())
    h = Group("s", "h", None, None, Figures(1, 1, 1), Figures(1, 1, 1), -4.999998, None, (), ())
    assert _flags(g, h, t=t) == {"g": ("significant",), "h": ()}
