"""National job profiles: the file type, the published range notation, and score ranges.

A profile is the outcome of evaluating a benchmark job: per factor a level or a range of levels
with lettered alternatives, and a band. The NHS publishes hundreds; a matching panel compares a
job with them instead of evaluating it from scratch. Profiles are written as published:

- a *term* is a level number with optional letters: ``4``, ``4a``, ``3ab``, ``3(a)(b)``,
  ``3 (a)(b)`` (older profiles);
- ``-`` (or an en dash, as printed) spans every level between its ends: ``2-3ab`` is levels 2
  and 3, with alternatives a and b named at level 3;
- terms written one after another add levels: ``2a-3ab4b`` is levels 2 to 4.

Letters attach to the level number just before them and never change the points: a range
scores from the points of its lowest level to those of its highest.

Pure functions over validated models: no I/O and no printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, NamedTuple

from pydantic import Field, PlainValidator, WithJsonSchema, field_validator

from jescore.models import (
    Band,
    Factor,
    Finding,
    GradingStructure,
    Scheme,
    Source,
    Status,
    Text,
    _coerce_label,
    _Model,
    letter_findings,
    not_a_factor,
)
from jescore.safety import excerpt

# One term: a level number, then letters written plainly (3ab) or in brackets (3(a)(b)).
_TERM = r"[0-9]{1,3}[ \t]*(?:(?:\([ \t]*[a-zA-Z]+[ \t]*\)[ \t]*)+|[a-zA-Z]*)"
_TERM_RE = re.compile(r"[ \t]*([0-9]+)[ \t]*((?:\([ \t]*[a-zA-Z]+[ \t]*\)[ \t]*)+|[a-zA-Z]*)")
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: profiles are copied from PDFs
#: The whole notation, for the JSON Schema (the parser gives the precise message).
NOTATION_PATTERN = rf"^[ \t]*{_TERM}(?:[ \t]*[{_DASHES}]?[ \t]*{_TERM})*[ \t]*$"


class LevelRange(NamedTuple):
    """A factor's levels in a profile: ``low`` to ``high`` inclusive, letters by level."""

    low: int
    high: int
    #: (level, letters) for each level that names letters, in level order.
    letters: tuple[tuple[int, str], ...]
    #: The notation as written (stripped).
    text: str

    def letters_at(self, level: int) -> str:
        """Letters the profile names at a level ('' when it names none there)."""
        for number, letters in self.letters:
            if number == level:
                return letters
        return ""

    def contains(self, level: int) -> bool:
        """Whether a level lies inside the range."""
        return self.low <= level <= self.high

    def outside_by(self, level: int) -> int:
        """0 inside the range; +N above its top; -N below its bottom."""
        if level > self.high:
            return level - self.high
        if level < self.low:
            return level - self.low
        return 0

    @property
    def levels_text(self) -> str:
        """'2-3' or '4'."""
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@lru_cache(maxsize=4096)
def parse_range(raw: int | str) -> LevelRange:
    """Read a profile's level or range as published (``4a``, ``2-3ab``, ``2a-3ab4b``).

    Raises:
        ValueError: the text is not in the notation, names levels out of order, or writes
            two levels one after another that are not consecutive.
    """
    if isinstance(raw, int):
        if raw < 1:
            raise ValueError(f"{raw} is not a level: levels count from 1")
        return LevelRange(raw, raw, (), str(raw))
    text = raw.strip()
    if not text:
        raise ValueError("is empty: give a level (4a) or a range (2-3ab)")
    terms: list[tuple[int, str]] = []
    spans: list[bool] = []  # before each term after the first: True for '-', False for nothing
    pos = 0
    while True:
        match = _TERM_RE.match(text, pos)
        if match is None or len(match.group(1)) > 3:
            raise ValueError(_syntax(text, pos))
        number = int(match.group(1))
        if number < 1:
            raise ValueError(
                f"'{excerpt(text)}': level {number} does not exist; levels count from 1"
            )
        letters = re.sub(r"[()\s]", "", match.group(2)).lower()
        terms.append((number, letters))
        pos = match.end()
        if pos == len(text):
            break
        dash = text[pos] in _DASHES
        spans.append(dash)
        pos += 1 if dash else 0
    pairs = zip(terms, terms[1:], strict=False)  # each term with the next
    for ((before, _), (after, _)), dash in zip(pairs, spans, strict=True):
        if dash and after <= before:
            raise ValueError(
                f"'{excerpt(text)}': a span runs from a lower level to a higher one, not from "
                f"{before} to {after}"
            )
        if not dash and after != before + 1:
            raise ValueError(
                f"'{excerpt(text)}': levels {before} and {after} are written one after another, "
                f"which adds the next level only; write {before}-{after} for every level between "
                "them"
            )
    named: dict[int, str] = {}
    for number, letters in terms:
        if letters:
            named[number] = "".join(sorted(set(named.get(number, "") + letters)))
    return LevelRange(terms[0][0], terms[-1][0], tuple(sorted(named.items())), text)


def _syntax(text: str, pos: int) -> str:
    where = "" if pos == 0 else f" after '{excerpt(text[:pos], 20)}'"
    return (
        f"'{excerpt(text)}' is not a profile level{where}: write a level with optional letters "
        "(4a, 3(a)(b)), a span (2-3ab) or consecutive levels (2a-3ab4b)"
    )


def _check_range(value: Any) -> int | str:
    if value is None:
        raise ValueError("no level given: write a level (4a) or a range (2-3ab)")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            f"{excerpt(repr(value))} is not a profile level: write a level (4a) or a range (2-3ab)"
        )
    parse_range(value)
    return value


RangeRef = Annotated[
    int | str,
    PlainValidator(_check_range),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": NOTATION_PATTERN},
            ],
            "description": "A level or range as published: 4, '4a', '2-3ab', '2a-3ab4b', "
            "'3(a)(b)'.",
        }
    ),
]


class ProfileInfo(_Model):
    """What the profile is: its title, band, and where its levels come from."""

    title: Text
    reference: str | None = None
    band: Text = Field(description="The band the profile is graded in, e.g. '5' or '8a'.")
    status: Annotated[Status, Field(strict=False)] = Field(
        description="verified, unverified or illustrative: how far the levels can be trusted."
    )
    sources: list[Source] = []
    statement: list[Text] = Field(
        default_factory=list, description="The job statement: what jobs matching the profile do."
    )
    notes: str | None = None

    _band = field_validator("band", mode="before")(_coerce_label)

    @field_validator("statement", mode="before")
    @classmethod
    def _one_line_statement(cls, value: Any) -> Any:
        # A statement of one line may be written as plain text.
        return [value] if isinstance(value, str) else value


class Profile(_Model):
    """A national job profile: a level or range per factor of a scheme, and a band."""

    profile: ProfileInfo
    scheme: Text = Field(description="A shipped scheme id, or a path relative to this file.")
    factors: dict[str, RangeRef] = Field(min_length=1)


class ProfileFactor(NamedTuple):
    """One factor of a profile: the range and the points it spans."""

    factor: Factor
    range: LevelRange
    low_points: int
    high_points: int


@dataclass(frozen=True, slots=True)
class ProfileScore:
    """A profile's ranges in scheme order, its score range, and where that lies in its band."""

    profile: Profile
    scheme: Scheme
    factors: tuple[ProfileFactor, ...]
    min_total: int
    max_total: int
    #: The profile's band in the grading used, or None when that grading has no such band.
    band: Band | None

    @property
    def generic(self) -> bool:
        """Whether the minimum lies below the band's floor.

        The NHS handbook notes that a job at the minimum of every range of such a profile
        belongs to a profile in the band below.
        """
        return self.band is not None and self.min_total < self.band.min

    @property
    def above_ceiling(self) -> bool:
        """Whether the maximum lies above the band's ceiling (a warning in checks)."""
        band = self.band
        return band is not None and band.max is not None and self.max_total > band.max

    @property
    def title(self) -> str:
        """The profile's title."""
        return self.profile.profile.title


def ranges_by_factor(profile: Profile, scheme: Scheme) -> dict[str, LevelRange]:
    """The profile's range for each factor id it names (ids or aliases); unknown keys left out."""
    index = scheme.factor_index()
    out: dict[str, LevelRange] = {}
    for key, value in profile.factors.items():
        factor = index.get(key)
        if factor is not None and factor.id not in out:
            out[factor.id] = parse_range(value)
    return out


def profile_findings(
    profile: Profile, scheme: Scheme, grading: GradingStructure | None
) -> list[Finding]:
    """Every factor once, levels that exist, letters their level has, a band that exists."""
    index = scheme.factor_index()
    findings: list[Finding] = []
    named: dict[str, str] = {}
    for key, value in profile.factors.items():
        factor = index.get(key)
        loc = ("factors", key)
        if factor is None:
            findings.append(Finding(loc, not_a_factor(scheme, key)))
            continue
        if factor.id in named:
            findings.append(
                Finding(
                    loc,
                    f"factor '{factor.id}' is given twice "
                    f"(as '{excerpt(named[factor.id])}' and '{excerpt(key)}')",
                )
            )
            continue
        named[factor.id] = key
        levels = parse_range(value)
        if levels.high > factor.top:
            findings.append(
                Finding(
                    loc,
                    f"'{excerpt(levels.text)}' names level {levels.high}, above the top level "
                    f"({factor.top}) of {factor.name}",
                )
            )
            continue
        for number, letters in levels.letters:
            findings.extend(letter_findings(loc, factor, number, letters))
    for factor in scheme.factors:
        if factor.id not in named:
            findings.append(
                Finding(("factors",), f"no level for factor '{factor.id}' ({factor.name})")
            )
    band = profile.profile.band
    if grading is None:
        findings.append(
            Finding(
                ("profile", "band"),
                f"scheme '{scheme.id}' has no bands, so band '{excerpt(band)}' cannot be "
                "checked; give a grading structure with --bands",
            )
        )
    elif not any(b.label == band for b in grading.bands):
        labels = ", ".join(b.label for b in grading.bands)
        findings.append(
            Finding(
                ("profile", "band"),
                f"band '{excerpt(band)}' is not a band of '{grading.name}' (bands: {labels})",
            )
        )
    return findings


def score(profile: Profile, scheme: Scheme, grading: GradingStructure | None) -> ProfileScore:
    """A checked profile's ranges in scheme order and its score range.

    The profile must have passed :func:`profile_findings` without errors.
    """
    ranges = ranges_by_factor(profile, scheme)
    factors = tuple(
        ProfileFactor(
            f,
            ranges[f.id],
            f.points(ranges[f.id].low),
            f.points(ranges[f.id].high),
        )
        for f in scheme.factors
    )
    band = None
    if grading is not None:
        band = next((b for b in grading.bands if b.label == profile.profile.band), None)
    return ProfileScore(
        profile,
        scheme,
        factors,
        sum(f.low_points for f in factors),
        sum(f.high_points for f in factors),
        band,
    )


def range_findings(scored: ProfileScore) -> list[Finding]:
    """Warnings about where the score range lies against the profile's band."""
    band = scored.band
    if band is None:
        return []
    loc = ("profile", "band")
    lo, hi = scored.min_total, scored.max_total
    if hi < band.min:
        return [
            Finding(
                loc,
                f"the whole score range {lo}-{hi} lies below band {band.label} "
                f"({band.range_text}): no job matching every range can reach it",
                warning=True,
            )
        ]
    if band.max is not None and lo > band.max:
        return [
            Finding(
                loc,
                f"the whole score range {lo}-{hi} lies above band {band.label} ({band.range_text})",
                warning=True,
            )
        ]
    if scored.above_ceiling:
        return [
            Finding(
                loc,
                f"the maximum score {hi} lies above the ceiling of band {band.label} "
                f"({band.range_text}): a job at the top of every range would be graded higher",
                warning=True,
            )
        ]
    return []
