"""What a regrading costs over several years, and who it protects: the core of ``paymodel``.

Questionnaires give each job its new band; the staff file gives, per person, the job, sex,
current band, current pay (the full-time annual rate), FTE and the date they entered the current
band; a pay scale (:mod:`jescore.scale`) gives the points. Each person is followed for
``years`` model years twice: *before* (no regrading: they stay in their band) and *after* (the
regrading: assimilated to the new band by the rules). The model never prints or reads a file.

**Time.** Model year 1 starts on ``start`` (``--from``, the effective date) and lasts a year;
year ``y`` starts on the ``y-1``-th anniversary of ``start``. Figures are annual rates at the
start of each year, times FTE. Awards: the scale's, applied from their dates (an award dated
inside a year counts from the next year's start), or ``award`` percent at the start of every
year after the first. Current pay is taken to be the rate on ``start``.

**Increments.** A person reaches a point on the anniversary of entering the band that the scale
names (``after`` years). Someone who stays in their band counts years from ``band_start``;
someone who changes band enters the new one on ``start``, on the point assimilation gave them,
and goes on from there: in year ``y`` they are on the higher of that point and the point for
``y-1`` years in the band.

*Before*: the higher of the current pay carried forward by the awards, and the current band's
point for the years in band (pay between two points is accepted and moves to the next point
when that point's time comes).

**Assimilation on moving up** (``assimilate``):

- ``next-point``: the first point of the new band at or above current pay;
- ``same-step``: the point of the same position as the highest point at or below current pay
  in the current band (the new band's top point if it has fewer points), never below current
  pay (then the first point at or above it);
- ``band-minimum``: the new band's first point, with increments from there; where current pay
  is above that point, the pay is kept (carried forward by the awards) until the band's point
  for their years in it passes it (next-point would put them on the point above their pay).

Pay above the new band's top point is kept (carried forward by the awards): red circle.

**Moving down**: the person is placed on the lower band's top point where their pay is above it
(red circle), else on the first point at or above their pay. Protection (``protect``) lasts
``years`` model years (1 to ``years``):

- ``mark-time``: pay frozen at the current rate while it is above the band's pay;
- ``cash``: the current pay, carried forward by the awards, while above the band's pay;
- ``taper``: the band's pay plus the year-1 excess (current pay minus the band's year-1 pay),
  stepping down by an equal share each year: all of it in year 1, ``(n-1)/n`` in year 2, ...,
  ``1/n`` in year ``n``, none after;
- ``none``: the band's pay at once.

A person is *protected* in a year where their pay is above the band's pay; the *protected cash*
is that difference times FTE.

**Circles** (:data:`CIRCLES`). Red circle in a year: pay after the regrading above the new
band's top point that year. Green circle: pay after the regrading below the new band's first
point that year (after assimilation, so nobody moving up on a point is one).

**Back pay** (``backpay_from``): for each person moving up, the arrears from the later of that
date and the date they entered their band (``band_start``) up to ``start``: the sum over the
days of (the pay the new band would have given them minus the pay they had) / 365, times FTE.
The pay they had is taken as the current pay carried back by the awards; the new band's pay
as if assimilated (by the same rule) on the date arrears start and incremented on its
anniversaries. Before the scale's effective date an older scale (``backpay_scale``) is used
where given, the pay they had carried back across the two by the mean step between their
points (:func:`scale_step`); otherwise the earliest figures known (the scale's own, without
awards), and the result says so.

**Publication.** Every figure published is a sum over a cell of people, decided once by
:mod:`jescore.disclosure` (see :func:`jescore.disclosure.decide_model`): cells are places in the
hierarchy (direction of move, new band, job) crossed with sex, and every year uses the same
cells, so that no difference across years or groupings isolates a group smaller than the
minimum.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from jescore import disclosure
from jescore.disclosure import Sex
from jescore.errors import InputError, Problem, UsageError
from jescore.scale import PayScale, ScaleBand
from jescore.tabular import StaffTable

DAYS_IN_YEAR = 365
#: Pay within a penny of a point is on it (pay files hold pence; scale levels are exact).
PENNY = 0.01


class Assimilation(StrEnum):
    """How a person moving up is placed on the new band."""

    NEXT_POINT = "next-point"
    SAME_STEP = "same-step"
    BAND_MINIMUM = "band-minimum"


class Protection(StrEnum):
    """How the pay of a person moving down is protected."""

    MARK_TIME = "mark-time"
    CASH = "cash"
    TAPER = "taper"
    NONE = "none"


class Direction(StrEnum):
    """Where a person's job moves."""

    UP = "up"
    DOWN = "down"
    UNCHANGED = "unchanged"


DIRECTIONS = (Direction.UP, Direction.DOWN, Direction.UNCHANGED)

CIRCLES = (
    "red circle: pay after the regrading above the new band's top point; green circle: pay "
    "after the regrading (after assimilation) below the new band's first point; both counted "
    "in each year at that year's points"
)

TAPER_SHAPE = (
    "the year-1 excess over the band's pay falls by an equal share each year: all of it in "
    "year 1, (n-1)/n in year 2, ..., 1/n in year n, none after"
)


@dataclass(frozen=True, slots=True)
class Protect:
    """A protection rule: its kind and how many model years it lasts."""

    kind: Protection
    years: int = 0

    def __str__(self) -> str:
        return "none" if self.kind is Protection.NONE else f"{self.kind.value}:{self.years}"


def parse_protect(text: str) -> Protect:
    """``mark-time:2``, ``cash:3``, ``taper:3`` or ``none``; a UsageError otherwise."""
    if text == "none":
        return Protect(Protection.NONE)
    kind, _, years = text.partition(":")
    kinds = {p.value: p for p in Protection if p is not Protection.NONE}
    if kind not in kinds or not years.isdigit() or not 1 <= int(years) <= 50:
        raise UsageError(
            "--protect takes mark-time:YEARS, cash:YEARS, taper:YEARS (YEARS from 1 to 50) or none"
        )
    return Protect(kinds[kind], int(years))


@dataclass(frozen=True, slots=True)
class Rules:
    """Every rule of one model run (said in every output)."""

    start: dt.date
    years: int = 3
    assimilate: Assimilation = Assimilation.NEXT_POINT
    protect: Protect = Protect(Protection.MARK_TIME, 2)
    #: Percent a year after the first; None: the scale's own awards.
    award: float | None = None
    backpay_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """One staff row, as the model reads it."""

    row: int
    job: str
    sex: str
    band: str
    pay: float
    fte: float
    band_start: dt.date


@dataclass(frozen=True, slots=True)
class Path:
    """One person's pay path, before and after the regrading (per model year, x FTE)."""

    direction: Direction
    new_band: str
    before: tuple[float, ...]
    after: tuple[float, ...]
    protected: tuple[float, ...]
    red: tuple[bool, ...]
    green: tuple[bool, ...]
    backpay: float


# --- dates and levels ---------------------------------------------------------------------


def anniversary(start: dt.date, years: int) -> dt.date:
    """The ``years``-th anniversary of a date (29 February falls on 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def whole_years(since: dt.date, on: dt.date) -> int:
    """Anniversaries of ``since`` reached by ``on`` (0 when ``on`` is before the first)."""
    n = on.year - since.year
    if anniversary(since, n) > on:
        n -= 1
    return max(n, 0)


def level(scale: PayScale, on: dt.date) -> float:
    """How far the scale's awards dated on or before ``on`` have raised its points (x1.0)."""
    factor = 1.0
    for award in scale.awards:
        if award.date <= on:
            factor *= 1 + award.percent / 100
    return factor


def point_for(band: ScaleBand, years: int) -> int:
    """The index of the point reached after ``years`` in the band."""
    index = 0
    for i, p in enumerate(band.points):
        if p.after <= years:
            index = i
    return index


def first_at_or_above(band: ScaleBand, pay: float, factor: float) -> int | None:
    """The first point at or above ``pay`` (None: pay is above the band's top point)."""
    for i, p in enumerate(band.points):
        if p.pay * factor >= pay - PENNY:
            return i
    return None


def step_of(band: ScaleBand, pay: float, factor: float) -> int:
    """The highest point at or below ``pay`` (0 when pay is below the first)."""
    index = 0
    for i, p in enumerate(band.points):
        if p.pay * factor <= pay + PENNY:
            index = i
    return index


# --- the model -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Model:
    """The scale, the rules and the year levels, computed once."""

    scale: PayScale
    rules: Rules
    order: Mapping[str, int]
    starts: tuple[dt.date, ...]
    levels: tuple[float, ...]
    #: The older scale back pay uses before ``scale`` took effect (None: none given).
    older: PayScale | None = None
    #: Dates between back pay's start and the model's where levels change, and the levels.
    chain: tuple[tuple[dt.date, ...], Mapping[dt.date, float]] = ((), {})

    @classmethod
    def of(cls, scale: PayScale, rules: Rules, older: PayScale | None = None) -> Model:
        """The model of one run: year starts and the scale's level in each year."""
        starts = tuple(anniversary(rules.start, y) for y in range(rules.years + 1))
        base = level(scale, rules.start)
        if rules.award is None:
            levels = tuple(level(scale, s) for s in starts[:-1])
        else:
            levels = tuple(base * (1 + rules.award / 100) ** y for y in range(rules.years))
        order = {b.label: i for i, b in enumerate(scale.bands)}
        model = cls(scale, rules, order, starts, levels, older)
        if rules.backpay_from is None:
            return model
        dates, chained = _chained(model, older)
        return replace(model, chain=(tuple(dates), chained))


def _assimilate(model: Model, old: ScaleBand, new: ScaleBand, pay: float, factor: float) -> int:
    """The new band's point for a person moving up; -1: above its top point (kept)."""
    nxt = first_at_or_above(new, pay, factor)
    if nxt is None:
        return -1
    rule = model.rules.assimilate
    if rule is Assimilation.NEXT_POINT:
        return nxt
    if rule is Assimilation.BAND_MINIMUM:
        return 0
    chosen = min(step_of(old, pay, factor), len(new.points) - 1)
    return max(chosen, nxt)


def person_path(model: Model, person: Person, new_label: str) -> Path:
    """One person's path, before and after (see the module docstring)."""
    scale, rules = model.scale, model.rules
    old = scale.band(person.band)
    new = scale.band(new_label)
    assert old is not None and new is not None  # checked by the caller
    years = rules.years
    base = model.levels[0]
    pay, fte = person.pay, person.fte
    before: list[float] = []
    for y in range(years):
        factor = model.levels[y]
        carried = pay * factor / base
        t = whole_years(person.band_start, model.starts[y])
        on_point = old.points[point_for(old, t)].pay * factor
        before.append(max(carried, on_point) if y else pay)
    rank_old, rank_new = model.order[person.band], model.order[new_label]
    direction = (
        Direction.UP
        if rank_new > rank_old
        else Direction.DOWN
        if rank_new < rank_old
        else Direction.UNCHANGED
    )
    after: list[float] = []
    protected: list[float] = []
    red: list[bool] = []
    if direction is Direction.UNCHANGED:
        after = list(before)
        protected = [0.0] * years
    elif direction is Direction.UP:
        j = _assimilate(model, old, new, pay, base)
        for y in range(years):
            factor = model.levels[y]
            if j < 0:
                after.append(pay * factor / base)
            else:
                k = max(j, point_for(new, y))
                on_point = new.points[k].pay * factor
                if rules.assimilate is Assimilation.BAND_MINIMUM:
                    on_point = max(on_point, pay * factor / base)
                after.append(on_point)
            protected.append(0.0)
    else:
        found = first_at_or_above(new, pay, base)
        j = len(new.points) - 1 if found is None else found
        protect = rules.protect
        excess = 0.0
        for y in range(years):
            factor = model.levels[y]
            band_pay = new.points[max(j, point_for(new, y))].pay * factor
            if y == 0:
                excess = max(pay - band_pay, 0.0)
            kept = band_pay
            if y < protect.years:
                if protect.kind is Protection.MARK_TIME:
                    kept = max(band_pay, pay)
                elif protect.kind is Protection.CASH:
                    kept = max(band_pay, pay * factor / base)
                elif protect.kind is Protection.TAPER:
                    kept = band_pay + excess * (protect.years - y) / protect.years
            after.append(kept)
            protected.append((kept - band_pay) * fte)
    for y in range(years):
        red.append(after[y] > new.maximum * model.levels[y] + PENNY)
    green = [after[y] < new.minimum * model.levels[y] - PENNY for y in range(years)]
    backpay = 0.0
    if direction is Direction.UP and rules.backpay_from is not None:
        backpay = backpay_of(model, person, new_label) * fte
    return Path(
        direction,
        new_label,
        tuple(b * fte for b in before),
        tuple(a * fte for a in after),
        tuple(protected),
        tuple(red),
        tuple(green),
        backpay,
    )


def _chained(model: Model, older: PayScale | None) -> tuple[list[dt.date], dict[dt.date, float]]:
    """Dates where levels change between back pay's start and the model's start, and levels."""
    scale, rules = model.scale, model.rules
    assert rules.backpay_from is not None
    dates = {rules.backpay_from, rules.start, scale.effective}
    dates |= {a.date for a in scale.awards}
    if older is not None:
        dates |= {older.effective} | {a.date for a in older.awards}
    kept = sorted(d for d in dates if rules.backpay_from <= d <= rules.start)
    step = 1.0 if older is None else scale_step(older, scale)
    levels: dict[dt.date, float] = {}
    for d in kept:
        if d >= scale.effective or older is None:
            levels[d] = level(scale, d)
        else:
            levels[d] = level(older, d) / level(older, scale.effective) / step
    return kept, levels


def scale_step(older: PayScale, newer: PayScale) -> float:
    """How much higher the newer scale's points are than the older's.

    The mean ratio of the points both give (same band, same position); 1 when none.
    """
    ratios = []
    for band in newer.bands:
        old = older.band(band.label)
        if old is None:
            continue
        for p, q in zip(old.points, band.points, strict=False):
            ratios.append(q.pay / p.pay)
    return sum(ratios) / len(ratios) if ratios else 1.0


def _point_level(model: Model, on: dt.date) -> float:
    """The level of the points of the scale in force on a date (the older one before)."""
    if on < model.scale.effective and model.older is not None:
        return level(model.older, on)
    return level(model.scale, on)


def _band_at(model: Model, label: str, on: dt.date, older: PayScale | None) -> ScaleBand:
    if on < model.scale.effective and older is not None:
        band = older.band(label)
        if band is not None:
            return band
    band = model.scale.band(label)
    assert band is not None
    return band


def backpay_of(model: Model, person: Person, new_label: str) -> float:
    """Arrears for one person moving up, per FTE, summed segment by segment."""
    rules, older = model.rules, model.older
    assert rules.backpay_from is not None
    dates, levels = model.chain
    # Arrears run from the later of --backpay-from and the day the person entered their band.
    start = max(rules.backpay_from, person.band_start)
    if start >= rules.start:
        return 0.0
    anniversaries = []
    n = 1
    while anniversary(start, n) < rules.start:
        anniversaries.append(anniversary(start, n))
        n += 1
    cuts = sorted(d for d in set(dates) | set(anniversaries) | {start, rules.start} if d >= start)
    now = levels[rules.start]

    def level_on(d: dt.date) -> float:
        return levels[max(x for x in dates if x <= d)] if any(x <= d for x in dates) else 1.0

    first_band_old = _band_at(model, person.band, start, older)
    first_band_new = _band_at(model, new_label, start, older)
    pay0 = person.pay * level_on(start) / now
    at_start = _point_level(model, start)
    j = first_at_or_above(first_band_new, pay0, at_start)
    rule = rules.assimilate
    if j is not None and rule is Assimilation.SAME_STEP:
        chosen = min(step_of(first_band_old, pay0, at_start), len(first_band_new.points) - 1)
        j = max(j, chosen)
    elif j is not None and rule is Assimilation.BAND_MINIMUM:
        j = 0
    total = 0.0
    for a, b in zip(cuts, cuts[1:], strict=False):
        days = (b - a).days
        lv = level_on(a)
        had = person.pay * lv / now
        band = _band_at(model, new_label, a, older)
        if j is None:
            would = had
        else:
            k = max(min(j, len(band.points) - 1), point_for(band, whole_years(start, a)))
            would = band.points[k].pay * _point_level(model, a)
            if rule is Assimilation.BAND_MINIMUM:
                would = max(would, had)
        total += days * (would - had) / DAYS_IN_YEAR
    return max(total, 0.0)


def band_order_problems(
    scale: PayScale, scale_name: str, structures: Mapping[str, Sequence[str]]
) -> list[Problem]:
    """A grading structure whose bands, lowest first, the scale lists in another order.

    The direction of a move is read from the scale's order (its bands rise in pay, which
    :func:`jescore.scale.scale_findings` checks); a grading structure that ranks two of the
    scale's bands the other way round makes "up" and "down" ambiguous, so it is refused.
    """
    problems: list[Problem] = []
    rank = {b.label: i for i, b in enumerate(scale.bands)}
    for name, labels in structures.items():
        known = [label for label in labels if label in rank]
        for low, high in zip(known, known[1:], strict=False):
            if rank[high] < rank[low]:
                problems.append(
                    Problem(
                        f"the grading structure '{name}' puts band '{high}' above band '{low}', "
                        f"but the pay scale '{scale_name}' pays '{high}' less: the direction "
                        "of a move would be ambiguous"
                    )
                )
                break
    return problems


# --- reading the staff table ---------------------------------------------------------------


#: The staff columns the model reads, by key.
COLUMNS = ("job", "sex", "band", "pay", "fte", "band_start")
#: Why rows were left out (``--skip-unknown-jobs``, ``--skip-bad-rows``), as said on stderr.
UNKNOWN_SKIPPED = "job with no questionnaire"
BAD_SKIPPED = "bad value"


def people(
    table: StaffTable,
    scale: PayScale,
    scale_name: str,
    bands: Mapping[str, str],
    start: dt.date,
    skip_unknown: bool = False,
    skip_bad: bool = False,
) -> tuple[list[Person], dict[str, int]]:
    """The staff rows as people, every row checked, and the rows left out by reason.

    Problems name the file, the row and the column, never a pay value: a job with no
    questionnaire (named where it reads as a job reference; ``skip_unknown`` leaves such rows
    out), a band missing from the scale, pay above every point of the scale's top band or below
    its bottom band's first point, a ``band_start`` after ``--from``. ``skip_bad`` leaves out
    the rows with a bad value in a column read (the reader's problems and these, but for the
    job's), as ``--skip-bad-rows`` does for every pay command. Without an FTE column everyone
    is full time.

    Raises:
        InputError: every problem not left out, naming the row and the column.
    """
    import re

    from jescore.equalpay import UNKNOWN_HINT
    from jescore.safety import excerpt
    from jescore.tabular import report

    reference = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()-]{0,79}")

    bad_rows: set[int] = set()
    if skip_bad:
        bad_rows = set(table.problems.get_column("row").to_list())
    else:
        problems = report(table.problems, table.name)
        if problems:
            raise InputError(problems)
    skipped = {UNKNOWN_SKIPPED: 0, BAD_SKIPPED: 0}
    names = table.names
    out: list[Person] = []
    errors: list[Problem] = []
    unknown = False
    level0 = level(scale, start)
    top = max(b.maximum for b in scale.bands) * level0
    bottom = min(b.minimum for b in scale.bands) * level0
    labels = {b.label for b in scale.bands}
    problems_of = (
        ("job", lambda job, band, pay, fte, since: job not in bands,
         "names a job with no questionnaire among those given"),
        ("job", lambda job, band, pay, fte, since: bands[job] not in labels,
         f"names a job whose new band is not in the pay scale '{scale_name}'"),
        ("band", lambda job, band, pay, fte, since: band not in labels,
         f"is a band missing from the pay scale '{scale_name}'"),
        ("pay", lambda job, band, pay, fte, since: pay > top or pay < bottom,
         "is outside every band of the pay scale, and no rule covers it"),
        ("band_start", lambda job, band, pay, fte, since: since > start,
         "is after --from (a date in the future of the model)"),
        ("fte", lambda job, band, pay, fte, since: fte <= 0 or fte > 1.5,
         "must be above 0 and at most 1.5"),
    )  # fmt: skip
    for row, job, sex, band, pay, given, since in table.frame.select("row", *COLUMNS).iter_rows():
        # No FTE column: everyone full time (a blank cell in one is refused by the reader).
        fte = 1.0 if given is None else given
        if skip_unknown and job not in bands:
            skipped[UNKNOWN_SKIPPED] += 1
            continue
        if row in bad_rows and (job is None or job in bands):
            skipped[BAD_SKIPPED] += 1
            continue
        if (
            job in bands
            and bands[job] in labels
            and band in labels
            and bottom <= pay <= top
            and since <= start
            and 0 < fte <= 1.5
        ):
            out.append(Person(row, job, sex, band, float(pay), float(fte), since))
            continue
        for key, wrong, message in problems_of:
            if wrong(job, band, pay, fte, since):
                if skip_bad and key != "job":
                    skipped[BAD_SKIPPED] += 1
                    break
                column = names.get(key, key)
                if key == "job" and job not in bands:
                    unknown = True
                    if reference.fullmatch(job) and not job.replace(".", "").isdigit():
                        message = f"{message}: '{excerpt(job)}'"
                errors.append(Problem(f"row {row}: column '{column}' {message}", file=table.name))
                break
        if len(errors) >= 50:
            break
    if errors:
        if unknown:
            errors.append(Problem(UNKNOWN_HINT, file=table.name))
        raise InputError(errors)
    return out, {k: n for k, n in skipped.items() if n}


# --- the run and its published figures -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell's figures for one year: count, and sums (None: withheld by disclosure)."""

    count: int
    before: float | None
    after: float | None
    #: People protected, red- and green-circled (None: withheld, as a sub-population of 1 to
    #: k-1 people whose pay a threshold of the rules would locate).
    protected_count: int | None
    protected: float | None
    red: int | None
    green: int | None
    #: Every one of its people keeps their band: the regrading changes no one's pay, so the
    #: cost is 0 whatever the bills (which may be withheld).
    unchanged: bool = False

    @property
    def cost(self) -> float | None:
        """The change in pay of the cell's people (after minus before)."""
        if self.unchanged:
            return 0.0
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Year:
    """One model year: its dates and every cell's figures, by (place, sex)."""

    year: int
    start: dt.date
    end: dt.date
    cells: Mapping[tuple[disclosure.Place, Sex], Cell]

    def cell(self, place: disclosure.Place, sex: Sex) -> Cell:
        """A cell's figures (an empty cell: all zero)."""
        return self.cells.get((place, sex), Cell(0, 0.0, 0.0, 0, 0.0, 0, 0))


@dataclass(frozen=True, slots=True)
class JobBackpay:
    """Back pay of one job's people moving up (amount None: withheld)."""

    reference: str
    people: int
    amount: float | None


@dataclass(frozen=True, slots=True)
class Result:
    """A model run: the rules, the years, back pay, and what disclosure withheld."""

    rules: Rules
    years: tuple[Year, ...]
    bands: tuple[str, ...]
    k: int
    people: int
    backpay: tuple[JobBackpay, ...] | None
    backpay_total: float | None
    backpay_note: str | None
    withheld: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def run(
    scale: PayScale,
    rules: Rules,
    staff: Sequence[Person],
    bands: Mapping[str, str],
    k: int = disclosure.MIN_GROUP,
    older: PayScale | None = None,
    population: Mapping[tuple[str, Sex], int] | None = None,
) -> Result:
    """Model every person and publish, per year, the cells disclosure control allows.

    ``population``: every (job, sex) of the staff file as read, before rows are left out
    (``--skip-unknown-jobs``, ``--skip-bad-rows``), for rule 0's units (see
    :func:`jescore.disclosure.decide`).
    """
    model = Model.of(scale, rules, older)
    # People with the same band, new band, pay and band start have the same path per FTE:
    # each is computed once; people are then summed by atom (place and sex) in whole pence,
    # so that sums are exact and the same whatever order they are added in.
    import polars as pl

    units: dict[tuple[str, str, float, dt.date], int] = {}
    paths: list[Path] = []
    atom_ids: dict[tuple[disclosure.Path, Sex], int] = {}
    atom_of: list[int] = []
    unit_of: list[int] = []
    ftes: list[float] = []
    sexes = {"women": Sex.WOMEN, "men": Sex.MEN}
    for p in staff:
        new_label = bands[p.job]
        key = (p.band, new_label, p.pay, p.band_start)
        u = units.get(key)
        if u is None:
            u = units[key] = len(paths)
            paths.append(person_path(model, replace(p, fte=1.0), new_label))
        path = paths[u]
        atom = ((path.direction.value, new_label, p.job), sexes.get(p.sex, Sex.OTHER))
        i = atom_ids.get(atom)
        if i is None:
            i = atom_ids[atom] = len(atom_ids)
        atom_of.append(i)
        unit_of.append(u)
        ftes.append(p.fte)
    atom_list = list(atom_ids)
    n_years = rules.years
    unit_columns: dict[str, list[float] | list[int]] = {"unit": list(range(len(paths)))}
    for y in range(n_years):
        unit_columns[f"b{y}"] = [q.before[y] for q in paths]
        unit_columns[f"a{y}"] = [q.after[y] for q in paths]
        unit_columns[f"p{y}"] = [q.protected[y] for q in paths]
        unit_columns[f"r{y}"] = [int(q.red[y]) for q in paths]
        unit_columns[f"g{y}"] = [int(q.green[y]) for q in paths]
    for y in range(n_years):
        # Whose pay the regrading changes that year: a cell's cost is theirs alone (people
        # protected, or kept above a new band's top, cost nothing), so it is a statistic of them.
        unit_columns[f"d{y}"] = [int(abs(q.after[y] - q.before[y]) > PENNY) for q in paths]
    for y in range(1, n_years):
        # Whose pay moves from the year before by more than the award (an increment, the end
        # or a step of protection): a rule's choice about a few people, visible as the
        # year-on-year change of every bill that holds them.
        ratio = model.levels[y] / model.levels[y - 1]
        unit_columns[f"c{y}"] = [
            int(
                abs(q.before[y] - q.before[y - 1] * ratio) > PENNY
                or abs(q.after[y] - q.after[y - 1] * ratio) > PENNY
            )
            for q in paths
        ]
    unit_columns["bp"] = [q.backpay for q in paths]
    unit_columns["up"] = [int(q.direction is Direction.UP) for q in paths]
    # Back pay of people whose arrears start when they entered their band, after
    # --backpay-from, runs over fewer days than the others': set against the cost of moving
    # up, a job's back pay would tell them apart (see the back pay decision below).
    starts = [key[3] for key in units]
    unit_columns["late"] = [
        int(
            q.direction is Direction.UP
            and rules.backpay_from is not None
            and start > rules.backpay_from
        )
        for q, start in zip(paths, starts, strict=True)
    ]
    people_frame = pl.DataFrame(
        {"atom": atom_of, "unit": unit_of, "fte": ftes},
        schema={"atom": pl.Int64, "unit": pl.Int64, "fte": pl.Float64},
    )
    unit_frame = pl.DataFrame(unit_columns).with_columns(pl.col("unit").cast(pl.Int64))

    def pence(column: str) -> pl.Expr:
        return (pl.col(column) * pl.col("fte") * 100).round(0).cast(pl.Int64).sum()

    aggregates = [pl.len().alias("n")]
    for y in range(n_years):
        aggregates += [
            pence(f"b{y}").alias(f"b{y}"),
            pence(f"a{y}").alias(f"a{y}"),
            (pl.col(f"p{y}") > 0).cast(pl.Int64).sum().alias(f"pn{y}"),
            pence(f"p{y}").alias(f"p{y}"),
            pl.col(f"r{y}").sum().alias(f"r{y}"),
            pl.col(f"g{y}").sum().alias(f"g{y}"),
            pl.col(f"d{y}").sum().alias(f"d{y}"),
        ]
        if y:
            aggregates.append(pl.col(f"c{y}").sum().alias(f"c{y}"))
    aggregates.append(pence("bp").alias("bp"))
    aggregates.append(pl.col("late").sum().alias("late"))
    totals = (
        people_frame.join(unit_frame, on="unit", how="left")
        .group_by("atom")
        .agg(aggregates)
        .sort("atom")
    )
    rows = {row["atom"]: row for row in totals.iter_rows(named=True)}
    atoms = {atom_list[i]: int(rows[i]["n"]) for i in range(len(atom_list))}
    publication = disclosure.decide(atoms, k, population)
    # People whose pay the regrading changes (up or down) are a sub-population of every cell:
    # a cell mixing them with unchanged people is published only where the moved people in
    # it could not be told apart by difference (see disclosure.decide_subset).
    moved = {key: n if key[0][0] != Direction.UNCHANGED.value else 0 for key, n in atoms.items()}
    main = disclosure.decide_subset(publication, moved, organisation_last=True)

    # The protected, red- and green-circled people of each year are sub-populations defined by
    # the rules (--protect, --award, --assimilate, the scale): their counts and sums are
    # published only where disclosure.decide_subset allows, and a cell's bill after the
    # regrading (which the protection rule moves) only where its protected people are 0 or at
    # least k in every year, so that two runs with different protection rules cannot be set
    # against each other to give a protected person's pay.
    def subset_ok(column: str, y: int) -> set[tuple[disclosure.Place, Sex]]:
        counted = {atom_list[i]: int(rows[i][f"{column}{y}"]) for i in range(len(atom_list))}
        return disclosure.decide_subset(publication, counted, main, organisation_last=True)

    protected_ok = [subset_ok("pn", y) for y in range(n_years)]
    # The people whose pay the regrading changes in a year, 1 to k-1 of a cell (the one of six
    # moving down who is not protected), would be the cell's cost alone: its bill after and
    # cost are withheld, and so where they could be told apart by difference across cells.
    changed_ok = [subset_ok("d", y) for y in range(n_years)]
    after_ok = set(main).intersection(*protected_ok, *changed_ok)
    # A bill of a later year, set against the year before, gives the sum of the changes beyond
    # the award of the people whose pay moved (increments, protection ending or stepping down):
    # later years' bills of a cell are published only where those people are 0 or at least k
    # in every year, and could not be told apart by difference across cells either.
    later_ok = set(main).intersection(*(subset_ok("c", y) for y in range(1, n_years)))
    years = []
    withheld: set[tuple[disclosure.Place, Sex]] = set()
    for y in range(n_years):
        sums: dict[tuple[disclosure.Place, Sex], list[int]] = defaultdict(
            lambda: [0, 0, 0, 0, 0, 0, 0]
        )
        for i, (where, sex) in enumerate(atom_list):
            row = rows[i]
            values = (
                row["n"], row[f"b{y}"], row[f"a{y}"], row[f"pn{y}"], row[f"p{y}"],
                row[f"r{y}"], row[f"g{y}"],
            )  # fmt: skip
            for depth in range(len(where) + 1):
                for s in (sex, Sex.ALL):
                    acc = sums[(where[:depth], s)]
                    for j, v in enumerate(values):
                        acc[j] += v
        red_ok, green_ok = subset_ok("r", y), subset_ok("g", y)
        cells = {}
        for cell_key, acc in sums.items():
            shown = cell_key in main and (y == 0 or cell_key in later_ok)
            after_shown = cell_key in after_ok and (y == 0 or cell_key in later_ok)
            if not after_shown:
                withheld.add(cell_key)
            ok = protected_ok[y]
            cells[cell_key] = Cell(
                acc[0],
                acc[1] / 100 if shown else None,
                acc[2] / 100 if after_shown else None,
                acc[3] if cell_key in ok else None,
                acc[4] / 100 if cell_key in ok else None,
                acc[5] if cell_key in red_ok else None,
                acc[6] if cell_key in green_ok else None,
                bool(cell_key[0]) and cell_key[0][0] == Direction.UNCHANGED.value,
            )
        years.append(
            Year(y + 1, model.starts[y], model.starts[y + 1] - dt.timedelta(days=1), cells)
        )
    backpay: tuple[JobBackpay, ...] | None = None
    total: float | None = None
    note: str | None = None
    if rules.backpay_from is not None:
        by_job: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        up_atoms: dict[tuple[disclosure.Path, Sex], int] = {}
        for i, (where, sex) in enumerate(atom_list):
            if where[0] == Direction.UP.value:
                job_acc = by_job[where[2]]
                job_acc[0] += rows[i]["n"]
                job_acc[1] += rows[i]["bp"]
                up_atoms[(where, sex)] = rows[i]["n"]
        late = {a: int(rows[atom_ids[a]]["late"]) for a in up_atoms}
        full = {a: n - late[a] for a, n in up_atoms.items()}
        # Those owed arrears from --backpay-from and those owed them from entering their band
        # later: each part of a cell 0 or at least k, so that back pay set against the cost of
        # moving up gives neither part's pay.
        allowed = (
            disclosure.decide_subset(publication, up_atoms, main, organisation_last=True)
            & disclosure.decide_subset(publication, late, main, organisation_last=True)
            & disclosure.decide_subset(publication, full, main, organisation_last=True)
        )
        places = {where[2]: where for (where, _) in up_atoms}
        backpay = tuple(
            JobBackpay(
                job,
                acc[0],
                acc[1] / 100 if (places[job], Sex.ALL) in allowed else None,
            )
            for job, acc in sorted(by_job.items())
        )
        everyone = sum(acc[1] for acc in by_job.values()) / 100
        total = everyone if ((Direction.UP.value,), Sex.ALL) in allowed else None
        if not by_job:
            total = 0.0
        # Said only where someone is owed back pay over days before the scale's effective
        # date: their arrears start (--backpay-from, or entering their band) before it.
        early = any(
            q.direction is Direction.UP
            and q.backpay > PENNY
            and max(rules.backpay_from, start) < scale.effective
            for q, start in zip(paths, starts, strict=True)
        )
        if early and older is None:
            note = (
                "back pay before the scale's effective date uses the earliest figures known "
                "(the scale's own, without awards); give --backpay-scale for older ones"
            )
    return Result(
        rules,
        tuple(years),
        tuple(b.label for b in scale.bands),
        k,
        len(staff),
        backpay,
        total,
        note,
        len(withheld),
    )
