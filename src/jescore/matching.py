"""Matching a job to job profiles: factor by factor, the total against the band, a verdict.

For each profile under the job's scheme (same scheme file, byte for byte), each factor's level
is compared with the profile's range: inside, or outside by N levels (+N above the top of the
range, -N below its bottom). Letters the job names that the profile does not name at that level
are reported, never counted as a variation. Then a verdict:

- ``match``: every factor inside its range and the job's total in the profile's band;
- ``match-with-variations``: the total in the band, and the factors outside their ranges within
  the tolerance rule (:class:`Rule`);
- ``no-match``: anything else, with the reasons.

The tolerance rule is data given by the user. The NHS handbook has a rule of its own (chapter
11, "Matching procedure"), which could not be read in a public source: the defaults here are
jescore's convention and are labelled so wherever they are used.

Profiles are ranked best fit first: by verdict, then fewest factors outside, then the smallest
total distance in levels, then the fewest points between the total and the profile's band.

Pure functions over validated models: no I/O and no printing.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from jescore.engine import Evaluation, Report
from jescore.models import Band, Factor, FileRef, GradingStructure, Scheme
from jescore.notation import LevelRange
from jescore.profile_range import ProfileScore


class Verdict(StrEnum):
    """How a job stands against one profile."""

    MATCH = "match"
    VARIATIONS = "match-with-variations"
    NO_MATCH = "no-match"


_ORDER = {Verdict.MATCH: 0, Verdict.VARIATIONS: 1, Verdict.NO_MATCH: 2}

#: Who set the default rule: shown wherever it is used.
CONVENTION = (
    "jescore's convention, not the NHS handbook's rule: the handbook's tolerance rule "
    "(chapter 11) could not be confirmed from a public source"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """How far a job may differ from a profile and still match it (with variations).

    The job's total must always fall in the profile's band: the band is what a match gives.
    """

    #: Most factors that may lie outside their ranges.
    max_varying: int = 4
    #: Most levels any one factor may lie outside its range.
    max_step: int = 1
    #: Factors (ids or aliases) that must lie inside their ranges; names a scheme lacks are
    #: left out for that scheme (see :meth:`must_match_in`).
    must_match: tuple[str, ...] = ("knowledge", "freedom-to-act")
    #: Where the rule comes from; None: jescore's convention (:data:`CONVENTION`).
    citation: str | None = None

    def must_match_in(self, scheme: Scheme) -> tuple[Factor, ...]:
        """The must-match factors this scheme has, in scheme order."""
        index = scheme.factor_index()
        wanted = {index[name].id for name in self.must_match if name in index}
        return tuple(f for f in scheme.factors if f.id in wanted)

    def missing_in(self, scheme: Scheme) -> tuple[str, ...]:
        """Must-match names that are not factors of this scheme."""
        index = scheme.factor_index()
        return tuple(name for name in self.must_match if name not in index)

    def text(self, scheme: Scheme | None = None) -> str:
        """The rule in one sentence, with who set it."""
        factors = (
            ", ".join(f.id for f in self.must_match_in(scheme))
            if scheme is not None
            else ", ".join(self.must_match)
        )
        must = f"; {factors} must be inside" if factors else ""
        plural = "" if self.max_varying == 1 else "s"
        steps = "level" if self.max_step == 1 else "levels"
        who = self.citation or CONVENTION
        return (
            f"at most {self.max_varying} factor{plural} outside the profile's ranges, each by "
            f"at most {self.max_step} {steps}{must}; the total must fall in the profile's "
            f"band ({who})"
        )


class JobLevels(NamedTuple):
    """What matching needs from one evaluated job."""

    #: Level of each factor, in scheme order.
    levels: tuple[int, ...]
    #: Letters named with each level, in scheme order ('' for none).
    letters: tuple[str, ...]
    total: int
    band: Band | None
    grading: GradingStructure | None
    #: Points from the total to each band of the grading: 0 inside it, negative below its
    #: floor, positive above its ceiling (worked out once per job, not once per profile).
    gaps: dict[str, int]


def job_levels(evaluation: Evaluation) -> JobLevels:
    """A job's levels and letters in scheme order, its total, band and distance to each band."""
    total = evaluation.total
    gaps: dict[str, int] = {}
    if evaluation.grading is not None:
        for band in evaluation.grading.bands:
            if total < band.min:
                gaps[band.label] = total - band.min
            elif band.max is not None and total > band.max:
                gaps[band.label] = total - band.max
            else:
                gaps[band.label] = 0
    return JobLevels(
        tuple(f.level for f in evaluation.factors),
        tuple(f.letters for f in evaluation.factors),
        total,
        evaluation.band,
        evaluation.grading,
        gaps,
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A profile made ready for matching many jobs under one rule."""

    scored: ProfileScore
    file: FileRef
    scheme_file: FileRef
    lows: tuple[int, ...]
    highs: tuple[int, ...]
    #: Positions (in scheme order) of the factors that must match.
    must: tuple[int, ...]
    #: The profile's band.
    band_label: str
    #: Title, then file: the last tie-breakers of the ranking.
    sort_key: tuple[str, str]


def prepare(scored: ProfileScore, file: FileRef, scheme_file: FileRef, rule: Rule) -> Prepared:
    """A profile's ranges as tuples, and the must-match positions of ``rule``."""
    must_ids = {f.id for f in rule.must_match_in(scored.scheme)}
    return Prepared(
        scored,
        file,
        scheme_file,
        tuple(f.range.low for f in scored.factors),
        tuple(f.range.high for f in scored.factors),
        tuple(i for i, f in enumerate(scored.factors) if f.factor.id in must_ids),
        scored.profile.profile.band,
        (scored.title.casefold(), file.path),
    )


class Fit(NamedTuple):
    """How far a job lies from a profile, and the verdict."""

    verdict: Verdict
    #: Factors outside their ranges.
    outside: int
    #: Levels outside, summed over the factors.
    distance: int
    #: The most levels any one factor lies outside.
    widest: int
    #: Must-match factors outside their ranges (positions in scheme order).
    must_outside: tuple[int, ...]
    #: Points from the job's total to the profile's band: 0 inside it, negative below its
    #: floor, positive above its ceiling; None when the job's grading has no such band.
    band_gap: int | None

    def key(self, prepared: Prepared) -> tuple[int, int, int, int, str, str]:
        """Ranking key: verdict, factors outside, distance, points from the band, title."""
        gap = abs(self.band_gap) if self.band_gap is not None else 1 << 30
        return (_ORDER[self.verdict], self.outside, self.distance, gap, *prepared.sort_key)


def fit(job: JobLevels, prepared: Prepared, rule: Rule) -> Fit:
    """How a job stands against a profile: the numbers behind the verdict, and the verdict.

    Called for every job and profile pair, so written for speed: plain loops, no calls.
    """
    outside = distance = widest = 0
    for level, low, high in zip(job.levels, prepared.lows, prepared.highs, strict=True):
        if level > high:
            step = level - high
        elif level < low:
            step = low - level
        else:
            continue
        outside += 1
        distance += step
        if step > widest:
            widest = step
    must_outside: tuple[int, ...] = ()
    if outside:
        lows, highs, levels = prepared.lows, prepared.highs, job.levels
        must_outside = tuple(i for i in prepared.must if not lows[i] <= levels[i] <= highs[i])
    gap = job.gaps.get(prepared.band_label)
    if gap != 0:
        verdict = Verdict.NO_MATCH
    elif outside == 0:
        verdict = Verdict.MATCH
    elif outside <= rule.max_varying and widest <= rule.max_step and not must_outside:
        verdict = Verdict.VARIATIONS
    else:
        verdict = Verdict.NO_MATCH
    return Fit(verdict, outside, distance, widest, must_outside, gap)


class FactorMatch(NamedTuple):
    """One factor of a job against one profile."""

    factor: Factor
    level: int
    letters: str
    range: LevelRange
    outside_by: int
    #: Letters the job names that the profile does not name at that level ('' when none, or
    #: when the profile names no letters there, or the level lies outside the range).
    letters_differ: str
    must_match: bool


@dataclass(frozen=True, slots=True)
class Match:
    """A job against one profile, factor by factor, with the verdict and its reasons."""

    prepared: Prepared
    fit: Fit
    factors: tuple[FactorMatch, ...]
    reasons: tuple[str, ...]
    #: The profile's band in the job's grading structure (None when it has no such band).
    band: Band | None

    @property
    def verdict(self) -> Verdict:
        """match, match-with-variations or no-match."""
        return self.fit.verdict


def detail(job: JobLevels, prepared: Prepared, rule: Rule, found: Fit | None = None) -> Match:
    """Factor-by-factor comparison, the verdict and its reasons."""
    result = found or fit(job, prepared, rule)
    must = set(prepared.must)
    factors = []
    for i, pf in enumerate(prepared.scored.factors):
        level, letters = job.levels[i], job.letters[i]
        outside_by = pf.range.outside_by(level)
        named = pf.range.letters_at(level) if outside_by == 0 else ""
        differ = "".join(c for c in letters if named and c not in named)
        factors.append(
            FactorMatch(pf.factor, level, letters, pf.range, outside_by, differ, i in must)
        )
    band = None
    if job.grading is not None:
        band = next((b for b in job.grading.bands if b.label == prepared.band_label), None)
    reasons = _reasons(job, prepared, rule, result, factors, band)
    return Match(prepared, result, tuple(factors), reasons, band)


def _levels(n: int) -> str:
    return f"{n} level" if n == 1 else f"{n} levels"


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def _reasons(
    job: JobLevels,
    prepared: Prepared,
    rule: Rule,
    result: Fit,
    factors: list[FactorMatch],
    band: Band | None,
) -> tuple[str, ...]:
    label = prepared.band_label
    out: list[str] = []
    varying = [f for f in factors if f.outside_by]
    if result.band_gap is None:
        out.append(
            f"band {label} is not a band of the job's grading structure"
            if job.grading is not None
            else f"the job is scored without bands, so its total cannot be set against band {label}"
        )
    elif result.band_gap < 0:
        assert band is not None
        out.append(
            f"the total {job.total} is {_points(-result.band_gap)} below band {label} "
            f"({band.range_text})"
        )
        if not varying and prepared.scored.generic:
            out.append(
                "the profile is generic (its minimum lies below its band's floor): a job at "
                "the bottom of its ranges belongs to a profile in the band below"
            )
    elif result.band_gap > 0:
        assert band is not None
        out.append(
            f"the total {job.total} is {_points(result.band_gap)} above band {label} "
            f"({band.range_text})"
        )
    if not varying:
        if result.verdict is Verdict.MATCH:
            out.append(
                f"every factor lies inside the profile's ranges and the total in band {label}"
            )
        else:
            out.append("every factor lies inside the profile's ranges")
        return tuple(out)
    if len(varying) > rule.max_varying:
        lie = "factor lies" if len(varying) == 1 else "factors lie"
        out.append(
            f"{len(varying)} {lie} outside the profile's ranges (the rule allows "
            f"{rule.max_varying})"
        )
    for f in varying:
        if abs(f.outside_by) > rule.max_step:
            out.append(
                f"{f.factor.name} lies {_levels(abs(f.outside_by))} "
                f"{'above' if f.outside_by > 0 else 'below'} the profile's range (the rule "
                f"allows {rule.max_step})"
            )
    for f in varying:
        if f.must_match:
            out.append(f"{f.factor.name} lies outside the profile's range and must match")
    listed = ", ".join(f"{f.factor.id} {f.outside_by:+d}" for f in varying)
    if result.verdict is Verdict.VARIATIONS:
        out.append(f"varies on {listed}, within the rule; the total is in band {label}")
    else:
        out.append(f"outside on {listed}")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class JobResult:
    """One job against every profile under its scheme: counts, and the best ones ranked."""

    levels: JobLevels
    #: The best profiles' fits, best first (at most ``top`` of them).
    ranked: tuple[tuple[Prepared, Fit], ...]
    #: Profiles under the job's scheme, all compared.
    considered: int
    #: Profiles left out because they are under another scheme (or another version of it).
    other_scheme: int
    counts: dict[Verdict, int] = field(default_factory=dict)

    @property
    def best(self) -> tuple[Prepared, Fit] | None:
        """The best-fitting profile, or None when no profile is under the job's scheme."""
        return self.ranked[0] if self.ranked else None


_UNGRADED = 1 << 30  # ranks a profile whose band the job's grading lacks after every other


class Bank:
    """Profiles under one scheme file, laid out factor by factor to match many jobs fast.

    For each factor and each level a job can have there, the bank holds one column over the
    profiles: how many levels outside that profile's range the level lies. A job's fit with
    every profile is then a few sums over columns (done by Python's built-ins, not a loop per
    factor and profile), the same numbers :func:`fit` gives one pair at a time.
    """

    def __init__(self, profiles: list[Prepared], rule: Rule) -> None:
        if not profiles:
            raise ValueError("a bank needs at least one profile")
        self.profiles = tuple(profiles)
        self.rule = rule
        self.labels = tuple(p.band_label for p in profiles)
        self.sort_keys = tuple(p.sort_key for p in profiles)
        factors = profiles[0].scored.factors
        #: steps[i][level]: levels outside each profile's range, for factor i at that level.
        self.steps: list[list[tuple[int, ...]]] = []
        #: outside[i][level]: 1 where that is outside the profile's range, else 0.
        self.outside: list[list[tuple[int, ...]]] = []
        for i, pf in enumerate(factors):
            by_level: list[tuple[int, ...]] = [()]
            flags: list[tuple[int, ...]] = [()]
            for level in range(1, pf.factor.top + 1):
                column = tuple(
                    level - p.highs[i]
                    if level > p.highs[i]
                    else p.lows[i] - level
                    if level < p.lows[i]
                    else 0
                    for p in profiles
                )
                by_level.append(column)
                flags.append(tuple(1 if step else 0 for step in column))
            self.steps.append(by_level)
            self.outside.append(flags)
        self.must = profiles[0].must

    def rank(
        self, job: JobLevels, top: int
    ) -> tuple[list[tuple[Prepared, Fit]], dict[Verdict, int]]:
        """The best ``top`` profiles for a job, best first, and the count of each verdict."""
        rule = self.rule
        levels = job.levels
        steps = [self.steps[i][level] for i, level in enumerate(levels)]
        flags = [self.outside[i][level] for i, level in enumerate(levels)]
        outside = list(map(sum, zip(*flags, strict=True)))
        distance = list(map(sum, zip(*steps, strict=True)))
        widest = list(map(max, zip(*steps, strict=True)))
        if self.must:
            must_bad = list(map(sum, zip(*(flags[i] for i in self.must), strict=True)))
        else:
            must_bad = [0] * len(self.profiles)
        gaps = list(map(job.gaps.get, self.labels))
        most, step = rule.max_varying, rule.max_step
        order = [
            2 if g != 0 else 0 if o == 0 else 1 if o <= most and w <= step and not m else 2
            for o, w, m, g in zip(outside, widest, must_bad, gaps, strict=True)
        ]
        counts = {
            Verdict.MATCH: order.count(0),
            Verdict.VARIATIONS: order.count(1),
            Verdict.NO_MATCH: order.count(2),
        }
        far = [_UNGRADED if g is None else abs(g) for g in gaps]
        keys = zip(order, outside, distance, far, self.sort_keys, range(len(order)), strict=True)
        best = heapq.nsmallest(top, keys)
        ranked = [(self.profiles[k[-1]], fit(job, self.profiles[k[-1]], rule)) for k in best]
        return ranked, counts


def banks(profiles: list[Prepared], rule: Rule) -> dict[str, Bank]:
    """Profiles grouped by the sha256 of their scheme file, each group as a :class:`Bank`."""
    groups: dict[str, list[Prepared]] = {}
    for p in profiles:
        groups.setdefault(p.scheme_file.sha256, []).append(p)
    return {sha: Bank(group, rule) for sha, group in groups.items()}


def match_job(
    evaluation: Evaluation,
    scheme_file: FileRef,
    profiles: dict[str, Bank],
    rule: Rule,
    top: int | None = None,
) -> JobResult:
    """Compare a job with every profile under its scheme file (same bytes); keep the best.

    ``top`` limits how many are ranked in the result (default: all of them).
    """
    job = job_levels(evaluation)
    bank = profiles.get(scheme_file.sha256)
    total = sum(len(b.profiles) for b in profiles.values())
    if bank is None:
        return JobResult(job, (), 0, total, dict.fromkeys(Verdict, 0))
    n = len(bank.profiles)
    ranked, counts = bank.rank(job, n if top is None else top)
    return JobResult(job, tuple(ranked), n, total - n, counts)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``jescore match`` reports for one job: the ranking and the top profiles in full."""

    report: Report
    result: JobResult
    #: The best ``top`` profiles, factor by factor.
    shown: tuple[Match, ...]

    @property
    def best_verdict(self) -> Verdict:
        """The best profile's verdict; no-match when no profile is under the job's scheme."""
        best = self.result.best
        return best[1].verdict if best is not None else Verdict.NO_MATCH


def outcome(report: Report, profiles: dict[str, Bank], rule: Rule, top: int) -> Outcome:
    """Match one evaluated job against profiles (see :func:`banks`); detail the best ``top``."""
    result = match_job(report.evaluation, report.scheme_file, profiles, rule, top)
    shown = tuple(detail(result.levels, p, rule, f) for p, f in result.ranked)
    return Outcome(report, result, shown)
