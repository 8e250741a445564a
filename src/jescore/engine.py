"""The scoring engine: pure functions from validated models to results.

No I/O, no printing, no typer or rich. Everything here is deterministic: factor order is the
scheme's order, and nothing depends on time or on the machine.

Terms used throughout:

- *floor* and *ceiling*: the lowest and highest total of the job's band (both inclusive).
- *to_upper* / *to_lower*: points that must be gained (lost) to land in the next band up (down).
- a *step*: one factor moved one level up or down, all else equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from jescore.models import (
    Answer,
    Band,
    Factor,
    FileRef,
    GradingStructure,
    Questionnaire,
    Scheme,
    Status,
)


class Position(StrEnum):
    """Where a total sits relative to the grading structure."""

    IN_BAND = "in-band"
    BELOW = "below-structure"
    ABOVE = "above-structure"
    UNGRADED = "no-grading"


class Step(NamedTuple):
    """The effect of moving one factor one level, all else equal.

    A named tuple, like :class:`FactorScore`: immutable, and built twice per factor of every
    job, so it must be cheap to make (a frozen dataclass costs twice as much).
    """

    level: int
    points: int
    delta: int
    total: int
    band: Band | None
    changes_band: bool


class FactorScore(NamedTuple):
    """One factor's level, points and sensitivity in one evaluation."""

    factor: Factor
    level: int
    letters: str
    points: int
    evidence: int
    down: Step | None
    up: Step | None

    @property
    def swing(self) -> int:
        """Points between one level down and one level up (where they exist)."""
        lo = self.down.points if self.down else self.points
        hi = self.up.points if self.up else self.points
        return hi - lo


@dataclass(frozen=True, slots=True)
class Margins:
    """How far a total sits from the edges of its band, and from the neighbouring bands."""

    floor: int
    ceiling: int | None
    above_floor: int
    below_ceiling: int | None
    lower: Band | None
    upper: Band | None
    to_lower: int | None
    to_upper: int | None


@dataclass(frozen=True, slots=True)
class Fragility:
    """How easily the band could change."""

    #: Single-level changes (one factor, one level up or down) that alone change the band.
    band_changing_steps: int
    #: Which boundary is nearer: "upper", "lower", "equal", or None when there is no
    #: neighbouring band (or no band).
    nearer: str | None
    #: Points to cross the nearer boundary.
    points: int | None


@dataclass(frozen=True, slots=True)
class NearBoundary:
    """jescore's own near-boundary flag: a total within ``threshold`` points of crossing.

    No public scheme defines such a rule; the threshold is the user's choice.
    """

    threshold: int
    within: bool
    boundary: str | None
    points: int | None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The outcome of scoring one questionnaire under one scheme and grading structure."""

    scheme: Scheme
    grading: GradingStructure | None
    factors: tuple[FactorScore, ...]
    total: int
    band: Band | None
    position: Position
    margins: Margins | None
    #: Points from the total to the nearest band when it lies outside the structure.
    outside_by: int | None

    @property
    def fragility(self) -> Fragility:
        """Band-changing single steps and the nearer boundary."""
        count = sum(
            1 for f in self.factors for step in (f.down, f.up) if step and step.changes_band
        )
        m = self.margins
        if m is None or (m.to_upper is None and m.to_lower is None):
            return Fragility(count, None, None)
        if m.to_lower is None or (m.to_upper is not None and m.to_upper < m.to_lower):
            return Fragility(count, "upper", m.to_upper)
        if m.to_upper is None or m.to_lower < m.to_upper:
            return Fragility(count, "lower", m.to_lower)
        return Fragility(count, "equal", m.to_upper)

    def near(self, threshold: int) -> NearBoundary:
        """Whether the total is within ``threshold`` points of crossing a boundary."""
        f = self.fragility
        within = f.points is not None and f.points <= threshold
        return NearBoundary(threshold, within, f.nearer, f.points)

    @property
    def band_changers(self) -> tuple[FactorScore, ...]:
        """Factors where a single level up or down alone changes the band."""
        return tuple(
            f
            for f in self.factors
            if (f.up is not None and f.up.changes_band)
            or (f.down is not None and f.down.changes_band)
        )


@dataclass(frozen=True, slots=True)
class Report:
    """An evaluation with everything needed to reproduce it: job, files and their hashes."""

    questionnaire: Questionnaire
    file: FileRef
    scheme_file: FileRef
    grading_file: FileRef | None
    evaluation: Evaluation
    #: The user's near-boundary threshold (jescore's own convention), if asked for.
    near: int | None = None

    @property
    def grading_status(self) -> Status:
        """Status of the bands used: their own, or the scheme's when they do not say."""
        grading = self.evaluation.grading
        if grading is not None and grading.status is not None:
            return grading.status
        return self.evaluation.scheme.status


def band_for(grading: GradingStructure | None, total: int) -> Band | None:
    """The band holding ``total``; None when there is no grading or it lies outside it."""
    return grading.band_for(total) if grading is not None else None


def answers_by_factor(questionnaire: Questionnaire, scheme: Scheme) -> dict[str, Answer]:
    """Each answer keyed by its factor's id (questionnaires may use a factor's alias).

    The questionnaire must already be checked against the scheme
    (:func:`jescore.models.questionnaire_findings`).
    """
    index = scheme.factor_index()
    return {index[key].id: answer for key, answer in questionnaire.factors.items()}


def total_points(scheme: Scheme, levels: dict[str, int]) -> int:
    """Sum of points for a level per factor id."""
    return sum(f.points(levels[f.id]) for f in scheme.factors)


def evaluate(
    questionnaire: Questionnaire, scheme: Scheme, grading: GradingStructure | None
) -> Evaluation:
    """Score a checked questionnaire: points, total, band, margins and per-factor sensitivity."""
    answers = answers_by_factor(questionnaire, scheme)
    chosen = [(factor, answers[factor.id]) for factor in scheme.factors]
    levels = [answer.number for _, answer in chosen]
    points = [f.levels[level - 1].points for (f, _), level in zip(chosen, levels, strict=True)]
    total = sum(points)
    band = band_for(grading, total)
    scores = [
        FactorScore(
            factor,
            level,
            answer.letters,
            pts,
            len(answer.evidence),
            _step(factor, level - 1, pts, total, band, grading),
            _step(factor, level + 1, pts, total, band, grading),
        )
        for (factor, answer), level, pts in zip(chosen, levels, points, strict=True)
    ]
    position, outside_by = _position(grading, total, band)
    return Evaluation(
        scheme=scheme,
        grading=grading,
        factors=tuple(scores),
        total=total,
        band=band,
        position=position,
        margins=margins(grading, band, total),
        outside_by=outside_by,
    )


def _step(
    factor: Factor,
    level: int,
    points: int,
    total: int,
    band: Band | None,
    grading: GradingStructure | None,
) -> Step | None:
    if level < 1 or level > len(factor.levels):
        return None
    new_points = factor.levels[level - 1].points
    new_total = total - points + new_points
    # Most steps stay in the band: look the band up only when the total leaves it.
    stays = band is not None and band.contains(new_total)
    new_band = band if stays else band_for(grading, new_total)
    changes = grading is not None and not stays and new_band is not band
    return Step(level, new_points, new_points - points, new_total, new_band, changes)


def _position(
    grading: GradingStructure | None, total: int, band: Band | None
) -> tuple[Position, int | None]:
    if grading is None:
        return Position.UNGRADED, None
    if band is not None:
        return Position.IN_BAND, None
    first, last = grading.bands[0], grading.bands[-1]
    if total < first.min:
        return Position.BELOW, first.min - total
    assert last.max is not None  # an open top band would have held the total
    return Position.ABOVE, total - last.max


def margins(grading: GradingStructure | None, band: Band | None, total: int) -> Margins | None:
    """Distances from ``total`` to the edges of ``band`` and into its neighbours."""
    if grading is None or band is None:
        return None
    i = grading.index_of(band)
    lower = grading.bands[i - 1] if i > 0 else None
    upper = grading.bands[i + 1] if i + 1 < len(grading.bands) else None
    return Margins(
        floor=band.min,
        ceiling=band.max,
        above_floor=total - band.min,
        below_ceiling=None if band.max is None else band.max - total,
        lower=lower,
        upper=upper,
        to_lower=total - band.min + 1 if lower is not None else None,
        to_upper=band.max + 1 - total if upper is not None and band.max is not None else None,
    )


def ranking(reports: list[Report]) -> list[Report]:
    """Reports grouped by scheme, each group by total (highest first), then title, then file.

    Totals under different schemes are not comparable, hence the grouping; the tie-breaks keep
    the order stable.
    """
    return sorted(
        reports,
        key=lambda r: (
            r.evaluation.scheme.id,
            -r.evaluation.total,
            r.questionnaire.job.title,
            r.file.path,
        ),
    )
