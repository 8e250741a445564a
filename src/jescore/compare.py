"""Compare two evaluations of the same job: what a new draft does to levels, points and band.

Pure functions, no I/O. The CLI pairs files (two paths, or a file at a git revision and in the
working tree) and gates CI on the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jescore.engine import Evaluation, Position, Report
from jescore.enums import Gate
from jescore.models import Evidence, Factor


class Movement(StrEnum):
    """How the band moved between two evaluations."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class FactorChange:
    """One factor in both evaluations (a side is None where its scheme lacks the factor)."""

    factor: Factor
    old_level: int | None
    old_letters: str
    new_level: int | None
    new_letters: str
    old_points: int
    new_points: int
    evidence_added: tuple[str, ...]
    evidence_removed: tuple[str, ...]

    @property
    def delta(self) -> int:
        """Points gained (negative: lost)."""
        return self.new_points - self.old_points

    @property
    def level_changed(self) -> bool:
        """The level number or its letters differ."""
        return (self.old_level, self.old_letters) != (self.new_level, self.new_letters)

    @property
    def evidence_changed(self) -> bool:
        """Evidence was added or removed."""
        return bool(self.evidence_added or self.evidence_removed)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Old and new evaluations of one job, factor by factor."""

    old: Report
    new: Report
    factors: tuple[FactorChange, ...]
    movement: Movement

    @property
    def delta(self) -> int:
        """Change in total points."""
        return self.new.evaluation.total - self.old.evaluation.total

    @property
    def band_changed(self) -> bool:
        """The band label (or the position outside the structure) differs."""
        return _band_key(self.old.evaluation) != _band_key(self.new.evaluation)

    @property
    def changed(self) -> tuple[FactorChange, ...]:
        """Factors whose level changed."""
        return tuple(f for f in self.factors if f.level_changed)


def _evidence(items: list[Evidence]) -> list[str]:
    return [f"{e.text} ({e.source})" if e.source else e.text for e in items]


def _band_key(e: Evaluation) -> tuple[int, str]:
    """Position of the total in its grading structure, for ordering bands across versions."""
    if e.grading is None:
        return (0, "")
    if e.band is not None:
        return (e.grading.index_of(e.band) + 1, e.band.label)
    if e.position is Position.BELOW:
        return (0, "below")
    return (len(e.grading.bands) + 1, "above")


def compare(old: Report, new: Report) -> Comparison:
    """Compare two reports factor by factor (factors matched by id, new scheme's order first)."""
    old_scores = {f.factor.id: f for f in old.evaluation.factors}
    new_scores = {f.factor.id: f for f in new.evaluation.factors}
    old_answers = _answers(old)
    new_answers = _answers(new)
    order = [f.factor for f in new.evaluation.factors]
    order += [f.factor for f in old.evaluation.factors if f.factor.id not in new_scores]
    changes = []
    for factor in order:
        o, n = old_scores.get(factor.id), new_scores.get(factor.id)
        before, after = old_answers.get(factor.id, []), new_answers.get(factor.id, [])
        changes.append(
            FactorChange(
                factor=factor,
                old_level=o.level if o else None,
                old_letters=o.letters if o else "",
                new_level=n.level if n else None,
                new_letters=n.letters if n else "",
                old_points=o.points if o else 0,
                new_points=n.points if n else 0,
                evidence_added=tuple(e for e in after if e not in before),
                evidence_removed=tuple(e for e in before if e not in after),
            )
        )
    old_key, new_key = _band_key(old.evaluation), _band_key(new.evaluation)
    if new_key[0] > old_key[0]:
        movement = Movement.UP
    elif new_key[0] < old_key[0]:
        movement = Movement.DOWN
    else:
        movement = Movement.SAME
    return Comparison(old, new, tuple(changes), movement)


def _answers(report: Report) -> dict[str, list[str]]:
    index = report.evaluation.scheme.factor_index()
    return {
        index[key].id: _evidence(answer.evidence)
        for key, answer in report.questionnaire.factors.items()
    }


def _label(text: str) -> str:
    # 'Band 4', 'band 4' and '4' name the same band; labels compare without regard to case.
    stripped = text.strip()
    if stripped.lower().startswith("band"):
        stripped = stripped[4:].strip()
    return stripped.casefold()


def expected_met(new: Report) -> bool | None:
    """Whether a questionnaire lands in the band it says it expects (None: it names none).

    A total outside the bands, or without a grading structure, is never the expected band.
    """
    expected = new.questionnaire.expected_band
    if expected is None:
        return None
    band = new.evaluation.band
    return band is not None and _label(band.label) == _label(expected)


def trips(comparison: Comparison, gate: Gate) -> bool:
    """Whether a comparison trips a CI gate.

    When the new version states ``expected_band``, the change is intended: the gate holds when
    the job lands in that band and trips when it does not (whatever the gate, but never).
    """
    if gate is Gate.NEVER:
        return False
    met = expected_met(comparison.new)
    if met is not None:
        return not met
    if gate is Gate.SCORE_CHANGE:
        return comparison.delta != 0 or comparison.band_changed
    if gate is Gate.BAND_CHANGE:
        return comparison.band_changed
    if gate is Gate.BAND_UP:
        return comparison.movement is Movement.UP
    return comparison.movement is Movement.DOWN


@dataclass(frozen=True, slots=True)
class FileChange:
    """One questionnaire across two versions: compared, or only on one side."""

    status: str  # "compared", "modified", "renamed", "added" or "deleted"
    old: Report | None
    new: Report | None
    comparison: Comparison | None

    @property
    def expected_met(self) -> bool | None:
        """Whether the new version lands in the band it expects (None: none, or deleted)."""
        return None if self.new is None else expected_met(self.new)

    def trips(self, gate: Gate) -> bool:
        """Whether this file trips a CI gate.

        Added and deleted files have no old band to gate on; an added one that names an expected
        band trips the gate when it does not land there.
        """
        if self.comparison is None:
            return gate is not Gate.NEVER and self.expected_met is False
        return trips(self.comparison, gate)


def pair(status: str, old: Report | None, new: Report | None) -> FileChange:
    """A file change, compared when both sides exist."""
    comparison = compare(old, new) if old is not None and new is not None else None
    return FileChange(status, old, new, comparison)
