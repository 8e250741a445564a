"""Engine: totals, bands, margins and sensitivity, by hand and by property."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jescore.engine import Position, band_for, evaluate, total_points
from jescore.loader import Library, load_job
from jescore.models import GradingStructure, Questionnaire, Scheme

from .conftest import EXAMPLES, FIXTURES


def _questionnaire(scheme: Scheme, levels: dict[str, int | str]) -> Questionnaire:
    return Questionnaire.model_validate(
        {
            "job": {"title": "T"},
            "scheme": scheme.id,
            "factors": {fid: {"level": lvl} for fid, lvl in levels.items()},
        }
    )


def _table(scheme: Scheme) -> dict[str, list[int]]:
    """The scheme's points table as plain lists: the oracle's only input."""
    return {f.id: [lvl.points for lvl in f.levels] for f in scheme.factors}


def oracle_total(scheme: Scheme, levels: dict[str, int]) -> int:
    """A plain sum over the scheme's table, independent of the engine."""
    table = _table(scheme)
    return sum(table[fid][level - 1] for fid, level in levels.items())


def oracle_band(scheme: Scheme, total: int) -> str | None:
    """The label of every band whose range holds the total, by plain comparison."""
    assert scheme.grading is not None
    labels = [
        b.label
        for b in scheme.grading.bands
        if b.min <= total and (b.max is None or total <= b.max)
    ]
    assert len(labels) <= 1
    return labels[0] if labels else None


def _nhs() -> Scheme:
    return Library().scheme("nhs-afc").scheme


def test_nhs_totals_match_the_published_checks() -> None:
    # The handbook's own checks: every factor at level 1 is 86 points, every factor at top 1000.
    nhs = _nhs()
    assert total_points(nhs, {f.id: 1 for f in nhs.factors}) == 86
    assert total_points(nhs, {f.id: f.top for f in nhs.factors}) == 1000
    assert [f.top for f in nhs.factors] == [6, 8, 5, 5, 5, 8, 6, 6, 6, 7, 6, 6, 5, 5, 4, 5]


def test_nhs_band_edges() -> None:
    grading = _nhs().grading
    assert grading is not None
    cases = {
        0: "1",
        160: "1",
        161: "2",
        215: "2",
        216: "3",
        325: "4",
        326: "5",
        395: "5",
        396: "6",
        539: "7",
        540: "8a",
        584: "8a",
        585: "8b",
        720: "8d",
        721: "9",
        765: "9",
    }
    for total, label in cases.items():
        band = band_for(grading, total)
        assert band is not None and band.label == label, total
    assert band_for(grading, 766) is None


def test_total_above_every_band_is_reported_not_guessed() -> None:
    nhs = _nhs()
    top = evaluate(_questionnaire(nhs, {f.id: f.top for f in nhs.factors}), nhs, nhs.grading)
    assert (top.total, top.band, top.position, top.outside_by) == (1000, None, Position.ABOVE, 235)
    assert top.margins is None


def test_mini_job_by_hand() -> None:
    job = load_job(FIXTURES / "mini-job.yaml", Library())
    scheme = job.scheme.scheme
    e = evaluate(job.questionnaire, scheme, scheme.grading)
    # skill 2 = 20, effort 2 = 15, care 1 = 1
    assert [f.points for f in e.factors] == [20, 15, 1]
    assert e.total == 36
    assert e.band is not None and e.band.label == "B"
    m = e.margins
    assert m is not None
    assert (m.floor, m.ceiling, m.above_floor, m.below_ceiling) == (30, 49, 6, 13)
    assert (m.to_upper, m.upper and m.upper.label) == (14, "C")
    assert (m.to_lower, m.lower and m.lower.label) == (7, "A")
    skill, effort, care = e.factors
    assert skill.evidence == 2 and care.evidence == 1 and effort.evidence == 0
    assert skill.up is not None and (skill.up.delta, skill.up.total) == (20, 56)
    assert skill.up.band is not None and skill.up.band.label == "C" and skill.up.changes_band
    assert skill.down is not None and (skill.down.total, skill.down.changes_band) == (26, True)
    assert effort.up is None
    assert effort.down is not None and (effort.down.total, effort.down.changes_band) == (26, True)
    assert care.down is None
    assert care.up is not None and (care.up.total, care.up.changes_band) == (37, False)
    assert [f.factor.id for f in e.band_changers] == ["skill", "effort"]


def test_vlo_example_by_hand() -> None:
    job = load_job(EXAMPLES / "vlo.yaml", Library())
    scheme = job.scheme.scheme
    e = evaluate(job.questionnaire, scheme, scheme.grading)
    # Points of the illustrative scheme at the levels in examples/vlo.yaml, read off its table.
    expected = {
        "knowledge": 110,
        "communication": 60,
        "analysis": 36,
        "planning": 18,
        "autonomy": 34,
        "risk": 20,
        "people": 30,
        "information": 12,
        "emotional": 24,
        "mental": 20,
        "conditions": 10,
    }
    assert {f.factor.id: f.points for f in e.factors} == expected
    assert e.total == 374
    assert e.band is not None and e.band.label == "3"
    assert e.margins is not None and e.margins.to_upper == 21  # Band 4 starts at 395
    assert [f.factor.id for f in e.band_changers] == ["knowledge"]


def test_letters_never_change_points() -> None:
    nhs = _nhs()
    base = {f.id: 1 for f in nhs.factors}
    plain = evaluate(_questionnaire(nhs, {**base, "patient-care": 4}), nhs, nhs.grading)
    lettered = evaluate(_questionnaire(nhs, {**base, "patient-care": "4(b)"}), nhs, nhs.grading)
    assert plain.total == lettered.total == 86 - 4 + 22
    assert lettered.factors[5].letters == "b"


def test_no_grading_means_no_band() -> None:
    njc = Library().scheme("njc").scheme
    e = evaluate(_questionnaire(njc, {f.id: 1 for f in njc.factors}), njc, None)
    assert (e.total, e.band, e.position, e.margins) == (164, None, Position.UNGRADED, None)
    assert all(f.up is None or not f.up.changes_band for f in e.factors)


# --- properties ----------------------------------------------------------------------------


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    """Random valid schemes with contiguous bands covering part or all of the possible totals."""
    factors = []
    for i in range(draw(st.integers(1, 6))):
        steps = draw(st.lists(st.integers(1, 40), min_size=1, max_size=7))
        start = draw(st.integers(0, 20))
        points = [start + sum(steps[:k]) for k in range(len(steps))]
        factors.append(
            {
                "id": f"f{i}",
                "name": f"F{i}",
                "levels": [
                    {"level": k + 1, "points": p, "summary": "s"} for k, p in enumerate(points)
                ],
            }
        )
    widths = draw(st.lists(st.integers(1, 60), min_size=1, max_size=8))
    bands: list[dict[str, Any]] = []
    lo = draw(st.integers(0, 30))
    for j, width in enumerate(widths):
        bands.append({"label": f"b{j}", "min": lo, "max": lo + width - 1})
        lo += width
    if draw(st.booleans()):
        bands[-1]["max"] = None
    return Scheme.model_validate(
        {
            "id": "h",
            "name": "H",
            "edition": "1",
            "status": "illustrative",
            "factors": factors,
            "grading": {"name": "G", "bands": bands},
        }
    )


@st.composite
def scheme_and_levels(draw: st.DrawFn) -> tuple[Scheme, dict[str, int]]:
    scheme = draw(schemes())
    levels = {f.id: draw(st.integers(1, f.top)) for f in scheme.factors}
    return scheme, levels


@given(scheme_and_levels(), st.data())
def test_raising_a_level_never_lowers_the_total(
    case: tuple[Scheme, dict[str, int]], data: st.DataObject
) -> None:
    scheme, levels = case
    factor = data.draw(st.sampled_from(scheme.factors))
    if levels[factor.id] < factor.top:
        raised = {**levels, factor.id: levels[factor.id] + 1}
        assert total_points(scheme, raised) > total_points(scheme, levels)
        assert total_points(scheme, raised) == oracle_total(scheme, raised)


@given(schemes(), st.integers(0, 600))
def test_every_total_inside_the_structure_has_exactly_one_band(scheme: Scheme, total: int) -> None:
    grading = scheme.grading
    assert isinstance(grading, GradingStructure)
    first, last = grading.bands[0], grading.bands[-1]
    inside = first.min <= total and (last.max is None or total <= last.max)
    expected = oracle_band(scheme, total)
    assert (expected is not None) == inside
    band = band_for(grading, total)
    assert (band.label if band else None) == expected


@given(scheme_and_levels())
def test_sensitivity_agrees_with_rescoring(case: tuple[Scheme, dict[str, int]]) -> None:
    scheme, levels = case
    e = evaluate(_questionnaire(scheme, dict(levels)), scheme, scheme.grading)
    assert e.total == sum(f.points for f in e.factors) == oracle_total(scheme, levels)
    assert (e.band.label if e.band else None) == oracle_band(scheme, e.total)
    for f in e.factors:
        assert f.points == _table(scheme)[f.factor.id][f.level - 1]
        for step in (f.down, f.up):
            if step is None:
                continue
            moved = {**levels, f.factor.id: step.level}
            assert step.total == oracle_total(scheme, moved)
            assert step.delta == step.total - e.total
            assert (step.band.label if step.band else None) == oracle_band(scheme, step.total)
            assert step.changes_band == (
                oracle_band(scheme, step.total) != oracle_band(scheme, e.total)
            )
        assert (f.down is None) == (f.level == 1)
        assert (f.up is None) == (f.level == f.factor.top)
    if e.band is not None and e.margins is not None:
        assert e.margins.floor <= e.total
        if e.margins.to_upper is not None:
            assert band_for(scheme.grading, e.total + e.margins.to_upper) == e.margins.upper
            assert band_for(scheme.grading, e.total + e.margins.to_upper - 1) == e.band
        if e.margins.to_lower is not None:
            assert band_for(scheme.grading, e.total - e.margins.to_lower) == e.margins.lower
            assert band_for(scheme.grading, e.total - e.margins.to_lower + 1) == e.band
