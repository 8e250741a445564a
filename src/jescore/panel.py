"""Panels: several evaluators' scores for one job, how far they agree, and a consensus record.

Job evaluation is done by panels. Each member's scores are a questionnaire naming its
``evaluator``; questionnaires for the same job (same ``job.reference``, or the same title when
there is none) are one panel. For each job this module works out, per factor, the members'
levels, their spread and median, and whether the disagreement matters (with every other factor
at the panel's median, does the band differ between the lowest and the highest level chosen?);
across many jobs, Krippendorff's alpha (ordinal, on levels), exact and within-one agreement, and
each evaluator's mean signed deviation from the panel median.

The median of an even panel split between two levels is not a level: the consensus takes the
lower one and marks the factor for discussion, never settling it silently.

Pure functions over validated models: no I/O and no printing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from jescore.engine import answers_by_factor, band_for
from jescore.models import (
    Band,
    Evidence,
    Factor,
    FileRef,
    GradingStructure,
    Job,
    Questionnaire,
    Scheme,
)

#: Where the composition guidance comes from (the NHS's; a scheme-neutral default otherwise).
COMPOSITION_SOURCE = (
    "NHS Job Evaluation Handbook, chapter 11 (matching procedure), 2.1: panels have equal "
    "numbers of management and staff side members, four (two of each) being most effective; "
    "three or five may sit"
)


@dataclass(frozen=True, slots=True)
class Member:
    """One member's scores for one job."""

    name: str
    side: str | None
    file: FileRef
    #: Level, letters, evidence and rationale of each factor, in scheme order.
    levels: tuple[int, ...]
    letters: tuple[str, ...]
    evidence: tuple[tuple[Evidence, ...], ...]
    rationales: tuple[str | None, ...]
    total: int
    band: Band | None


def job_key(job: Job) -> str:
    """What makes questionnaires one job: the reference, else the title (case and spaces aside)."""
    return " ".join((job.reference or job.title).split()).casefold()


@dataclass(frozen=True, slots=True)
class Scored:
    """What a panel needs from one evaluated questionnaire.

    The rest of it is let go at once, so that thousands of files cost little memory and little
    garbage-collection time.
    """

    key: str
    job: Job
    scheme: Scheme
    scheme_file: FileRef
    grading: GradingStructure | None
    grading_file: FileRef | None
    #: The evaluator as written (None when the questionnaire names none).
    named: bool
    member: Member


def scored(
    questionnaire: Questionnaire,
    scheme: Scheme,
    grading: GradingStructure | None,
    files: tuple[FileRef, FileRef, FileRef | None],
    fallback_name: str,
    keep_evidence: bool = True,
) -> Scored:
    """A panel member from a checked questionnaire, scored here: levels, total and band only.

    ``files`` are the questionnaire's, the scheme's and the grading structure's. A panel needs
    no sensitivity, so this is lighter than a full evaluation. The member is named by
    ``fallback_name`` when the questionnaire names no evaluator; evidence and rationales are
    kept only when asked (for a consensus record).
    """
    q = questionnaire
    answers = answers_by_factor(q, scheme)
    chosen = [answers[f.id] for f in scheme.factors]
    levels = tuple(a.number for a in chosen)
    total = sum(f.points(level) for f, level in zip(scheme.factors, levels, strict=True))
    member = Member(
        q.evaluator.name if q.evaluator else fallback_name,
        q.evaluator.side if q.evaluator else None,
        files[0],
        levels,
        tuple(a.letters for a in chosen),
        tuple(tuple(a.evidence) for a in chosen) if keep_evidence else (),
        tuple(a.rationale for a in chosen) if keep_evidence else (),
        total,
        band_for(grading, total),
    )
    return Scored(
        job_key(q.job), q.job, scheme, files[1], grading, files[2], q.evaluator is not None, member
    )


class FactorView(NamedTuple):
    """One factor across a panel (a named tuple: thousands are made for a large run)."""

    factor: Factor
    #: Each member's level, in member order.
    levels: tuple[int, ...]
    low: int
    high: int
    median: Fraction
    #: An even panel split between two levels: the median is not a level.
    split: bool
    #: The consensus level: the median, or the lower of the two middle levels when split.
    consensus: int
    #: Bands with every other factor at its consensus level and this one at ``low``/``high``.
    band_low: Band | None
    band_high: Band | None

    @property
    def spread(self) -> int:
        """Levels between the lowest and the highest member."""
        return self.high - self.low

    @property
    def matters(self) -> bool:
        """Whether the members' disagreement on this factor alone changes the band."""
        return _label(self.band_low) != _label(self.band_high)

    @property
    def first(self) -> bool:
        """Listed first: members two levels or more apart, or a disagreement that matters."""
        return self.spread >= 2 or self.matters


def _label(band: Band | None) -> str | None:
    return band.label if band is not None else None


@dataclass(frozen=True, slots=True)
class Composition:
    """The composition rule: fewest members, and whether management and staff must balance."""

    min_members: int = 3
    balance: bool = True


@dataclass(frozen=True, slots=True)
class PanelView:
    """One job's panel, worked out."""

    title: str
    reference: str | None
    #: The job as the first member (by name) wrote it.
    job: Job
    scheme: Scheme
    scheme_file: FileRef
    grading: GradingStructure | None
    members: tuple[Member, ...]
    #: Factors in reading order: those listed first (see FactorView.first), then the rest,
    #: each group in scheme order.
    factors: tuple[FactorView, ...]
    consensus_total: int
    consensus_band: Band | None
    #: Composition findings, in words ([] when the panel is as the rule asks).
    composition: tuple[str, ...]

    @property
    def bands(self) -> tuple[str | None, ...]:
        """Each member's band label (None outside the bands), in member order."""
        return tuple(_label(m.band) for m in self.members)

    @property
    def verdict(self) -> str:
        """One line a panel chair reads first."""
        if self.grading is None:
            totals = sorted(m.total for m in self.members)
            return (
                f"No bands to compare (the scheme has none; give --bands): totals "
                f"{totals[0]} to {totals[-1]}"
            )
        bands = set(self.bands)
        n = len(self.members)
        everyone = {1: "the member", 2: "both members"}.get(n, f"all {_number(n)} members")
        if len(bands) == 1:
            (only,) = bands
            where = f"in Band {only}" if only is not None else "outside the bands"
            return f"{everyone[0].upper()}{everyone[1:]} put the job {where}"
        deciding = [f for f in self.factors if f.matters]
        if deciding:
            parts = "; ".join(f"{f.factor.name}: {f.low} vs {f.high}" for f in deciding)
            return f"The band depends on {parts}"
        low, high = self.band_span
        return (
            f"Members' totals span {low} to {high}, but no single factor's disagreement changes "
            "the band with the others at the median"
        )

    @property
    def band_span(self) -> tuple[str, str]:
        """The lowest and highest member's band, as words ('Band 3', 'outside the bands')."""
        ordered = sorted(self.members, key=lambda m: m.total)

        def words(m: Member) -> str:
            return f"Band {m.band.label}" if m.band is not None else "outside the bands"

        return words(ordered[0]), words(ordered[-1])

    @property
    def splits(self) -> tuple[FactorView, ...]:
        """Factors where an even panel split between two levels (marked for discussion)."""
        return tuple(f for f in self.factors if f.split)


def _number(n: int) -> str:
    return {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}.get(n, str(n))


def _median(levels: list[int]) -> tuple[Fraction, bool, int]:
    ordered = sorted(levels)
    n = len(ordered)
    if n % 2:
        mid = ordered[n // 2]
        return Fraction(mid), False, mid
    lower, upper = ordered[n // 2 - 1], ordered[n // 2]
    return Fraction(lower + upper, 2), lower != upper, lower


def view(entries: list[Scored], composition: Composition = Composition()) -> PanelView:
    """Work out one job's panel from its members (all under one scheme file)."""
    members = tuple(e.member for e in entries)
    first = entries[0]
    scheme = first.scheme
    grading = first.grading
    per_factor = [[m.levels[i] for m in members] for i in range(len(scheme.factors))]
    medians = [_median(levels) for levels in per_factor]
    consensus = [c for _, _, c in medians]
    points = [f.points(level) for f, level in zip(scheme.factors, consensus, strict=True)]
    base = sum(points)
    views = []
    for i, factor in enumerate(scheme.factors):
        levels = per_factor[i]
        median, split, chosen = medians[i]
        low, high = min(levels), max(levels)
        # Every other factor at its consensus level: only this factor's points change.
        others = base - points[i]
        views.append(
            FactorView(
                factor,
                tuple(levels),
                low,
                high,
                median,
                split,
                chosen,
                band_for(grading, others + factor.points(low)),
                band_for(grading, others + factor.points(high)),
            )
        )
    ordered = [v for v in views if v.first] + [v for v in views if not v.first]
    total = base
    job = first.job
    return PanelView(
        job.title,
        job.reference,
        job,
        scheme,
        first.scheme_file,
        grading,
        members,
        tuple(ordered),
        total,
        band_for(grading, total),
        composition_findings(members, composition),
    )


def composition_findings(members: tuple[Member, ...], rule: Composition) -> tuple[str, ...]:
    """Where the panel's make-up departs from the rule, in words."""
    out: list[str] = []
    n = len(members)
    if n < rule.min_members:
        out.append(f"{n} member{'' if n == 1 else 's'}, fewer than {rule.min_members}")
    sides = Counter(m.side for m in members)
    if rule.balance and any(m.side for m in members):
        management, staff = sides.get("management", 0), sides.get("staff", 0)
        if management != staff:
            out.append(f"not balanced: {management} management, {staff} staff side")
        if sides.get(None):
            unnamed = sides[None]
            says = "member gives" if unnamed == 1 else "members give"
            out.append(f"{unnamed} {says} no side")
    return tuple(out)


# --- agreement across jobs ---------------------------------------------------------------------


def alpha_ordinal(units: list[list[int]]) -> float | None:
    """Krippendorff's alpha for ordinal data; each unit is the values its raters gave.

    Units with fewer than two values are not pairable and are left out (missing ratings).
    Returns None when alpha is undefined: fewer than two pairable values, or no variation in
    the whole data (the expected disagreement is zero).
    """
    pairable = [u for u in units if len(u) >= 2]
    values = sorted({v for u in pairable for v in u})
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    # The coincidence matrix: each ordered pair of values within a unit, weighted 1/(m - 1).
    # Pairs are counted in whole numbers per unit size m, and divided once at the end (exact).
    by_size: dict[int, list[list[int]]] = {}
    for unit in pairable:
        m = len(unit)
        counts_m = by_size.get(m)
        if counts_m is None:
            counts_m = by_size[m] = [[0] * size for _ in range(size)]
        positions = [index[v] for v in unit]
        for a, i in enumerate(positions):
            row = counts_m[i]
            for b, j in enumerate(positions):
                if a != b:
                    row[j] += 1
    o = [[Fraction(0)] * size for _ in range(size)]
    for m, counts_m in by_size.items():
        for i in range(size):
            for j in range(size):
                if counts_m[i][j]:
                    o[i][j] += Fraction(counts_m[i][j], m - 1)
    totals = [sum(row, Fraction(0)) for row in o]
    n = sum(totals, Fraction(0))
    if n <= 1:
        return None
    cumulative = [Fraction(0)]
    for t in totals:
        cumulative.append(cumulative[-1] + t)

    def distance(i: int, j: int) -> Fraction:
        lo, hi = min(i, j), max(i, j)
        between = cumulative[hi + 1] - cumulative[lo] - (totals[lo] + totals[hi]) / 2
        return between * between

    observed = sum(
        (o[i][j] * distance(i, j) for i in range(size) for j in range(size)), Fraction(0)
    )
    expected = sum(
        (totals[i] * totals[j] * distance(i, j) for i in range(size) for j in range(size)),
        Fraction(0),
    )
    if expected == 0:
        return None
    return float(1 - (n - 1) * observed / expected)


@dataclass(frozen=True, slots=True)
class FactorAgreement:
    """Alpha for one factor of one scheme, over the jobs."""

    scheme: str
    factor: Factor
    alpha: float | None


@dataclass(frozen=True, slots=True)
class EvaluatorBias:
    """An evaluator's mean signed deviation from the panel median, over the units they rated."""

    name: str
    bias: float
    units: int


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far panels agree across many jobs (units are job x factor)."""

    jobs: int
    units: int
    alpha: float | None
    exact: float | None
    within_one: float | None
    factors: tuple[FactorAgreement, ...]
    #: Highest bias first (who scores high), then the lowest.
    evaluators: tuple[EvaluatorBias, ...]


def agreement(panels: list[PanelView]) -> Agreement:
    """Agreement over every job x factor unit the panels rated."""
    units: list[list[int]] = []
    by_factor: dict[tuple[str, str], tuple[Factor, list[list[int]]]] = {}
    #: Twice each member's deviation from the unit's median (whole numbers: medians are halves).
    deviations: dict[str, list[int]] = {}
    for p in panels:
        for f in p.factors:
            levels = list(f.levels)
            units.append(levels)
            key = (p.scheme.id, f.factor.id)
            by_factor.setdefault(key, (f.factor, []))[1].append(levels)
            if len(levels) >= 2:
                twice = f.median.numerator * 2 // f.median.denominator
                for m, level in zip(p.members, levels, strict=True):
                    deviations.setdefault(m.name, []).append(2 * level - twice)
    pairable = [u for u in units if len(u) >= 2]
    exact = within = None
    if pairable:
        exact = sum(1 for u in pairable if max(u) == min(u)) / len(pairable)
        within = sum(1 for u in pairable if max(u) - min(u) <= 1) / len(pairable)
    factors = tuple(
        FactorAgreement(scheme, factor, alpha_ordinal(rows))
        for (scheme, _), (factor, rows) in by_factor.items()
    )
    evaluators = sorted(
        (EvaluatorBias(name, sum(d) / (2 * len(d)), len(d)) for name, d in deviations.items()),
        key=lambda e: (-e.bias, e.name),
    )
    return Agreement(
        len(panels),
        len(pairable),
        alpha_ordinal(units),
        exact,
        within,
        factors,
        tuple(evaluators),
    )


# --- consensus ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergedEvidence:
    """One piece of evidence, cited by one or more members."""

    text: str
    source: str | None
    by: tuple[str, ...]


def merged_evidence(panel: PanelView, factor_index: int) -> tuple[MergedEvidence, ...]:
    """Every member's evidence for a factor (scheme order index), duplicates merged, attributed.

    Two pieces are the same when their text (case and spaces aside) and source are the same;
    the first wording is kept, in member order.
    """
    merged: dict[tuple[str, str | None], tuple[str, str | None, list[str]]] = {}
    for m in panel.members:
        for e in m.evidence[factor_index]:
            key = (" ".join(e.text.split()).casefold(), e.source)
            if key not in merged:
                merged[key] = (e.text, e.source, [])
            cited = merged[key][2]
            for name in (*e.by, m.name):
                if name not in cited:
                    cited.append(name)
    return tuple(MergedEvidence(text, source, tuple(by)) for text, source, by in merged.values())


def merged_rationale(panel: PanelView, factor_index: int) -> str | None:
    """Every member's rationale for a factor, each distinct one once, with who gave it."""
    given: dict[str, list[str]] = {}
    for m in panel.members:
        text = m.rationales[factor_index] if m.rationales else None
        if text:
            given.setdefault(" ".join(text.split()), []).append(m.name)
    if not given:
        return None
    return " | ".join(f"{text} ({', '.join(names)})" for text, names in given.items())
