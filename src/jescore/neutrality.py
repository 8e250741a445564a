"""Do the scheme's results favour one sex's work? Checks over a set of evaluated jobs.

Given evaluated jobs and how many women and men hold each (from the questionnaires'
``equality: {headcount: {women, men}}``, or counted from a staff file), this module reports:

- **predominance** per job: female-dominated when women are at least the dominated share of the
  people in it (default 60%), male-dominated likewise (Ontario counts a job as male only at 70%),
  else mixed; a job with no headcount is unknown and left out of what follows;
- **where the points come from**: per factor, the mean points of female-dominated and of
  male-dominated jobs (each job counted once), the difference (male minus female) and its share
  of the difference in mean totals: which factors carry whose work;
- **weight sensitivity**: for each factor, its points scaled by plus and minus a step (default
  10%), every job re-scored with the engine, and the jobs (and people) whose band changes,
  by predominance. Scaled points are rounded to whole points, halves up, as a scheme would
  publish them; every other factor and the bands stay as they are;
- **boundary clustering**: per band boundary, the jobs within N points below it and at or above
  it (default 10), by predominance (the EHRC's checklist E names women's jobs just below a
  boundary with men's just above as a warning sign);
- **pay lines** where pay is known: least-squares lines of job median pay on total points for
  female- and for male-dominated jobs (the Canadian "equal line"), the gap between them at each
  female-dominated job's points, and per band the mean of the job medians of each group (the
  "equal average"). A screen, not a finding.

Jobs are grouped by grading structure (a scheme file and the bands its jobs are put in), as the
equal pay audit groups them: totals under different schemes are never pooled.

Pure functions, exact arithmetic (fractions) wherever a figure could be checked by hand; no
reading, no printing. Pay reaches the report only as job medians the disclosure control
publishes (:func:`from_staff`, which decides it as the equal pay audit does, once for the staff
file and the set of jobs, so that the two commands' outputs cannot be set against each other).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from jescore.disclosure import Reason, Sex
from jescore.engine import band_for, total_points
from jescore.equalpay import (
    Catalogue,
    Options,
    Structure,
    atoms,
    matched,
    pay_publication,
    structure_of,
)
from jescore.models import Band, Factor, FileRef, GradingStructure, Level, Scheme
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore.tabular import StaffTable

PREDOMINANCE_SOURCE = (
    "Canadian pay equity practice: a job is predominantly female (or male) when at least 60% "
    "of the people in it are women (or men), federally and in Quebec; Ontario counts a male "
    "job class at 70%"
)
PREDOMINANCE_URL = (
    "https://www.payequitychrc.ca/en/about-act/determining-gender-predominance-job-classes"
)
GAP_NOTE = (
    "Each job counts once, whatever its headcount. Male − female: male-dominated jobs' mean "
    "points minus female-dominated jobs' mean points; its share is of the difference in mean "
    "totals, so shares add up to 100% and a factor pulling the other way has a negative share."
)
BOUNDARY_SOURCE = (
    "Equality and Human Rights Commission, job evaluation checklist E (after the evaluations): "
    "women's jobs just below a grade boundary with men's just above is a warning sign"
)
BOUNDARY_URL = "https://www.equalityhumanrights.com/en/advice-and-guidance/job-evaluation-schemes"
LINES_SOURCE = (
    "Canadian Human Rights Commission, comparing compensation: the equal line method "
    "(least-squares lines of pay on points for female and for male job classes) and the equal "
    "average method (pay of female and male job classes compared band by band)"
)
LINES_URL = "https://www.payequitychrc.ca/en/comparing-compensation"
SCREEN_NOTE = (
    "A screen, not a finding: lines through a few jobs' median pay say where to look, not "
    "that anyone is underpaid; differences between jobs need investigating before anything is "
    "said about them."
)
ROUNDING = (
    "each level's points scaled, then rounded to the nearest whole point (halves up); other "
    "factors and the band boundaries unchanged"
)


class Predominance(StrEnum):
    """Whose work a job mostly is."""

    FEMALE = "female-dominated"
    MALE = "male-dominated"
    MIXED = "mixed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Headcount:
    """People in a job: women, men, and people recorded as neither."""

    women: int
    men: int
    other: int = 0

    @property
    def people(self) -> int:
        """Everyone in the job."""
        return self.women + self.men + self.other

    @property
    def women_share(self) -> Fraction | None:
        """Women as a percentage of everyone in the job (None when nobody is counted)."""
        return Fraction(100 * self.women, self.people) if self.people else None


#: Headcount keys read as women or men, in any case (as a staff file's sex column is read).
HEADCOUNT_WORDS = {
    **dict.fromkeys(("women", "woman", "female", "f", "w"), "women"),
    **dict.fromkeys(("men", "man", "male", "m"), "men"),
}
#: Keys that name everyone, not a group: refused, never counted as people of another sex.
TOTAL_WORDS = frozenset(("total", "all", "everyone", "people", "headcount", "sum", "count"))


def headcount_of(counts: Mapping[str, int]) -> tuple[Headcount | None, list[str], list[str]]:
    """A questionnaire's ``equality.headcount`` read as women, men and other.

    Keys are read as a staff file's sex column is (women, woman, female, F or W; men, man, male
    or M; any case); a key naming everyone (``total``, ``all``...) is an error, not a group; any
    other key is counted as people recorded as neither. Returns the headcount
    (None when no group is given), the errors (two keys for the same group), and the keys
    counted as neither.
    """
    if not counts:
        return None, [], []
    found: dict[str, tuple[str, int]] = {}
    errors: list[str] = []
    other, others = 0, []
    for key, n in counts.items():
        group = HEADCOUNT_WORDS.get(key.strip().lower())
        if key.strip().casefold() in TOTAL_WORDS:
            errors.append(
                f"'{excerpt(key)}' counts everyone, not a group: give the people of each group "
                "(women, men, and any other) and leave the total out"
            )
        elif group is None:
            other += n
            others.append(key)
        elif group in found:
            errors.append(
                f"'{excerpt(key)}' and '{excerpt(found[group][0])}' both count {group}: give one"
            )
        else:
            found[group] = (key, n)
    women = found.get("women", ("", 0))[1]
    men = found.get("men", ("", 0))[1]
    return Headcount(women, men, other), errors, others


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The shares that make a job female- or male-dominated, the step and the window."""

    #: A job is female-dominated when women are at least this percentage of its people.
    female: Fraction = Fraction(60)
    #: ... and male-dominated when men are at least this percentage (Ontario: 70).
    male: Fraction = Fraction(60)
    #: Weight sensitivity: each factor's points scaled by plus and minus this percentage.
    weight_step: Fraction = Fraction(10)
    #: Boundary clustering: jobs within this many points below and at or above a boundary.
    near: int = 10


def predominance(headcount: Headcount | None, thresholds: Thresholds) -> Predominance:
    """Female-dominated, male-dominated, mixed, or unknown (no headcount, or nobody counted)."""
    if headcount is None or headcount.people == 0:
        return Predominance.UNKNOWN
    if 100 * headcount.women >= thresholds.female * headcount.people:
        return Predominance.FEMALE
    if 100 * headcount.men >= thresholds.male * headcount.people:
        return Predominance.MALE
    return Predominance.MIXED


@dataclass(frozen=True, slots=True)
class Job:
    """One evaluated job, as this module needs it."""

    title: str
    reference: str | None
    file: FileRef
    scheme: Scheme
    scheme_file: FileRef
    grading: GradingStructure | None
    grading_file: FileRef | None
    #: Level number per factor id.
    levels: Mapping[str, int]
    headcount: Headcount | None
    #: Median pay over everyone in the job, when known and published.
    median_pay: float | None = None

    @property
    def structure(self) -> Structure:
        """The grading structure the job belongs to (as the equal pay audit names it)."""
        return structure_of(self.scheme, self.scheme_file, self.grading, self.grading_file)


@dataclass(frozen=True, slots=True)
class Scored:
    """A job with its total, band and predominance."""

    job: Job
    total: int
    band: Band | None
    predominance: Predominance

    @property
    def name(self) -> str:
        """How outputs name the job: its reference, else its title."""
        return self.job.reference or self.job.title


@dataclass(frozen=True, slots=True)
class FactorGap:
    """One factor: mean points of female- and of male-dominated jobs, and the difference."""

    factor: Factor
    female_mean: Fraction
    male_mean: Fraction

    @property
    def difference(self) -> Fraction:
        """Male-dominated jobs' mean points minus female-dominated jobs'."""
        return self.male_mean - self.female_mean


@dataclass(frozen=True, slots=True)
class Move:
    """A job whose band changes when one factor's points are scaled."""

    job: Scored
    total: int
    band: Band | None


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """One factor scaled by one step: the jobs whose band changes."""

    factor: Factor
    #: The signed step, in percent (+10 or -10).
    step: Fraction
    moves: tuple[Move, ...]

    def jobs(self, kind: Predominance) -> int:
        """How many jobs of one predominance change band."""
        return sum(1 for m in self.moves if m.job.predominance is kind)

    def people(self, kind: Predominance) -> int:
        """People in the jobs of one predominance that change band (where counted)."""
        return sum(
            m.job.job.headcount.people
            for m in self.moves
            if m.job.predominance is kind and m.job.job.headcount is not None
        )


@dataclass(frozen=True, slots=True)
class Boundary:
    """The jobs within N points below a band boundary and at or above it."""

    lower: Band
    upper: Band
    below: tuple[Scored, ...]
    above: tuple[Scored, ...]

    @property
    def at(self) -> int:
        """The lowest total of the upper band."""
        return self.upper.min

    @property
    def women_below_men_above(self) -> bool:
        """Female-dominated jobs just below and male-dominated jobs at or above."""
        return any(j.predominance is Predominance.FEMALE for j in self.below) and any(
            j.predominance is Predominance.MALE for j in self.above
        )


@dataclass(frozen=True, slots=True)
class Line:
    """A least-squares line of job median pay on total points."""

    slope: float
    intercept: float
    jobs: int
    #: Share of the variance of pay the line explains; None when every job has the same pay.
    r_squared: float | None
    #: The lowest and highest totals of the jobs it was fitted to.
    low: int
    high: int

    def at(self, points: float) -> float:
        """The line's pay at a total."""
        return self.intercept + self.slope * points


@dataclass(frozen=True, slots=True)
class LineGap:
    """The gap between the male and the female line at a female-dominated job's total."""

    job: Scored
    female: float
    male: float

    @property
    def gap(self) -> float:
        """Male line minus female line (positive: the male line pays more)."""
        return self.male - self.female

    @property
    def gap_pct(self) -> float | None:
        """The gap as a percentage of the male line (None where that line is at or below 0)."""
        return self.gap / self.male * 100 if self.male > 0 else None

    def outside(self, line: Line) -> bool:
        """Whether the job's total lies outside the totals the male line was fitted to."""
        return not line.low <= self.job.total <= line.high


@dataclass(frozen=True, slots=True)
class BandAverage:
    """One band: the mean of the job medians of female- and of male-dominated jobs."""

    band: Band
    female_jobs: int
    female_mean: float | None
    male_jobs: int
    male_mean: float | None

    @property
    def gap_pct(self) -> float | None:
        """(male mean - female mean) / male mean x 100, where both exist."""
        if self.female_mean is None or self.male_mean is None or self.male_mean <= 0:
            return None
        return (self.male_mean - self.female_mean) / self.male_mean * 100


@dataclass(frozen=True, slots=True)
class PayLines:
    """The equal line and equal average screens of one group."""

    female: Line | None
    male: Line | None
    #: Why a line is missing, in words (None when it is there).
    female_reason: str | None
    male_reason: str | None
    gaps: tuple[LineGap, ...]
    averages: tuple[BandAverage, ...]
    #: Female- or male-dominated jobs left out because their pay is not published.
    withheld: int


@dataclass(frozen=True, slots=True)
class Group:
    """The jobs of one grading structure and everything reported about them."""

    structure: Structure
    scheme: Scheme
    scheme_file: FileRef
    grading: GradingStructure | None
    jobs: tuple[Scored, ...]
    gap: tuple[FactorGap, ...]
    sensitivity: tuple[Sensitivity, ...]
    boundaries: tuple[Boundary, ...]
    pay: PayLines | None
    #: Plain sentences where something could not be computed, and why.
    messages: tuple[str, ...] = ()

    def of(self, kind: Predominance) -> tuple[Scored, ...]:
        """The jobs of one predominance."""
        return tuple(j for j in self.jobs if j.predominance is kind)

    @property
    def total_difference(self) -> Fraction | None:
        """Male-dominated jobs' mean total minus female-dominated jobs' (None without both)."""
        if not self.gap:
            return None
        return sum((g.difference for g in self.gap), Fraction(0))

    def share(self, gap: FactorGap) -> Fraction | None:
        """A factor's share of the difference in mean totals, in percent (None when it is 0)."""
        total = self.total_difference
        if not total:
            return None
        return gap.difference / total * 100


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``neutrality`` reports."""

    thresholds: Thresholds
    groups: tuple[Group, ...]
    #: Whether pay was read (a staff file with a pay column).
    with_pay: bool = False
    #: Where the headcounts came from: "questionnaires" or "staff file".
    headcounts_from: str = "questionnaires"
    messages: tuple[str, ...] = field(default_factory=tuple)


# --- the computations -------------------------------------------------------------------------


def scaled(points: int, step: Fraction) -> int:
    """Points scaled by ``step`` percent, rounded to the nearest whole point, halves up."""
    value = Fraction(points) * (100 + step) / 100
    return math.floor(value + Fraction(1, 2))


def rescaled(scheme: Scheme, factor_id: str, step: Fraction) -> Scheme:
    """The scheme with one factor's points scaled by ``step`` percent (see :func:`scaled`).

    Built without validation: scaled points may tie between levels, which a scheme file may
    not do, but the engine adds points up all the same.
    """
    factors = [
        f
        if f.id != factor_id
        else Factor.model_construct(
            **{
                **_fields(f),
                "levels": [
                    Level.model_construct(**{**_fields(lv), "points": scaled(lv.points, step)})
                    for lv in f.levels
                ],
            }
        )
        for f in scheme.factors
    ]
    return Scheme.model_construct(**{**_fields(scheme), "factors": factors})


def _fields(model: Scheme | Factor | Level) -> dict[str, Any]:
    return {name: getattr(model, name) for name in type(model).model_fields}


def mean(values: Sequence[int]) -> Fraction:
    """The exact mean of whole numbers."""
    return Fraction(sum(values), len(values))


def factor_gap(scheme: Scheme, female: Sequence[Scored], male: Sequence[Scored]) -> list[FactorGap]:
    """Per factor, the mean points of the female- and of the male-dominated jobs."""
    return [
        FactorGap(
            f,
            mean([f.points(j.job.levels[f.id]) for j in female]),
            mean([f.points(j.job.levels[f.id]) for j in male]),
        )
        for f in scheme.factors
    ]


def sensitivity(
    scheme: Scheme, grading: GradingStructure, jobs: Sequence[Scored], step: Fraction
) -> list[Sensitivity]:
    """Each factor scaled by +step% and -step%: every job re-scored with the engine.

    Only the scaled factor's points change, so a job's new total is its total under the scheme
    less that factor's points there, plus its points under the rescaled scheme (both read with
    the engine's ``Factor.points``): the same sum as re-adding every factor, without re-adding
    the others (a 50-factor scheme over 2,000 jobs would otherwise re-add 10 million points).
    """
    out = []
    for f in scheme.factors:
        for signed in (step, -step):
            changed = rescaled(scheme, f.id, signed)
            scaled = next(c for c in changed.factors if c.id == f.id)
            moves = []
            for j in jobs:
                level = j.job.levels[f.id]
                total = j.total - f.points(level) + scaled.points(level)
                band = band_for(grading, total)
                if _label(band) != _label(j.band):
                    moves.append(Move(j, total, band))
            out.append(Sensitivity(f, signed, tuple(moves)))
    return out


def _label(band: Band | None) -> str | None:
    return None if band is None else band.label


def boundaries(grading: GradingStructure, jobs: Sequence[Scored], near: int) -> list[Boundary]:
    """For each boundary, the jobs within ``near`` points below it and at or above it.

    Below: ``at - near <= total < at``; at or above: ``at <= total < at + near`` (as ``jescore
    check --near`` counts them). Boundaries with no job near are left out.
    """
    out = []
    for lower, upper in zip(grading.bands, grading.bands[1:], strict=False):
        at = upper.min
        below = tuple(j for j in jobs if at - near <= j.total < at)
        above = tuple(j for j in jobs if at <= j.total < at + near)
        if below or above:
            out.append(Boundary(lower, upper, below, above))
    return out


def least_squares(points: Sequence[tuple[int, float]]) -> Line | None:
    """The least-squares line through (total, pay) points, exactly; None with one total only.

    Sums are taken over exact fractions of the values given, so the order of the points cannot
    change the result.
    """
    n = len(points)
    xs = {x for x, _ in points}
    if n < 2 or len(xs) < 2:
        return None
    x = [Fraction(p) for p, _ in points]
    y = [Fraction(v) for _, v in points]
    mx, my = sum(x) / n, sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    syy = sum((b - my) ** 2 for b in y)
    slope = sxy / sxx
    intercept = my - slope * mx
    r2 = float(sxy * sxy / (sxx * syy)) if syy else None
    return Line(float(slope), float(intercept), n, r2, min(xs), max(xs))


def _line_reason(kind: str, shown: Sequence[Scored], withheld: int) -> str:
    jobs = "job" if len(shown) == 1 else "jobs"
    totals = len({j.total for j in shown})
    why = (
        f"{len(shown)} {kind} {jobs} with pay shown"
        if totals == len(shown) or not shown
        else f"{len(shown)} {kind} {jobs} with pay shown, all at one total"
    )
    more = f" ({withheld} more with pay not shown)" if withheld else ""
    return f"No {kind} line: a line needs at least two jobs with different totals; {why}{more}."


def pay_lines(grading: GradingStructure | None, group: Sequence[Scored]) -> PayLines:
    """The equal line and equal average screens over the jobs whose median pay is shown."""
    female = [j for j in group if j.predominance is Predominance.FEMALE]
    male = [j for j in group if j.predominance is Predominance.MALE]
    f_shown = [j for j in female if j.job.median_pay is not None]
    m_shown = [j for j in male if j.job.median_pay is not None]
    withheld = len(female) - len(f_shown) + len(male) - len(m_shown)
    f_line = least_squares([(j.total, _pay(j)) for j in f_shown])
    m_line = least_squares([(j.total, _pay(j)) for j in m_shown])
    gaps: list[LineGap] = []
    if f_line is not None and m_line is not None:
        gaps = [LineGap(j, f_line.at(j.total), m_line.at(j.total)) for j in female]
    averages = []
    if grading is not None:
        for band in grading.bands:
            fs = [_pay(j) for j in f_shown if j.band is band]
            ms = [_pay(j) for j in m_shown if j.band is band]
            if fs or ms:
                averages.append(
                    BandAverage(
                        band,
                        len(fs),
                        math.fsum(fs) / len(fs) if fs else None,
                        len(ms),
                        math.fsum(ms) / len(ms) if ms else None,
                    )
                )
    return PayLines(
        f_line,
        m_line,
        None if f_line else _line_reason("female-dominated", f_shown, len(female) - len(f_shown)),
        None if m_line else _line_reason("male-dominated", m_shown, len(male) - len(m_shown)),
        tuple(gaps),
        tuple(averages),
        withheld,
    )


def _pay(j: Scored) -> float:
    assert j.job.median_pay is not None
    return j.job.median_pay


def score(job: Job, thresholds: Thresholds) -> Scored:
    """A job's total (with the engine), band and predominance."""
    total = total_points(job.scheme, dict(job.levels))
    return Scored(job, total, band_for(job.grading, total), predominance(job.headcount, thresholds))


def _order(j: Scored) -> tuple[int, str, str]:
    return (-j.total, j.name, j.job.file.path)


def group(jobs: Sequence[Job], thresholds: Thresholds, with_pay: bool = False) -> Group:
    """Everything reported about the jobs of one grading structure."""
    first = jobs[0]
    scheme, grading = first.scheme, first.grading
    scored = sorted((score(j, thresholds) for j in jobs), key=_order)
    female = [j for j in scored if j.predominance is Predominance.FEMALE]
    male = [j for j in scored if j.predominance is Predominance.MALE]
    messages = []
    gaps: list[FactorGap] = []
    if female and male:
        gaps = factor_gap(scheme, female, male)
        if not sum((g.difference for g in gaps), Fraction(0)):
            messages.append(
                "The female- and male-dominated jobs have the same mean total: shares of a "
                "difference of 0 points are not given."
            )
    else:
        lacking = " or ".join(
            kind
            for kind, found in (("female-dominated", female), ("male-dominated", male))
            if not found
        )
        messages.append(
            f"No {lacking} job under this scheme, so there is no factor gap to show: it "
            "compares the two groups' points factor by factor."
        )
    moves: list[Sensitivity] = []
    near: list[Boundary] = []
    if grading is None:
        messages.append(
            "No bands: weight sensitivity and boundary clustering need a grading structure "
            "(--bands, or grading: in the questionnaires)."
        )
    else:
        moves = sensitivity(scheme, grading, scored, thresholds.weight_step)
        near = boundaries(grading, scored, thresholds.near)
    return Group(
        first.structure,
        scheme,
        first.scheme_file,
        grading,
        tuple(scored),
        tuple(gaps),
        tuple(moves),
        tuple(near),
        pay_lines(grading, scored) if with_pay else None,
        tuple(messages),
    )


def by_structure(jobs: Iterable[Job]) -> list[list[Job]]:
    """Jobs grouped by grading structure, in the order each structure is first met."""
    groups: dict[str, list[Job]] = {}
    for j in jobs:
        groups.setdefault(j.structure.key, []).append(j)
    return list(groups.values())


def report(
    jobs: Sequence[Job],
    thresholds: Thresholds,
    with_pay: bool = False,
    headcounts_from: str = "questionnaires",
) -> Report:
    """The neutrality report over jobs of one or more grading structures, never pooled."""
    groups = tuple(group(g, thresholds, with_pay) for g in by_structure(jobs))
    return Report(thresholds, groups, with_pay, headcounts_from)


# --- from a staff file ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffCounts:
    """What a staff file gives: people per job by sex and, with pay, published job medians."""

    #: Headcounts by job reference (jobs no row names have none).
    headcounts: dict[str, Headcount]
    #: Median pay over everyone in the job, where read and published, by job reference.
    medians: dict[str, float]
    #: Jobs whose median pay the disclosure control does not publish, each with the reason.
    withheld: dict[str, Reason]
    rows: int
    skipped: dict[str, int]


def from_staff(
    catalogue: Catalogue,
    staff: StaffTable,
    min_group: int,
    with_pay: bool,
    skip_unknown_jobs: bool = False,
    skip_bad_rows: bool = False,
) -> StaffCounts:
    """Count a staff table's people per job and sex; with pay, the job medians published.

    Rows are matched to jobs as the equal pay audit matches them (every problem the options do
    not skip is raised at once, with its row and column). Counts of people are shown, as the
    disclosure rule allows; a job's median pay only where the rule publishes the job's figures
    for everyone, decided over the same cells as ``equalpay``.

    Raises:
        InputError: rows with problems that the options do not skip.
    """
    import polars as pl

    frame, skipped = matched(
        catalogue.jobs,
        staff,
        Options(skip_unknown_jobs=skip_unknown_jobs, skip_bad_rows=skip_bad_rows),
    )
    infos = list(catalogue.jobs.values())
    counted = atoms(catalogue, frame)
    counts: dict[str, dict[Sex, int]] = {}
    for (path, sex), n in counted.items():
        counts.setdefault(path[2], {})[sex] = n
    headcounts = {
        ref: Headcount(c.get(Sex.WOMEN, 0), c.get(Sex.MEN, 0), c.get(Sex.OTHER, 0))
        for ref, c in counts.items()
    }
    medians: dict[str, float] = {}
    withheld: dict[str, Reason] = {}
    if with_pay:
        publication = pay_publication(catalogue, frame, staff, min_group)
        table = frame.group_by("job_index", maintain_order=True).agg(pl.col("pay").median())
        for index, median in table.iter_rows():
            info = infos[int(index)]
            path = (
                info.structure.key,
                info.band.label if info.band is not None else None,
                info.reference,
            )
            decision = publication.decision(path, Sex.ALL)
            if decision.published and median is not None:
                medians[info.reference] = float(median)
            else:
                withheld[info.reference] = decision.reason or Reason.SMALL
    return StaffCounts(headcounts, medians, withheld, staff.rows, skipped)
