"""Exact search for the smallest sets of level changes that bring a job into a target band.

Pure functions, no I/O. "Smallest" means fewest level steps (moving one factor from 3 to 5 is
two steps), then fewest factors touched. Every solution returned is exact: its total lies in
the target band and it respects the constraints (frozen factors, a cap on steps per factor, a
direction).

How it works (a dynamic programme, not an enumeration of combinations):

- For each factor, the allowed levels give options ``(steps, touched, points delta)``.
- ``reach[i][(s, t)]`` is the set of point deltas that factors ``i..n-1`` can add using exactly
  ``s`` steps on exactly ``t`` factors. Sets are Python integers used as bitsets (bit ``b``
  means a delta of ``b + offset[i]``), so a whole set is shifted and merged in one operation.
- The table is filled for ``s = 0, 1, 2, ...``; after each ``s``, every ``t`` whose set meets
  the target window holds solutions, which a depth-first walk reads out. The walk only enters
  branches the table proves can still land in the window, so it never backtracks in vain.

Cost: factors x levels x (steps explored)^2 bitset operations, each over the range of
possible totals; polynomial in factors and levels. Scheme validation bounds factors, levels and
points (see :mod:`jescore.models`), and every search has a work budget on top of that
(:data:`WORK_LIMIT`): the table and the read-out count each operation on a set of totals,
weighted by the set's size, and a search that reaches the limit stops with
``SearchResult.stopped`` and a reason, never with memory or time exhausted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from jescore.enums import Direction
from jescore.models import Band, Factor, GradingStructure, Scheme

#: Most work one search may do, in units: every option looked at while the table is filled,
#: every set of totals read during the read-out, and one more for every 512 totals a set spans
#: (so the limit bounds time and memory alike: a unit is under a microsecond, and the sets
#: kept never reach 100 MB). The searches real schemes ask for take a few thousand units
#: (NHS, 16 factors) to about a million (40 factors x 10 levels, 1000 solutions).
WORK_LIMIT = 3_000_000


class Rank(StrEnum):
    """How solutions are ordered."""

    #: Fewest level steps, then fewest factors.
    STEPS = "steps"
    #: Fewest factors, then fewest level steps.
    FACTORS = "factors"


@dataclass(frozen=True, slots=True)
class Constraints:
    """What an appeal (or a review) allows to change."""

    fixed: frozenset[str] = frozenset()
    max_step: int | None = None
    #: None: follow the target (up when it lies above the total, down when below).
    direction: Direction | None = None
    #: Per factor id, the only levels it may move to (its current level always stays allowed).
    allowed: Mapping[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """One factor moved from one level to another."""

    factor: Factor
    from_level: int
    to_level: int
    delta: int

    @property
    def steps(self) -> int:
        """Levels moved."""
        return abs(self.to_level - self.from_level)


@dataclass(frozen=True, slots=True)
class Solution:
    """A set of changes that brings the total into the target band."""

    changes: tuple[Change, ...]
    total: int
    band: Band

    @property
    def steps(self) -> int:
        """Level steps in all."""
        return sum(c.steps for c in self.changes)

    @property
    def delta(self) -> int:
        """Points added (negative: removed)."""
        return sum(c.delta for c in self.changes)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Solutions (best first) or, when there are none, why."""

    target: Band
    total: int
    band: Band | None
    direction: Direction
    constraints: Constraints
    solutions: tuple[Solution, ...]
    #: Lowest and highest totals reachable under the constraints.
    reachable: tuple[int, int]
    #: Whether more solutions exist beyond those returned.
    more: bool = False
    reason: str | None = field(default=None)
    #: The search reached its work limit before it finished: ``solutions`` are those found
    #: until then (still the smallest, in order), and ``reason`` says so.
    stopped: bool = False
    #: Units of work the search did (see :data:`WORK_LIMIT`).
    work: int = 0

    @property
    def already_there(self) -> bool:
        """The total already lies in the target band."""
        return self.target.contains(self.total)


@dataclass(frozen=True, slots=True)
class _Option:
    level: int
    steps: int
    touched: int
    delta: int


def _options(
    factor: Factor, level: int, constraints: Constraints, direction: Direction
) -> list[_Option]:
    here = factor.points(level)
    allowed = []
    for lvl in range(1, factor.top + 1):
        steps = abs(lvl - level)
        if factor.id in constraints.fixed and steps:
            continue
        if constraints.max_step is not None and steps > constraints.max_step:
            continue
        if direction is Direction.UP and lvl < level or direction is Direction.DOWN and lvl > level:
            continue
        if steps and factor.id in constraints.allowed and lvl not in constraints.allowed[factor.id]:
            continue
        allowed.append(_Option(lvl, steps, 1 if steps else 0, factor.points(lvl) - here))
    # Unchanged first, then fewer steps, then upward before downward: a stable, readable order.
    allowed.sort(key=lambda o: (o.steps, o.level < level))
    return allowed


def effective_direction(total: int, target: Band, constraints: Constraints) -> Direction:
    """The direction asked for, or the one the target implies."""
    if constraints.direction is not None:
        return constraints.direction
    if total < target.min:
        return Direction.UP
    if target.max is not None and total > target.max:
        return Direction.DOWN
    return Direction.ANY


def find_changes(
    scheme: Scheme,
    grading: GradingStructure,
    levels: dict[str, int],
    target: Band,
    constraints: Constraints = Constraints(),
    limit: int = 5,
    rank: Rank = Rank.STEPS,
    minimal: bool = False,
    work_limit: int = WORK_LIMIT,
) -> SearchResult:
    """The ``limit`` smallest sets of level changes that move the total into ``target``.

    Args:
        scheme: the factor plan.
        grading: the bands (``target`` must be one of them).
        levels: the current level of every factor, by factor id.
        target: the band to reach.
        constraints: frozen factors, a cap on steps per factor, a direction.
        limit: how many solutions to return at most.
        rank: order by fewest steps (then factors), or fewest factors (then steps).
        minimal: leave out solutions that contain an earlier solution's changes and more
            (so that each one returned is a minimal set).
        work_limit: the work budget (see :data:`WORK_LIMIT`); a search that reaches it stops
            and says so (``stopped``), with the solutions found until then.
    """
    factors = scheme.factors
    n = len(factors)
    total = sum(f.points(levels[f.id]) for f in factors)
    direction = effective_direction(total, target, constraints)
    options = [_options(f, levels[f.id], constraints, direction) for f in factors]
    # offset[i]: the smallest delta factors i..n-1 can add; bit b of a set means b + offset[i].
    offset = [0] * (n + 1)
    highest = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        offset[i] = offset[i + 1] + min(o.delta for o in options[i])
        highest[i] = highest[i + 1] + max(o.delta for o in options[i])
    reachable = (total + offset[0], total + highest[0])
    lo = target.min - total
    hi = (target.max if target.max is not None else reachable[1]) - total
    band_now = grading.band_for(total)
    budget = _Budget(work_limit)

    def result(
        solutions: list[Solution], more: bool, reason: str | None, stopped: bool = False
    ) -> SearchResult:
        return SearchResult(
            target,
            total,
            band_now,
            direction,
            constraints,
            tuple(solutions),
            reachable,
            more,
            reason,
            stopped,
            budget.spent,
        )

    if target.contains(total):
        return result([], False, None)
    if hi < offset[0] or lo > highest[0]:
        return result([], False, _unreachable(target, reachable, grading))

    max_steps = sum(max(o.steps for o in opts) for opts in options)
    reach: list[dict[tuple[int, int], int]] = [{} for _ in range(n + 1)]
    reach[n][(0, 0)] = 1

    def meets(i: int, key: tuple[int, int], lo_i: int, hi_i: int) -> bool:
        bits = reach[i].get(key, 0)
        a, b = max(lo_i - offset[i], 0), min(hi_i, highest[i]) - offset[i]
        if b < a or not bits:
            return False
        budget.spend(_cost(bits))
        return bits >> a & ((1 << (b - a + 1)) - 1) != 0

    def walk(
        i: int, s: int, t: int, lo_i: int, hi_i: int, path: list[Change]
    ) -> Iterator[list[Change]]:
        if i == n:
            yield path
            return
        factor, now = factors[i], levels[factors[i].id]
        for o in options[i]:
            key = (s - o.steps, t - o.touched)
            if key[0] < 0 or key[1] < 0:
                continue
            if meets(i + 1, key, lo_i - o.delta, hi_i - o.delta):
                if o.steps:
                    path.append(Change(factor, now, o.level, o.delta))
                yield from walk(i + 1, key[0], key[1], lo_i - o.delta, hi_i - o.delta, path)
                if o.steps:
                    path.pop()

    def fill(s: int) -> None:
        for i in range(n - 1, -1, -1):
            below = reach[i + 1]
            opts = options[i]
            # Every option is looked at for every t, and each set made costs its size.
            work = (min(s, n - i) + 1) * len(opts)
            for t in range(min(s, n - i) + 1):
                bits = 0
                for o in opts:
                    source = below.get((s - o.steps, t - o.touched), 0)
                    if source:
                        bits |= source << (o.delta - (offset[i] - offset[i + 1]))
                if bits:
                    reach[i][(s, t)] = bits
                    work += bits.bit_length() >> 9
            budget.spend(work)

    def in_order() -> Iterator[list[Change]]:
        if rank is Rank.STEPS:  # fill only as far as the answers need
            for s in range(max_steps + 1):
                fill(s)
                for t in range(min(s, n) + 1):
                    if meets(0, (s, t), lo, hi):
                        yield from walk(0, s, t, lo, hi, [])
            return
        for s in range(max_steps + 1):
            fill(s)
        for t in range(n + 1):
            for s in range(t, max_steps + 1):
                if meets(0, (s, t), lo, hi):
                    yield from walk(0, s, t, lo, hi, [])

    solutions: list[Solution] = []
    try:
        if not _lands(options, offset, lo, min(hi, highest[0]), budget):
            return result(
                [],
                False,
                f"no combination of allowed levels gives a total in Band {target.label} "
                f"({target.range_text}): reachable totals run from {reachable[0]} to "
                f"{reachable[1]} but skip over it",
            )
        for path in in_order():
            if minimal:
                budget.spend(len(solutions))
                if any(_moves(x.changes) <= _moves(path) for x in solutions):
                    continue
            if len(solutions) == limit:
                return result(solutions, True, None)
            moved = total + sum(c.delta for c in path)
            assert target.contains(moved), "search returned a total outside the target band"
            solutions.append(Solution(tuple(path), moved, target))
    except _Stopped:
        return result(
            solutions,
            False,
            f"the search stopped after {budget.spent:,} units of work, its limit, before it "
            "finished",
            stopped=True,
        )
    return result(solutions, False, None)


class _Stopped(Exception):
    """The search reached its work limit."""


class _Budget:
    """Work done so far, against the limit."""

    __slots__ = ("limit", "spent")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0

    def spend(self, units: int) -> None:
        self.spent += units
        if self.spent > self.limit:
            raise _Stopped


def _cost(bits: int) -> int:
    """Units of work of one operation on a set: one, and one more per 512 totals it spans."""
    return 1 + (bits.bit_length() >> 9)


def _lands(
    options: list[list[_Option]], offset: list[int], lo: int, hi: int, budget: _Budget
) -> bool:
    """Whether any combination of options lands in [lo, hi]: one cheap pass without steps."""
    anywhere = 1
    for i in range(len(options) - 1, -1, -1):
        anywhere = _merge(anywhere, options[i], offset[i] - offset[i + 1])
        budget.spend(len(options[i]) * _cost(anywhere))
    a, b = max(lo - offset[0], 0), hi - offset[0]
    return anywhere >> a & ((1 << (b - a + 1)) - 1) != 0


def _moves(changes: Iterable[Change]) -> set[tuple[str, int]]:
    return {(c.factor.id, c.to_level) for c in changes}


def _merge(bits: int, options: list[_Option], base: int) -> int:
    merged = 0
    for o in options:
        merged |= bits << (o.delta - base)
    return merged


def _unreachable(target: Band, reachable: tuple[int, int], grading: GradingStructure) -> str:
    low, high = reachable
    if high < target.min:
        band = grading.band_for(high)
        where = f"Band {band.label}" if band else "outside the bands"
        return (
            f"the highest total these constraints allow is {high} ({where}); "
            f"Band {target.label} starts at {target.min}"
        )
    band = grading.band_for(low)
    where = f"Band {band.label}" if band else "outside the bands"
    return (
        f"the lowest total these constraints allow is {low} ({where}); "
        f"Band {target.label} ends at {target.max}"
    )
