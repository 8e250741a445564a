"""Appeal analysis: the awarded evaluation against the appellant's claim, factor by factor.

Pure functions, no I/O. A *challenge* is a factor whose claimed level differs from the awarded
one; upholding it moves that factor to the claimed level. Which challenges matter is found
with the same exact search as ``jescore whatif`` (:func:`jescore.search.find_changes`), with
each challenged factor allowed only its claimed level.
"""

from __future__ import annotations

from dataclasses import dataclass

from jescore.engine import Report, answers_by_factor
from jescore.enums import Direction
from jescore.errors import InputError, Problem
from jescore.models import Answer, Band, Factor, Level
from jescore.search import Constraints, Rank, SearchResult, find_changes


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
        """The claim names another level (letters alone never change the points)."""
        return self.awarded.number != self.claimed.number

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
        """Challenges that, upheld alone, reach the claimed band."""
        return tuple(f for f in self.challenged if f.alone_reaches_claim)

    @property
    def not_alone(self) -> tuple[FactorClaim, ...]:
        """Challenges that cannot change the outcome (the awarded band) on their own."""
        band = self.awarded.evaluation.band
        return tuple(f for f in self.challenged if f.alone_band == band)


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
    target = claimed.evaluation.band
    rows = []
    for factor in scheme.factors:
        a, c = awarded_answers[factor.id], claimed_answers[factor.id]
        if a.number == c.number:
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
