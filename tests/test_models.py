"""Models: level parsing, bands, and the consistency rules of schemes and gradings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jescore.models import (
    Band,
    GradingStructure,
    Questionnaire,
    Scheme,
    parse_level,
    questionnaire_findings,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (4, (4, "")),
        ("4", (4, "")),
        ("4a", (4, "a")),
        ("4(a)", (4, "a")),
        ("4ab", (4, "ab")),
        ("4(a)(b)", (4, "ab")),
        ("4A", (4, "a")),
        (" 6d ", (6, "d")),
    ],
)
def test_parse_level_accepts_letter_forms(raw: int | str, expected: tuple[int, str]) -> None:
    assert parse_level(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2-3ab", "is a range"),
        ("1-2b-3c4b", "is a range"),
        ("four", "is not a level"),
        ("a4", "is not a level"),
        ("", "is not a level"),
        (0, "levels count from 1"),
        ("0a", "levels count from 1"),
        (-1, "levels count from 1"),
    ],
)
def test_parse_level_rejects(raw: int | str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_level(raw)


def test_band_bounds_are_inclusive() -> None:
    band = Band(label="5", min=326, max=395)
    assert [band.contains(t) for t in (325, 326, 395, 396)] == [False, True, True, False]
    assert Band(label="13", min=730).contains(10_000)


def test_band_label_accepts_whole_numbers() -> None:
    assert Band.model_validate({"label": 3, "min": 0, "max": 1}).label == "3"


def _scheme(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "t",
        "name": "T",
        "edition": "1",
        "status": "illustrative",
        "factors": [
            {
                "id": "a",
                "name": "A",
                "levels": [
                    {"level": 1, "points": 1, "summary": "x"},
                    {"level": 2, "points": 5, "summary": "y"},
                ],
            }
        ],
        "grading": {"name": "G", "bands": [{"label": "1", "min": 0, "max": 5}]},
    }
    data.update(changes)
    return data


def test_scheme_built_in_code_obeys_the_same_rules() -> None:
    Scheme.model_validate(_scheme())
    bad = _scheme(
        grading={
            "name": "G",
            "bands": [{"label": "1", "min": 0, "max": 3}, {"label": "2", "min": 3, "max": 9}],
        }
    )
    with pytest.raises(ValidationError, match="overlap"):
        Scheme.model_validate(bad)


def test_strict_types_refuse_yaml_surprises() -> None:
    with pytest.raises(ValidationError):
        Scheme.model_validate(_scheme(name=True))
    with pytest.raises(ValidationError):
        Band.model_validate({"label": "1", "min": "0", "max": 3})


def test_gap_between_bands_is_an_error() -> None:
    with pytest.raises(ValidationError, match="gap: totals 4-4"):
        GradingStructure.model_validate(
            {
                "name": "G",
                "bands": [{"label": "1", "min": 0, "max": 3}, {"label": "2", "min": 5}],
            }
        )


def test_open_band_must_be_last() -> None:
    with pytest.raises(ValidationError, match="no max, so no band may follow"):
        GradingStructure.model_validate(
            {
                "name": "G",
                "bands": [{"label": "1", "min": 0}, {"label": "2", "min": 5, "max": 9}],
            }
        )


def test_questionnaire_findings_accept_aliases_and_check_letters() -> None:
    scheme = Scheme.model_validate(
        _scheme(
            factors=[
                {
                    "id": "a",
                    "name": "A",
                    "aliases": ["f1"],
                    "levels": [
                        {"level": 1, "points": 1, "summary": "x", "letters": "ab"},
                        {"level": 2, "points": 5, "summary": "y"},
                        {"level": 3, "points": 9, "summary": "z", "letters": "a",
                         "letters_confirmed": False},
                    ],
                }
            ]
        )
    )  # fmt: skip

    def findings(level: str) -> list[tuple[tuple[str | int, ...], str, bool]]:
        q = Questionnaire.model_validate(
            {"job": {"title": "J"}, "scheme": "t", "factors": {"f1": {"level": level}}}
        )
        return [(f.loc, f.message, f.warning) for f in questionnaire_findings(q, scheme)]

    assert findings("1b") == findings("1(a)(b)") == findings("3a") == []
    loc = ("factors", "f1", "level")
    assert findings("1c") == [(loc, "level 1 of A has alternatives a, b, not c", False)]
    # Level 2 lists no letters and they are confirmed: any letter is an error.
    assert findings("2z") == [
        (loc, "level 2 of A has no lettered alternatives; remove z (write 2)", False)
    ]
    assert findings("2(a)(b)") == [
        (loc, "level 2 of A has no lettered alternatives; remove a, b (write 2)", False)
    ]
    # Level 3's letters are unconfirmed: one not listed is a warning, not an error.
    assert findings("3b") == [
        (
            loc,
            "letter b on level 3 of A could not be checked: the scheme marks this level's "
            "letters as unconfirmed (known: a)",
            True,
        )
    ]


@pytest.mark.parametrize("level", ["٣", "２", "1٣", "৪a"])
def test_only_ascii_digits_are_level_numbers(level: str) -> None:
    with pytest.raises(ValidationError, match="is not a level"):
        Questionnaire.model_validate(
            {"job": {"title": "J"}, "scheme": "t", "factors": {"a": {"level": level}}}
        )


def test_evidence_strings_become_items() -> None:
    q = Questionnaire.model_validate(
        {
            "job": {"title": "J"},
            "scheme": "t",
            "factors": {"a": {"level": 1, "evidence": ["x", {"text": "y", "source": "JD 2"}]}},
        }
    )
    evidence = q.factors["a"].evidence
    assert [(e.text, e.source) for e in evidence] == [("x", None), ("y", "JD 2")]
