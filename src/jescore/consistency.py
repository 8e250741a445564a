"""Consistency checks across many jobs, and the report of jobs near each band boundary.

A job scoring above the job it reports to, a heavier job in a lower band, a factor level far
from the usual level of its family, jobs close to a boundary. Pure functions over the summary
rows of :mod:`jescore.ranking`; totals are compared only within one scheme.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from jescore.ranking import JobRow, ranked


class Check(StrEnum):
    """Kinds of consistency finding."""

    MANAGER = "manager"
    ORDER = "order"
    OUTLIER = "outlier"
    NEAR = "near-boundary"


@dataclass(frozen=True, slots=True)
class Finding:
    """One consistency problem, with the jobs (files) it involves.

    An outlier also says which factor, the level, the levels its peers have and who they are.
    """

    check: Check
    message: str
    jobs: tuple[str, ...]
    factor: str | None = None
    level: int | None = None
    expected: Expected | None = None
    peers: tuple[str, ...] = ()


def _name(row: JobRow) -> str:
    return f"{row.title} ({row.path})"


def manager_findings(rows: list[JobRow]) -> list[Finding]:
    """A job scoring above its manager's job in total, or on the knowledge/supervision factor."""
    by_ref: dict[tuple[str, str], JobRow] = {}
    for row in rows:
        if row.reference:
            by_ref.setdefault((row.scheme, row.reference), row)
    findings = []
    for row in rows:
        if not row.reports_to:
            continue
        manager = by_ref.get((row.scheme, row.reports_to))
        if manager is None:
            findings.append(
                Finding(
                    Check.MANAGER,
                    f"{_name(row)} reports to '{row.reports_to}', which is not among the jobs "
                    f"evaluated under scheme '{row.scheme}'",
                    (row.path,),
                )
            )
            continue
        problems = []
        if row.total > manager.total:
            problems.append(f"total {row.total} > {manager.total}")
        names = row.facts.factor_names
        for role, factor_id in row.facts.roles:
            mine, theirs = row.level(factor_id), manager.level(factor_id)
            if mine > theirs:
                problems.append(f"{role} ({names[factor_id]}) level {mine} > {theirs}")
        if problems:
            findings.append(
                Finding(
                    Check.MANAGER,
                    f"{_name(row)} scores above its manager's job {_name(manager)}: "
                    + "; ".join(problems),
                    (row.path, manager.path),
                )
            )
    return findings


def order_findings(rows: list[JobRow]) -> list[Finding]:
    """A heavier job in a lower band than a lighter one (same scheme, other grading structures).

    One sweep per scheme in order of total, so it stays fast for many jobs.
    """
    findings = []
    by_scheme: dict[str, list[JobRow]] = defaultdict(list)
    for row in rows:
        if row.band_index is not None:
            by_scheme[row.scheme].append(row)
    for scheme_rows in by_scheme.values():
        scheme_rows.sort(key=lambda r: (r.total, r.path))
        highest: JobRow | None = None  # the highest-banded job among strictly lighter ones
        i = 0
        while i < len(scheme_rows):
            j = i
            while j < len(scheme_rows) and scheme_rows[j].total == scheme_rows[i].total:
                j += 1
            group = scheme_rows[i:j]
            for row in group:
                assert row.band_index is not None
                if highest is not None and highest.band_index is not None:
                    if row.band_index < highest.band_index:
                        findings.append(
                            Finding(
                                Check.ORDER,
                                f"{_name(row)} scores {row.total} but is in band {row.band} "
                                f"({row.grading}), below {_name(highest)}, which scores "
                                f"{highest.total} in band {highest.band} ({highest.grading})",
                                (row.path, highest.path),
                            )
                        )
            for row in group:
                if highest is None or (row.band_index or 0) > (highest.band_index or 0):
                    highest = row
            i = j
    return findings


class Peers(StrEnum):
    """Which jobs of its family a job's factor level is compared with."""

    #: The jobs nearest in the points they score on the other factors.
    TOTAL = "total"
    #: The jobs in the same band.
    BAND = "band"


#: How many of a family's jobs nearest in total a level is compared with (``Peers.TOTAL``), at
#: most: a third of the family when that is more than three, so that a small family's juniors
#: are not compared with its seniors.
PEER_COUNT = 6


@dataclass(frozen=True, slots=True)
class Expected:
    """The levels a job's peers have on one factor: lowest, highest, median and how many."""

    low: int
    high: int
    median: float
    peers: int


def _points(row: JobRow, factor_id: str) -> int:
    """Points a row scores on one factor (0 when the scheme is not at hand)."""
    scheme = row.facts.scheme
    if scheme is None:
        return 0
    factor = scheme.factors[row.facts.factor_ids.index(factor_id)]
    return factor.points(row.level(factor_id))


def _peers(members: list[JobRow], job: JobRow, factor_id: str, by: Peers) -> list[JobRow]:
    """The jobs ``job`` is compared with on one factor: like with like, never the whole family.

    By total: the other jobs nearest in the points they score on every other factor (so that
    the level under test does not choose its own peers): :data:`PEER_COUNT` of them, or a third
    of the family when that is fewer (at least three, when there are). By band: the other jobs
    in the same band.
    """
    others = [m for m in members if m is not job]
    if by is Peers.BAND:
        return [m for m in others if job.band is not None and m.band == job.band]
    rest = job.total - _points(job, factor_id)
    others.sort(key=lambda m: (abs(m.total - _points(m, factor_id) - rest), m.path))
    return others[: min(PEER_COUNT, max(3, len(members) // 3))]


def outlier_findings(
    rows: list[JobRow], threshold: int = 2, by: Peers = Peers.TOTAL
) -> list[Finding]:
    """A factor level ``threshold`` or more levels from the median of comparable jobs.

    A job is compared with jobs of its own family under its scheme, and only with those of a
    similar size (:func:`_peers`): in a family that spans bands, an assistant's levels are
    compared with other assistants', a lead's with other leads', so that seniority is not an
    outlier. A level is flagged when it lies outside every peer's level and ``threshold`` or
    more levels from their median. Families of fewer than three jobs under a scheme, and jobs
    with fewer than two peers, are not checked. The findings come largest departure first.
    """
    families: dict[tuple[str, str], list[JobRow]] = defaultdict(list)
    for row in rows:
        if row.family:
            families[(row.scheme, row.family)].append(row)
    scored: list[tuple[float, str, Finding]] = []
    for (_, family), members in sorted(families.items()):
        if len(members) < 3:
            continue
        names = members[0].facts.factor_names
        for factor_id in members[0].facts.factor_ids:
            for m in members:
                peers = _peers(members, m, factor_id, by)
                if len(peers) < 2:
                    continue
                levels = [p.level(factor_id) for p in peers]
                median = statistics.median(levels)
                level = m.level(factor_id)
                low, high = min(levels), max(levels)
                if abs(level - median) < threshold or low <= level <= high:
                    continue
                which = (
                    f"the {len(peers)} jobs of family '{family}' nearest in points on the "
                    "other factors"
                    if by is Peers.TOTAL
                    else f"the {len(peers)} other jobs of family '{family}' in band {m.band}"
                )
                spread = f"level {low}" if low == high else f"levels {low}-{high}"
                finding = Finding(
                    Check.OUTLIER,
                    f"{_name(m)}: {names[factor_id]} at level {level}, while {which} have "
                    f"{spread} (median {median:g}): "
                    + ", ".join(f"{p.title} ({p.path}) {p.level(factor_id)}" for p in peers),
                    (m.path,),
                    factor=factor_id,
                    level=level,
                    expected=Expected(low, high, float(median), len(peers)),
                    peers=tuple(p.path for p in peers),
                )
                scored.append((abs(level - median), m.path, finding))
    scored.sort(key=lambda item: (-item[0], item[1], item[2].factor or ""))
    return [finding for _, _, finding in scored]


@dataclass(frozen=True, slots=True)
class Boundary:
    """The jobs just either side of one band boundary."""

    scheme: str
    grading: str | None
    lower: str
    upper: str
    at: int
    below: tuple[JobRow, ...]
    above: tuple[JobRow, ...]

    def headcount(self, side: tuple[JobRow, ...]) -> dict[str, int]:
        """People by group on one side, summed over the jobs that give headcounts."""
        totals: dict[str, int] = defaultdict(int)
        for row in side:
            for group, count in row.headcount:
                totals[group] += count
        return dict(sorted(totals.items()))


def boundary_report(rows: list[JobRow], within: int) -> list[Boundary]:
    """For each boundary, jobs within ``within`` points below it and at or above it."""
    sides: dict[tuple[str, str | None, int, str, str], tuple[list[JobRow], list[JobRow]]] = {}
    for row in rows:
        for at, lower, upper in row.boundaries:
            key = (row.scheme, row.grading, at, lower, upper)
            below, above = sides.setdefault(key, ([], []))
            if at - within <= row.total < at:
                below.append(row)
            elif at <= row.total < at + within:
                above.append(row)
    out = []
    for (scheme, grading, at, lower, upper), (below, above) in sorted(
        sides.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])
    ):
        if below or above:
            out.append(
                Boundary(
                    scheme,
                    grading,
                    lower,
                    upper,
                    at,
                    tuple(ranked(below)),
                    tuple(ranked(above)),
                )  # fmt: skip
            )
    return out


def _listed(rows: tuple[JobRow, ...]) -> str:
    return "; ".join(f"{_name(r)} {r.total}" for r in rows) or "none"


def counts(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    """How many findings of each kind, every kind named (0 when none)."""
    out = {check.value: 0 for check in Check}
    for f in findings:
        out[f.check.value] += 1
    return out


def near_findings(boundaries: list[Boundary], within: int) -> list[Finding]:
    """One finding per boundary with jobs within ``within`` points of it."""
    return [
        Finding(
            Check.NEAR,
            f"{len(b.below) + len(b.above)} job(s) within {within} points of the boundary "
            f"between bands {b.lower} and {b.upper} at {b.at} ({b.scheme}): "
            f"{len(b.below)} below ({_listed(b.below)}), {len(b.above)} at or above "
            f"({_listed(b.above)})",
            tuple(r.path for r in (*b.below, *b.above)),
        )
        for b in boundaries
    ]
