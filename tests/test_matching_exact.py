"""Exact values of profiles and matching, edge by edge: messages, boundaries, ranking ties.

Written against the mutants that survived the first tests (``benchmarks/mutation.sh``): each
pins a boundary or a message a person reads. The small scheme is the one in test_matching.py:
a (10, 20, 30, 40 points), b (5, 10, 15), c (1, 2, 3); bands low 0-29, mid 30-49, high 50+.
"""

from __future__ import annotations

import pytest

from jescore.engine import evaluate
from jescore.matching import JobLevels, Rule, Verdict, detail, fit, job_levels, prepare
from jescore.models import FileRef, GradingStructure, Profile, Questionnaire, Scheme
from jescore.notation import parse_range
from jescore.profile_range import profile_findings, range_findings, ranges_by_factor, score
from tests.test_matching import NONE, SCHEME, SCHEME_FILE, job, prepared


def _answers(*levels: int) -> dict[str, dict[str, int]]:
    return {fid: {"level": n} for fid, n in zip("abc", levels, strict=True)}


def _aliased() -> Scheme:
    """The small scheme with 'alpha' as a second name of factor a."""
    data = SCHEME.model_dump()
    data["factors"][0]["aliases"] = ["alpha"]
    return Scheme.model_validate(data)


def _profile(band: str = "mid", **factors: str | int) -> Profile:
    return Profile.model_validate(
        {
            "profile": {"title": "T", "band": band, "status": "illustrative"},
            "scheme": "small",
            "factors": factors or {"a": "2-3", "b": 2, "c": "1-2"},
        }
    )


# --- Rule.text ---------------------------------------------------------------------------------


def test_the_rule_in_words() -> None:
    assert Rule(max_varying=1, max_step=2, must_match=("b", "z"), citation="cited").text(
        SCHEME
    ) == (
        "at most 1 factor outside the profile's ranges, each by at most 2 levels; b must be "
        "inside; the total must fall in the profile's band (cited)"
    )
    assert Rule(max_varying=2, max_step=1, must_match=("a", "c"), citation="c").text(SCHEME) == (
        "at most 2 factors outside the profile's ranges, each by at most 1 level; a, c must be "
        "inside; the total must fall in the profile's band (c)"
    )
    assert Rule(must_match=(), citation="c").text(SCHEME) == (
        "at most 4 factors outside the profile's ranges, each by at most 1 level; the total "
        "must fall in the profile's band (c)"
    )
    # Without a scheme, the names as given; with one, only the factors it has.
    assert "; knowledge, freedom-to-act must be inside;" in Rule().text()
    assert "must be inside" not in Rule().text(SCHEME)
    assert (
        Rule()
        .text()
        .endswith(
            "(jescore's convention, not the NHS handbook's rule: the handbook's tolerance rule "
            "(chapter 11) could not be confirmed from a public source)"
        )
    )


# --- band distances ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "total", "gaps"),
    [
        ((2, 2, 1), 31, {"low": 2, "mid": 0, "high": -19}),
        ((1, 3, 3), 28, {"low": 0, "mid": -2, "high": -22}),
        ((3, 3, 3), 48, {"low": 19, "mid": 0, "high": -2}),
        ((4, 3, 3), 58, {"low": 29, "mid": 9, "high": 0}),
        ((1, 1, 1), 16, {"low": 0, "mid": -14, "high": -34}),
    ],
)
def test_distances_to_every_band(
    levels: tuple[int, int, int], total: int, gaps: dict[str, int]
) -> None:
    e = job(*levels)
    j = job_levels(e)
    assert j.total == total
    assert j.gaps == gaps
    assert j.band is e.band


def test_job_levels_gives_each_band_its_distance_at_the_edges() -> None:
    grading = GradingStructure.model_validate(
        {"name": "G", "bands": [{"label": "x", "min": 31, "max": 31}]}
    )
    for levels, gap in (((2, 2, 1), 0), ((1, 3, 1), -5), ((2, 2, 2), 1), ((2, 1, 1), -5)):
        q = Questionnaire.model_validate(
            {
                "job": {"title": "J"},
                "scheme": "small",
                "factors": dict(zip("abc", ({"level": n} for n in levels), strict=True)),
            }
        )
        assert job_levels(evaluate(q, SCHEME, grading)).gaps == {"x": gap}, levels


# --- fit and ranking -----------------------------------------------------------------------------


def test_a_job_of_another_shape_is_refused() -> None:
    j = JobLevels((1, 1), ("", ""), 15, None, None, {})
    with pytest.raises(ValueError, match="zip"):
        fit(j, prepared(), NONE)


def test_a_band_the_job_grading_lacks_ranks_last_among_equals() -> None:
    e = job(2, 2, 1)  # 31, mid: every factor inside both profiles
    absent = prepare(
        score(_profile("nope"), SCHEME, SCHEME.grading),
        FileRef("a.yaml", "1" * 64),
        SCHEME_FILE,
        NONE,
    )
    far = prepared(band="high", title="B")  # 19 points below high
    fits = {p.file.path: fit(job_levels(e), p, NONE) for p in (absent, far)}
    assert fits["a.yaml"].band_gap is None
    assert fits["a.yaml"].verdict is Verdict.NO_MATCH
    assert fits["B.yaml"].band_gap == -19
    assert fits["B.yaml"].key(far) < fits["a.yaml"].key(absent)
    m = detail(job_levels(e), absent, NONE)
    assert m.band is None
    assert m.reasons[0] == "band nope is not a band of the job's grading structure"


def test_a_job_scored_without_bands() -> None:
    q = Questionnaire.model_validate(
        {
            "job": {"title": "J"},
            "scheme": "small",
            "factors": {"a": {"level": 2}, "b": {"level": 2}, "c": {"level": 1}},
        }
    )
    m = detail(job_levels(evaluate(q, SCHEME, None)), prepared(), NONE)
    assert m.verdict is Verdict.NO_MATCH
    assert m.reasons[0] == (
        "the job is scored without bands, so its total cannot be set against band mid"
    )


def test_the_band_of_a_match_is_the_profile_band_in_the_job_grading() -> None:
    m = detail(job_levels(job(2, 2, 1)), prepared(), NONE)
    assert m.band is not None and (m.band.label, m.band.min, m.band.max) == ("mid", 30, 49)


def test_one_point_and_one_level() -> None:
    # a 2-3, b 2, c 1: job a4 b1 c1 is 40 + 5 + 1 = 46, inside mid: a +1, b -1.
    p = prepared(c=1)
    m = detail(job_levels(job(4, 1, 1)), p, Rule(max_varying=1, must_match=()))
    assert m.reasons[0] == "2 factors lie outside the profile's ranges (the rule allows 1)"
    above = detail(job_levels(job(2, 2, 1)), prepared(band="low"), NONE)  # 31: low ends at 29
    assert above.reasons[0] == "the total 31 is 2 points above band low (0-29)"
    one = detail(job_levels(job(1, 2, 1)), prepared(band="low", a=1), NONE)  # 21: in low
    assert one.verdict is Verdict.MATCH
    edge = detail(job_levels(job(1, 3, 1)), prepared(b=3, a=1), NONE)  # 26: 4 below mid
    assert edge.reasons[0] == "the total 26 is 4 points below band mid (30-49)"
    nearly = detail(job_levels(job(2, 2, 1)), prepared(band="high"), NONE)
    assert nearly.fit.band_gap == -19


def test_a_gap_of_one_point() -> None:
    # 30 + 10 + 1 = 41 against a band 'x' that ends at 40 in the job's own grading.
    grading = GradingStructure.model_validate(
        {
            "name": "G",
            "bands": [
                {"label": "low", "min": 0, "max": 29},
                {"label": "mid", "min": 30, "max": 40},
                {"label": "high", "min": 41},
            ],
        }
    )
    q = Questionnaire.model_validate(
        {
            "job": {"title": "J"},
            "scheme": "small",
            "factors": {"a": {"level": 3}, "b": {"level": 2}, "c": {"level": 1}},
        }
    )
    m = detail(job_levels(evaluate(q, SCHEME, grading)), prepared(), NONE)
    assert m.fit.band_gap == 1
    assert m.reasons[0] == "the total 41 is 1 point above band mid (30-40)"


def test_steps_beyond_the_rule_say_which_way() -> None:
    p = prepared(a=4)  # job a2: two levels below
    m = detail(job_levels(job(2, 2, 1)), p, NONE)
    assert "A lies 2 levels below the profile's range (the rule allows 1)" in m.reasons
    up = detail(job_levels(job(4, 2, 1)), prepared(a=2), Rule(max_step=0, must_match=()))
    assert "A lies 2 levels above the profile's range (the rule allows 0)" in up.reasons


def test_inside_but_outside_the_band_says_so() -> None:
    m = detail(job_levels(job(2, 2, 1)), prepared(band="low"), NONE)
    assert m.reasons == (
        "the total 31 is 2 points above band low (0-29)",
        "every factor lies inside the profile's ranges",
    )


def test_the_generic_note_only_when_every_factor_is_inside() -> None:
    p = prepared(a="1-2", c="1-3")  # spans 21-43 against mid's 30-49: generic
    inside = detail(job_levels(job(1, 2, 1)), p, NONE)
    assert inside.reasons[1] == (
        "the profile is generic (its minimum lies below its band's floor): a job at the bottom "
        "of its ranges belongs to a profile in the band below"
    )
    varying = detail(job_levels(job(1, 1, 1)), p, NONE)  # b below: 16, low
    assert not any("generic" in r for r in varying.reasons)


def test_letters_that_differ_are_listed_in_full() -> None:
    p = prepared(a="2-3a")
    m = detail(job_levels(job("3ab", 2, 1)), p, NONE)
    assert m.factors[0].letters_differ == "b"
    # (The job's letters are the scheme's business when it is loaded; here only the profile's.)
    both = detail(job_levels(job("3cd", 2, 1)), prepared(a="3a"), NONE)
    assert both.factors[0].letters_differ == "cd"


# --- profiles -------------------------------------------------------------------------------


def test_syntax_messages_in_full() -> None:
    with pytest.raises(ValueError) as at_start:
        parse_range("x")
    assert str(at_start.value) == (
        "'x' is not a profile level: write a level with optional letters (4a, 3(a)(b)), a span "
        "(2-3ab) or consecutive levels (2a-3ab4b)"
    )
    with pytest.raises(ValueError) as later:
        parse_range("1-2-3x!")
    assert str(later.value).startswith("'1-2-3x!' is not a profile level after '1-2-3x': write")
    with pytest.raises(ValueError) as long_prefix:
        parse_range("1-2-3-4-5-6-7-8-9-10-11x!")
    assert " after '1-2-3-4-5-6-7-8-9-10… (24 characters)': write" in str(long_prefix.value)


def test_value_messages_in_full() -> None:
    for value, said in (
        (None, "no level given: write a level (4a) or a range (2-3ab)"),
        ([2], "[2] is not a profile level: write a level (4a) or a range (2-3ab)"),
        (2.5, "2.5 is not a profile level: write a level (4a) or a range (2-3ab)"),
    ):
        with pytest.raises(ValueError) as raised:
            Profile.model_validate(
                {
                    "profile": {"title": "T", "band": "mid", "status": "illustrative"},
                    "scheme": "small",
                    "factors": {"a": value},
                }
            )
        assert said in str(raised.value)


def test_ranges_by_factor_leaves_unknown_and_repeated_names_out() -> None:
    scheme = _aliased()
    p = Profile.model_validate(
        {
            "profile": {"title": "T", "band": "mid", "status": "illustrative"},
            "scheme": "small",
            "factors": {"zz": 1, "a": "2-3", "alpha": 4, "b": 2},
        }
    )
    got = ranges_by_factor(p, scheme)
    assert list(got) == ["a", "b"]
    assert (got["a"].low, got["a"].high) == (2, 3)


def test_every_finding_is_reported_not_only_the_first() -> None:
    scheme = _aliased()
    p = _profile(zz=1, a="2-3", alpha="2", b=9, c="1a2z")
    messages = [f.message for f in profile_findings(p, scheme, SCHEME.grading)]
    assert messages == [
        "'zz' is not a factor of scheme 'small'; its factors are: a, b, c",
        "factor 'a' is given twice (as 'a' and 'alpha')",
        "'9' names level 9, above the top level (3) of B",
        "level 2 of C has alternatives a, b, not z",
    ]


def test_band_findings() -> None:
    no_bands = SCHEME.model_copy(update={"grading": None})
    (finding,) = profile_findings(_profile(), no_bands, None)
    assert finding.loc == ("profile", "band")
    assert finding.message == (
        "scheme 'small' has no bands, so band 'mid' cannot be checked; give a grading "
        "structure with --bands"
    )
    assert not finding.warning
    (missing,) = profile_findings(_profile("top"), SCHEME, SCHEME.grading)
    assert missing.loc == ("profile", "band")
    assert missing.message == "band 'top' is not a band of 'G' (bands: low, mid, high)"


def test_score_without_bands() -> None:
    s = score(_profile(), SCHEME.model_copy(update={"grading": None}), None)
    assert s.band is None
    assert (s.min_total, s.max_total) == (31, 42)
    assert s.generic is False and s.above_ceiling is False
    assert range_findings(s) == []


def test_range_edges_against_the_band() -> None:
    # Custom bands make every edge reachable: the range 26-28 (a 1, b 3, c 1-3) against them.
    def findings(lo: int, hi: int | None) -> list[str]:
        grading = GradingStructure.model_validate(
            {"name": "G", "bands": [{"label": "x", "min": lo, "max": hi}]}
        )
        s = score(_profile("x", a=1, b=3, c="1-3"), SCHEME, grading)
        assert (s.min_total, s.max_total) == (26, 28)
        out = range_findings(s)
        assert all(f.warning and f.loc == ("profile", "band") for f in out)
        return [f.message for f in out]

    assert findings(29, 40) == ["the whole score range 26-28 lies below band x (29-40): no job "
                                "matching every range can reach it"]  # fmt: skip
    assert findings(28, 40) == []  # the top reaches the floor
    assert findings(10, 25) == ["the whole score range 26-28 lies above band x (10-25)"]
    assert findings(10, 26) == [
        "the maximum score 28 lies above the ceiling of band x (10-26): a job at the top of "
        "every range would be graded higher"
    ]
    assert findings(10, 28) == []
    assert findings(10, None) == []
    assert findings(27, None) == []  # generic, which is not a warning
