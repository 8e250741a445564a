"""Job profiles: the published range notation, profile files, score ranges and the commands
``profile show`` and ``profile check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jescore.notation import LevelRange, parse_range
from tests.conftest import EXAMPLES
from tests.harness import run

NURSE_PROFILE = EXAMPLES / "profiles" / "nursing-nurse.yaml"

# --- the notation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "letters"),
    [
        (5, 5, 5, {}),
        ("5", 5, 5, {}),
        ("4a", 4, 4, {4: "a"}),
        ("5ac", 5, 5, {5: "ac"}),
        ("2-3ab", 2, 3, {3: "ab"}),
        ("1-2acd", 1, 2, {2: "acd"}),
        ("3ab-4b", 3, 4, {3: "ab", 4: "b"}),
        ("2a-3ab4b", 2, 4, {2: "a", 3: "ab", 4: "b"}),
        ("2a-3a", 2, 3, {2: "a", 3: "a"}),
        ("1-2b-3c4b", 1, 4, {2: "b", 3: "c", 4: "b"}),
        ("3(a)(b)", 3, 3, {3: "ab"}),
        ("3 (a)(b)", 3, 3, {3: "ab"}),
        ("2-3(a)", 2, 3, {3: "a"}),
        ("2 - 3AB", 2, 3, {3: "ab"}),
        ("2\u20133ab", 2, 3, {3: "ab"}),  # an en dash, as printed in the PDFs
        ("1-4", 1, 4, {}),
        ("2a3b", 2, 3, {2: "a", 3: "b"}),
    ],
)
def test_the_published_notation(
    text: int | str, low: int, high: int, letters: dict[int, str]
) -> None:
    r = parse_range(text)
    assert (r.low, r.high) == (low, high)
    assert dict(r.letters) == letters
    for level in range(low, high + 1):
        assert r.contains(level)
        assert r.outside_by(level) == 0
    assert r.outside_by(high + 2) == 2
    assert r.outside_by(low - 1) == -1
    assert not r.contains(high + 1)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("a", "is not a profile level"),
        ("3-2", "not from 3 to 2"),
        ("2-2", "not from 2 to 2"),
        ("2a4b", "levels 2 and 4 are written one after another"),
        ("3a2b", "levels 3 and 2 are written one after another"),
        ("0", "level 0 does not exist"),
        ("2--3", "is not a profile level after '2-'"),
        ("2-", "is not a profile level after '2-'"),
        ("-2", "is not a profile level"),
        ("4a/5", "is not a profile level after '4a'"),
        ("\uff12", "is not a profile level"),  # a full-width two is not a level number
        ("\u0663", "is not a profile level"),  # nor an Arabic-Indic three
        ("3(a", "is not a profile level"),
        ("1234", "is not a profile level"),
    ],
)
def test_what_is_not_the_notation_is_said_plainly(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=None) as raised:
        parse_range(text)
    assert said in str(raised.value)


@st.composite
def written_ranges(draw: st.DrawFn) -> tuple[str, int, int, dict[int, str]]:
    """A range and the letters at some of its levels, written in one of the published styles."""
    low = draw(st.integers(1, 8))
    high = draw(st.integers(low, 9))
    letters = {
        level: "".join(sorted(draw(st.sets(st.sampled_from("abcde"), min_size=1, max_size=3))))
        for level in range(low, high + 1)
        if draw(st.booleans())
    }
    brackets = draw(st.booleans())

    def term(level: int) -> str:
        named = letters.get(level, "")
        return f"{level}" + ("".join(f"({c})" for c in named) if brackets else named)

    if draw(st.booleans()) or low == high:
        # every level with letters named, consecutive terms joined by nothing or by '-'
        parts = [term(low)]
        previous = low
        for level in range(low + 1, high + 1):
            if level in letters or level == high:
                # Written one after another only after letters: '23' is level 23, '2a3' is 2-3.
                adjacent = level == previous + 1 and previous in letters and draw(st.booleans())
                parts.append(("" if adjacent else "-") + term(level))
                previous = level
        text = "".join(parts) if low != high else term(low)  # every lettered level named
    else:
        text = f"{term(low)}-{term(high)}"
        letters = {lv: v for lv, v in letters.items() if lv in {low, high}}
    return text, low, high, letters


@given(written_ranges())
def test_any_range_written_in_the_notation_reads_back(
    case: tuple[str, int, int, dict[int, str]],
) -> None:
    text, low, high, letters = case
    r = parse_range(text)
    assert isinstance(r, LevelRange)
    assert (r.low, r.high) == (low, high)
    assert dict(r.letters) == letters
    assert r.text == text


# --- the example profile, checked against its source -------------------------------------------

# The public copy this profile comes from stores, beside each factor's level, the points of
# the highest level of its range: these numbers are the source's, not jescore's.
SOURCE_TOP_POINTS = {
    "communication": 32,
    "knowledge": 120,
    "analytical": 27,
    "planning": 15,
    "physical-skills": 27,
    "patient-care": 30,
    "policy": 5,
    "financial": 12,
    "human-resources": 12,
    "information": 4,
    "research": 12,
    "freedom-to-act": 21,
    "physical-effort": 18,
    "mental-effort": 12,
    "emotional-effort": 25,
    "working-conditions": 18,
}


def test_nursing_nurse_scores_as_its_source_says_and_is_generic(in_root: Path) -> None:
    code, out, err = run("profile", "show", NURSE_PROFILE, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    tops = {f["id"]: f["points"]["max"] for f in data["factors"]}
    assert tops == SOURCE_TOP_POINTS
    # 317-390 against Band 5's 326-395 (the minimum as worked out from the points table).
    assert data["score_range"] == {"min": 317, "max": 390}
    assert sum(SOURCE_TOP_POINTS.values()) == 390
    assert data["band"] == {"label": "5", "min": 326, "max": 395}
    assert data["generic"] is True
    assert data["above_ceiling"] is False
    assert data["profile"]["status"] == "unverified"
    assert "UNVERIFIED" in err
    physical = next(f for f in data["factors"] if f["id"] == "physical-effort")
    assert (physical["low"], physical["high"], physical["letters"]) == (
        1,
        4,
        {"2": "b", "3": "c", "4": "b"},
    )


def test_profile_show_table_flags_a_generic_profile(in_root: Path) -> None:
    code, out, _ = run("profile", "show", NURSE_PROFILE)
    assert code == 0
    assert "Score range" in out and "317-390" in out
    assert "Band 5: 326-395" in out
    assert "GENERIC: the minimum 317 lies below the floor of band 5 (326)" in out
    assert "UNVERIFIED" in out
    assert "1-2b-3c4b" in out


def test_profile_show_markdown(in_root: Path) -> None:
    code, out, _ = run("profile", "show", NURSE_PROFILE, "--format", "markdown")
    assert code == 0
    assert out.startswith("## Nursing: Nurse\n")
    assert "| **Score range** | | | **317-390** |" in out
    assert "**GENERIC:" in out


def test_profile_check_reports_each_file_and_skips_other_kinds(in_root: Path) -> None:
    code, out, _ = run("profile", "check", "examples")
    assert code == 0
    # One "ok:" entry a profile, wrapped with a hanging indent.
    entries = [" ".join(e.split()) for e in out.split("ok: ")[1:]]
    assert len(entries) == 2
    assert any("'Nursing: Nurse' (unverified)" in e and e.endswith("generic") for e in entries)
    assert any("band 6 (396-465), score range 413-452" in e for e in entries)


def test_a_named_file_of_another_kind_is_refused(in_root: Path) -> None:
    code, _, err = run("profile", "check", "examples/vlo.yaml")
    assert code == 3
    assert "is a questionnaire, not a profile file" in err
    code, _, err = run("evaluate", NURSE_PROFILE)
    assert code == 3
    assert "is a job profile (use it with 'jescore match' or 'jescore profile')" in err


def _profile(tmp_path: Path, factors: str, band: str = '"5"', extra: str = "") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "profile:\n"
        "  title: Test\n"
        f"  band: {band}\n"
        "  status: illustrative\n"
        f"{extra}"
        "scheme: nhs-afc\n"
        "factors:\n" + factors,
        encoding="utf-8",
    )
    return path


ALL_FACTORS = """\
  communication: 4a
  knowledge: 5
  analytical: 3
  planning: 2
  physical-skills: 2-3ab
  patient-care: 5ac
  policy: 1
  financial: 1-2acd
  human-resources: 1-2ab
  information: 1
  research: 1-2ab
  freedom-to-act: 3
  physical-effort: 1-2b-3c4b
  mental-effort: 2a-3a
  emotional-effort: 2a-3ab4b
  working-conditions: 3ab-4b
"""


def test_a_valid_profile_checks(tmp_path: Path) -> None:
    code, out, _ = run("profile", "check", _profile(tmp_path, ALL_FACTORS))
    assert code == 0
    assert "score range 317-390, generic" in " ".join(out.split())


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        ("knowledge: 5", "knowledge: 3-1", 8, "not from 3 to 1"),
        ("knowledge: 5", "knowledge: 9", 8, "names level 9, above the top level (8)"),
        ("analytical: 3", "analytical: 3a", 9, "has no lettered alternatives; remove a"),
        ("communication: 4a", "communication: 4z", 7, "has alternatives a, b, not z"),
        ("policy: 1", "polcy: 1", 13, "'polcy' is not a factor of scheme 'nhs-afc'"),
        ("  policy: 1\n", "", 6, "no level for factor 'policy'"),
        ("planning: 2", "planning: [2, 3]", 10, "is not a profile level"),
        ("planning: 2", "planning:", 10, "no level given"),
        ("planning: 2", "planning: true", 10, "YAML reads 'true' as true"),
    ],
)
def test_profile_mistakes_have_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, said: str
) -> None:
    path = _profile(tmp_path, ALL_FACTORS.replace(old, new))
    code, _, err = run("profile", "check", path)
    assert code == 3, err
    assert f"p.yaml:{line}:" in err
    assert said in err


def test_an_unconfirmed_letter_warns(tmp_path: Path) -> None:
    # Physical effort's letters at levels 2-5 could not be confirmed: a letter the scheme does
    # not list there is accepted with a warning.
    path = _profile(tmp_path, ALL_FACTORS.replace("1-2b-3c4b", "1-2z"))
    code, _, err = run("profile", "check", path)
    assert code == 0
    assert "p.yaml:19: warning: factors.physical-effort: letter z on level 2" in err
    assert "could not be checked" in err


def test_a_band_the_grading_lacks_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("profile", "check", _profile(tmp_path, ALL_FACTORS, band='"5b"'))
    assert code == 3
    assert "p.yaml:3: profile.band: band '5b' is not a band of" in err


def test_a_factor_given_twice_through_an_alias(tmp_path: Path) -> None:
    from jescore.loader import Library

    scheme = Library().scheme("nhs-afc").scheme
    knowledge = next(f for f in scheme.factors if f.id == "knowledge")
    if not knowledge.aliases:
        pytest.skip("the shipped NHS scheme gives knowledge no alias")  # pragma: no cover
    path = _profile(tmp_path, ALL_FACTORS + f"  {knowledge.aliases[0]}: 5\n")
    code, _, err = run("profile", "check", path)
    assert code == 3
    assert "factor 'knowledge' is given twice" in err


def test_a_duplicated_key_is_an_error(tmp_path: Path) -> None:
    path = _profile(tmp_path, ALL_FACTORS + "  knowledge: 6\n")
    code, _, err = run("profile", "check", path)
    assert code == 3
    assert "p.yaml:23:" in err and "duplicate key 'knowledge' (first at line 8)" in err


def test_a_range_above_the_band_warns(tmp_path: Path) -> None:
    path = _profile(tmp_path, ALL_FACTORS.replace("knowledge: 5", "knowledge: 5-6"))
    code, _, err = run("profile", "check", path)
    assert code == 0
    # 120 -> 156 points at the top: 390 + 36 = 426, above Band 5's ceiling of 395.
    assert "warning: profile.band: the maximum score 426 lies above the ceiling of band 5" in err


def test_a_range_wholly_below_its_band_warns(tmp_path: Path) -> None:
    code, _, err = run("profile", "check", _profile(tmp_path, ALL_FACTORS, band='"7"'))
    assert code == 0
    assert "the whole score range 317-390 lies below band 7 (466-539)" in err


def test_a_scheme_path_outside_the_tree_is_not_read(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    path = inner / "p.yaml"
    path.write_text(
        _profile(tmp_path, ALL_FACTORS)
        .read_text(encoding="utf-8")
        .replace("scheme: nhs-afc", "scheme: ../../../etc/passwd.yaml"),
        encoding="utf-8",
    )
    code, _, err = run("profile", "check", path)
    assert code == 3
    assert "lies outside the folders jescore may read" in err
    assert "root:" not in err


def test_profile_status_is_required_and_checked(tmp_path: Path) -> None:
    path = _profile(tmp_path, ALL_FACTORS)
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: illustrative", "status: official"),
        encoding="utf-8",
    )
    code, _, err = run("profile", "check", path)
    assert code == 3
    assert "p.yaml:4: profile.status:" in err


def test_the_schema_describes_the_notation() -> None:
    import re

    code, out, _ = run("schema", "profile")
    assert code == 0
    schema = json.loads(out)
    factors = schema["properties"]["factors"]["additionalProperties"]
    pattern = next(a["pattern"] for a in factors["anyOf"] if a.get("type") == "string")
    for good in ("4a", "2-3ab", "2a-3ab4b", "3 (a)(b)", "1-2b-3c4b", "2\u20133"):
        assert re.match(pattern, good), good
    for bad in ("a", "4a/5", "", "-2"):
        assert not re.match(pattern, bad), bad
