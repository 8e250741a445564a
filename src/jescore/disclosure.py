r"""Disclosure control: which pay figures of a staff file may be published, decided once.

Every command that reads pay (``equalpay``; the pay gap, pay model and neutrality commands after
it) publishes figures of groups of people, never a person's row. A group's figures can still
give a person's pay away: a mean of two tells each the other's pay, and two published figures
whose groups differ by one person give that person's pay by subtraction. This module applies the
standard approach of statistical disclosure control (minimum group size, then complementary
suppression across nested groups, as statistical offices do for tables of earnings) to every
figure any of jescore's groupings could show for one staff file and one set of jobs, so that
outputs made with different options cannot be set against each other: a figure suppressed in
one is suppressed in all.

**The cells.** People are placed by their job in a hierarchy: the organisation, then the
grading structure (a scheme and its bands; groups are never pooled across structures), then the
band, then the job. Each place is crossed with sex: women, men, other (any other value, or none
recorded), and everyone. A *cell* is one place and one sex; every figure an output shows (count,
mean, median, sum, share, gap) is a statistic of one or two cells. Cells that hold exactly the
same people (a band with one job, a job held only by women) are one cell and share one decision.

**The rule.** ``k`` is the minimum group size (``--min-group``, default 5, never below
:data:`MIN_GROUP_FLOOR`, which is 5: with two people a published mean tells each the other's
pay, and the median of three or four is one member's pay or the mean of two).
Counts of people are always shown; a cell's pay figures are published unless:

0. *(stable across groupings)* its people are not a union of whole *units* of ``k`` people
   or more. The units are fixed by the staff file alone (see :func:`units`): each (job, sex) of
   ``k`` people or more is one; the smaller ones of each sex are pooled across the whole file
   into one, and where such a pool holds fewer than ``k`` it is a *small* unit, and no cell
   holding any of it is published. Bands, grading structures and the set of questionnaires are
   options: one grading's Band 3 may be another's Band 3 less one job, and a job left out
   (``--skip-unknown-jobs``) or a row left out (``--skip-bad-rows``) changes the
   organisation's figures. Any two cells that are unions of units differ by whole units, so by
   0 or at least ``k`` people, whatever grouping made them; and every pay sum any combination
   of such cells gives is a union of units too. So no set of runs over one staff file, with
   any bands, questionnaires, ``--by`` or skips, gives anyone's pay away. The price: a band's
   figures for women are shown only when each of its jobs has no women, ``k`` women or more,
   or holds all of the file's women in small jobs (likewise for men and for everyone); the
   organisation's are shown when the file's women in small jobs number ``k`` or more, or there
   are none. A small pool costs only the figures that hold it: one to four people of another
   or unrecorded sex withhold the figures *for everyone* of the places they are in, never the
   figures for women or men; two men in small jobs withhold the men's (and everyone's)
   figures of their places, the organisation's included, never their jobs' women's;
1. *(primary)* it holds fewer than ``k`` people;
2. *(complementary)* for a published cell and each way of splitting it (by sex; by the next
   level of the hierarchy), the parts whose figures are not published must together hold 0 or
   at least ``k`` people; otherwise one more cell of that split is suppressed;
3. *(medians)* two published cells that share people must differ by 0 or at least ``k``
   people, or one is suppressed (medians, unlike means, cannot be subtracted, but two medians
   of groups that differ by one person can pin that person's pay);
4. *(audit)* no group of fewer than ``k`` people (at least one) may have a pay sum that a linear
   combination of the published means times counts gives exactly; checked exactly (see below),
   and where one does, one more cell is suppressed.

Rule 0 alone already makes every published figure safe against every combination of runs (any pay
sum derivable is a union of units); rules 1 to 4 stay as a second line, and hold on their own within
one run. The rules are applied again until none suppresses anything. When a cell must be suppressed,
the one chosen is the least useful, in this order (first suppressed first): other-sex cells; the
whole organisation's, a structure's and a band's figures for everyone; the organisation's and a
structure's figures for women or men; a job's figures for everyone (the comparator screen's
medians); a job's figures for women or men (like work); a band's figures for women or men (work
rated as equivalent: what an equal pay audit compares). Within that order, the smaller group first,
then the one named first. The decision uses counts of people only, never pay, so which figures are
suppressed says nothing about anyone's pay.

**Why rule 4 is exact.** Published cells of one sex (or of everyone) are nested or disjoint, so
what they give is exactly the pay sums of their *residuals* (a cell's people minus those of its
published sub-cells). Each (job, sex) group of people lies in at most two residuals, one of its
sex and one of everyone: a graph whose nodes are residuals (and one node for "in no published
cell") and whose edges are those groups. A combination of published sums equals the pay sum of
a set of groups exactly when the set is the boundary of a node set with every boundary edge on
the same side of the graph's two sides; the smallest such boundary through a small group is a
minimum cut, found with a max-flow. Groups of ``k`` people or more are contracted first: a
boundary of fewer than ``k`` people cannot cross them.

What it does not defeat, said in ``docs/input-from-strangers.md``: outputs made with different
``--min-group`` values, or over different staff files (two exports a month apart differ by the
people who joined and left); a reader who knows the pay of all but one
member of a published group (inherent in any aggregate); a group whose members are all paid the
same (its mean is everyone's pay, as a published pay scale is); the median of an odd-sized group
(it is one member's pay, though not whose).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

#: The smallest ``k`` accepted. With two people a published mean tells each the other's pay; with
#: three or four, a median is one member's pay or the mean of two, and one member who knows the
#: median learns more than an aggregate should say. Five is what statistical offices and the
#: gender pay gap guidance use for pay tables.
MIN_GROUP_FLOOR = 5
#: The default ``k``.
MIN_GROUP = 5

#: The hierarchy's levels, from the top; a place is a prefix of (structure, band, job).
LEVELS = ("organisation", "structure", "band", "job")


class Sex(StrEnum):
    """The sex dimension of a cell."""

    WOMEN = "women"
    MEN = "men"
    OTHER = "other"
    ALL = "all"


SEXES = (Sex.WOMEN, Sex.MEN, Sex.OTHER)

#: Where a person is: (structure key, band label or None when outside the bands, job reference).
Path = tuple[str, str | None, str]
#: A place in the hierarchy: a prefix of a path (``()`` is the organisation).
Place = tuple[str | None, ...]
Cell = tuple[Place, Sex]


class Reason(StrEnum):
    """Why a cell's pay figures are not published."""

    #: Rule 1: fewer than k people.
    SMALL = "small"
    #: Rules 2 to 4: published, they would let a smaller group's pay be worked out.
    COMPLEMENTARY = "complementary"
    #: Rule 0: the cell splits a unit or holds part of a small one, so another grouping of the
    #: same file (other bands, other questionnaires, rows skipped) could publish a cell that
    #: differs from it by fewer than k.
    UNSTABLE = "unstable"


@dataclass(frozen=True, slots=True)
class Decision:
    """One cell: how many people, and why its pay figures are not published (None: they are)."""

    count: int
    reason: Reason | None = None

    @property
    def published(self) -> bool:
        """Whether the cell's pay figures (mean, median, sum) may be shown."""
        return self.count > 0 and self.reason is None


@dataclass(frozen=True, slots=True)
class Publication:
    """The decision for every cell of one staff file and one set of jobs."""

    k: int
    cells: Mapping[Cell, Decision]

    def decision(self, place: Place, sex: Sex) -> Decision:
        """A cell's decision; an empty cell has count 0 and publishes nothing."""
        return self.cells.get((place, sex), Decision(0))

    def published(self, place: Place, sex: Sex) -> bool:
        """Whether the cell's pay figures may be shown."""
        return self.decision(place, sex).published


def _kind_rank(cell: Cell) -> int:
    """How useful a cell's figures are (higher: suppressed later); see the module docstring."""
    place, sex = cell
    depth = len(place)
    if sex is Sex.OTHER:
        return 0
    if sex is Sex.ALL:
        return 3 if depth == 3 else 1
    if depth <= 1:
        return 2
    return 4 if depth == 3 else 5


def _cell_key(cell: Cell) -> tuple[object, ...]:
    """A sort key for cells (band None sorts before any label)."""
    place, sex = cell
    return (len(place), tuple((p is not None, p or "") for p in place), sex.value)


#: A job of the staff file (its reference, as the file writes it) and a sex: the finest group of
#: people any grouping can tell apart. Rule 0's units are made of these.
Atom = tuple[str, Sex]


def units(population: Mapping[Atom, int], k: int = MIN_GROUP) -> dict[Atom, int]:
    """Rule 0's units: each (job, sex) of the file mapped to its unit's number.

    Decided from the file's counts alone, never from a grouping or an option: a (job, sex) of
    ``k`` people or more is a unit; the smaller ones of one sex are pooled across the file into
    one unit. A pool of fewer than ``k`` people stays one unit, a *small* one: no cell holding
    any of it is published (rule 0), so the figures lost are those of its sex
    across the organisation (and of everyone), never another job's, nor those of the other sex.
    """
    people = {a: n for a, n in population.items() if n > 0}
    order = sorted(people, key=lambda a: (a[0], a[1].value))
    numbers: dict[object, int] = {}
    unit: dict[Atom, int] = {}
    for a in order:
        key: object = ("pool", a[1]) if people[a] < k else a
        unit[a] = numbers.setdefault(key, len(numbers))
    return unit


def decide(
    atoms: Mapping[tuple[Path, Sex], int],
    k: int = MIN_GROUP,
    population: Mapping[Atom, int] | None = None,
) -> Publication:
    """Which cells' pay figures may be published: rules 0 to 4 of the module docstring.

    ``atoms`` are the counts of people by path and sex (women, men, other); empty ones may be
    left out. ``population`` is the count of every (job, sex) of the staff file as read, before
    any row is left out (rows of jobs with no questionnaire, rows with bad values): rule 0's
    units are made from it, so that runs leaving out different rows cannot be set against each
    other. None: the atoms' own counts (no row was left out).

    Raises:
        ValueError: ``k`` is below :data:`MIN_GROUP_FLOOR`, a sex is ``Sex.ALL``, or an atom
            holds more people than the population says its job and sex have.
    """
    if k < MIN_GROUP_FLOOR:
        raise ValueError(f"the minimum group size is at least {MIN_GROUP_FLOOR}, not {k}")
    return _Decider(atoms, k, population).run()


class _Decider:
    """The state of one decision: cells merged by population, what is published, why not."""

    def __init__(
        self,
        atoms: Mapping[tuple[Path, Sex], int],
        k: int,
        population: Mapping[Atom, int] | None = None,
        stable: bool = True,
    ) -> None:
        self.k = k
        kept = [(path, sex, n) for (path, sex), n in atoms.items() if n > 0]
        for _, sex, _ in kept:
            if sex is Sex.ALL:
                raise ValueError("atoms are counted by women, men and other, not 'all'")
        kept.sort(key=lambda a: (_cell_key((a[0], a[1])), a[2]))
        self.atoms = kept
        members: dict[Cell, list[int]] = defaultdict(list)
        for i, (path, sex, _) in enumerate(kept):
            for depth in range(4):
                place = path[:depth]
                members[(place, sex)].append(i)
                members[(place, Sex.ALL)].append(i)
        self.cells = sorted(members, key=_cell_key)
        # Cells holding the same people are one: decided together.
        canon: dict[frozenset[int], int] = {}
        self.canon: dict[Cell, int] = {}
        self.members: list[list[Cell]] = []
        self.count: list[int] = []
        for cell in self.cells:
            group = frozenset(members[cell])
            c = canon.get(group)
            if c is None:
                c = canon[group] = len(self.members)
                self.members.append([])
                self.count.append(sum(kept[i][2] for i in group))
            self.canon[cell] = c
            self.members[c].append(cell)
        self.rank = [
            (max(_kind_rank(m) for m in ms), self.count[c], min(_cell_key(m) for m in ms))
            for c, ms in enumerate(self.members)
        ]
        self.reason: list[Reason | None] = [Reason.SMALL if n < k else None for n in self.count]
        groups: list[frozenset[int]] = [frozenset()] * len(self.members)
        for group, c in canon.items():
            groups[c] = group
        for c in self._unstable(groups, population) if stable else ():
            if self.reason[c] is None:
                self.reason[c] = Reason.UNSTABLE
        self.places = sorted(
            {cell[0] for cell in self.cells}, key=lambda p: _cell_key((p, Sex.ALL))
        )
        self.equations = self._equations()
        self.pairs = self._pairs()

    def _unstable(
        self, groups: list[frozenset[int]], population: Mapping[Atom, int] | None
    ) -> list[int]:
        """Rule 0: the merged cells whose people are not a union of whole units."""
        held: dict[Atom, int] = defaultdict(int)
        for path, sex, n in self.atoms:
            held[(path[2], sex)] += n
        if population is None:
            population = held
        for atom, n in held.items():
            if n > population.get(atom, 0):
                raise ValueError("an atom holds more people than the population says")
        unit = units(population, self.k)
        size: dict[int, int] = defaultdict(int)
        for atom, n in population.items():
            if n > 0:
                size[unit[atom]] += n
        out = []
        for c, group in enumerate(groups):
            inside: dict[int, int] = defaultdict(int)
            for i in group:
                path, sex, n = self.atoms[i]
                inside[unit[(path[2], sex)]] += n
            if any(n != size[u] or size[u] < self.k for u, n in inside.items()):
                out.append(c)
        return out

    def published(self, c: int) -> bool:
        return self.reason[c] is None

    def suppress(self, c: int) -> None:
        self.reason[c] = Reason.COMPLEMENTARY

    def lowest(self, candidates: Iterable[int]) -> int:
        return min(candidates, key=lambda c: self.rank[c])

    def _equations(self) -> list[tuple[int, tuple[int, ...]]]:
        """Every split: (parent, its parts), on merged cells, trivial ones left out."""
        children: dict[Place, list[Place]] = defaultdict(list)
        for place in self.places:
            if place:
                children[place[:-1]].append(place)
        out: set[tuple[int, tuple[int, ...]]] = set()

        def add(parent: Cell, parts: list[Cell]) -> None:
            kids = tuple(sorted({self.canon[p] for p in parts if p in self.canon}))
            top = self.canon[parent]
            if kids and top not in kids:
                out.add((top, kids))

        for place in self.places:
            if (place, Sex.ALL) not in self.canon:
                continue
            add((place, Sex.ALL), [(place, s) for s in SEXES])
            for sex in (*SEXES, Sex.ALL):
                if (place, sex) in self.canon and children[place]:
                    add((place, sex), [(child, sex) for child in children[place]])
        return sorted(out)

    def _pairs(self) -> list[tuple[int, int]]:
        """Overlapping cells whose populations differ by 1 to k-1 people (rule 3)."""
        n = {cell: self.count[c] for cell, c in self.canon.items()}
        out: set[tuple[int, int]] = set()

        def add(a: Cell, b: Cell, difference: int) -> None:
            if a in self.canon and b in self.canon:
                ca, cb = self.canon[a], self.canon[b]
                if ca != cb and 0 < difference < self.k:
                    out.add((min(ca, cb), max(ca, cb)))

        for place in self.places:
            for depth in range(len(place) + 1):
                above = place[:depth]
                whole = n.get((place, Sex.ALL), 0)
                if above != place:
                    add((place, Sex.ALL), (above, Sex.ALL), n.get((above, Sex.ALL), 0) - whole)
                for sex in SEXES:
                    part = n.get((place, sex), 0)
                    if above != place:
                        add((place, sex), (above, sex), n.get((above, sex), 0) - part)
                    add((place, sex), (above, Sex.ALL), n.get((above, Sex.ALL), 0) - part)
                    add((place, Sex.ALL), (above, sex), whole + n.get((above, sex), 0) - 2 * part)
        return sorted(out)

    def rule2(self) -> bool:
        """Complementary suppression to a fixed point; whether anything changed."""
        changed = False
        again = True
        while again:
            again = False
            for parent, kids in self.equations:
                if not self.published(parent):
                    continue
                hidden = sum(self.count[c] for c in kids if not self.published(c))
                if 0 < hidden < self.k:
                    shown = [c for c in kids if self.published(c)]
                    self.suppress(self.lowest([*shown, parent]))
                    again = changed = True
        return changed

    def rule3(self) -> bool:
        """Medians: overlapping published cells differ by 0 or at least k people."""
        changed = False
        for a, b in self.pairs:
            if self.published(a) and self.published(b):
                self.suppress(self.lowest([a, b]))
                changed = True
        return changed

    def audit(self) -> int | None:
        """Rule 4: a cell to suppress so that no group smaller than k has a derivable sum."""
        return _Audit(self).victim()

    def run(self, medians: bool = True) -> Publication:
        while True:
            changed = self.rule2()
            changed = (medians and self.rule3()) or changed
            if changed:
                continue
            victim = self.audit()
            if victim is None:
                break
            self.suppress(victim)
        return Publication(
            self.k,
            {
                cell: Decision(self.count[c], self.reason[c])
                for cell, c in sorted(self.canon.items(), key=lambda item: _cell_key(item[0]))
            },
        )


#: A node of the residual graph: (family, merged cell), or the "nowhere" node below.
_Node = tuple[object, ...]
#: The node of the residual graph standing for "in no published cell".
_NOWHERE: _Node = ("nowhere",)
_BIG = 1 << 60


class _Audit:
    """Rule 4, exactly: the residual graph, contracted, and a minimum cut per small group."""

    def __init__(self, d: _Decider) -> None:
        self.d = d
        self.parent: dict[_Node, _Node] = {}

    def find(self, x: _Node) -> _Node:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: _Node, b: _Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The "nowhere" node stays a root, so that a supernode holding it is recognised.
            if rb == _NOWHERE:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def residual(self, path: Path, family: Sex) -> _Node:
        """The node of the smallest published cell of a family (a sex, or all) holding a path."""
        d = self.d
        for depth in (3, 2, 1, 0):
            c = d.canon.get((path[:depth], family))
            if c is not None and d.published(c):
                return (family, c)
        return _NOWHERE

    def victim(self) -> int | None:
        d = self.d
        small: list[tuple[_Node, _Node, int]] = []
        nodes: set[_Node] = set()
        for path, sex, n in d.atoms:
            x, y = self.residual(path, Sex.ALL), self.residual(path, sex)
            nodes.update((x, y))
            if n >= d.k:
                self.union(x, y)
            else:
                small.append((x, y, n))
        nowhere = self.find(_NOWHERE)
        edges = []
        for x, y, n in small:
            p, q = self.find(x), self.find(y)
            if p != q:
                edges.append((p, q, n))
        if not edges:
            return None
        for orientation in (0, 1):
            # 0: a set A closed towards the "everyone" side (y in A => x in A); 1: the reverse.
            arcs = [(q, p, n) if orientation == 0 else (p, q, n) for p, q, n in edges]
            network = _Network(arcs, nowhere)
            for tail, head, _ in arcs:
                if head == nowhere:
                    continue
                side = network.min_cut(tail, head, d.k)
                if side is not None:
                    inside = [
                        node[1] for node in nodes if node != _NOWHERE and self.find(node) in side
                    ]
                    candidates = [c for c in inside if isinstance(c, int) and d.published(c)]
                    return d.lowest(candidates)
        return None


class _Network:
    """The arcs of the contracted residual graph, as a flow network built once.

    Each arc ``u -> v`` of weight ``w`` means "u on the sink side puts v there too" (so ``v ->
    u`` has unbounded capacity) and costs ``w`` when it enters the sink side from outside.
    """

    def __init__(self, arcs: list[tuple[_Node, _Node, int]], nowhere: _Node) -> None:
        self.index: dict[_Node, int] = {}
        self.head: list[int] = []
        self.capacity: list[int] = []
        self.out: list[list[int]] = []
        self.nowhere = self._node(nowhere)
        for u, v, w in arcs:
            a, b = self._node(u), self._node(v)
            self._edge(a, b, w)
            self._edge(b, a, _BIG)

    def _node(self, x: _Node) -> int:
        if x not in self.index:
            self.index[x] = len(self.index)
            self.out.append([])
        return self.index[x]

    def _edge(self, a: int, b: int, capacity: int) -> None:
        # Each edge and its reverse sit side by side: edge e's reverse is e ^ 1.
        self.out[a].append(len(self.head))
        self.head.append(b)
        self.capacity.append(capacity)
        self.out[b].append(len(self.head))
        self.head.append(a)
        self.capacity.append(0)

    def min_cut(self, tail: _Node, sink: _Node, limit: int) -> set[_Node] | None:
        """The sink side of a minimum closed cut, if its weight is below ``limit``.

        The cut separates ``tail`` and the "nowhere" node from ``sink``; None when every such
        cut weighs ``limit`` or more.
        """
        t = self.index[sink]
        sources = {self.index[tail], self.nowhere}
        residual = list(self.capacity)
        head, out = self.head, self.out
        flow = 0
        while flow < limit:
            previous = dict.fromkeys(sources, -1)
            queue = deque(sources)
            while queue and t not in previous:
                u = queue.popleft()
                for e in out[u]:
                    v = head[e]
                    if residual[e] > 0 and v not in previous:
                        previous[v] = e
                        queue.append(v)
            if t not in previous:
                break
            step = _BIG
            v = t
            while previous[v] != -1:
                e = previous[v]
                step = min(step, residual[e])
                v = head[e ^ 1]
            v = t
            while previous[v] != -1:
                e = previous[v]
                residual[e] -= step
                residual[e ^ 1] += step
                v = head[e ^ 1]
            flow += step
        if flow >= limit:
            return None
        # The sink side: every node that can still reach the sink.
        side = {t}
        queue = deque([t])
        while queue:
            v = queue.popleft()
            for e in out[v]:
                u = head[e]
                if residual[e ^ 1] > 0 and u not in side:
                    side.add(u)
                    queue.append(u)
        names = {i: x for x, i in self.index.items()}
        return {names[i] for i in side}


# --- pay gap reports (``paygap``) ------------------------------------------------------------
#
# The statutory pay gap figures use the same rule. The EU categories of workers (bands, or
# jobs) are places of the hierarchy above, decided by :func:`decide` with every other grouping
# of the file. Three further kinds of figure are decided here:
#
# - whole-organisation figures over a population of their own measure (the UK's hourly pay of
#   full-pay relevant employees; bonus pay of those paid a bonus): each measure is published
#   over one population only, so no two of its figures can be set against each other; each
#   sex's figure follows rule 1 (at least ``k`` people);
# - figures of complementary or variable components over those who received any: the sum of a
#   cell's components is the sum over its recipients (the others received none), so such a
#   figure is published only when its cell is and it has 0 or at least ``k`` recipients;
# - quartile pay bands: counts of people only, always shown, as every count is.


def population_figures(counts: Mapping[Sex, int], k: int = MIN_GROUP) -> dict[Sex, Decision]:
    """Whether each sex's figures over a whole-organisation population may be published.

    Raises:
        ValueError: ``k`` is below :data:`MIN_GROUP_FLOOR`.
    """
    if k < MIN_GROUP_FLOOR:
        raise ValueError(f"the minimum group size is at least {MIN_GROUP_FLOOR}, not {k}")
    return {sex: Decision(n, Reason.SMALL if 0 < n < k else None) for sex, n in counts.items()}


@dataclass(frozen=True, slots=True)
class Statutory:
    """The decisions for one of the UK's statutory figures, by sex."""

    decisions: dict[Sex, Decision]
    #: The sexes whose part of the figure rests on fewer than ``k`` people, and how many: the
    #: figure is withheld, and the outputs say why beside it, in the method, and on stderr.
    few: dict[Sex, int]


def statutory_figures(counts: Mapping[Sex, int], k: int = MIN_GROUP) -> Statutory:
    """The UK's six gender pay gap figures: withheld where a sex's part rests on fewer than k.

    The Equality Act 2010 (Gender Pay Gap Information) Regulations 2017 require every employer
    in scope to publish the six figures, and GOV.UK's method has no small-numbers exemption.
    jescore still does not make a gap that rests on fewer than ``k`` people of a sex: a gap is
    a ratio of the two sexes' means (or medians), so set against the other sex's mean over the
    same measure from any other output of the same file (``equalpay`` run on the same pay or
    bonus column), it gives the few people's pay or bonus. The outputs say which figure is not
    made and why; the employer computes it under its own data protection assessment. The
    shares paid a bonus and the quartile bands are counts of people, always shown. No UK amount
    (a mean or median hourly rate or bonus in money) is published in any format.

    Raises:
        ValueError: ``k`` is below :data:`MIN_GROUP_FLOOR`.
    """
    if k < MIN_GROUP_FLOOR:
        raise ValueError(f"the minimum group size is at least {MIN_GROUP_FLOOR}, not {k}")
    return Statutory(
        {sex: Decision(n, Reason.SMALL if 0 < n < k else None) for sex, n in counts.items()},
        {sex: n for sex, n in counts.items() if 0 < n < k},
    )


def components_published(
    cells: Mapping[Sex, Decision], recipients: Mapping[Sex, int], k: int = MIN_GROUP
) -> dict[Sex, Decision]:
    """Whether each sex's figures of components over their recipients may be published.

    ``cells`` are the decisions for the whole group of each sex (from :func:`decide` or
    :func:`population_figures`); ``recipients`` how many of each received components.
    """
    out = {}
    for sex, cell in cells.items():
        n = recipients.get(sex, 0)
        if cell.reason is not None:
            out[sex] = Decision(n, cell.reason)
        elif 0 < n < k:
            out[sex] = Decision(n, Reason.SMALL)
        else:
            out[sex] = Decision(n)
    return out


def basic_published(
    cells: Mapping[Sex, Decision],
    components: Mapping[Sex, Decision],
    recipients: Mapping[Sex, int],
) -> dict[Sex, Decision]:
    """Whether each sex's basic-pay figures of a cell may be published beside its pay figures.

    Pay is basic + components: a cell that publishes both its basic-pay and its pay figures (a
    gap of each, and anywhere a mean of pay) publishes their difference, the sum of its
    components, which :func:`components_published` may withhold (1 to k-1 recipients: the sum
    is theirs). So basic follows components: published where the cell's components figures are
    (``components``, after every narrowing), or where no one of that sex in the cell received
    any (basic is then pay, nothing more). ``cells`` are the whole cell's decisions.
    """
    out = {}
    for sex, cell in cells.items():
        part = components.get(sex, Decision(0))
        if cell.reason is None and recipients.get(sex, 0) and part.reason is not None:
            out[sex] = Decision(cell.count, part.reason)
        else:
            out[sex] = cell
    return out


def worker_category(publication: Publication, place: Place) -> dict[Sex, Decision]:
    """The decisions for women and men of one worker's category (an Article 7 reply).

    The same decisions as every other output of the file: the reply shows nothing that the
    category's published figures do not.
    """
    return {sex: publication.decision(place, sex) for sex in (Sex.WOMEN, Sex.MEN)}


# --- figures over part of each cell (pay model: the protected, those owed back pay) ----------


def narrowed(publication: Publication, sub_atoms: Mapping[tuple[Path, Sex], int]) -> Publication:
    """``publication`` with a sub-population's rule applied to the whole figures of each cell.

    For a sum over a cell to which only some of its people add anything (a bonus column where
    most are 0): the rest add nothing, so the sum is that of the few who do, and anyone who
    knows who they are (the UK report counts those paid a bonus) reads their pay off a mean.
    A cell stays published only where :func:`decide_subset` allows its sub-population.
    """
    allowed = decide_subset(publication, sub_atoms)
    return Publication(
        publication.k,
        {
            cell: (
                decision
                if not decision.published or cell in allowed
                else Decision(decision.count, Reason.COMPLEMENTARY)
            )
            for cell, decision in publication.cells.items()
        },
    )


def decide_subset(
    publication: Publication,
    sub_atoms: Mapping[tuple[Path, Sex], int],
    within: Iterable[Cell] | None = None,
) -> set[Cell]:
    """Cells whose sums over a sub-population (the protected, those owed back pay) may show.

    On top of ``publication``'s decision for the whole cells. A figure summed over only some of
    a cell's people (the protected cash of a year, the cost of those whose pay changes) is a
    statistic of that sub-population, so rules 1, 2 and 4 apply to it again, on the
    sub-population's counts: a cell is shown only where it is published for its whole people
    (or, with ``within``, is one of those cells), its sub-population holds 0 or at least ``k``
    people, no split of a shown cell leaves 1 to k-1 of them in cells not shown, and no
    combination of the shown cells' sums gives the sum of fewer than ``k`` of them (the exact
    audit, across every level, not only between a cell and its parts). Cells holding the same
    people of the sub-population are one (the organisation and its only grading structure), so
    one is shown only where the other may be. Decided on counts only, never on pay. Every
    year of a model uses the same whole decision, and each year's sub-population this rule,
    so that a person leaving protection cannot be told from the difference between two years'
    published sums of a group under ``k``.
    """
    k = publication.k
    counts: dict[Cell, int] = defaultdict(int)
    for (path, sex), n in sub_atoms.items():
        for depth in range(len(path) + 1):
            place = path[:depth]
            counts[(place, sex)] += n
            counts[(place, Sex.ALL)] += n
    base = set(within) if within is not None else None

    def whole(cell: Cell) -> bool:
        return publication.published(*cell) if base is None else cell in base

    allowed = {cell for cell, n in counts.items() if n == 0 and whole(cell)}
    kept = {atom: n for atom, n in sub_atoms.items() if n > 0}
    if not kept:
        return allowed
    decider = _Decider(kept, k, stable=False)
    # A sub-population's figures of the whole organisation (a model's total bill and cost)
    # are what its readers need first: where a cell must go, the organisation's goes last.
    for c, members in enumerate(decider.members):
        if any(place == () for place, _ in members):
            decider.rank[c] = (9, *decider.rank[c][1:])
    for cell, c in decider.canon.items():
        if not whole(cell) and decider.published(c):
            decider.suppress(c)
    decided = decider.run(medians=False)
    allowed |= {cell for cell, decision in decided.cells.items() if decision.published}
    return allowed


def subset_publication(
    publication: Publication, sub_atoms: Mapping[tuple[Path, Sex], int]
) -> Publication:
    """:func:`decide_subset` as a publication: each cell's sub-population and its decision.

    For figures that sum over part of each cell (components over those who received any): a
    cell's figure of the part is shown only where :func:`decide_subset` allows it, so that no
    difference between a cell's part and a smaller cell's part gives fewer than ``k`` people's
    sum.
    """
    allowed = decide_subset(publication, sub_atoms)
    counts: dict[Cell, int] = defaultdict(int)
    for (path, sex), n in sub_atoms.items():
        for depth in range(len(path) + 1):
            counts[(path[:depth], sex)] += n
            counts[(path[:depth], Sex.ALL)] += n
    k = publication.k
    cells = {
        cell: Decision(
            n,
            None if cell in allowed else (Reason.SMALL if 0 < n < k else Reason.COMPLEMENTARY),
        )
        for cell, n in counts.items()
    }
    return Publication(k, cells)
