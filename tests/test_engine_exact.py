"""The engine on a scheme small enough to check every number by hand.

Two factors: A (levels 10, 20, 30 points) and B (5, 15 points). Totals run from 15 to 45.
Bands: low 0-24, mid 25-34, high 35 and above (or 35-39 where the structure is closed).
"""

from __future__ import annotations

import pytest

from jescore.engine import Margins, NearBoundary, Position, Step, evaluate, margins
from jescore.models import GradingStructure, Questionnaire, Scheme


def scheme(bands: list[dict[str, object]] | None) -> Scheme:
    return Scheme.model_validate(
        {
            "id": "tiny",
            "name": "Tiny",
            "edition": "test",
            "status": "illustrative",
            "factors": [
                {
                    "id": "a",
                    "name": "A",
                    "levels": [
                        {"level": 1, "points": 10, "summary": "x"},
                        {"level": 2, "points": 20, "summary": "x"},
                        {"level": 3, "points": 30, "summary": "x"},
                    ],
                },
                {
                    "id": "b",
                    "name": "B",
                    "levels": [
                        {"level": 1, "points": 5, "summary": "x"},
                        {"level": 2, "points": 15, "summary": "x"},
                    ],
                },
            ],
            "grading": None if bands is None else {"name": "T", "bands": bands},
        }
    )


OPEN = [
    {"label": "low", "min": 0, "max": 24},
    {"label": "mid", "min": 25, "max": 34},
    {"label": "high", "min": 35},
]
CLOSED = [
    {"label": "low", "min": 20, "max": 24},
    {"label": "mid", "min": 25, "max": 34},
    {"label": "high", "min": 35, "max": 39},
]


def scored(bands: list[dict[str, object]] | None, a: int | str, b: int | str, evidence: int = 0):  # type: ignore[no-untyped-def]
    s = scheme(bands)
    q = Questionnaire.model_validate(
        {
            "job": {"title": "T"},
            "scheme": "tiny",
            "factors": {"a": {"level": a, "evidence": ["e"] * evidence}, "b": {"level": b}},
        }
    )
    return evaluate(q, s, s.grading)


def test_a_total_in_a_middle_band() -> None:
    e = scored(OPEN, 2, 1)  # 20 + 5 = 25: the floor of mid
    assert (e.total, e.band.label if e.band else None, e.position) == (25, "mid", Position.IN_BAND)
    assert e.outside_by is None
    grading = e.grading
    assert grading is not None
    low, mid, high = grading.bands
    assert e.margins == Margins(
        floor=25,
        ceiling=34,
        above_floor=0,
        below_ceiling=9,
        lower=low,
        upper=high,
        to_lower=1,
        to_upper=10,
    )
    a, b = e.factors
    assert (a.level, a.points, a.letters, a.evidence) == (2, 20, "", 0)
    assert a.down == Step(1, 10, -10, 15, low, True)
    assert a.up == Step(3, 30, 10, 35, high, True)
    assert b.down is None
    assert b.up == Step(2, 15, 10, 35, high, True)
    assert (a.swing, b.swing) == (20, 10)
    assert e.band_changers == (a, b)
    f = e.fragility
    assert (f.band_changing_steps, f.nearer, f.points) == (3, "lower", 1)
    assert e.near(1) == NearBoundary(1, True, "lower", 1)
    assert e.near(0) == NearBoundary(0, False, "lower", 1)


def test_the_nearer_boundary_upper_and_equal() -> None:
    e = scored(OPEN, 1, 2, evidence=2)  # 10 + 15 = 25
    assert e.total == 25 and e.factors[0].evidence == 2
    up = scored(
        [{"label": "low", "min": 0, "max": 19}, {"label": "mid", "min": 20, "max": 26},
         {"label": "high", "min": 27}],
        1, 2,
    )  # fmt: skip
    assert up.margins is not None and (up.margins.to_lower, up.margins.to_upper) == (6, 2)
    assert (up.fragility.nearer, up.fragility.points) == ("upper", 2)
    assert up.near(2).within and not up.near(1).within
    equal = scored(
        [{"label": "low", "min": 0, "max": 23}, {"label": "mid", "min": 24, "max": 26},
         {"label": "high", "min": 27}],
        1, 2,
    )  # fmt: skip
    assert (equal.fragility.nearer, equal.fragility.points) == ("equal", 2)


def test_first_and_open_top_bands() -> None:
    e = scored(OPEN, 1, 1)  # 15, in low (0-24): no band below
    m = e.margins
    assert m is not None
    assert (m.lower, m.to_lower, m.to_upper, m.above_floor, m.below_ceiling) == (
        None,
        None,
        10,
        15,
        9,
    )
    assert (e.fragility.nearer, e.fragility.points) == ("upper", 10)
    assert e.factors[0].up == Step(2, 20, 10, 25, m.upper, True)
    assert e.factors[1].up is not None and e.factors[1].up.changes_band is True
    top = scored(OPEN, 3, 2)  # 45, in high (35+): no ceiling, no band above
    m = top.margins
    assert m is not None
    assert (m.ceiling, m.below_ceiling, m.upper, m.to_upper, m.to_lower) == (
        None,
        None,
        None,
        None,
        11,
    )
    assert (top.fragility.nearer, top.fragility.points) == ("lower", 11)
    assert top.factors[0].down == Step(2, 20, -10, 35, top.band, False)
    assert top.fragility.band_changing_steps == 0  # either step down gives 35, still high


def test_outside_the_grading_structure() -> None:
    below = scored(CLOSED, 1, 1)  # 15 < 20
    assert (below.band, below.position, below.outside_by, below.margins) == (
        None,
        Position.BELOW,
        5,
        None,
    )
    assert (below.fragility.nearer, below.fragility.points) == (None, None)
    assert below.near(100) == NearBoundary(100, False, None, None)
    assert below.factors[0].up is not None and below.factors[0].up.band is not None
    above = scored(CLOSED, 3, 2)  # 45 > 39
    assert (above.band, above.position, above.outside_by) == (None, Position.ABOVE, 6)
    ungraded = scored(None, 2, 2)
    assert (ungraded.position, ungraded.outside_by, ungraded.margins, ungraded.band) == (
        Position.UNGRADED,
        None,
        None,
        None,
    )
    assert all(
        s is None or (s.band is None and s.changes_band is False)
        for f in ungraded.factors
        for s in (f.down, f.up)
    )


def test_a_one_band_structure_has_no_nearer_boundary() -> None:
    e = scored([{"label": "all", "min": 0}], 2, 1)
    assert e.margins is not None and (e.margins.to_lower, e.margins.to_upper) == (None, None)
    assert (e.fragility.nearer, e.fragility.points, e.fragility.band_changing_steps) == (
        None,
        None,
        0,
    )


def test_letters_never_change_the_points() -> None:
    assert scored(OPEN, "2a", 1).total == scored(OPEN, 2, 1).total == 25
    assert scored(OPEN, "2(a)(b)", 1).factors[0].letters == "ab"


@pytest.mark.parametrize(("total", "label"), [(24, "low"), (25, "mid"), (34, "mid"), (35, "high")])
def test_margins_at_the_edges(total: int, label: str) -> None:
    s = scheme(OPEN)
    assert s.grading is not None
    band = s.grading.band_for(total)
    assert band is not None and band.label == label
    m = margins(s.grading, band, total)
    assert m is not None
    assert m.above_floor == total - band.min
    if band.max is not None:
        assert m.below_ceiling == band.max - total
        assert m.to_upper == band.max + 1 - total
    if m.lower is not None:
        assert m.to_lower == total - band.min + 1
    assert margins(s.grading, None, total) is None
    assert margins(None, band, total) is None


def test_margins_need_the_band_to_be_one_of_the_structure() -> None:
    grading = GradingStructure.model_validate({"name": "x", "bands": OPEN})
    other = GradingStructure.model_validate({"name": "y", "bands": OPEN})
    with pytest.raises(ValueError, match="is not one of 'x'"):
        margins(grading, other.bands[0], 10)


def test_a_closed_top_band_has_no_band_above() -> None:
    e = scored(CLOSED, 2, 2)  # 35, in high (35-39), the last band
    m = e.margins
    assert m is not None
    assert (m.ceiling, m.below_ceiling, m.upper, m.to_upper, m.to_lower) == (39, 4, None, None, 1)
    assert (e.fragility.nearer, e.fragility.points) == ("lower", 1)


def test_ranking_puts_the_heaviest_job_first_within_each_scheme() -> None:
    from .test_core_exact import report

    tiny, other = scheme(OPEN), scheme(OPEN).model_copy(update={"id": "aaa"})
    reports = [
        report(tiny, {"a": 1, "b": 1}, "light.yaml"),
        report(tiny, {"a": 3, "b": 2}, "heavy.yaml"),
        report(other, {"a": 1, "b": 1}, "other.yaml"),
        report(tiny, {"a": 2, "b": 1}, "mid-b.yaml"),
        report(tiny, {"a": 1, "b": 2}, "mid-a.yaml"),
    ]
    from jescore.engine import ranking

    assert [r.file.path for r in ranking(reports)] == [
        "other.yaml",
        "heavy.yaml",
        "mid-a.yaml",
        "mid-b.yaml",
        "light.yaml",
    ]
