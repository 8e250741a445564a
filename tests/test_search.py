"""Target-band search: exact against brute force, constraints respected, reasons given."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jescore.engine import answers_by_factor
from jescore.enums import Direction
from jescore.loader import Library, load_job
from jescore.models import Band, GradingStructure, Scheme
from jescore.search import Constraints, Rank, find_changes

from .conftest import EXAMPLES
from .test_engine import schemes


def _levels(path: Path) -> tuple[Scheme, GradingStructure, dict[str, int]]:
    job = load_job(path, Library())
    scheme = job.scheme.scheme
    assert scheme.grading is not None
    answers = answers_by_factor(job.questionnaire, scheme)
    return scheme, scheme.grading, {fid: a.number for fid, a in answers.items()}


def _band(grading: GradingStructure, label: str) -> Band:
    return next(b for b in grading.bands if b.label == label)


def test_vlo_to_band_4() -> None:
    scheme, grading, levels = _levels(EXAMPLES / "vlo.yaml")
    result = find_changes(scheme, grading, levels, _band(grading, "4"), limit=3)
    assert result.total == 374 and result.direction is Direction.UP
    first = result.solutions[0]
    assert [(c.factor.id, c.from_level, c.to_level, c.delta) for c in first.changes] == [
        ("knowledge", 4, 5, 40)
    ]
    assert (first.steps, first.total, first.band.label) == (1, 414, "4")
    # Knowledge is the only single step that reaches Band 4 (see the sensitivity table).
    assert all(s.steps == 2 for s in result.solutions[1:])
    assert result.more


def test_frozen_factor_and_one_step_cap() -> None:
    scheme, grading, levels = _levels(EXAMPLES / "vlo.yaml")
    fixed = Constraints(fixed=frozenset({"knowledge"}), max_step=1)
    result = find_changes(scheme, grading, levels, _band(grading, "4"), fixed, limit=50)
    assert result.solutions
    for solution in result.solutions:
        assert all(c.factor.id != "knowledge" and c.steps == 1 for c in solution.changes)
        assert 395 <= solution.total <= 519
    # Smallest first: two one-step changes, e.g. emotional 3->4 (+12) with mental 3->4 (+10).
    assert {s.steps for s in result.solutions[:3]} == {2}


def test_unreachable_target_says_why() -> None:
    scheme, grading, levels = _levels(EXAMPLES / "vlo.yaml")
    result = find_changes(scheme, grading, levels, _band(grading, "6"), Constraints(max_step=1))
    assert result.solutions == ()
    assert result.reason == (
        "the highest total these constraints allow is 544 (Band 5); Band 6 starts at 650"
    )


def test_already_in_band() -> None:
    scheme, grading, levels = _levels(EXAMPLES / "vlo.yaml")
    result = find_changes(scheme, grading, levels, _band(grading, "3"))
    assert result.already_there and result.solutions == () and result.reason is None


def test_downward_target() -> None:
    scheme, grading, levels = _levels(EXAMPLES / "po.yaml")
    result = find_changes(scheme, grading, levels, _band(grading, "3"), limit=2)
    assert result.direction is Direction.DOWN
    # Probation Officer at 506 needs to lose 112 points: knowledge 5->3 (-75) is not enough.
    for solution in result.solutions:
        assert solution.total <= 394
        assert all(c.to_level < c.from_level for c in solution.changes)


def _brute(
    scheme: Scheme,
    grading: GradingStructure,
    levels: dict[str, int],
    target: Band,
    constraints: Constraints,
    direction: Direction,
) -> list[tuple[int, int]]:
    ranges = []
    for f in scheme.factors:
        now = levels[f.id]
        allowed = []
        for lvl in range(1, f.top + 1):
            if f.id in constraints.fixed and lvl != now:
                continue
            if constraints.max_step is not None and abs(lvl - now) > constraints.max_step:
                continue
            if direction is Direction.UP and lvl < now or direction is Direction.DOWN and lvl > now:
                continue
            if lvl != now and f.id in constraints.allowed and lvl not in constraints.allowed[f.id]:
                continue
            allowed.append(lvl)
        ranges.append(allowed)
    keys = []
    for combo in itertools.product(*ranges):  # every combination: fine for small schemes
        total = sum(f.points(lvl) for f, lvl in zip(scheme.factors, combo, strict=True))
        if target.contains(total):
            steps = sum(
                abs(lvl - levels[f.id]) for f, lvl in zip(scheme.factors, combo, strict=True)
            )
            touched = sum(lvl != levels[f.id] for f, lvl in zip(scheme.factors, combo, strict=True))
            keys.append((steps, touched))
    return sorted(keys)


@settings(max_examples=200, deadline=None)
@given(schemes(), st.data())
def test_search_is_exact_against_brute_force(scheme: Scheme, data: st.DataObject) -> None:
    grading = scheme.grading
    assert grading is not None
    levels = {f.id: data.draw(st.integers(1, f.top)) for f in scheme.factors}
    target = data.draw(st.sampled_from(grading.bands))
    ids = [f.id for f in scheme.factors]
    allowed = data.draw(
        st.dictionaries(st.sampled_from(ids), st.frozensets(st.integers(1, 7), max_size=3))
    )
    constraints = Constraints(
        fixed=frozenset(data.draw(st.sets(st.sampled_from(ids)))),
        max_step=data.draw(st.none() | st.integers(1, 3)),
        direction=data.draw(st.none() | st.sampled_from(list(Direction))),
        allowed=allowed,
    )
    limit = data.draw(st.integers(1, 6))
    rank = data.draw(st.sampled_from(list(Rank)))
    result = find_changes(scheme, grading, levels, target, constraints, limit, rank)
    if result.already_there:
        return
    expected = _brute(scheme, grading, levels, target, constraints, result.direction)
    found = [(s.steps, len(s.changes)) for s in result.solutions]
    if rank is Rank.FACTORS:
        expected.sort(key=lambda k: (k[1], k[0]))
    # Same ranking keys as the best `limit` of all valid combinations, in order.
    assert found == expected[:limit]
    assert result.more == (len(expected) > limit)
    assert (result.reason is not None) == (not expected)
    seen = set()
    for s in result.solutions:
        moved = dict(levels)
        for c in s.changes:
            assert c.from_level == levels[c.factor.id] and c.to_level != c.from_level
            assert c.factor.id not in constraints.fixed
            if constraints.max_step is not None:
                assert c.steps <= constraints.max_step
            moved[c.factor.id] = c.to_level
        total = sum(f.points(moved[f.id]) for f in scheme.factors)
        assert total == s.total and target.contains(total)
        key = tuple(sorted(moved.items()))
        assert key not in seen
        seen.add(key)


def _subsets(
    scheme: Scheme, levels: dict[str, int], claimed: dict[str, int], target: Band
) -> list[frozenset[str]]:
    """Inclusion-minimal sets of challenges (factor -> claimed level) that reach the target."""
    challenged = sorted(claimed)
    hits = []
    for k in range(len(challenged) + 1):
        for subset in itertools.combinations(challenged, k):
            moved = {**levels, **{f: claimed[f] for f in subset}}
            if target.contains(sum(f.points(moved[f.id]) for f in scheme.factors)):
                hits.append(frozenset(subset))
    return [h for h in hits if not any(o < h for o in hits)]


@settings(max_examples=200, deadline=None)
@given(schemes(), st.data())
def test_minimal_challenge_sets_match_brute_force(scheme: Scheme, data: st.DataObject) -> None:
    grading = scheme.grading
    assert grading is not None
    levels = {f.id: data.draw(st.integers(1, f.top)) for f in scheme.factors}
    claimed = {}
    for f in scheme.factors:
        other = data.draw(st.integers(1, f.top))
        if other != levels[f.id]:
            claimed[f.id] = other
    target = data.draw(st.sampled_from(grading.bands))
    allowed = {
        f.id: frozenset({claimed[f.id]}) if f.id in claimed else frozenset() for f in scheme.factors
    }
    constraints = Constraints(direction=Direction.ANY, allowed=allowed)
    result = find_changes(
        scheme, grading, levels, target, constraints, limit=10_000, rank=Rank.FACTORS, minimal=True
    )
    if result.already_there:
        return
    expected = _subsets(scheme, levels, claimed, target)
    found = [frozenset(c.factor.id for c in s.changes) for s in result.solutions]
    assert sorted(found, key=sorted) == sorted(expected, key=sorted)
    assert [len(x) for x in found] == sorted(len(x) for x in found)  # fewest factors first
