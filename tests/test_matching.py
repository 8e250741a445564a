"""Matching jobs to profiles: the engine on a scheme small enough to check by hand, an oracle
for the verdict, and ``jescore match`` on the shipped examples.

The small scheme: factor a (levels worth 10, 20, 30, 40), b (5, 10, 15), c (1, 2, 3).
Bands: low 0-29, mid 30-49, high 50 and above.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jescore.engine import evaluate
from jescore.matching import Rule, Verdict, banks, detail, fit, job_levels, match_job, prepare
from jescore.models import FileRef, Profile, Questionnaire, Scheme
from jescore.profile_range import profile_findings, score
from tests.harness import run

POINTS = {"a": [10, 20, 30, 40], "b": [5, 10, 15], "c": [1, 2, 3]}
SCHEME = Scheme.model_validate(
    {
        "id": "small",
        "name": "Small",
        "edition": "test",
        "status": "illustrative",
        "factors": [
            {
                "id": fid,
                "name": fid.upper(),
                "levels": [
                    {"level": i + 1, "points": p, "summary": "x", "letters": "ab"}
                    for i, p in enumerate(points)
                ],
            }
            for fid, points in POINTS.items()
        ],
        "grading": {
            "name": "G",
            "bands": [
                {"label": "low", "min": 0, "max": 29},
                {"label": "mid", "min": 30, "max": 49},
                {"label": "high", "min": 50},
            ],
        },
    }
)
SCHEME_FILE = FileRef("small.yaml", "0" * 64)
NONE = Rule(must_match=())


def prepared(band: str = "mid", title: str = "P", **ranges: str | int):  # type: ignore[no-untyped-def]
    profile = Profile.model_validate(
        {
            "profile": {"title": title, "band": band, "status": "illustrative"},
            "scheme": "small",
            "factors": {"a": "2-3", "b": 2, "c": "1-2", **ranges},
        }
    )
    assert [f for f in profile_findings(profile, SCHEME, SCHEME.grading) if not f.warning] == []
    scored = score(profile, SCHEME, SCHEME.grading)
    return prepare(scored, FileRef(f"{title}.yaml", "1" * 64), SCHEME_FILE, NONE)


def job(a: int | str, b: int | str, c: int | str):  # type: ignore[no-untyped-def]
    q = Questionnaire.model_validate(
        {
            "job": {"title": "J"},
            "scheme": "small",
            "factors": {"a": {"level": a}, "b": {"level": b}, "c": {"level": c}},
        }
    )
    return evaluate(q, SCHEME, SCHEME.grading)


def test_every_factor_inside_and_the_total_in_band_is_a_match() -> None:
    e = job(2, 2, 1)  # 20 + 10 + 1 = 31, mid
    p = prepared()
    f = fit(job_levels(e), p, NONE)
    assert f == (Verdict.MATCH, 0, 0, 0, (), 0)
    m = detail(job_levels(e), p, NONE)
    assert [x.outside_by for x in m.factors] == [0, 0, 0]
    assert m.reasons == ("every factor lies inside the profile's ranges and the total in band mid",)


def test_outside_by_counts_levels_above_and_below() -> None:
    p = prepared(a="3-4", c=1)
    m = detail(job_levels(job(1, 2, 3)), p, NONE)  # a two below 3-4, c two above 1
    assert [x.outside_by for x in m.factors] == [-2, 0, 2]
    assert (m.fit.outside, m.fit.distance, m.fit.widest) == (2, 4, 2)


def test_a_variation_within_the_rule_and_the_band() -> None:
    e = job(3, 3, 2)  # b +1 above 2; 30 + 15 + 2 = 47, mid
    p = prepared()
    m = detail(job_levels(e), p, NONE)
    assert m.verdict is Verdict.VARIATIONS
    assert m.reasons[-1] == "varies on b +1, within the rule; the total is in band mid"


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (
            Rule(max_varying=0, must_match=()),
            "1 factor lies outside the profile's ranges (the rule allows 0)",
        ),
        (
            Rule(max_step=0, must_match=()),
            "B lies 1 level above the profile's range (the rule allows 0)",
        ),
        (Rule(must_match=("b",)), "B lies outside the profile's range and must match"),
    ],
)
def test_each_part_of_the_rule_can_refuse(rule: Rule, reason: str) -> None:
    e = job(3, 3, 2)
    p = prepare(prepared().scored, FileRef("P.yaml", "1" * 64), SCHEME_FILE, rule)
    m = detail(job_levels(e), p, rule)
    assert m.verdict is Verdict.NO_MATCH
    assert reason in m.reasons


def test_the_rule_limits_are_inclusive() -> None:
    e = job(4, 3, 3)  # a +1, b +1, c +1: total 40 + 15 + 3 = 58, high
    p = prepared(band="high")
    at = Rule(max_varying=3, max_step=1, must_match=())
    assert fit(job_levels(e), p, at).verdict is Verdict.VARIATIONS
    below = Rule(max_varying=2, max_step=1, must_match=())
    assert fit(job_levels(e), p, below).verdict is Verdict.NO_MATCH


def test_a_total_outside_the_band_is_no_match_even_with_every_factor_inside() -> None:
    # a 1-2, b 2, c 1-3 spans 21-43 against mid's 30-49: generic.
    p = prepared(a="1-2", c="1-3")
    assert p.scored.generic
    m = detail(job_levels(job(1, 2, 1)), p, NONE)  # 10 + 10 + 1 = 21, low
    assert m.verdict is Verdict.NO_MATCH
    assert m.fit.band_gap == -9
    assert m.reasons[0] == "the total 21 is 9 points below band mid (30-49)"
    assert "the profile is generic" in m.reasons[1]


def test_a_total_above_the_band() -> None:
    m = detail(job_levels(job(4, 3, 3)), prepared(), NONE)  # 58, high: mid ends at 49
    assert m.fit.band_gap == 9
    assert m.reasons[0] == "the total 58 is 9 points above band mid (30-49)"


def test_letters_that_differ_are_reported_not_counted() -> None:
    p = prepared(a="2a-3b")
    m = detail(job_levels(job("2b", 2, 1)), p, NONE)
    assert m.verdict is Verdict.MATCH
    assert m.factors[0].letters_differ == "b"
    assert m.factors[0].outside_by == 0
    # A level where the profile names no letters: nothing to compare.
    same = detail(job_levels(job("3", "2a", 1)), p, NONE)
    assert same.factors[1].letters_differ == ""


def test_profiles_are_ranked_best_fit_first() -> None:
    e = job(3, 3, 2)  # 47, mid
    profiles = [
        prepared(title="far", a=1, b=1, c=3),  # 3 outside
        prepared(title="variation"),  # b +1: match with variations
        prepared(title="exact", b=3),  # match
        prepared(title="wrong band", band="high", b=3),  # inside, but band high
        prepared(title="near", a=3, b=1),  # b +2: no match, 1 outside, distance 2
    ]
    result = match_job(e, SCHEME_FILE, banks(profiles, NONE), NONE)
    order = [p.scored.title for p, _ in result.ranked]
    assert order == ["exact", "variation", "wrong band", "near", "far"]
    assert result.counts == {Verdict.MATCH: 1, Verdict.VARIATIONS: 1, Verdict.NO_MATCH: 3}


def test_profiles_under_another_scheme_file_are_left_out() -> None:
    other = prepared()
    moved = prepare(other.scored, other.file, FileRef("small.yaml", "2" * 64), NONE)
    result = match_job(job(2, 2, 1), SCHEME_FILE, banks([other, moved], NONE), NONE)
    assert len(result.ranked) == 1 and result.other_scheme == 1 and result.considered == 1
    alone = match_job(job(2, 2, 1), FileRef("x.yaml", "3" * 64), banks([other], NONE), NONE)
    assert (alone.ranked, alone.considered, alone.other_scheme) == ((), 0, 1)
    assert alone.best is None


LEVELS = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3))


@st.composite
def ranges(draw: st.DrawFn) -> dict[str, str]:
    out = {}
    for fid, points in POINTS.items():
        low = draw(st.integers(1, len(points)))
        high = draw(st.integers(low, len(points)))
        out[fid] = f"{low}-{high}" if high > low else str(low)
    return out


@given(
    LEVELS,
    ranges(),
    st.sampled_from(["low", "mid", "high"]),
    st.integers(0, 3),
    st.integers(0, 3),
    st.sets(st.sampled_from(["a", "b", "c"])),
)
def test_the_verdict_agrees_with_a_plain_reading_of_the_rule(
    levels: tuple[int, int, int],
    spans: dict[str, str],
    band: str,
    max_varying: int,
    max_step: int,
    must: set[str],
) -> None:
    rule = Rule(max_varying, max_step, tuple(sorted(must)))
    p = prepare(prepared(band=band, **spans).scored, FileRef("P", "1" * 64), SCHEME_FILE, rule)
    e = job(*levels)
    got = detail(job_levels(e), p, rule)
    # The oracle: points summed by hand, bands by comparison, the rule read literally.
    total = sum(POINTS[fid][lv - 1] for fid, lv in zip(POINTS, levels, strict=True))
    in_band = {"low": total <= 29, "mid": 30 <= total <= 49, "high": total >= 50}[band]
    outside = {}
    for fid, lv in zip(POINTS, levels, strict=True):
        low, _, high = spans[fid].partition("-")
        lo, hi = int(low), int(high or low)
        outside[fid] = lv - hi if lv > hi else lv - lo if lv < lo else 0
    varying = [fid for fid, n in outside.items() if n]
    if not in_band:
        expected = Verdict.NO_MATCH
    elif not varying:
        expected = Verdict.MATCH
    elif (
        len(varying) <= max_varying
        and all(abs(outside[fid]) <= max_step for fid in varying)
        and not must & set(varying)
    ):
        expected = Verdict.VARIATIONS
    else:
        expected = Verdict.NO_MATCH
    assert got.verdict is expected
    assert [f.outside_by for f in got.factors] == list(outside.values())
    assert got.fit.outside == len(varying)
    assert got.fit.distance == sum(abs(n) for n in outside.values())
    assert bool(got.reasons)


# --- the command ------------------------------------------------------------------------------


def test_the_nurse_example_matches_the_nurse_profile_with_variations(in_root: Path) -> None:
    code, out, err = run("match", "examples/nhs-nurse.yaml", "examples/profiles", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["rule"] == {
        "max_varying": 4,
        "max_step": 1,
        "must_match": ["knowledge", "freedom-to-act"],
        "total_in_band": True,
        "source": "jescore's convention, not the NHS handbook's rule: the handbook's tolerance "
        "rule (chapter 11) could not be confirmed from a public source",
    }
    (j,) = data["jobs"]
    assert (j["score"]["total"], j["score"]["band"]["label"], j["best_verdict"]) == (
        388,
        "5",
        "match-with-variations",
    )
    assert j["counts"] == {"match": 0, "match-with-variations": 1, "no-match": 1}
    best, other = j["profiles"]
    assert best["profile"]["title"] == "Nursing: Nurse"
    assert best["verdict"] == "match-with-variations"
    outside = {f["id"]: f["outside_by"] for f in best["factors"] if f["outside_by"]}
    assert outside == {"policy": 1, "information": 1, "mental-effort": 1}
    assert best["generic"] is True and best["score_range"] == {"min": 317, "max": 390}
    assert other["profile"]["title"] == "Illustrative: senior ward nurse"
    assert other["verdict"] == "no-match"
    assert other["band_gap"] == 388 - 396
    assert "knowledge lies outside" not in " ".join(other["reasons"])  # names, not ids
    assert any("Knowledge, training and experience lies outside" in r for r in other["reasons"])
    assert "UNVERIFIED" in err and "ILLUSTRATIVE" in err


def test_the_table_names_the_rule_as_jescores_convention(in_root: Path) -> None:
    code, out, _ = run("match", "examples/nhs-nurse.yaml", "examples/profiles")
    assert code == 0
    assert "jescore's convention, not the NHS handbook's rule" in out
    assert "match-with-variations" in out
    assert "+1 above" in out
    assert "generic" in out


@pytest.mark.parametrize(
    ("options", "verdict"),
    [
        ((), "match-with-variations"),
        (("--max-varying", "2"), "no-match"),
        (("--max-varying", "3"), "match-with-variations"),
        (("--max-step", "0"), "no-match"),
        (("--must-match", "mental-effort"), "no-match"),
        (("--must-match", "none"), "match-with-variations"),
    ],
)
def test_the_rule_comes_from_the_options(
    in_root: Path, options: tuple[str, ...], verdict: str
) -> None:
    code, out, _ = run(
        "match",
        "examples/nhs-nurse.yaml",
        "examples/profiles/nursing-nurse.yaml",
        "-f",
        "json",
        *options,
    )
    assert code == 0
    assert json.loads(out)["jobs"][0]["best_verdict"] == verdict


def test_an_unknown_must_match_factor_is_a_usage_error(in_root: Path) -> None:
    code, _, err = run(
        "match", "examples/nhs-nurse.yaml", "examples/profiles", "--must-match", "knowlege"
    )
    assert code == 2
    assert "--must-match: knowlege is not a factor of scheme 'nhs-afc'" in err


def test_the_gate(in_root: Path) -> None:
    nurse = ("match", "examples/nhs-nurse.yaml", "examples/profiles")
    assert run(*nurse, "--fail-on", "no-match")[0] == 0
    assert run(*nurse, "--fail-on", "variations")[0] == 1
    code, out, _ = run(
        "match", "examples/nhs-hcsw.yaml", "examples/profiles", "--fail-on", "no-match"
    )
    assert code == 1
    assert "no-match" in out
    code, out, _ = run(*nurse, "--fail-on", "no-match", "-f", "json")
    assert json.loads(out)["gate_tripped"] is False


def test_many_jobs_give_a_summary(in_root: Path) -> None:
    code, out, _ = run("match", "examples/*.yaml", "examples/profiles", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_file = {r["file"]: r for r in rows}
    assert len(rows) == 9  # every questionnaire under examples/, profiles left out
    nurse = by_file["examples/nhs-nurse.yaml"]
    assert (nurse["best_profile"], nurse["verdict"], nurse["factors_outside"]) == (
        "Nursing: Nurse",
        "match-with-variations",
        "3",
    )
    assert (
        by_file["examples/vlo.yaml"]["best_profile"] == "(no profile under probation-illustrative)"
    )
    code, out, _ = run("match", "examples/*.yaml", "examples/profiles", "-f", "json")
    jobs = json.loads(out)["jobs"]
    assert len(jobs) == 9 and all(len(j["profiles"]) <= 1 for j in jobs)
    code, out, _ = run("match", "examples/*.yaml", "examples/profiles")
    assert "9 jobs: 0 match, 1 match with variations, 8 no match (7 with no profile" in out
    code, out, _ = run("match", "examples/*.yaml", "examples/profiles", "-f", "markdown")
    assert out.startswith("# Job matching summary (jescore)")


def test_markdown_is_a_panel_record(in_root: Path) -> None:
    code, out, _ = run("match", "examples/nhs-nurse.yaml", "examples/profiles", "-f", "markdown")
    assert code == 0
    assert out.startswith("# Job matching record (jescore)")
    assert "### Nursing: Nurse (band 5, unverified): match-with-variations" in out
    assert "| Responsibility for policy/service development | 2 | 1 | +1 above |" in out


def test_nothing_to_match_is_an_error(in_root: Path, tmp_path: Path) -> None:
    code, _, err = run("match", "examples/nhs-nurse.yaml")
    assert code == 3 and "no profile found in: examples/nhs-nurse.yaml" in err
    code, _, err = run("match", "examples/profiles")
    assert code == 3 and "no questionnaire found in: examples/profiles" in err
    code, _, err = run("match", "examples/nhs-nurse.yaml", "factors/nhs-afc.yaml")
    assert code == 3 and "is a scheme" in err


def test_a_bad_profile_is_reported_and_the_rest_still_matched(
    in_root: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "profile: {title: X, band: '5', status: illustrative}\n"
        "scheme: nhs-afc\n"
        "factors: {knowledge: 9-2}\n",
        encoding="utf-8",
    )
    code, out, err = run(
        "match", "examples/nhs-nurse.yaml", "examples/profiles", bad, "--allow-dir", tmp_path
    )
    assert code == 3
    assert "bad.yaml:3: factors.knowledge:" in err
    assert "Nursing: Nurse" in out


def test_a_profile_written_from_a_job_matches_it_under_any_scheme(
    in_root: Path, tmp_path: Path
) -> None:
    import yaml

    job_data = yaml.safe_load((in_root / "examples" / "vlo.yaml").read_text(encoding="utf-8"))
    levels = {fid: answer["level"] for fid, answer in job_data["factors"].items()}
    profile = {
        "profile": {
            "title": "VLO as evaluated",
            "band": "3",
            "status": "illustrative",
            "statement": "One line of statement, written as plain text",
        },
        "scheme": "probation-illustrative",
        "factors": levels,
    }
    path = tmp_path / "vlo-profile.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    code, out, err = run("match", "examples/vlo.yaml", path, "--allow-dir", tmp_path, "-f", "json")
    assert code == 0, err
    (job,) = json.loads(out)["jobs"]
    assert job["best_verdict"] == "match"
    # The default rule names knowledge and freedom-to-act; this scheme has no freedom-to-act.
    assert job["must_match"] == ["knowledge"]
    assert all(f["outside_by"] == 0 for f in job["profiles"][0]["factors"])
    code, out, _ = run("profile", "show", path, "-f", "json")
    assert json.loads(out)["profile"]["statement"] == [
        "One line of statement, written as plain text"
    ]


@given(
    st.lists(ranges(), min_size=1, max_size=12),
    st.lists(st.sampled_from(["low", "mid", "high", "none"]), min_size=12, max_size=12),
    LEVELS,
    st.integers(0, 3),
    st.integers(0, 2),
    st.sets(st.sampled_from(["a", "b", "c"])),
    st.integers(1, 13),
)
def test_the_column_wise_bank_ranks_as_fit_does_pair_by_pair(
    spans: list[dict[str, str]],
    bands: list[str],
    levels: tuple[int, int, int],
    max_varying: int,
    max_step: int,
    must: set[str],
    top: int,
) -> None:
    rule = Rule(max_varying, max_step, tuple(sorted(must)))
    profiles = []
    for n, (span, band) in enumerate(zip(spans, bands, strict=False)):
        profile = Profile.model_validate(
            {
                "profile": {"title": f"P{n % 3}", "band": band, "status": "illustrative"},
                "scheme": "small",
                "factors": span,
            }
        )
        scored = score(profile, SCHEME, SCHEME.grading)
        profiles.append(prepare(scored, FileRef(f"p{n}.yaml", "1" * 64), SCHEME_FILE, rule))
    e = job(*levels)
    result = match_job(e, SCHEME_FILE, banks(profiles, rule), rule, top)
    pairs = [(p, fit(job_levels(e), p, rule)) for p in profiles]
    pairs.sort(key=lambda pair: pair[1].key(pair[0]))
    assert [(p.file.path, f) for p, f in result.ranked] == [
        (p.file.path, f) for p, f in pairs[:top]
    ]
    assert result.counts == {v: sum(1 for _, f in pairs if f.verdict is v) for v in Verdict}
    assert result.considered == len(profiles)
