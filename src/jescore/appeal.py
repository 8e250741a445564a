"""Appeal analysis: the awarded evaluation against the appellant's claim, factor by factor.

Pure functions, no I/O. A *challenge* is a factor whose claimed level differs from the awarded
one, letters included (4a against 4b is challenged, for 0 points); upholding it moves that
factor to the claimed level. Which challenges matter is found with the same exact search as
``jescore whatif`` (:func:`jescore.search.find_changes`), with each challenged factor allowed
only its claimed level.

The decisive analysis is made only for a claim above the award, in a higher band
(:attr:`Appeal.position`): a claim below the award (the arguments swapped, most likely), equal
to it, in the awarded band or outside the bands is said to be so, never analysed as if it
reached for a band.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jescore.engine import Report, answers_by_factor
from jescore.enums import Direction
from jescore.errors import InputError, Problem
from jescore.models import Answer, Band, Evidence, Factor, Level
from jescore.search import Constraints, Rank, SearchResult, find_changes


class Position(StrEnum):
    """Where the claim stands against the award."""

    #: Above the award, in a higher band: the decisive analysis applies.
    ABOVE = "above"
    #: Fewer points than the award: most likely AWARDED and CLAIMED are the wrong way round.
    BELOW = "below"
    #: As many points as the award (letters only, or changes that cancel out).
    EQUAL = "equal"
    #: More points, in the awarded band: upheld in full, the band stays.
    SAME_BAND = "same-band"
    #: The claimed total lies outside the bands: no band to reach.
    OUTSIDE = "outside"


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class FactorClaim:
    """One factor: what was awarded, what is claimed, and what upholding the claim does."""

    factor: Factor
    awarded: Answer
    claimed: Answer
    #: Total and band if this challenge alone were upheld (None when not challenged).
    alone_total: int | None
    alone_band: Band | None
    alone_reaches_claim: bool

    @property
    def awarded_level(self) -> Level:
        """The scheme's level awarded."""
        return self.factor.levels[self.awarded.number - 1]

    @property
    def claimed_level(self) -> Level:
        """The scheme's level claimed."""
        return self.factor.levels[self.claimed.number - 1]

    @property
    def challenged(self) -> bool:
        """The claim names another level, or other letters (which never change the points)."""
        return (self.awarded.number, self.awarded.letters) != (
            self.claimed.number,
            self.claimed.letters,
        )

    @property
    def letters_only(self) -> bool:
        """Challenged on the letters alone: the same level number, 0 points either way."""
        return self.challenged and self.awarded.number == self.claimed.number

    @property
    def new_evidence(self) -> tuple[bool, ...]:
        """For each piece of evidence in the claim, whether the award did not cite it.

        The same text (case and spacing aside) cited for this factor in the award is not new,
        whatever source it names.
        """
        cited = {_words(e.text) for e in self.awarded.evidence}
        return tuple(_words(e.text) not in cited for e in self.claimed.evidence)

    @property
    def fresh(self) -> tuple[Evidence, ...]:
        """The evidence new in the claim (see :attr:`new_evidence`)."""
        return tuple(
            e for e, new in zip(self.claimed.evidence, self.new_evidence, strict=True) if new
        )

    @property
    def difference(self) -> int:
        """Points the claim adds (negative: concedes)."""
        return self.claimed_level.points - self.awarded_level.points


@dataclass(frozen=True, slots=True)
class Appeal:
    """The whole comparison, with the decisive analysis."""

    awarded: Report
    claimed: Report
    factors: tuple[FactorClaim, ...]
    #: Minimal sets of challenges that together reach the claimed band (fewest first).
    search: SearchResult | None

    @property
    def claimed_band(self) -> Band | None:
        """The band of the claimed total."""
        return self.claimed.evaluation.band

    @property
    def position(self) -> Position:
        """Where the claim stands against the award (the analysis is for ``ABOVE`` only)."""
        return position(self.awarded, self.claimed)

    @property
    def points_needed(self) -> int | None:
        """Points the awarded total lacks to reach the claimed band (0 when already there)."""
        band = self.claimed_band
        if band is None:
            return None
        total = self.awarded.evaluation.total
        if band.contains(total):
            return 0
        if total < band.min:
            return band.min - total
        assert band.max is not None  # an open top band would contain the total
        return band.max - total  # negative: points the claim would take away

    @property
    def challenged(self) -> tuple[FactorClaim, ...]:
        """Factors the claim challenges."""
        return tuple(f for f in self.factors if f.challenged)

    @property
    def decisive(self) -> tuple[FactorClaim, ...]:
        """Challenges that, upheld alone, reach the claimed band (a claim above the award)."""
        return tuple(f for f in self.challenged if f.alone_reaches_claim)

    @property
    def search_stopped(self) -> bool:
        """The search for sets of challenges reached its work limit before it finished."""
        return self.search is not None and self.search.stopped

    @property
    def not_alone(self) -> tuple[FactorClaim, ...]:
        """Challenges that cannot change the outcome (the awarded band) on their own."""
        band = self.awarded.evaluation.band
        return tuple(f for f in self.challenged if f.alone_band == band)


def position(awarded: Report, claimed: Report) -> Position:
    """Where a claim stands against an award: below, equal, in its band, outside, or above."""
    award, claim = awarded.evaluation, claimed.evaluation
    if claim.total < award.total:
        return Position.BELOW
    if claim.total == award.total:
        return Position.EQUAL
    if claim.band is None:
        return Position.OUTSIDE
    if award.band is not None and award.band.label == claim.band.label:
        return Position.SAME_BAND
    return Position.ABOVE


def analyse(awarded: Report, claimed: Report, limit: int = 10) -> Appeal:
    """Compare an awarded evaluation with a claim for the same job under the same scheme."""
    scheme = awarded.evaluation.scheme
    if claimed.evaluation.scheme.id != scheme.id:
        raise InputError(
            [
                Problem(
                    f"the claim uses scheme '{claimed.evaluation.scheme.id}' but the award "
                    f"uses '{scheme.id}': an appeal compares levels under one scheme",
                    file=claimed.file.path,
                    location="scheme",
                )
            ]
        )
    grading = awarded.evaluation.grading
    awarded_answers = answers_by_factor(awarded.questionnaire, scheme)
    claimed_answers = answers_by_factor(claimed.questionnaire, scheme)
    total = awarded.evaluation.total
    # Only a claim above the award, in a higher band, has a band to reach.
    above = position(awarded, claimed) is Position.ABOVE
    target = claimed.evaluation.band if above else None
    rows = []
    for factor in scheme.factors:
        a, c = awarded_answers[factor.id], claimed_answers[factor.id]
        if (a.number, a.letters) == (c.number, c.letters):
            rows.append(FactorClaim(factor, a, c, None, None, False))
            continue
        moved = total - factor.points(a.number) + factor.points(c.number)
        band = grading.band_for(moved) if grading is not None else None
        reaches = target is not None and target.contains(moved)
        rows.append(FactorClaim(factor, a, c, moved, band, reaches))
    search = None
    if grading is not None and target is not None:
        allowed = {
            f.id: frozenset({claimed_answers[f.id].number}) if r.challenged else frozenset()
            for f, r in zip(scheme.factors, rows, strict=True)
        }
        search = find_changes(
            scheme,
            grading,
            {fid: answer.number for fid, answer in awarded_answers.items()},
            target,
            Constraints(direction=Direction.ANY, allowed=allowed),
            limit=limit,
            rank=Rank.FACTORS,
            minimal=True,
        )
    return Appeal(awarded, claimed, tuple(rows), search)
