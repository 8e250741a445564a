"""The family checks on hand-made rows: exact findings, edges of every threshold, messages.

Rows are built directly (no files), so each case shows the numbers it turns on.
"""

from __future__ import annotations

from jescore.consistency import (
    Boundary,
    Check,
    Expected,
    Finding,
    Peers,
    boundary_report,
    manager_findings,
    near_findings,
    order_findings,
    outlier_findings,
)
from jescore.ranking import JobRow, SchemeFacts, ranked

FACTS = SchemeFacts(
    boundaries=((100, "A", "B"), (200, "B", "C")),
    factor_ids=("know", "lead", "care"),
    factor_names={"know": "Knowledge", "lead": "Leadership", "care": "Care"},
    roles=(("knowledge", "know"), ("supervision", "lead")),
)


def row(
    path: str,
    total: int,
    *,
    band: str | None = "B",
    band_index: int | None = 1,
    levels: tuple[int, int, int] = (1, 1, 1),
    scheme: str = "s",
    grading: str | None = "g",
    reference: str | None = None,
    reports_to: str | None = None,
    family: str | None = None,
    headcount: tuple[tuple[str, int], ...] = (),
    title: str | None = None,
) -> JobRow:
    return JobRow(
        path=path,
        title=title or path.upper(),
        reference=reference,
        family=family,
        reports_to=reports_to,
        scheme=scheme,
        grading=grading,
        total=total,
        band=band,
        band_index=band_index,
        nearer=None,
        to_nearer=None,
        nearer_band=None,
        levels=levels,
        headcount=headcount,
        facts=FACTS,
    )


# --- manager ---------------------------------------------------------------------------------


def test_manager_findings_compare_total_and_each_role_factor() -> None:
    boss = row("boss", 150, reference="M1", levels=(3, 3, 1))
    equal = row("equal", 150, reports_to="M1", levels=(3, 3, 9))  # same total, same roles: fine
    heavy = row("heavy", 151, reports_to="M1", levels=(4, 3, 1))
    lead = row("lead", 100, reports_to="M1", levels=(1, 4, 1))
    assert manager_findings([boss, equal, heavy, lead]) == [
        Finding(
            Check.MANAGER,
            "HEAVY (heavy) scores above its manager's job BOSS (boss): total 151 > 150; "
            "knowledge (Knowledge) level 4 > 3",
            ("heavy", "boss"),
        ),
        Finding(
            Check.MANAGER,
            "LEAD (lead) scores above its manager's job BOSS (boss): supervision (Leadership) "
            "level 4 > 3",
            ("lead", "boss"),
        ),
    ]


def test_manager_must_be_evaluated_under_the_same_scheme() -> None:
    boss = row("boss", 150, reference="M1", scheme="other")
    job = row("job", 100, reports_to="M1")
    assert manager_findings([boss, job]) == [
        Finding(
            Check.MANAGER,
            "JOB (job) reports to 'M1', which is not among the jobs evaluated under scheme 's'",
            ("job",),
        )
    ]
    # The first job with a reference is the manager; a job without one reports to nobody.
    first = row("first", 200, reference="M1")
    second = row("second", 10, reference="M1")
    assert manager_findings([first, second, row("x", 150, reports_to="M1")]) == []
    assert manager_findings([row("y", 150, reports_to=None), row("z", 1, reference="")]) == []


# --- order -----------------------------------------------------------------------------------


def test_order_findings_flag_a_heavier_job_in_a_lower_band() -> None:
    light_high = row("light", 150, band="C", band_index=2, grading="g1")
    heavy_low = row("heavy", 160, band="B", band_index=1, grading="g2")
    assert order_findings([heavy_low, light_high]) == [
        Finding(
            Check.ORDER,
            "HEAVY (heavy) scores 160 but is in band B (g2), below LIGHT (light), which scores "
            "150 in band C (g1)",
            ("heavy", "light"),
        )
    ]


def test_order_findings_ignore_equal_totals_other_schemes_and_unbanded_jobs() -> None:
    a = row("a", 150, band="C", band_index=2)
    b = row("b", 150, band="B", band_index=1)  # same total: no order to break
    other = row("c", 160, band="A", band_index=0, scheme="other")
    outside = row("d", 170, band=None, band_index=None)
    assert order_findings([a, b, other, outside]) == []
    # Band index 0 is a band: a heavier job in it, after a lighter one in band 1, is flagged.
    low = row("low", 100, band="B", band_index=1)
    lowest = row("lowest", 101, band="A", band_index=0)
    assert [f.jobs for f in order_findings([low, lowest])] == [("lowest", "low")]
    # The highest band among lighter jobs is the one compared with, wherever it came.
    rows = [
        row("r1", 10, band="C", band_index=2),
        row("r2", 20, band="A", band_index=0),
        row("r3", 30, band="B", band_index=1),
    ]
    assert [f.jobs for f in order_findings(rows)] == [("r2", "r1"), ("r3", "r1")]


# --- outliers --------------------------------------------------------------------------------


def test_outliers_are_levels_at_least_the_threshold_from_comparable_jobs() -> None:
    rows = [
        row("a", 1, family="f", levels=(2, 1, 1)),
        row("b", 1, family="f", levels=(2, 1, 1)),
        row("c", 1, family="f", levels=(4, 2, 1)),  # knowledge 4 where a and b have 2
        row("d", 1, family="g", levels=(9, 9, 9)),  # a family of one: not checked
    ]
    assert outlier_findings(rows) == [
        Finding(
            Check.OUTLIER,
            "C (c): Knowledge at level 4, while the 2 jobs of family 'f' nearest in points on "
            "the other factors have level 2 (median 2): A (a) 2, B (b) 2",
            ("c",),
            factor="know",
            level=4,
            expected=Expected(low=2, high=2, median=2.0, peers=2),
            peers=("a", "b"),
        )
    ]
    # a's knowledge (2) is 1 from the median of b and c (3) and inside their range 2-4.
    assert [(f.jobs, f.factor, f.level) for f in outlier_findings(rows, threshold=1)] == [
        (("c",), "know", 4),  # 2 levels away: the larger departure first
        (("c",), "lead", 2),
    ]
    assert outlier_findings(rows, threshold=3) == []


def test_outliers_need_three_jobs_and_a_family_under_one_scheme() -> None:
    two = [row("a", 1, family="f", levels=(1, 1, 1)), row("b", 1, family="f", levels=(8, 1, 1))]
    assert outlier_findings(two) == []
    split = [*two, row("c", 1, family="f", scheme="other", levels=(1, 1, 1))]
    assert outlier_findings(split) == []
    median = [*two, row("c", 1, family="f", levels=(2, 1, 1)), row("d", 1, family="f")]
    assert [f.message for f in outlier_findings(median)] == [
        "B (b): Knowledge at level 8, while the 3 jobs of family 'f' nearest in points on "
        "the other factors have levels 1-2 (median 1): A (a) 1, C (c) 2, D (d) 1"
    ]


def test_seniority_is_not_an_outlier_when_like_is_compared_with_like() -> None:
    # Three juniors and three seniors: against the family median (2.5 on knowledge) every job
    # is 1.5 levels off, and at a threshold of 1 all six would be flagged. Each is compared
    # with its own kind here, nearest in total, and none is.
    juniors = [row(f"j{i}", 30 + i, family="f", levels=(1, 1, 1)) for i in range(3)]
    seniors = [row(f"s{i}", 90 + i, family="f", levels=(4, 3, 1)) for i in range(3)]
    assert outlier_findings([*juniors, *seniors], threshold=1) == []
    # A junior with a senior's knowledge is flagged, against the juniors.
    odd = row("odd", 31, family="f", levels=(4, 1, 1))
    [finding] = outlier_findings([*juniors, *seniors, odd], threshold=2)
    assert finding.jobs == ("odd",) and finding.factor == "know"
    # Seven jobs: each is compared with the three nearest in total.
    assert finding.expected == Expected(low=1, high=1, median=1.0, peers=3)
    assert finding.peers == ("j1", "j0", "j2")


def test_outliers_by_band_compare_jobs_in_the_same_band() -> None:
    rows = [
        row("a", 1, family="f", band="A", levels=(1, 1, 1)),
        row("b", 1, family="f", band="A", levels=(1, 1, 1)),
        row("c", 1, family="f", band="A", levels=(3, 1, 1)),
        row("d", 1, family="f", band="B", levels=(3, 1, 1)),  # alone in B: not checked
    ]
    [finding] = outlier_findings(rows, by=Peers.BAND)
    assert finding.jobs == ("c",) and finding.peers == ("a", "b")
    assert "the 2 other jobs of family 'f' in band A have level 1" in finding.message


# --- boundaries ------------------------------------------------------------------------------


def test_boundary_report_takes_jobs_within_the_distance_either_side() -> None:
    rows = [
        row("below-edge", 95, headcount=(("women", 3), ("men", 1))),  # 100 - 5: in
        row("too-low", 94),
        row("just-below", 99, headcount=(("women", 2),)),
        row("at", 100, headcount=(("men", 4),)),
        row("above-edge", 104),  # 100 + 5 - 1: in
        row("too-high", 105),
    ]
    [b] = boundary_report(rows, 5)
    assert (b.scheme, b.grading, b.lower, b.upper, b.at) == ("s", "g", "A", "B", 100)
    assert [r.path for r in b.below] == ["just-below", "below-edge"]  # ranked: heaviest first
    assert [r.path for r in b.above] == ["above-edge", "at"]
    assert b.headcount(b.below) == {"men": 1, "women": 5}
    assert b.headcount(b.above) == {"men": 4}
    assert near_findings([b], 5) == [
        Finding(
            Check.NEAR,
            "4 job(s) within 5 points of the boundary between bands A and B at 100 (s): "
            "2 below (JUST-BELOW (just-below) 99; BELOW-EDGE (below-edge) 95), 2 at or above "
            "(ABOVE-EDGE (above-edge) 104; AT (at) 100)",
            ("just-below", "below-edge", "above-edge", "at"),
        )
    ]


def test_boundary_report_keeps_schemes_and_gradings_apart_and_sorted() -> None:
    rows = [
        row("z2", 199, scheme="z"),
        row("a2", 201, scheme="a", grading=None),
        row("a1", 99, scheme="a", grading=None),
        row("b", 150),  # near no boundary
    ]
    report = boundary_report(rows, 3)
    assert [(b.scheme, b.grading, b.at) for b in report] == [
        ("a", None, 100),
        ("a", None, 200),
        ("z", "g", 200),
    ]
    assert [[r.path for r in (*b.below, *b.above)] for b in report] == [["a1"], ["a2"], ["z2"]]
    assert boundary_report(rows, 0) == []
    assert near_findings([], 3) == []


def test_a_boundary_without_headcounts_says_so() -> None:
    b = Boundary("s", None, "A", "B", 100, (row("x", 99),), ())
    assert b.headcount(b.below) == {} and b.headcount(b.above) == {}


def test_ranked_orders_by_scheme_then_heaviest_then_title_then_file() -> None:
    rows = [
        row("p2", 10, scheme="b", title="T"),
        row("p1", 10, scheme="b", title="T"),
        row("p3", 10, scheme="b", title="S"),
        row("p4", 20, scheme="b", title="Z"),
        row("p5", 1, scheme="a"),
    ]
    assert [r.path for r in ranked(rows)] == ["p5", "p4", "p3", "p1", "p2"]


# --- summary rows ----------------------------------------------------------------------------


def _summary(monkeypatch, bands, levels, **kw):  # type: ignore[no-untyped-def]
    from jescore import ranking

    from .test_core_exact import report
    from .test_engine_exact import scheme

    monkeypatch.setattr(ranking, "_FACTS", {})  # the shared facts are worked out afresh
    s = scheme(bands)
    if kw.get("role"):
        factors = [
            f.model_copy(update={"role": "knowledge"}) if f.id == "a" else f for f in s.factors
        ]
        s = s.model_copy(update={"factors": factors})
    if kw.get("grading_id") and s.grading is not None:
        s = s.model_copy(update={"grading": s.grading.model_copy(update={"id": "gid"})})
    return ranking.summarise(report(s, levels))


def test_summary_row_of_a_job_nearer_its_lower_boundary(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from .test_engine_exact import OPEN

    r = _summary(monkeypatch, OPEN, {"a": 2, "b": 1})  # 25: mid's floor
    assert (r.total, r.band, r.band_index, r.grading) == (25, "mid", 1, "T")
    assert (r.nearer, r.to_nearer, r.nearer_band) == ("lower", 1, "low")
    assert (r.levels, r.headcount, r.path, r.title) == ((2, 1), (), "job.yaml", "T")
    facts = r.facts
    assert (facts.boundaries, facts.factor_ids, facts.factor_names, facts.roles) == (
        ((25, "low", "mid"), (35, "mid", "high")),
        ("a", "b"),
        {"a": "A", "b": "B"},
        (),
    )
    assert facts.scheme is not None and facts.scheme.id == "tiny"
    assert [(b.label, b.min, b.max) for b in facts.bands.values()] == [
        ("low", 0, 24),
        ("mid", 25, 34),
        ("high", 35, None),
    ]
    assert _summary(monkeypatch, OPEN, {"a": 1, "b": 1}, role=True).facts.roles == (
        ("knowledge", "a"),
    )
    assert _summary(monkeypatch, OPEN, {"a": 1, "b": 1}, grading_id=True).grading == "gid"


def test_summary_rows_nearer_the_upper_boundary_equal_ungraded_and_outside(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from .test_engine_exact import CLOSED

    upper = [{"label": "low", "min": 0, "max": 19}, {"label": "mid", "min": 20, "max": 26},
             {"label": "high", "min": 27}]  # fmt: skip
    r = _summary(monkeypatch, upper, {"a": 1, "b": 2})  # 25: 2 below high
    assert (r.nearer, r.to_nearer, r.nearer_band) == ("upper", 2, "high")
    equal = [{"label": "low", "min": 0, "max": 23}, {"label": "mid", "min": 24, "max": 26},
             {"label": "high", "min": 27}]  # fmt: skip
    r = _summary(monkeypatch, equal, {"a": 1, "b": 2})
    assert (r.nearer, r.to_nearer, r.nearer_band) == ("equal", 2, "high")
    r = _summary(monkeypatch, None, {"a": 1, "b": 2})
    assert (r.band, r.band_index, r.grading, r.nearer, r.nearer_band) == (None,) * 5
    assert r.facts.boundaries == ()
    r = _summary(monkeypatch, CLOSED, {"a": 1, "b": 1})  # 15: below every band
    assert (r.band, r.band_index, r.nearer, r.to_nearer, r.nearer_band) == (None,) * 5
    assert r.grading == "T"


def test_order_findings_name_the_first_job_of_the_highest_band_seen() -> None:
    def bands(*spec: tuple[str, int, str, int]) -> list[JobRow]:
        return [row(p, t, band=b, band_index=i) for p, t, b, i in spec]

    # Equal bands: the first (lightest) job of the highest band stays the one compared with.
    rows = bands(("r1", 10, "C", 2), ("r2", 20, "C", 2), ("r3", 30, "B", 1))
    assert [f.jobs for f in order_findings(rows)] == [("r3", "r1")]
    rows = bands(("r1", 10, "C", 2), ("r2", 20, "B", 1), ("r3", 30, "A", 0))
    assert [f.jobs for f in order_findings(rows)] == [("r2", "r1"), ("r3", "r1")]
    # The lowest band (index 0) is a band like any other.
    rows = bands(("r1", 10, "A", 0), ("r2", 20, "B", 1), ("r3", 30, "A", 0))
    assert [f.jobs for f in order_findings(rows)] == [("r3", "r2")]


def test_every_job_is_checked_after_one_with_an_unknown_manager() -> None:
    rows = [
        row("a", 1, reports_to="X"),
        row("b", 1, reports_to="Y"),
        row("boss", 10, reference="M"),
        row("c", 20, reports_to="M"),
    ]
    assert [f.jobs for f in manager_findings(rows)] == [("a",), ("b",), ("c", "boss")]


def test_every_family_is_checked_after_a_small_one() -> None:
    rows = [
        row("a1", 1, family="a"),
        row("a2", 1, family="a", levels=(9, 1, 1)),
        *(row(f"b{i}", 1, family="b") for i in range(3)),
        row("b3", 1, family="b", levels=(5, 1, 1)),
    ]
    assert [f.jobs for f in outlier_findings(rows)] == [("b3",)]


def test_boundaries_are_sorted_by_scheme_then_grading_then_total() -> None:
    facts = SchemeFacts(((95, "Z", "Y"), (100, "A", "B")), ("know",), {"know": "K"}, ())

    def near(path: str, total: int, grading: str | None) -> JobRow:
        r = row(path, total, grading=grading)
        return JobRow(**{**{f: getattr(r, f) for f in r.__slots__}, "facts": facts})  # type: ignore[arg-type]

    rows = [near("x", 99, "g2"), near("y", 94, "g1"), near("z", 96, None), near("w", 99, "g1")]
    assert [(b.grading, b.at) for b in boundary_report(rows, 2)] == [
        (None, 95),
        ("g1", 95),
        ("g1", 100),
        ("g2", 100),
    ]


def test_summary_row_under_a_single_band(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    r = _summary(monkeypatch, [{"label": "all", "min": 0}], {"a": 2, "b": 1})
    assert (r.band, r.band_index, r.nearer, r.to_nearer, r.nearer_band) == (
        "all",
        0,
        None,
        None,
        None,
    )
    assert r.facts.boundaries == ()
