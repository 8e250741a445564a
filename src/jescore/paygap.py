r"""Statutory pay gap reports: the UK's six figures, the EU directive's Article 9 indicators.

**Great Britain.** The Equality Act 2010 (Gender Pay Gap Information) Regulations 2017 (SI
2017/172) ask every employer with 250 or more employees on the snapshot date for six figures,
computed as the GOV.UK guidance "make your calculations" does:

- the *hourly rate* of each full-pay relevant employee: (ordinary pay in the relevant pay period
  + bonus paid in that period, pro-rated to it) x 7 / the days in the period (a month counts as
  30.44 days) / weekly working hours;
- the mean and median hourly gaps over *full-pay relevant employees* (those not on reduced or
  nil pay because of leave in the period);
- the mean and median bonus gaps over those **paid** a bonus in the 12 months to the snapshot
  date, and the share of women and of men paid one over **all** relevant employees (two
  populations in one report, kept apart);
- the four quartile pay bands of full-pay relevant employees by count, ranked by hourly rate. With
  n = 4q + r people, each band holds q and the r left over go to the lower band (1), the lower
  and upper middle (2), or the lower, lower middle and upper middle (3). People on the same
  rate across a boundary are split between the bands in proportion to the sexes at that rate
  (whole people, by largest remainder; a tie in the remainders goes to the lower band).

A gap is (men - women) / men x 100: positive when men are paid more. Means are computed
unrounded (sums in exact decimals, to 1e-9, so that the order rows are added in cannot change a
figure) and rounded once, for display only.

**The EU.** Directive (EU) 2023/970, Article 9(1): (a) the mean and (c) the median gap in gross
annual and in gross hourly pay (basic + complementary or variable components; hourly = annual /
annual hours paid); (b) and (d) the same on the components alone, over those who received any
(the UK's bonus convention; ``--components everyone`` averages over everyone); (e) the share of
women and of men receiving components; (f) quartile bands by count on gross hourly pay (the
GOV.UK rule above, which the directive leaves open); (g) per category of workers doing the same
work or work of equal value: the gap in basic pay and in components, hourly, and the Article 10
screen, a mean gap in hourly pay (basic + components) of 5% or more either way, the gap rounded
to 6 decimal places before it is compared (a gap of exactly 5% is flagged whatever the hours,
though hourly values summed to 1e-9 may make it 4.9999999998%; 4.99% is not). Categories are
the bands of jescore's evaluations (one grading structure each, never pooled) or single jobs.

People whose sex is recorded as neither women nor men are counted and reported, and left out of
the comparisons (each figure compares women and men). Which group figures are published is
decided by :mod:`jescore.disclosure`, never here. Pure: no reading, no printing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from jescore.disclosure import (
    Decision,
    Path,
    Publication,
    Sex,
    basic_published,
    components_published,
    decide,
    population_figures,
    statutory_figures,
    subset_publication,
    worker_category,
)
from jescore.enums import PERIOD_DAYS
from jescore.equalpay import Catalogue, JobInfo, matched, reaches
from jescore.equalpay import Options as MatchOptions
from jescore.errors import InputError, Problem
from jescore.models import Scheme
from jescore.safety import excerpt
from jescore.tabular import StaffTable, report

if TYPE_CHECKING:
    import polars as pl

QUARTILES = ("lower", "lower_middle", "upper_middle", "upper")
#: Where the people left over go, by how many there are (lower, lower middle, upper middle,
#: upper): the GOV.UK rule.
LEFTOVER = {0: (0, 0, 0, 0), 1: (1, 0, 0, 0), 2: (1, 0, 1, 0), 3: (1, 1, 1, 0)}
#: The Article 10 screen: a mean gap this size or more, either way, in a category.
ARTICLE10_PCT = 5.0
UK_SOURCE = (
    "Equality Act 2010 (Gender Pay Gap Information) Regulations 2017 (SI 2017/172), as the "
    "GOV.UK guidance 'Gender pay gap reporting: make your calculations' computes them"
)
EU_SOURCE = "Directive (EU) 2023/970 (pay transparency), Articles 9 and 10"

#: The most hours a week and a year hold: more is a slip (a monthly figure in a weekly column).
WEEK_HOURS = 168
YEAR_HOURS = 8784
#: Column keys each regime needs (the others have defaults or are optional).
UK_COLUMNS = ("ordinary_pay", "weekly_hours", "full_pay")
EU_COLUMNS = ("annual_basic", "annual_hours")
#: Columns read as 0 throughout when the file has none: the regime that reads each, and what
#: their absence means. Never silent: every output's method says it, and the command warns.
ZERO_WHEN_ABSENT = {
    "period_bonus": ("uk", "no bonus paid in the pay period counted in anyone's hourly rate"),
    "bonus": ("uk", "no one counted as paid a bonus"),
    "annual_components": ("eu", "no one counted as receiving components (gross pay = basic pay)"),
}


def quartile_sizes(n: int) -> tuple[int, int, int, int]:
    """How many people each quartile band holds (lower to upper), by the GOV.UK rule."""
    q, r = divmod(n, 4)
    a, b, c, d = LEFTOVER[r]
    return (q + a, q + b, q + c, q + d)


def gap(women: float | None, men: float | None) -> float | None:
    """(men - women) / men x 100, written so that 95 against 100 is exactly 5.0."""
    if women is None or men is None or men == 0:
        return None
    return (men - women) * 100 / men


def split_tie(women: int, slots: Sequence[int]) -> list[int]:
    """Women in each band of a run of people on one rate, in proportion to the sexes.

    ``slots`` are how many of the run's places fall in each band; the women are shared in
    proportion (largest remainder; a tie in the remainders goes to the lower band), the men fill
    the rest. GOV.UK's example: 36 women and 4 men, 10 places in the lower band and 30 in the
    lower middle, gives 9 women and 1 man, then 27 women and 3 men.
    """
    total = sum(slots)
    if total == 0:
        return [0 for _ in slots]
    quotas = [Fraction(women * s, total) for s in slots]
    out = [int(q) for q in quotas]
    left = women - sum(out)
    order = sorted(range(len(slots)), key=lambda i: (-(quotas[i] - out[i]), i))
    for i in order[:left]:
        out[i] += 1
    return out


# --- options and results ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """How to make the report."""

    regimes: tuple[str, ...] = ("uk", "eu")
    #: Categories for (g): "band" (work of equal value) or "job" (same work).
    by: str = "band"
    #: Who (b) and (d) average over: "recipients" or "everyone".
    components: str = "recipients"
    min_group: int = 5
    article10_pct: float = ARTICLE10_PCT
    snapshot: date | None = None
    report_date: date | None = None
    #: The worker an Article 7 reply is for (their ``id``), or None.
    worker: str | None = None
    skip_unknown_jobs: bool = False
    #: Rows with a bad value in a column read are left out (counted) rather than refused.
    skip_bad_rows: bool = False
    #: Absent columns the user states are 0 for everyone (``--no-bonus``): said so, not warned.
    stated_zero: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stat:
    """One sex's figure over one population: count, and mean and median (None: not shown)."""

    count: int
    mean: float | None
    median: float | None
    #: Why the mean and median are not shown (None when they are).
    suppressed: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    """Women's and men's figures and the gaps between them."""

    women: Stat
    men: Stat

    @property
    def mean_gap(self) -> float | None:
        """Gap of the means (None where either is not shown)."""
        return gap(self.women.mean, self.men.mean)

    @property
    def median_gap(self) -> float | None:
        """Gap of the medians (None where either is not shown)."""
        return gap(self.women.median, self.men.median)


@dataclass(frozen=True, slots=True)
class Quartile:
    """One quartile pay band: women and men in it."""

    name: str
    women: int
    men: int

    @property
    def women_pct(self) -> float | None:
        """Women as a share of the band."""
        n = self.women + self.men
        return 100 * self.women / n if n else None

    @property
    def men_pct(self) -> float | None:
        """Men as a share of the band."""
        n = self.women + self.men
        return 100 * self.men / n if n else None


@dataclass(frozen=True, slots=True)
class Population:
    """Women, men and people of another or no recorded sex in one population."""

    women: int
    men: int
    other: int


@dataclass(frozen=True, slots=True)
class UK:
    """The six figures, and the populations they rest on."""

    relevant: Population
    full_pay: Population
    hourly: Gap
    bonus: Gap
    #: Paid a bonus in the 12 months, over all relevant employees of that sex.
    bonus_paid: Population
    quartiles: tuple[Quartile, ...]
    #: Where a figure rests on fewer than k people of a sex (withheld; the
    #: Regulations require): "hourly" or "bonus" -> sex -> how many.
    few: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The same in words, for every output and for stderr.
    few_said: tuple[str, ...] = ()

    @property
    def bonus_pct(self) -> tuple[float | None, float | None]:
        """(women, men): percentage of relevant employees paid a bonus."""
        w = 100 * self.bonus_paid.women / self.relevant.women if self.relevant.women else None
        m = 100 * self.bonus_paid.men / self.relevant.men if self.relevant.men else None
        return w, m


@dataclass(frozen=True, slots=True)
class Category:
    """One category of workers for Article 9(g), and the Article 10 screen."""

    scheme: str
    #: The grading structure's label (scheme and bands), for outputs.
    structure: str
    band: str | None
    job: JobInfo | None
    women: int
    men: int
    other: int
    basic: Gap
    components: Gap
    pay: Gap
    #: Mean gap in hourly pay at the screen's threshold or more, either way (None: suppressed).
    article10: bool | None
    suppressed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EU:
    """The seven Article 9 indicators."""

    workers: Population
    hourly: Gap
    annual: Gap
    components_hourly: Gap
    components_annual: Gap
    receiving: Population
    quartiles: tuple[Quartile, ...]
    categories: tuple[Category, ...]
    #: Why (g) has no categories, when it has none.
    no_categories: str | None = None

    @property
    def receiving_pct(self) -> tuple[float | None, float | None]:
        """(women, men): percentage of workers of that sex receiving components."""
        w = 100 * self.receiving.women / self.workers.women if self.workers.women else None
        m = 100 * self.receiving.men / self.workers.men if self.workers.men else None
        return w, m


@dataclass(frozen=True, slots=True)
class Criterion:
    """One factor of the scheme an Article 7 reply names: its criterion and weight."""

    factor: str
    criterion: str | None
    points: int
    weight_pct: float


@dataclass(frozen=True, slots=True)
class WorkerReply:
    """Article 7: what one worker may ask for. Their own pay and their category's aggregates."""

    worker: str
    annual: float | None
    hourly: float | None
    category: Category
    annual_by_sex: Gap
    hourly_by_sex: Gap
    scheme: str
    scheme_name: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``paygap`` reports."""

    staff: tuple[str, str]
    options: Options
    rows: int
    skipped: dict[str, int]
    uk: UK | None
    eu: EU | None
    worker: WorkerReply | None = None
    #: People left out of a regime's comparisons, by regime and reason.
    left_out: dict[str, dict[str, int]] = field(default_factory=dict)
    reading: dict[str, str | None] = field(default_factory=dict)
    #: Schemes the categories come from (id: name).
    schemes: dict[str, str] = field(default_factory=dict)
    #: Columns the file does not have, read as 0 throughout: header name -> what that means.
    absent: dict[str, str] = field(default_factory=dict)
    #: Those of them that no option stated to be 0 (the command warns of these).
    unstated: tuple[str, ...] = ()


# --- checking the rows --------------------------------------------------------------------------


def _extra_problems(table: StaffTable, regimes: Sequence[str]) -> pl.DataFrame:
    """Problems the reader cannot see alone: hours of zero, a pay period missing."""
    import polars as pl

    f = table.frame
    names = table.names
    checks: list[tuple[pl.Expr, str, str]] = []

    def add(condition: pl.Expr, key: str, message: str) -> None:
        checks.append((condition, key, message))

    if "uk" in regimes:
        fpre = pl.col("full_pay").fill_null(False)
        add(
            fpre & (pl.col("weekly_hours") == 0),
            "weekly_hours",
            "is zero for a full-pay employee (the hourly rate divides by weekly hours)",
        )
        add(
            fpre
            & pl.col("pay_period").is_null()
            & pl.col("period_days").is_null()
            & pl.col("ordinary_pay").is_not_null(),
            "pay_period",
            "is missing for a full-pay employee (give the pay period or the period's days)",
        )
        add(
            pl.col("period_days") == 0,
            "period_days",
            "is zero (a pay period has at least one day)",
        )
        add(
            pl.col("weekly_hours") > WEEK_HOURS,
            "weekly_hours",
            f"is more than the {WEEK_HOURS} hours of a week",
        )
    if "eu" in regimes:
        add(pl.col("annual_hours") == 0, "annual_hours", "is zero (hourly pay divides by it)")
        add(
            (pl.col("annual_hours") > 0) & (pl.col("annual_hours") < 1),
            "annual_hours",
            "is less than one hour in a year (hourly pay divides by it)",
        )
        add(
            pl.col("annual_hours") > YEAR_HOURS,
            "annual_hours",
            f"is more than the {YEAR_HOURS:,} hours of a leap year",
        )
    # Whether each check finds anything, all in one pass; the rows only of those that do
    # (usually none: a filter of the whole frame per check was most of the time taken).
    if not checks or not f.height:
        return table.problems.clear()
    found = f.select(c.any().alias(str(i)) for i, (c, _, _) in enumerate(checks)).row(0)
    parts = [
        f.filter(condition).select(
            pl.col("row").cast(pl.UInt32),
            pl.lit(names.get(key, key), dtype=pl.String).alias("column"),
            pl.lit(message, dtype=pl.String).alias("message"),
            pl.lit(None, dtype=pl.String).alias("detail"),
        )
        for (condition, key, message), hit in zip(checks, found, strict=True)
        if hit
    ]
    if not parts:
        return table.problems.clear()
    return pl.concat(parts)


def _checked(table: StaffTable, regimes: Sequence[str]) -> StaffTable:
    """The table with the problems of its regimes (and only those)."""
    import polars as pl

    problems = table.problems
    if "uk" in regimes and problems.height:
        # Weekly hours matter only for full-pay employees; a missing pay period too. Either the
        # pay period or its days will do (each row may fill one): both missing for a full-pay
        # employee is the problem, found in _extra_problems.
        not_fpre = table.frame.select(
            pl.col("row").filter(~pl.col("full_pay").fill_null(True))
        ).to_series()
        relaxed = {table.names.get(k, k) for k in ("weekly_hours", "pay_period", "period_days")}
        either = {table.names.get(k, k) for k in ("pay_period", "period_days")}
        problems = problems.filter(
            ~(
                (pl.col("message") == "is missing")
                & (
                    (
                        pl.col("column").is_in(list(relaxed))
                        & pl.col("row").is_in(not_fpre.implode())
                    )
                    | pl.col("column").is_in(list(either))
                )
            )
        )
    extra = _extra_problems(table, regimes)
    if "uk" in regimes and extra.height and problems.height:
        # A pay period the reader could not read is said once, as what it is: not again as
        # missing.
        periods = [table.names.get(k, k) for k in ("pay_period", "period_days")]
        unread = problems.filter(pl.col("column").is_in(periods)).get_column("row")
        extra = extra.filter(
            ~(
                (pl.col("column") == table.names.get("pay_period", "pay_period"))
                & pl.col("message").str.starts_with("is missing for a full-pay")
                & pl.col("row").is_in(unread.implode())
            )
        )
    problems = pl.concat([problems, extra]).sort("row", maintain_order=True)
    return dataclasses.replace(table, problems=problems)


# --- figures ------------------------------------------------------------------------------------

_SEXES = ("women", "men")


def _with_exact(frame: pl.DataFrame, values: Sequence[str]) -> pl.DataFrame:
    """``frame`` with ``<value>.exact`` beside each value: the value in exact decimals, to 1e-9.

    Made once for every group-by that sums the value (the cast is the costly part of an exact
    sum). Exact sums make the order rows are added in, which threads may change, unable to
    change a figure.
    """
    import polars as pl

    return frame.with_columns(pl.col(v).cast(pl.Decimal(38, 9)).alias(f"{v}.exact") for v in values)


def _sums(value: str) -> list[pl.Expr]:
    """The aggregation of a value's exact sum (see :func:`_with_exact`)."""
    import polars as pl

    return [pl.col(f"{value}.exact").sum().alias(f"{value}.sum")]


def _mean(row: Mapping[str, Any], value: str, n: int) -> float:
    """A value's mean from a row of aggregations (:func:`_sums`): exact decimals, rounded once."""
    return float(row[f"{value}.sum"] / n)


def _sex_figures(
    frame: pl.DataFrame, values: Sequence[str] = (), counts: Sequence[str] = ()
) -> tuple[Population, dict[str, Population], dict[str, dict[str, tuple[int, float, float]]]]:
    """People by sex, and (count, mean, median) by sex of each value, in one group-by.

    ``frame`` holds ``sex``, each of ``values`` and its exact form (:func:`_with_exact`), and the
    boolean columns ``counts``. Gives everyone by sex, the people where each of
    ``counts`` holds, and each value's figures over the women and the men with a value (sums
    exact to 1e-9): what a group-by per population and per value gave, in one pass. The
    aggregations are of plain columns, which polars computes side by side on its fast path (a
    filter, cast or ``when`` inside an aggregation is evaluated group by group, and a median
    of a column mostly null is several times slower than one of the rows it keeps).
    """
    import polars as pl

    aggs = [pl.len().alias("people")]
    aggs += [pl.col(c).sum().alias(f"{c}.people") for c in counts]
    for v in values:
        aggs += [
            pl.col(v).count().alias(f"{v}.n"),
            *_sums(v),
            pl.col(v).median().alias(f"{v}.median"),
        ]
    rows = {str(r["sex"]): r for r in frame.group_by("sex").agg(aggs).iter_rows(named=True)}

    def population(column: str) -> Population:
        women, men, other = (
            int(rows[s][column]) if s in rows else 0 for s in ("women", "men", "other")
        )
        return Population(women, men, other)

    stats: dict[str, dict[str, tuple[int, float, float]]] = {}
    for v in values:
        found = stats[v] = {}
        for sex in _SEXES:
            row = rows.get(sex)
            if row is not None and (n := int(row[f"{v}.n"])):
                found[sex] = (n, _mean(row, v, n), float(row[f"{v}.median"]))
    return population("people"), {c: population(f"{c}.people") for c in counts}, stats


def _gap(
    found: Mapping[str, tuple[int, float, float]],
    decisions: Mapping[Sex, Decision],
    k: int,
    what: str = "",
) -> Gap:
    out: dict[str, Stat] = {}
    for sex, key in (("women", Sex.WOMEN), ("men", Sex.MEN)):
        n, mean, median = found.get(sex, (0, 0.0, 0.0))
        decision = decisions.get(key, Decision(n))
        if n and decision.published:
            out[sex] = Stat(n, mean, median)
        else:
            out[sex] = Stat(n, None, None, _why(decision, sex, k, what) if n else None)
    return Gap(out["women"], out["men"])


def _why(decision: Decision, sex: str, k: int, what: str = "") -> str:
    if decision.count < k:
        return f"{what}fewer than {k} {sex} ({decision.count}): not shown"
    return (
        f"{what}not shown: with the figures shown it would let fewer than {k} people's pay be "
        "worked out"
    )


def quartiles(frame: pl.DataFrame, value: str) -> tuple[Quartile, ...]:
    """The four quartile pay bands of women and men ranked by ``value`` (see the docstring).

    No sort: the rate at each of the three cuts is found by selection, and the women paid less
    than a rate (or no more) are counted in one pass. Only the runs of people on one rate that
    cross a cut (three at most) are looked at one by one: their women are split in proportion
    (a position inside such a run is only ever used where it cancels out).
    """
    import polars as pl

    ranked = (
        frame.select("sex", value)
        .filter(pl.col("sex").is_in(_SEXES) & pl.col(value).is_not_null())
        .select(pl.col(value).alias("rate"), (pl.col("sex") == "women").alias("woman"))
    )
    n = ranked.height
    sizes = quartile_sizes(n)
    edges = [0, sizes[0], sizes[0] + sizes[1], sizes[0] + sizes[1] + sizes[2], n]
    cuts = sorted({b for b in edges[1:4] if 0 < b < n})
    # The b-th smallest rate (from 0) at each cut b: quantile "lower" takes the value at
    # floor(q x (n - 1)), and q = (b + 0.5) / (n - 1) puts that floor at b whatever the
    # rounding of the product. In a group-by, polars selects (linear time) where a sort of a
    # million rates costs four times as much; a test checks the cuts against a sort.
    at = (
        ranked.with_columns(pl.lit(0, dtype=pl.UInt8).alias("one"))
        .group_by("one")  # (a column: grouping by an expression takes the slow path)
        .agg(
            pl.col("rate").quantile(min(1.0, (b + 0.5) / (n - 1)), "lower").alias(str(b))
            for b in cuts
        )
        .row(0, named=True)
        if cuts
        else {}
    )
    rate, woman = pl.col("rate"), pl.col("woman")
    counted = (
        ranked.select(
            woman.sum().alias("all"),
            *[(rate < at[str(b)]).sum().alias(f"<{b}") for b in cuts],
            *[(rate <= at[str(b)]).sum().alias(f"<={b}") for b in cuts],
            *[(woman & (rate < at[str(b)])).sum().alias(f"w<{b}") for b in cuts],
            *[(woman & (rate <= at[str(b)])).sum().alias(f"w<={b}") for b in cuts],
        ).row(0, named=True)
        if n
        else {"all": 0}
    )
    # The women before a position (paid less than the rate there): at a cut, and at the ends
    # of a run crossing it (its first place holds the cut's rate, the place after its last
    # the next rate up, below which are those paid no more than the cut's rate).
    below: dict[int, int] = {}
    runs: list[tuple[int, int]] = []
    seen: set[float] = set()
    for b in edges[1:4]:
        if not 0 < b < n:
            continue
        x = at[str(b)]
        start, end = int(counted[f"<{b}"]), int(counted[f"<={b}"])
        below[b] = below[start] = int(counted[f"w<{b}"])
        # The place before the cut holds the same rate: a run crosses the cut.
        if start == b or x in seen:
            continue
        seen.add(x)
        runs.append((start, end))
        below[end] = int(counted[f"w<={b}"])

    def before(p: int) -> int:
        return 0 if p <= 0 else int(counted["all"]) if p >= n else below[p]

    def women_in(a: int, b: int) -> int:
        if b <= a:
            return 0
        return before(b) - before(a)

    women = [women_in(edges[i], edges[i + 1]) for i in range(4)]
    for start, end in runs:
        slots = [max(0, min(end, edges[i + 1]) - max(start, edges[i])) for i in range(4)]
        for i in range(4):
            women[i] -= women_in(max(start, edges[i]), min(end, edges[i + 1]))
        for i, w in enumerate(split_tie(women_in(start, end), slots)):
            women[i] += w
    return tuple(Quartile(name, women[i], sizes[i] - women[i]) for i, name in enumerate(QUARTILES))


def _uk(frame: pl.DataFrame, k: int) -> tuple[UK, dict[str, int]]:
    import polars as pl

    # A period's days by its name (others null). Not by a comparison per name: where every row
    # has the same period, polars then divides by one constant, which it does by multiplying
    # by its inverse, and some rates differ in their last digit from the rule as written.
    days = pl.coalesce(
        pl.col("period_days"),
        pl.col("pay_period").replace_strict(PERIOD_DAYS, default=None, return_dtype=pl.Float64),
    )
    people = frame.select(
        "sex",
        pl.col("full_pay"),
        (
            (pl.col("ordinary_pay") + pl.col("period_bonus")) * 7 / days / pl.col("weekly_hours")
        ).alias("hourly"),
        pl.col("bonus"),
        (pl.col("bonus") > 0).alias("paid"),
    ).rechunk()  # (the reader's chunks in one piece once, not again by every group-by)
    relevant, counts, _ = _sex_figures(people, counts=("full_pay", "paid"))
    full_pay, bonus_paid = counts["full_pay"], counts["paid"]
    fpre = _with_exact(people.filter(pl.col("full_pay")).select("sex", "hourly"), ("hourly",))
    hourly = _sex_figures(fpre, ("hourly",))[2]["hourly"]
    paid = _with_exact(people.filter(pl.col("paid")).select("sex", "bonus"), ("bonus",))
    bonus = _sex_figures(paid, ("bonus",))[2]["bonus"]
    # The six figures are statutory, yet a gap resting on fewer than k people of a sex is not
    # made (see disclosure.statutory_figures); the outputs say which and why.
    on_hours = statutory_figures({s: n for s, (n, _, _) in _by_sex(hourly)}, k)
    on_bonus = statutory_figures({s: n for s, (n, _, _) in _by_sex(bonus)}, k)
    few = tuple(
        f"the {figures} rest on {_counted(statutory.few)} {who}: not shown (beside another "
        "figure of the same file, such as the other sex's mean, they would give those people's "
        "pay away); the Regulations still require them: compute them under your own data "
        "protection assessment"
        for figures, who, statutory in (
            ("hourly pay gaps", "on full pay", on_hours),
            ("bonus gaps", "paid a bonus", on_bonus),
        )
        if statutory.few
    )
    uk = UK(
        relevant,
        full_pay,
        _gap(hourly, on_hours.decisions, k),
        _gap(bonus, on_bonus.decisions, k),
        bonus_paid,
        quartiles(fpre, "hourly"),
        {
            "hourly": {str(s): n for s, n in on_hours.few.items()},
            "bonus": {str(s): n for s, n in on_bonus.few.items()},
        },
        few,
    )
    left = {}
    if relevant.other:
        left["sex recorded as neither women nor men (counted, not compared)"] = relevant.other
    not_fpre = relevant.women + relevant.men - full_pay.women - full_pay.men
    if not_fpre:
        left[
            "not on full pay in the pay period because of leave (hourly figures and quartiles)"
        ] = not_fpre
    return uk, left


def _counted(few: Mapping[Sex, int]) -> str:
    """How many of each sex, in words: 3 men, 1 woman and 2 men."""
    words = {Sex.WOMEN: ("woman", "women"), Sex.MEN: ("man", "men")}
    return " and ".join(
        f"{n} {words[s][n != 1]}" for s in (Sex.WOMEN, Sex.MEN) if (n := few.get(s, 0))
    )


def _by_sex(
    found: Mapping[str, tuple[int, float, float]],
) -> list[tuple[Sex, tuple[int, float, float]]]:
    return [(Sex(s), v) for s, v in found.items()]


def _eu_frame(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    hours = pl.col("annual_hours")
    components = pl.col("annual_components")
    return frame.select(
        "sex",
        *([c for c in ("job_index", "category", "id") if c in frame.columns]),
        (pl.col("annual_basic") + components).alias("annual"),
        ((pl.col("annual_basic") + components) / hours).alias("hourly"),
        components.alias("components_annual"),
        (components / hours).alias("components_hourly"),
        (pl.col("annual_basic") / hours).alias("basic_hourly"),
    ).rechunk()  # (the reader's chunks in one piece once, not again by every group-by)


@dataclass(frozen=True, slots=True)
class _EUFigures:
    """The EU figures of a staff file before any disclosure decision (see :func:`_eu`)."""

    workers: Population
    receiving: Population
    #: (count, mean, median) by sex of pay, hourly pay and components (over recipients or
    #: everyone), as named in :func:`_eu_figures`.
    stats: dict[str, dict[str, tuple[int, float, float]]]
    quartiles: tuple[Quartile, ...]
    #: Each category's (or job's) figures by sex; None without categories.
    grouped: dict[tuple[object, ...], _Figures] | None


def _eu_figures(people: pl.DataFrame, keys: list[str] | None, options: Options) -> _EUFigures:
    """Every EU figure of ``people``, by sex and by ``keys`` (categories or jobs), if any.

    Counts of people and figures of pay only: what may be published is decided apart (the
    decision reads counts alone), so the two can be made side by side (see :func:`make`).
    """
    import polars as pl

    recipients_only = options.components == "recipients"
    components = ("components_hourly", "components_annual")
    # Components over everyone are figures of every row, found beside pay; over recipients,
    # of the rows of those who received any, taken apart (a filter, then group-bys), and
    # made exact there only.
    prepared = _eu_prepared(people, _MEASURES if recipients_only else _EU_VALUES)
    workers, counts, stats = _sex_figures(
        prepared, ("hourly", "annual", *(() if recipients_only else components)), ("got",)
    )
    receiving = counts["got"]
    received = None
    if recipients_only:
        # Only the columns needed, then the recipients' rows (not a copy of every column).
        received = _with_exact(
            prepared.select(
                *[c for c in prepared.columns if c in ("job_index", "category")],
                "sex",
                "got",
                *components,
            ).filter(pl.col("got")),
            components,
        )
        stats |= _sex_figures(received, components)[2]
    grouped = _grouped(prepared, keys, recipients_only, received) if keys is not None else None
    return _EUFigures(workers, receiving, stats, quartiles(people, "hourly"), grouped)


def _eu(
    figures: _EUFigures,
    catalogue: Catalogue | None,
    options: Options,
    publication: Publication | None,
    parts: Publication | None = None,
) -> EU:
    k = options.min_group
    workers, receiving, stats = figures.workers, figures.receiving, figures.stats
    org = (
        {s: publication.decision((), s) for s in (Sex.WOMEN, Sex.MEN)}
        if publication is not None
        else population_figures({Sex.WOMEN: workers.women, Sex.MEN: workers.men}, k)
    )
    comp_decisions = components_published(
        org, {Sex.WOMEN: receiving.women, Sex.MEN: receiving.men}, k
    )
    if parts is not None:
        comp_decisions = _narrowed(comp_decisions, parts, ())
    who = "receiving components: " if options.components == "recipients" else ""
    categories: tuple[Category, ...] = ()
    no_categories = None
    if catalogue is None or publication is None or figures.grouped is None:
        no_categories = "no questionnaires were given: categories of workers need evaluated jobs"
    else:
        categories = _categories(figures.grouped, catalogue, options, publication, parts)
    return EU(
        workers,
        _gap(stats["hourly"], org, k),
        _gap(stats["annual"], org, k),
        _gap(stats["components_hourly"], comp_decisions, k, who),
        _gap(stats["components_annual"], comp_decisions, k, who),
        receiving,
        figures.quartiles,
        categories,
        no_categories,
    )


#: What a category's figures are computed on (components apart: over recipients or everyone).
_MEASURES = ("basic_hourly", "hourly", "annual")
#: One group's figures by sex: "n", "recipients", and (count, mean, median) per measure and
#: for "components_hourly".
_Figures = dict[str, dict[str, object]]
#: The EU values summed (see :func:`_eu_prepared`).
_EU_VALUES = (*_MEASURES, "components_hourly", "components_annual")


def _eu_prepared(people: pl.DataFrame, exact: Sequence[str] = _EU_VALUES) -> pl.DataFrame:
    """The EU figures' columns, the values ``exact`` in exact decimals too (once for every sum).

    ``got``: whether the person received components.
    """
    import polars as pl

    frame = people.select(
        "sex",
        *[c for c in ("job_index", "category") if c in people.columns],
        (pl.col("components_annual") > 0).alias("got"),
        *_EU_VALUES,
    )
    return _with_exact(frame, exact)


def _one_key(frame: pl.DataFrame, by: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """``frame`` and the columns to group it by ``by``: one number where it can be.

    Polars groups by one integer column several times faster than by two (it encodes several
    columns' values into rows of bytes and hashes those). A category (or job) number and a sex
    (an enumeration of three) make one number, category x 4 + sex, where neither is ever null;
    each group's own values are taken back with ``first``.
    """
    import polars as pl

    sex = frame.schema["sex"]
    if len(by) != 2 or by[1] != "sex" or not isinstance(sex, pl.Enum) or len(sex.categories) > 4:
        return frame, by
    key = by[0]
    if frame.get_column(key).null_count() or frame.get_column("sex").null_count():
        return frame, by
    number = pl.col(key).cast(pl.UInt64) * 4 + pl.col("sex").to_physical().cast(pl.UInt64)
    return frame.with_columns(number.alias("group")), ["group"]


def _grouped(
    prepared: pl.DataFrame,
    keys: list[str],
    recipients_only: bool,
    received: pl.DataFrame | None = None,
) -> dict[tuple[object, ...], _Figures]:
    """Every group's figures by sex (sums exact to 1e-9), ``prepared`` by :func:`_eu_prepared`.

    One group-by of every row; components over recipients from a second, of the recipients'
    rows only (``received``: those rows, made exact, if already taken apart); over everyone,
    they are figures of every row, found in the first.
    """
    import polars as pl

    comp = "components_hourly"
    measures = _MEASURES if recipients_only else (*_MEASURES, comp)
    by = [*keys, "sex"]

    def summed(m: str) -> list[pl.Expr]:
        return [*_sums(m), pl.col(m).median().alias(f"{m}.med")]

    aggs = [pl.len().alias("n"), pl.col("got").sum().alias("recipients")]
    aggs += [e for m in measures for e in summed(m)]
    frame, group = _one_key(prepared, by)
    # No order kept: the categories are put in order afterwards, each group's sexes by name.
    table = frame.group_by(group).agg(*[pl.col(k).first() for k in by if k not in group], *aggs)
    parts = {}
    if recipients_only:
        if received is None:
            # Only the columns needed, then the recipients' rows (not a copy of every column).
            received = _with_exact(prepared.select(*by, comp, "got").filter(pl.col("got")), (comp,))
        part, part_group = _one_key(received, by)
        table_part = part.group_by(part_group).agg(
            *[pl.col(k).first() for k in by if k not in part_group], *summed(comp)
        )
        parts = {tuple(r[k] for k in by): r for r in table_part.iter_rows(named=True)}
    out: dict[tuple[object, ...], _Figures] = {}
    for row in table.iter_rows(named=True):
        n = int(row["n"])
        recipients = int(row["recipients"])
        figures: dict[str, object] = {"n": n, "recipients": recipients}
        for m in _MEASURES:
            figures[m] = (n, _mean(row, m, n), float(row[f"{m}.med"]))
        # Over recipients, the figure is over those who received any; else over every row.
        cn, found = (
            (recipients, parts.get(tuple(row[k] for k in by))) if recipients_only else (n, row)
        )
        if cn and found is not None:
            figures[comp] = (cn, _mean(found, comp, cn), float(found[f"{comp}.med"]))
        key = tuple(row[k] for k in keys)
        out.setdefault(key, {})[str(row["sex"])] = figures
    return out


def _measure(group: _Figures, measure: str) -> dict[str, tuple[int, float, float]]:
    out: dict[str, tuple[int, float, float]] = {}
    for sex in _SEXES:
        found = group.get(sex, {}).get(measure)
        if isinstance(found, tuple):
            out[sex] = found
    return out


def _narrowed(
    decisions: dict[Sex, Decision], components: Publication, place: tuple[str | None, ...]
) -> dict[Sex, Decision]:
    """Components decisions, further withheld where the recipients' part of a cell may not show."""
    out = {}
    for sex, d in decisions.items():
        part = components.decision(place, sex)
        if d.reason is None and part.count and part.reason is not None:
            d = Decision(d.count, part.reason)
        out[sex] = d
    return out


def _job_categories(
    catalogue: Catalogue,
) -> tuple[list[int], list[tuple[int, str | None]]]:
    """Each job's category number, and each category's (grading structure's index, band label).

    Categories are numbered in the order of the jobs; the band is None outside the bands.
    """
    index = {s.key: i for i, s in enumerate(catalogue.structures)}
    numbers: dict[tuple[int, str | None], int] = {}
    of_jobs = [
        numbers.setdefault(
            (index[j.structure.key], j.band.label if j.band is not None else None), len(numbers)
        )
        for j in catalogue.jobs.values()
    ]
    return of_jobs, list(numbers)


def _categories(
    grouped: dict[tuple[object, ...], _Figures],
    catalogue: Catalogue,
    options: Options,
    publication: Publication,
    components: Publication | None = None,
) -> tuple[Category, ...]:
    infos = list(catalogue.jobs.values())
    by_job = options.by == "job"
    if not by_job:
        places = _job_categories(catalogue)[1]
        grouped = {places[int(str(c))]: figures for (c,), figures in grouped.items()}

    def order(key: tuple[object, ...]) -> tuple[object, ...]:
        if by_job:
            info = infos[int(str(key[0]))]
            s = next(i for i, x in enumerate(catalogue.structures) if x.key == info.structure.key)
            return (s, -info.total, info.reference)
        labels = [
            b.label for b in catalogue.bands.get(catalogue.structures[int(str(key[0]))].key, [])
        ]
        band = key[1]
        return (int(str(key[0])), labels.index(band) if band in labels else len(labels), str(band))

    out = []
    for key in sorted(grouped, key=order):
        if by_job:
            info = infos[int(str(key[0]))]
            band = info.band.label if info.band is not None else None
            place: tuple[str | None, ...] = (info.structure.key, band, info.reference)
            structure, job = info.structure, info
        else:
            structure = catalogue.structures[int(str(key[0]))]
            band = None if key[1] is None else str(key[1])
            place = (structure.key, band)
            job = None
        out.append(
            _category(
                grouped[key],
                place,
                structure.scheme,
                structure.label,
                band,
                job,
                publication,
                options,
                components,
            )
        )
    return tuple(out)


def _category(
    group: _Figures,
    place: tuple[str | None, ...],
    scheme: str,
    structure: str,
    band: str | None,
    job: JobInfo | None,
    publication: Publication,
    options: Options,
    parts: Publication | None = None,
) -> Category:
    k = options.min_group
    decisions = {s: publication.decision(place, s) for s in (Sex.WOMEN, Sex.MEN)}

    def count(sex: str, what: str = "n") -> int:
        return int(str(group.get(sex, {}).get(what, 0)))

    # Over recipients or over everyone, a components figure is a sum over its recipients (the
    # others received none): it follows the recipients rule either way.
    comp_decisions = components_published(
        decisions,
        {Sex.WOMEN: count("women", "recipients"), Sex.MEN: count("men", "recipients")},
        k,
    )
    if parts is not None:
        comp_decisions = _narrowed(comp_decisions, parts, place)
    # Basic and pay figures side by side give the components: basic follows components.
    recipients = {Sex.WOMEN: count("women", "recipients"), Sex.MEN: count("men", "recipients")}
    basic_decisions = basic_published(decisions, comp_decisions, recipients)
    beside = "basic pay beside pay: " if basic_decisions != decisions else ""
    basic = _gap(_measure(group, "basic_hourly"), basic_decisions, k, beside)
    who = "receiving components: " if options.components == "recipients" else ""
    components = _gap(_measure(group, "components_hourly"), comp_decisions, k, who)
    pay = _gap(_measure(group, "hourly"), decisions, k)
    mean = pay.mean_gap
    flag = None if mean is None else reaches(mean, options.article10_pct)
    reasons = tuple(
        r
        for g in (basic, components)
        for r in (g.women.suppressed, g.men.suppressed)
        if r is not None
    )
    return Category(
        scheme,
        structure,
        band,
        job,
        count("women"),
        count("men"),
        count("other"),
        basic,
        components,
        pay,
        flag,
        tuple(dict.fromkeys(reasons)),
    )


def _criteria(scheme: Scheme) -> tuple[Criterion, ...]:
    # A factor's weight is its top level's points as a share of the sum of every factor's top
    # (as `scheme audit` has it); ``top`` is the number of levels, not their points.
    tops = [f.points(f.top) for f in scheme.factors]
    total = sum(tops) or 1
    return tuple(
        Criterion(
            f.name,
            str(f.criterion) if f.criterion is not None else None,
            top,
            100 * top / total,
        )
        for f, top in zip(scheme.factors, tops, strict=True)
    )


# --- the report ---------------------------------------------------------------------------------


def available(table: StaffTable) -> tuple[str, ...]:
    """The regimes whose columns the file holds (a column absent is null throughout)."""
    import polars as pl

    f = table.frame
    if not f.height:
        return ()
    with_values = f.select(pl.col(c).is_not_null().any() for c in (*UK_COLUMNS, *EU_COLUMNS)).row(
        0, named=True
    )
    bad = set(table.problems.get_column("column").unique().to_list())
    present = {c for c, v in with_values.items() if v or table.names.get(c, c) in bad}
    return tuple(
        r for r, cols in (("uk", UK_COLUMNS), ("eu", EU_COLUMNS)) if all(c in present for c in cols)
    )


_T = TypeVar("_T")


def _in_thread(work: Callable[..., _T], *args: object) -> Callable[[], _T]:
    """Start ``work(*args)`` in a thread; the function returned waits for its result.

    Polars releases the interpreter's lock while it computes, so two independent sets of
    figures made side by side share the cores between them, each filling the other's idle
    time (a sort's single-threaded steps, a group-by's few groups, the Python in between).
    Its exception, if any, is raised by the function returned.
    """
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work, *args)
    pool.shutdown(wait=False)
    return future.result


def make(
    table: StaffTable,
    catalogue: Catalogue | None,
    options: Options,
    schemes: Mapping[str, Scheme] | None = None,
) -> Report:
    """The pay gap report of a staff table.

    ``catalogue`` (evaluated jobs) is needed for categories and for a worker's reply.

    Raises:
        InputError: rows with problems, every one at once (file, row, column, never a value);
            a worker not found, or found twice.
    """
    import polars as pl

    regimes = options.regimes
    checked = _checked(table, regimes)
    bad = 0
    if options.skip_bad_rows and checked.problems.height:
        rows = checked.problems.get_column("row").unique().implode()
        kept = checked.frame.filter(~pl.col("row").is_in(rows))
        bad = checked.frame.height - kept.height
        checked = dataclasses.replace(checked, frame=kept, problems=checked.problems.clear())
    # The UK figures need no jobs: where no problem can stop the report before them, they are
    # made from here on, beside the matching of rows to jobs and the EU figures (see
    # _in_thread); taken below.
    made_uk = (
        _in_thread(_uk, checked.frame, options.min_group)
        if "uk" in regimes and not checked.problems.height
        else None
    )
    skipped: dict[str, int] = {}
    if catalogue is not None:
        frame, skipped = matched(
            catalogue.jobs, checked, MatchOptions(skip_unknown_jobs=options.skip_unknown_jobs)
        )
        # Each row's category (grading structure and band), looked up by its job: a number
        # (see _job_categories), taken from a list by position, cheaper to group by than a
        # structure and a band label.
        category = pl.Series(_job_categories(catalogue)[0], dtype=pl.UInt32)
        frame = frame.with_columns(pl.lit(category).gather(pl.col("job_index")).alias("category"))
    else:
        if checked.problems.height:
            raise InputError(report(checked.problems, table.name))
        frame = checked.frame
        if table.blank:
            skipped["blank row"] = table.blank
    if bad:
        skipped["bad value"] = bad
    k = options.min_group
    left_out: dict[str, dict[str, int]] = {}
    uk = None
    if "uk" in regimes and checked.problems.height:
        # The UK figures do not depend on jobs: every relevant employee counts, whatever the
        # questionnaires given (rows of jobs with none are skipped for the EU categories only),
        # so their rows must be sound too.
        raise InputError(report(checked.problems, table.name))
    eu = None
    eu_left: dict[str, int] | None = None
    worker = None
    if "eu" in regimes:
        people = _eu_frame(frame)
        # The figures are made while the disclosure decision (counts only, in Python) is.
        keys = None if catalogue is None else ["job_index" if options.by == "job" else "category"]
        made_eu = _in_thread(_eu_figures, people, keys, options)
        publication = None
        components = None
        if catalogue is not None:
            # The one decision every pay command makes for this staff file: the same atoms
            # (people of another or no recorded sex included), the same population, the same
            # rule, so that no paygap figure can be set against an equalpay, neutrality or
            # paymodel figure of the same file. Rule 0 keeps the organisation's women (men)
            # publishable unless 1 to k-1 of them are in small jobs, whatever the other sexes.
            from jescore.equalpay import population

            everyone, receiving = _atoms(people, catalogue)
            # Rule 0's units are made of every row of the file with a job, before any is left
            # out. Where none was (as many people as rows with a job, each counted under the
            # reference its row names), those counts are the people's own, which decide takes
            # for None: the file is not counted a second time by the text of its references.
            with_job = table.frame.height - table.frame.get_column("job").null_count()
            whole = None if sum(everyone.values()) == with_job else population(table)
            publication = decide(everyone, k, whole)
            # Components are sums over those who received any: their figures are decided again
            # over that part of each cell, so that no two of them differ by fewer than k.
            components = subset_publication(publication, receiving)
        eu = _eu(made_eu(), catalogue, options, publication, components)
        other = eu.workers.other
        eu_left = (
            {"sex recorded as neither women nor men (counted, not compared)": other}
            if other
            else {}
        )
        if options.worker is not None:
            worker = _reply(
                people, table.name, catalogue, options, publication, schemes or {}, components
            )
    if made_uk is not None:
        uk, left_out["uk"] = made_uk()
    if eu_left is not None:
        left_out["eu"] = eu_left
    absent: dict[str, str] = {}
    unstated = []
    for key, (regime, meaning) in ZERO_WHEN_ABSENT.items():
        if regime in regimes and key in table.absent:
            name = table.names.get(key, key)
            stated = key in options.stated_zero
            absent[name] = f"no '{name}' column: {meaning}" + (
                " (the user states none was paid)" if stated else ""
            )
            if not stated:
                unstated.append(name)
    return Report(
        staff=(table.name, table.sha256),
        options=options,
        rows=table.rows,
        skipped=skipped,
        uk=uk if options.worker is None else None,
        eu=eu if options.worker is None else None,
        worker=worker,
        left_out=left_out if options.worker is None else {},
        reading={
            "format": table.format,
            "delimiter": table.delimiter,
            "sheet": table.sheet,
            "decimal_mark": table.decimal,
        },
        schemes={
            s.scheme: (schemes or {})[s.scheme].name
            for s in (catalogue.structures if catalogue is not None else [])
            if s.scheme in (schemes or {})
        },
        absent=absent,
        unstated=tuple(unstated),
    )


def _atoms(
    people: pl.DataFrame, catalogue: Catalogue
) -> tuple[dict[tuple[Path, Sex], int], dict[tuple[Path, Sex], int]]:
    """People counted by place (structure, band, job) and sex, and those receiving components.

    What :func:`jescore.equalpay.atoms` gives of everyone and of the recipients (the decision
    reads them in no particular order), in one group-by of the two columns it needs.
    """
    import polars as pl

    infos = list(catalogue.jobs.values())
    by = ["job_index", "sex"]
    frame, group = _one_key(people.select(*by, (pl.col("components_annual") > 0).alias("got")), by)
    counted = frame.group_by(group).agg(
        *[pl.col(k).first() for k in by if k not in group],
        pl.len().alias("n"),
        pl.col("got").sum().alias("got"),
    )
    everyone: dict[tuple[Path, Sex], int] = {}
    receiving: dict[tuple[Path, Sex], int] = {}
    for row in counted.iter_rows(named=True):
        info = infos[int(row["job_index"])]
        path = (
            info.structure.key,
            info.band.label if info.band is not None else None,
            info.reference,
        )
        cell = (path, Sex(str(row["sex"])))
        everyone[cell] = int(row["n"])
        if row["got"]:
            receiving[cell] = int(row["got"])
    return everyone, receiving


def _reply(
    people: pl.DataFrame,
    name: str,
    catalogue: Catalogue | None,
    options: Options,
    publication: Publication | None,
    schemes: Mapping[str, Scheme],
    components: Publication | None = None,
) -> WorkerReply:
    import polars as pl

    worker = options.worker
    assert worker is not None
    if catalogue is None or publication is None:
        raise InputError(
            [Problem("an Article 7 reply needs the questionnaires of the jobs (the categories)")]
        )
    mine = people.filter(pl.col("id") == worker)
    if mine.height != 1:
        said = "no row" if mine.height == 0 else f"{mine.height} rows"
        raise InputError(
            [Problem(f"{said} with id '{excerpt(worker)}': a reply is for one worker", file=name)]
        )
    me = mine.row(0, named=True)
    info = list(catalogue.jobs.values())[int(me["job_index"])]
    band = info.band.label if info.band is not None else None
    if options.by == "job":
        place: tuple[str | None, ...] = (info.structure.key, band, info.reference)
        members = people.filter(pl.col("job_index") == me["job_index"])
    else:
        place = (info.structure.key, band)
        members = people.filter(pl.col("category") == me["category"])
    prepared = _eu_prepared(members)
    group = _grouped(
        prepared.with_columns(pl.lit(0).alias("__all__")),
        ["__all__"],
        options.components == "recipients",
    )[(0,)]
    category = _category(
        group,
        place,
        info.structure.scheme,
        info.structure.label,
        band,
        info if options.by == "job" else None,
        publication,
        options,
        components,
    )
    decisions = worker_category(publication, place)
    by_sex = _sex_figures(_with_exact(prepared, ()), ("annual", "hourly"))[2]
    k = options.min_group
    scheme = schemes.get(info.scheme)
    return WorkerReply(
        worker,
        me["annual"],
        me["hourly"],
        category,
        _gap(by_sex["annual"], decisions, k),
        _gap(by_sex["hourly"], decisions, k),
        info.scheme,
        scheme.name if scheme is not None else info.scheme,
        _criteria(scheme) if scheme is not None else (),
    )
