"""The equal pay audit: women's and men's pay within each group of equal work.

In Great Britain a woman may claim equal pay with a man doing work rated as equivalent under a
job evaluation scheme. The Equality and Human Rights Commission's equal pay audit compares the
pay of women and men within each group of equal work and advises that, as a general rule,
differences of 5% or more, or recurring differences of 3% or more, merit investigation.

Groups are the bands of the grading ("work rated as equivalent"), or single jobs ("like work").
Staff rows are aggregated as they stream past: only the pay figures of each group and job are
kept (to take exact medians), never a person's row. Where fewer than ``min_group`` people of a
sex are in a group, that sex's pay figures there are suppressed.

Pure functions: rows in, figures out. Reading the staff file is :mod:`jescore.staff`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from jescore.engine import answers_by_factor, band_for, total_points
from jescore.models import Band, GradingStructure, Questionnaire, Scheme
from jescore.staff import Row

GUIDANCE = (
    "Equality and Human Rights Commission, equal pay audit guidance: as a general rule, "
    "differences of 5% or more, or recurring differences of 3% or more, merit investigation"
)
GUIDANCE_URL = (
    "https://www.equalpayatwork.org.uk/toolkit/a-workers-guide-to-conducting-an-equal-pay-audit-4/"
    "the-five-steps-of-an-equal-pay-audit-16/"
)

_WOMEN = {"f", "female", "woman", "women"}
_MEN = {"m", "male", "man", "men"}
_PAY = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class Sex(StrEnum):
    """The two groups an equal pay audit compares."""

    WOMEN = "women"
    MEN = "men"


def sex_of(raw: object) -> Sex | None:
    """F/M, female/male, woman/man in any case; None for anything else."""
    if not isinstance(raw, str):
        return None
    word = raw.strip().casefold()
    if word in _WOMEN:
        return Sex.WOMEN
    if word in _MEN:
        return Sex.MEN
    return None


def pay_of(raw: object) -> float | str:
    """A pay figure, or why it is not one ('missing', 'negative', 'not a number').

    Accepts numbers, and text such as ``23456.78``, ``23,456.78`` or ``£23,456``.
    """
    if raw is None:
        return "missing"
    if isinstance(raw, bool):
        return "not a number"
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return "not a number"
        return float(raw) if raw >= 0 else "negative"
    if not isinstance(raw, str):
        return "not a number"
    text = raw.strip().replace(",", "").removeprefix("£").strip()
    if not text:
        return "missing"
    negative = text.startswith("-")
    body = text[1:] if negative else text
    if _PAY.fullmatch(body) is None:
        return "not a number"
    value = float(body)
    return "negative" if negative and value != 0 else value


@dataclass(frozen=True, slots=True)
class JobInfo:
    """What the audit needs of one evaluated job."""

    reference: str
    title: str
    scheme: str
    total: int
    band: Band | None


def job_info(
    questionnaire: Questionnaire, scheme: Scheme, grading: GradingStructure | None
) -> JobInfo:
    """A checked questionnaire's reference, title, total and band (no sensitivity needed)."""
    levels = {fid: a.number for fid, a in answers_by_factor(questionnaire, scheme).items()}
    total = total_points(scheme, levels)
    job = questionnaire.job
    return JobInfo(
        (job.reference or "").strip(), job.title, scheme.id, total, band_for(grading, total)
    )


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bad staff row: its row number, the column, and what is wrong (never its values)."""

    row: int
    column: str
    message: str


#: Problems listed one by one; beyond these, problems are counted by kind.
PROBLEMS_KEPT = 50


@dataclass(slots=True)
class _Pay:
    women: array[float] = field(default_factory=lambda: array("d"))
    men: array[float] = field(default_factory=lambda: array("d"))


@dataclass(slots=True)
class Collected:
    """Pay figures by group and by job, and what was wrong or skipped."""

    by_group: dict[tuple[str, str], _Pay]
    by_job: dict[str, _Pay]
    rows: int = 0
    #: The first problems found (at most PROBLEMS_KEPT), in row order.
    problems: list[RowProblem] = field(default_factory=list)
    #: Every problem counted, by column and message, with the first rows it was found at.
    tally: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    problem_count: int = 0
    #: Rows left out with --skip-unknown-jobs / --skip-bad-rows, by reason.
    skipped: dict[str, int] = field(default_factory=dict)

    def note(self, found: list[RowProblem]) -> None:
        """Keep the first problems whole, and count every one (a large file may hold many)."""
        for p in found:
            self.problem_count += 1
            if len(self.problems) < PROBLEMS_KEPT:
                self.problems.append(p)
            rows = self.tally.setdefault((p.column, p.message), [0])
            rows[0] += 1
            if len(rows) <= 5:
                rows.append(p.row)


def collect(
    rows: Iterable[Row],
    jobs: dict[str, JobInfo],
    by_job: bool,
    columns: tuple[str, str, str],
    skip_unknown_jobs: bool = False,
    skip_bad_rows: bool = False,
) -> Collected:
    """Stream the staff rows into pay figures per group (band or job) and per job.

    ``columns`` are the names of the job, sex and pay columns, for messages.
    """
    out = Collected({}, {})
    job_column, sex_column, pay_column = columns
    skipped = out.skipped
    for number, job_raw, sex_raw, pay_raw in rows:
        out.rows += 1
        ref = str(job_raw).strip() if job_raw is not None else ""
        info = jobs.get(ref)
        if info is None and skip_unknown_jobs:
            skipped["unknown job"] = skipped.get("unknown job", 0) + 1
            continue
        sex = sex_of(sex_raw)
        pay = pay_of(pay_raw)
        if info is not None and sex is not None and not isinstance(pay, str):
            pass
        else:
            found = []
            if info is None:
                what = "is empty" if not ref else "names a job with no questionnaire"
                found.append(RowProblem(number, job_column, what))
            if sex is None:
                found.append(
                    RowProblem(number, sex_column, "is not one of F, M, female, male, woman, man")
                )
            if isinstance(pay, str):
                found.append(RowProblem(number, pay_column, f"is {pay}"))
            if skip_bad_rows and info is not None:
                skipped["bad value"] = skipped.get("bad value", 0) + 1
            else:
                out.note(found)
            continue
        assert info is not None and sex is not None and not isinstance(pay, str)
        if by_job:
            key = (info.scheme, info.reference)
        else:
            key = (info.scheme, info.band.label if info.band is not None else "")
        group = out.by_group.get(key)
        if group is None:
            group = out.by_group[key] = _Pay()
        job_pay = out.by_job.get(info.reference)
        if job_pay is None:
            job_pay = out.by_job[info.reference] = _Pay()
        if sex is Sex.WOMEN:
            group.women.append(pay)
            job_pay.women.append(pay)
        else:
            group.men.append(pay)
            job_pay.men.append(pay)
    return out


@dataclass(frozen=True, slots=True)
class Figures:
    """One sex's pay in one group; mean and median are None when suppressed."""

    count: int
    mean: float | None
    median: float | None


def _median(values: array[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def figures(values: array[float], min_group: int) -> Figures:
    """Count, mean and median; the pay figures suppressed below ``min_group`` people."""
    n = len(values)
    if n < min_group or n == 0:
        return Figures(n, None, None)
    return Figures(n, sum(values) / n, _median(values))


def gap(women: float | None, men: float | None) -> float | None:
    """(men - women) / men x 100; positive when men are paid more. None when not computable."""
    if women is None or men is None or men == 0:
        return None
    return (men - women) / men * 100


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a gap merits investigation (defaults from the EHRC guidance)."""

    significant: float = 5.0
    pattern: float = 3.0
    #: jescore's reading of "recurring": in at least this many groups, in the same direction.
    pattern_groups: int = 2
    min_group: int = 5
    #: A job is mostly women (or mostly men) at this share or more, for the comparator screen.
    dominated_share: float = 60.0


@dataclass(frozen=True, slots=True)
class Group:
    """One group of equal work: figures for women and men, gaps, flags."""

    scheme: str
    label: str
    #: For bands: the band; for jobs: the job.
    band: Band | None
    job: JobInfo | None
    women: Figures
    men: Figures
    mean_gap: float | None
    median_gap: float | None
    flags: tuple[str, ...]
    #: Why figures are suppressed, in words ([] when none are).
    suppressed: tuple[str, ...]

    @property
    def women_share(self) -> float | None:
        """Women as a share of the group, in percent."""
        total = self.women.count + self.men.count
        return 100 * self.women.count / total if total else None


def _direction(g: float | None, threshold: float) -> int:
    if g is None or abs(g) < threshold:
        return 0
    return 1 if g > 0 else -1


def groups(
    collected: Collected,
    jobs: dict[str, JobInfo],
    bands: dict[str, list[Band]],
    by_job: bool,
    thresholds: Thresholds,
) -> list[Group]:
    """Every group with staff in it, in scheme then band (or job) order, with flags."""
    t = thresholds
    out: list[Group] = []
    order: list[tuple[str, str]] = []
    if by_job:
        order = sorted(collected.by_group, key=lambda k: (k[0], -jobs[k[1]].total, k[1]))
    else:
        for scheme, scheme_bands in bands.items():
            order += [
                (scheme, b.label) for b in scheme_bands if (scheme, b.label) in collected.by_group
            ]
        order += sorted(k for k in collected.by_group if k not in set(order))
    for key in order:
        pay = collected.by_group[key]
        women, men = figures(pay.women, t.min_group), figures(pay.men, t.min_group)
        suppressed = []
        for name, f in (("women", women), ("men", men)):
            if f.count and f.mean is None:
                suppressed.append(
                    f"fewer than {t.min_group} {name} ({f.count}): their pay figures are not shown"
                )
        band = None
        job = None
        if by_job:
            job = jobs[key[1]]
            band = job.band
            label = job.reference
        else:
            label = key[1] or "outside the bands"
            band = next((b for b in bands.get(key[0], []) if b.label == key[1]), None)
        out.append(
            Group(
                key[0],
                label,
                band,
                job,
                women,
                men,
                gap(women.mean, men.mean),
                gap(women.median, men.median),
                (),
                tuple(suppressed),
            )
        )
    # Flags: significant at the threshold either way; a pattern where gaps of the pattern size
    # recur in the same direction in at least pattern_groups groups.
    recurring = {1: 0, -1: 0}
    for g in out:
        d = max(
            (_direction(x, t.pattern) for x in (g.mean_gap, g.median_gap)),
            key=abs,
            default=0,
        )
        if d:
            recurring[d] += 1
    flagged = []
    for g in out:
        flags = []
        if any(_direction(x, t.significant) for x in (g.mean_gap, g.median_gap)):
            flags.append("significant")
        d = max((_direction(x, t.pattern) for x in (g.mean_gap, g.median_gap)), key=abs, default=0)
        if d and recurring[d] >= t.pattern_groups:
            flags.append("pattern")
        flagged.append(
            Group(
                g.scheme,
                g.label,
                g.band,
                g.job,
                g.women,
                g.men,
                g.mean_gap,
                g.median_gap,
                tuple(flags),
                g.suppressed,
            )
        )
    return flagged


@dataclass(frozen=True, slots=True)
class Comparator:
    """A possible equal-value comparison: a screen, not a finding.

    A job held mostly by women, paid less than a job held mostly by men that scores no more.
    """

    women_job: JobInfo
    men_job: JobInfo
    women_job_median: float
    men_job_median: float
    women_share: float
    men_share: float

    @property
    def pay_gap(self) -> float:
        """(men's job median - women's job median) / men's job median x 100."""
        return (self.men_job_median - self.women_job_median) / self.men_job_median * 100


@dataclass(frozen=True, slots=True)
class Screen:
    """The comparator screen and what it left out."""

    pairs: tuple[Comparator, ...]
    total: int
    #: Jobs left out because fewer than min_group people hold them (their medians could
    #: point at a person's pay).
    small_jobs: int


def comparators(
    collected: Collected, jobs: dict[str, JobInfo], thresholds: Thresholds, limit: int = 50
) -> Screen:
    """Pairs of jobs under one scheme for the equal-value screen.

    A job held mostly by women scoring at least as much as a job held mostly by men, whose
    median pay is lower by the significant threshold or more.
    """
    t = thresholds
    women_jobs, men_jobs = [], []
    small = 0
    for ref, pay in collected.by_job.items():
        n = len(pay.women) + len(pay.men)
        if n < t.min_group:
            small += 1
            continue
        share = 100 * len(pay.women) / n
        everyone = array("d", pay.women)
        everyone.extend(pay.men)
        median = _median(everyone)
        entry = (jobs[ref], median, share)
        if share >= t.dominated_share:
            women_jobs.append(entry)
        elif 100 - share >= t.dominated_share:
            men_jobs.append(entry)
    pairs = []
    for wj, wpay, wshare in women_jobs:
        for mj, mpay, mshare in men_jobs:
            if wj.scheme != mj.scheme or wj.total < mj.total or mpay <= 0:
                continue
            if (mpay - wpay) / mpay * 100 >= t.significant:
                pairs.append(Comparator(wj, mj, wpay, mpay, wshare, 100 - mshare))
    pairs.sort(key=lambda c: (-c.pay_gap, c.women_job.reference, c.men_job.reference))
    return Screen(tuple(pairs[:limit]), len(pairs), small)


#: What each pay basis means, in the report.
PAY_BASIS = {
    "basic": "basic pay",
    "fte": "full-time equivalent pay",
    "hourly": "hourly pay",
}


@dataclass(frozen=True, slots=True)
class Audit:
    """Everything one audit reports: where the figures came from, the groups, the screen."""

    #: The staff file's name and sha256.
    staff: tuple[str, str]
    pay_basis: str
    grouping: str
    thresholds: Thresholds
    rows: int
    skipped: dict[str, int]
    groups: list[Group]
    screen: Screen
