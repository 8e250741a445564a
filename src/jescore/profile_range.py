"""A job profile scored against its scheme: points per range, score range, band, flags.

A range scores from the points of its lowest level to those of its highest. A profile whose
minimum lies below its band's floor is *generic*: the NHS handbook notes that a job at the
bottom of every range belongs to a profile in the band below.

Pure functions over validated models: no I/O and no printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from jescore.errors import Finding
from jescore.models import (
    Band,
    Factor,
    GradingStructure,
    Profile,
    Scheme,
    letter_findings,
    not_a_factor,
)
from jescore.notation import LevelRange, parse_range
from jescore.safety import excerpt


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
