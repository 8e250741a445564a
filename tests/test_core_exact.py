"""Search, compare and appeal on the hand-checkable scheme of test_engine_exact.

Factor A: 10, 20, 30 points; factor B: 5, 15. Bands (OPEN): low 0-24, mid 25-34, high 35+;
(CLOSED): low 20-24, mid 25-34, high 35-39.
"""

from __future__ import annotations

import pytest

from jescore import engine
from jescore.appeal import Position, analyse
from jescore.compare import Movement, _band_key, compare, pair
from jescore.enums import Direction
from jescore.errors import InputError
from jescore.models import Band, FileRef, Questionnaire, Scheme
from jescore.search import Constraints, Rank, effective_direction, find_changes

from .test_engine_exact import CLOSED, OPEN, scheme


def report(
    s: Scheme,
    levels: dict[str, int | str],
    path: str = "job.yaml",
    evidence: dict[str, list[object]] | None = None,
) -> engine.Report:
    q = Questionnaire.model_validate(
        {
            "job": {"title": "T"},
            "scheme": s.id,
            "factors": {
                fid: {"level": lvl, "evidence": (evidence or {}).get(fid, [])}
                for fid, lvl in levels.items()
            },
        }
    )
    digest = path.encode().hex().ljust(64, "0")[:64]
    return engine.Report(
        q,
        FileRef(path, digest),
        FileRef("tiny.yaml", "0" * 64),
        None,
        engine.evaluate(q, s, s.grading),
    )


def solutions(result) -> list[list[tuple[str, int, int]]]:  # type: ignore[no-untyped-def]
    return [[(c.factor.id, c.from_level, c.to_level) for c in s.changes] for s in result.solutions]


# --- search ----------------------------------------------------------------------------------


def test_effective_direction_at_the_edges_of_the_target() -> None:
    mid = Band(label="mid", min=25, max=34)
    assert effective_direction(24, mid, Constraints()) is Direction.UP
    assert effective_direction(25, mid, Constraints()) is Direction.ANY
    assert effective_direction(34, mid, Constraints()) is Direction.ANY
    assert effective_direction(35, mid, Constraints()) is Direction.DOWN
    assert effective_direction(99, Band(label="top", min=25), Constraints()) is Direction.ANY
    fixed = Constraints(direction=Direction.DOWN)
    assert effective_direction(0, mid, fixed) is Direction.DOWN


def test_search_lists_every_level_it_may_move_to_and_no_other() -> None:
    s = scheme(OPEN)
    assert s.grading is not None
    high = s.grading.bands[2]
    result = find_changes(
        s, s.grading, {"a": 1, "b": 2}, high, Constraints(direction=Direction.ANY), limit=10
    )
    # 10 + 15 = 25; high starts at 35: A to 2 (35) or 3 (45), or A to 3 with B down (35).
    assert solutions(result) == [[("a", 1, 2)], [("a", 1, 3)], [("a", 1, 3), ("b", 2, 1)]]
    assert result.more is False and result.reason is None
    assert result.reachable == (15, 45)
    assert [s.total for s in result.solutions] == [35, 45, 35]


def test_search_when_already_in_the_target() -> None:
    s = scheme(OPEN)
    assert s.grading is not None
    mid = s.grading.bands[1]
    result = find_changes(s, s.grading, {"a": 2, "b": 1}, mid)
    assert (result.solutions, result.more, result.reason) == ((), False, None)
    assert result.already_there


def test_search_reaches_a_target_at_the_very_edge_of_what_is_possible() -> None:
    s = scheme(CLOSED)
    assert s.grading is not None
    low = s.grading.bands[0]  # 20-24
    # From 35 (A 3, B 1): A down to 1 gives 15 (below every band), A down to 2 gives 25, B
    # cannot go down. Only going down is allowed: lowest reachable 15, and 20-24 is missed.
    result = find_changes(s, s.grading, {"a": 3, "b": 1}, low)
    assert result.solutions == ()
    assert result.reachable == (15, 35)
    assert result.reason is None or "these constraints" not in result.reason
    # Fixed B and A at most one step: the lowest reachable total (25) is above low's end (24).
    capped = find_changes(s, s.grading, {"a": 3, "b": 1}, low, Constraints(max_step=1))
    assert capped.reason == (
        "the lowest total these constraints allow is 25 (Band mid); Band low ends at 24"
    )
    # Exactly at the edge: mid (25-34) from 45 with one step of A down (35) is not enough;
    # two steps (25) reach its floor, the lowest total possible with B fixed.
    mid = s.grading.bands[1]
    edge = find_changes(s, s.grading, {"a": 3, "b": 2}, mid, Constraints(fixed=frozenset({"b"})))
    assert solutions(edge) == [[("a", 3, 1)]]
    assert edge.reachable == (25, 45)


def test_unreachable_targets_say_how_far_the_constraints_go() -> None:
    s = scheme(CLOSED)
    assert s.grading is not None
    low, mid, high = s.grading.bands
    up = find_changes(s, s.grading, {"a": 1, "b": 1}, high, Constraints(fixed=frozenset({"a"})))
    assert up.reason == (
        "the highest total these constraints allow is 25 (Band mid); Band high starts at 35"
    )
    nowhere = find_changes(
        s, s.grading, {"a": 1, "b": 1}, mid, Constraints(fixed=frozenset({"a", "b"}))
    )
    assert nowhere.reason == (
        "the highest total these constraints allow is 15 (outside the bands); Band mid starts at 25"
    )
    down = find_changes(
        s, s.grading, {"a": 3, "b": 2}, low, Constraints(fixed=frozenset({"a", "b"}))
    )
    assert down.reason == (
        "the lowest total these constraints allow is 45 (outside the bands); Band low ends at 24"
    )


def test_search_limit_and_ranking() -> None:
    s = scheme(OPEN)
    assert s.grading is not None
    high = s.grading.bands[2]
    one = find_changes(
        s, s.grading, {"a": 1, "b": 1}, high, Constraints(direction=Direction.ANY), limit=1
    )
    assert len(one.solutions) == 1 and one.more is True
    every = find_changes(
        s, s.grading, {"a": 1, "b": 1}, high, Constraints(direction=Direction.ANY), limit=10
    )
    # 15 to 35+: A+2 (35), A+1 and B+1 (35), A+2 and B+1 (45), fewest steps first.
    assert solutions(every) == [
        [("a", 1, 3)],
        [("a", 1, 2), ("b", 1, 2)],
        [("a", 1, 3), ("b", 1, 2)],
    ]
    by_factors = find_changes(
        s, s.grading, {"a": 1, "b": 1}, high, Constraints(direction=Direction.ANY), limit=10,
        rank=Rank.FACTORS,
    )  # fmt: skip
    assert solutions(by_factors)[0] == [("a", 1, 3)]


# --- compare ---------------------------------------------------------------------------------


def test_band_keys_order_every_position() -> None:
    s = scheme(CLOSED)
    assert _band_key(report(s, {"a": 1, "b": 1}).evaluation) == (0, "below")  # 15
    assert _band_key(report(s, {"a": 1, "b": 2}).evaluation) == (2, "mid")  # 25
    assert _band_key(report(s, {"a": 2, "b": 2}).evaluation) == (3, "high")  # 35
    assert _band_key(report(s, {"a": 3, "b": 2}).evaluation) == (4, "above")  # 45
    assert _band_key(report(scheme(None), {"a": 1, "b": 1}).evaluation) == (0, "")
    assert _band_key(report(scheme(OPEN), {"a": 1, "b": 1}).evaluation) == (1, "low")


def test_compare_movement_and_factor_changes() -> None:
    s = scheme(CLOSED)
    old = report(
        s, {"a": "2", "b": 1}, evidence={"a": [{"text": "t", "source": "JD 1"}, "u"], "b": ["v"]}
    )
    same = compare(old, report(s, {"a": 2, "b": 1}, evidence={"a": ["u"]}))
    assert (same.movement, same.delta, same.band_changed, same.changed) == (
        Movement.SAME,
        0,
        False,
        (),
    )
    [a, b] = same.factors
    assert (a.evidence_removed, a.evidence_added, a.evidence_changed) == (("t (JD 1)",), (), True)
    assert (b.evidence_removed, b.level_changed) == (("v",), False)  # no source: text alone
    up = compare(old, report(s, {"a": "3b", "b": 1}))
    assert (up.movement, up.delta, up.band_changed) == (Movement.UP, 10, True)
    assert (up.factors[0].old_letters, up.factors[0].new_letters) == ("", "b")
    assert (up.factors[0].old_points, up.factors[0].new_points, up.factors[0].delta) == (20, 30, 10)
    down = compare(old, report(s, {"a": 1, "b": 1}))
    assert (down.movement, down.band_changed) == (Movement.DOWN, True)
    letters = compare(report(s, {"a": "2a", "b": 1}), report(s, {"a": "2b", "b": 1}))
    assert [f.factor.id for f in letters.changed] == ["a"] and letters.delta == 0


def test_compare_across_schemes_keeps_factors_found_on_one_side() -> None:
    tiny = scheme(OPEN)
    other = Scheme.model_validate(
        {
            "id": "other",
            "name": "Other",
            "edition": "x",
            "status": "illustrative",
            "factors": [
                {"id": "a", "name": "A", "levels": [{"level": 1, "points": 7, "summary": "x"}]},
                {"id": "c", "name": "C", "levels": [{"level": 1, "points": 3, "summary": "x"}]},
            ],
        }
    )
    c = compare(report(tiny, {"a": "1a", "b": 2}), report(other, {"a": 1, "c": 1}))
    rows = {f.factor.id: f for f in c.factors}
    assert [f.factor.id for f in c.factors] == ["a", "c", "b"]  # new order, then old-only
    assert (rows["c"].old_level, rows["c"].old_letters, rows["c"].old_points) == (None, "", 0)
    assert (rows["b"].new_level, rows["b"].new_letters, rows["b"].new_points) == (None, "", 0)
    assert (rows["a"].old_letters, rows["a"].new_letters) == ("a", "")
    assert pair("added", None, report(tiny, {"a": 1, "b": 1})).comparison is None


# --- appeal ----------------------------------------------------------------------------------


def test_an_appeal_under_another_scheme_is_refused_at_the_claim() -> None:
    with pytest.raises(InputError) as caught:
        analyse(
            report(scheme(OPEN), {"a": 1, "b": 1}, "award.yaml"),
            report(scheme(OPEN).model_copy(update={"id": "other"}), {"a": 2, "b": 1}, "claim.yaml"),
        )
    [problem] = caught.value.problems
    assert (problem.file, problem.location) == ("claim.yaml", "scheme")
    assert problem.message == (
        "the claim uses scheme 'other' but the award uses 'tiny': an appeal compares levels "
        "under one scheme"
    )


def test_an_appeal_without_bands_scores_each_challenge_but_searches_nothing() -> None:
    s = scheme(None)
    a = analyse(report(s, {"a": 1, "b": 1}, "award.yaml"), report(s, {"a": 3, "b": 1}, "c.yaml"))
    assert a.search is None and a.points_needed is None
    [fa, fb] = a.factors
    assert (fa.alone_total, fa.alone_band, fa.alone_reaches_claim) == (35, None, False)
    assert (fb.alone_total, fb.challenged) == (None, False)


def test_an_appeal_search_moves_only_challenged_factors_to_their_claimed_level() -> None:
    s = scheme(OPEN)
    award = report(s, {"a": 1, "b": 1}, "award.yaml")  # 15, low
    claim = report(s, {"a": 3, "b": 2}, "claim.yaml")  # 45, high
    a = analyse(award, claim)
    assert a.search is not None
    # A to 3 alone reaches high (35); B to 2 alone gives 25 (mid); A to 2 is never tried.
    assert solutions(a.search) == [[("a", 1, 3)]]
    assert [f.factor.id for f in a.decisive] == ["a"]
    assert a.points_needed == 20
    assert [(f.alone_total, f.alone_band.label if f.alone_band else None) for f in a.factors] == [
        (35, "high"),
        (25, "mid"),
    ]
    limited = analyse(award, report(s, {"a": 2, "b": 2}, "c2.yaml"), limit=1)  # 35: high
    assert limited.search is not None and solutions(limited.search) == [[("a", 1, 2), ("b", 1, 2)]]
    concede = analyse(report(s, {"a": 3, "b": 1}, "x.yaml"), report(s, {"a": 2, "b": 1}, "y.yaml"))
    # A claim below the award (the arguments swapped, most likely) gets no decisive analysis:
    # its summary says where it stands instead.
    assert concede.position is Position.BELOW
    assert concede.search is None and concede.decisive == ()
    assert concede.points_needed == -1  # 35 to mid's ceiling of 34
