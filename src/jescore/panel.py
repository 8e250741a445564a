"""Panels: several evaluators' scores for one job, how far they agree, and a consensus record.

Job evaluation is done by panels. Each member's scores are a questionnaire naming its
``evaluator``; questionnaires for the same job (same ``job.reference``, or the same title when
there is none) are one panel. For each job this module works out, per factor, the members'
levels, their spread and median, and whether the disagreement matters (with every other factor
at the panel's median, does the band differ between the lowest and the highest level chosen?);
across many jobs, Krippendorff's alpha (ordinal, on levels), exact and within-one agreement, and
each evaluator's mean signed deviation from the panel median.

The median of an even panel split between two levels is not a level: jescore does not settle
it. The consensus record gives the lower level, marks the factor ``discuss: true`` with both
levels, and says what the outcome is either way (:func:`outcome`); every command that reads the
record warns until the panel settles it.

Grouping files into panels (:func:`group`) refuses a job scored under two schemes or two
grading structures, and a member who scores a job twice (names are compared by their letters
and digits, case and width aside), each as a :class:`~jescore.errors.Problem` with the file and
line.

Pure functions over validated models: no I/O and no printing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from jescore.engine import answers_by_factor, band_for
from jescore.errors import Problem
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
from jescore.safety import clean_line

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


def member_key(name: str) -> str:
    """What makes two evaluator names one member: their letters and digits, case and width aside.

    'S. Okafor', 's.  okafor', 'S.Okafor' and 'Ｓ. Okafor' (a full-width S) are one member. A
    name with no letter or digit is compared whole, spacing and case aside.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    key = "".join(ch for ch in folded if ch.isalnum())
    return key or " ".join(folded.split())


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
    #: Whether the questionnaire names its evaluator (else the member is named by its file).
    named: bool
    member: Member
    #: The scheme and the grading structure as the file names them (or --bands): a shipped
    #: id, or the path of the file; None for the scheme's own bands.
    sources: tuple[str | Path, str | Path | None] = ("", None)
    #: Lines of the file's top-level keys (see :data:`jescore.loader.TOP_KEYS`).
    lines: Mapping[str, int] = field(default_factory=dict)


def scored(
    questionnaire: Questionnaire,
    scheme: Scheme,
    grading: GradingStructure | None,
    files: tuple[FileRef, FileRef, FileRef | None],
    fallback_name: str,
    keep_evidence: bool = True,
    sources: tuple[str | Path, str | Path | None] = ("", None),
    lines: Mapping[str, int] | None = None,
) -> Scored:
    """A panel member from a checked questionnaire, scored here: levels, total and band only.

    ``files`` are the questionnaire's, the scheme's and the grading structure's. A panel needs
    no sensitivity, so this is lighter than a full evaluation. The member is named by
    ``fallback_name`` (a file's name: made safe here) when the questionnaire names no
    evaluator; evidence and rationales are kept only when asked (for a consensus record).
    ``sources`` and ``lines`` are kept for the record and for messages (see :class:`Scored`).
    """
    q = questionnaire
    answers = answers_by_factor(q, scheme)
    chosen = [answers[f.id] for f in scheme.factors]
    levels = tuple(a.number for a in chosen)
    total = sum(f.points(level) for f, level in zip(scheme.factors, levels, strict=True))
    member = Member(
        q.evaluator.name if q.evaluator else clean_line(fallback_name),
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
        job_key(q.job),
        q.job,
        scheme,
        files[1],
        grading,
        files[2],
        q.evaluator is not None,
        member,
        sources,
        lines or {},
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
    def upper(self) -> int:
        """The higher of the two middle levels (the consensus level when not split)."""
        return self.median.numerator * 2 // self.median.denominator - self.consensus

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
    #: The file of the bands (the scheme's own, or a grading structure's); None: no bands.
    grading_file: FileRef | None = None
    #: The scheme and grading as the first member names them (see :class:`Scored`).
    sources: tuple[str | Path, str | Path | None] = ("", None)

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
        first.grading_file,
        first.sources,
    )


def group(
    entries: list[Scored], composition: Composition = Composition()
) -> tuple[list[PanelView], list[Problem]]:
    """Scored questionnaires grouped into panels, one per job, and the problems that stop one.

    One panel scores one job under one scheme file and one grading structure (the same
    bytes), and each member once: a member is known by the letters and digits of the name. A panel
    with such a problem is left out, each odd member reported at its file and line; members
    are ordered by name.
    """
    groups: dict[str, list[Scored]] = {}
    for entry in entries:
        groups.setdefault(entry.key, []).append(entry)
    views: list[PanelView] = []
    problems: list[Problem] = []
    for members in groups.values():
        found = _odd_ones(members)
        if found:
            problems.extend(found)
            continue
        ordered = sorted(members, key=lambda e: (member_key(e.member.name), e.member.name))
        views.append(view(ordered, composition))
    return views, problems


def _odd_ones(members: list[Scored]) -> list[Problem]:
    """Members that cannot sit on this panel: another scheme, other bands, a second time."""
    # The panel's scheme is the one most members used; the others are the odd ones out.
    counts = Counter(e.scheme_file.sha256 for e in members)
    first = next(e for e in members if counts[e.scheme_file.sha256] == max(counts.values()))
    bands = _bands_sha(first)
    names: dict[str, Scored] = {}
    problems: list[Problem] = []
    for e in members:
        path = e.member.file.path
        if e.scheme_file.sha256 != first.scheme_file.sha256:
            problems.append(
                Problem(
                    f"job '{e.job.title}' is scored under scheme '{e.scheme.id}' "
                    f"({e.scheme_file.path}) here and under '{first.scheme.id}' "
                    f"({first.scheme_file.path}) in {first.member.file.path}: one panel "
                    "scores one job under one scheme",
                    file=path,
                    line=e.lines.get("scheme"),
                    location="scheme",
                )
            )
            continue
        if _bands_sha(e) != bands:
            problems.append(
                Problem(
                    f"scored with other bands than {first.member.file.path}: one panel "
                    "scores one job against one grading structure",
                    file=path,
                    line=e.lines.get("grading", e.lines.get("scheme")),
                    location="grading",
                )
            )
            continue
        key = member_key(e.member.name)
        if key in names:
            other = names[key].member
            written = "" if other.name == e.member.name else f", as '{other.name}'"
            where = "evaluator.name" if e.named else "job"
            problems.append(
                Problem(
                    f"member '{e.member.name}' scores this job twice (also in "
                    f"{other.file.path}{written}); names are compared by their letters and "
                    "digits alone: give each member's questionnaire its own evaluator name",
                    file=path,
                    line=e.lines.get(where, e.lines.get("evaluator")),
                    location=where,
                )
            )
            continue
        names[key] = e
    return problems


def _bands_sha(e: Scored) -> str | None:
    return e.grading_file.sha256 if e.grading_file is not None else None


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
    #: Twice each member's deviation from the unit's median (whole numbers: medians are halves),
    #: by member (:func:`member_key`), shown under the name first met.
    deviations: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    for p in panels:
        for f in p.factors:
            levels = list(f.levels)
            units.append(levels)
            key = (p.scheme.id, f.factor.id)
            by_factor.setdefault(key, (f.factor, []))[1].append(levels)
            if len(levels) >= 2:
                twice = f.median.numerator * 2 // f.median.denominator
                for m, level in zip(p.members, levels, strict=True):
                    who = shown.setdefault(member_key(m.name), m.name)
                    deviations.setdefault(who, []).append(2 * level - twice)
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


# --- the record --------------------------------------------------------------------------------


def _where(grading: GradingStructure | None, total: int) -> str:
    if grading is None:
        return f"{total} points"
    band = grading.band_for(total)
    return f"Band {band.label} ({total})" if band is not None else f"outside the bands ({total})"


def _label_at(grading: GradingStructure | None, total: int) -> str | None:
    return _label(grading.band_for(total)) if grading is not None else None


#: Even splits beyond this many: their combinations are not worked out one by one.
COMBINED_SPLITS = 16
#: Combinations that change the band named in the outcome, at most.
COMBINATIONS_SHOWN = 6


def outcome(p: PanelView) -> str | None:
    """Where members split evenly, the outcome both ways, in words; None when nobody split.

    One split: ``Band 3 (374), or Band 4 (414) if Knowledge and experience is 5``. Several:
    the outcome with every split at its lower level, then each split alone at its higher
    level, then each smallest combination of splits (two or more, not all) that gives a band
    no part of it gives alone, then all of them together. When every way gives the same band,
    it says so first (``Band 3 either way: ...``).
    """
    order = {f.id: i for i, f in enumerate(p.scheme.factors)}
    splits = sorted(p.splits, key=lambda f: order[f.factor.id])
    if not splits:
        return None
    base = p.consensus_total
    grading = p.grading

    def gain(f: FactorView) -> int:
        return f.factor.points(f.upper) - f.factor.points(f.consensus)

    def higher(f: FactorView) -> str:
        return f"{f.factor.name} is {f.upper}"

    alone = [(base + gain(f), f"if {higher(f)}") for f in splits]
    ways = [(base, ""), *alone]
    more = ""
    if len(splits) > 1:
        together = "both" if len(splits) == 2 else f"all {_number(len(splits))}"
        ways[0] = (base, f"with {together} splits at the lower level")
        combined, left = _combinations(splits, base, gain, grading)
        ways += [
            (total, "if " + _and([higher(splits[i]) for i in subset])) for total, subset in combined
        ]
        if left:
            more = f"; {left} other combination{'s' if left != 1 else ''} also change the band"
        ways.append((base + sum(gain(f) for f in splits), f"with {together} at the higher level"))
    labels = {_label_at(grading, total) for total, _ in ways}
    same = grading is not None and len(labels) == 1 and None not in labels
    if same:
        words = [f"{total}{' ' + when if when else ''}" for total, when in ways]
        lead = f"Band {next(iter(labels))} either way: "
    else:
        words = [f"{_where(grading, total)}{' ' + when if when else ''}" for total, when in ways]
        lead = ""
    if len(splits) == 1:
        return f"{lead}{words[0]}, or {words[1]}"
    return lead + "; ".join(words) + more


def _combinations(
    splits: list[FactorView],
    base: int,
    gain: Callable[[FactorView], int],
    grading: GradingStructure | None,
) -> tuple[list[tuple[int, tuple[int, ...]]], int]:
    """The smallest combinations of two or more splits (not all) that change the band.

    A combination counts when it gives another band than the lower levels do and every split
    in it is needed: without any one of them, the band is another. Returns at most
    :data:`COMBINATIONS_SHOWN` of them (fewest splits first, then in factor order), each with
    its total, and how many more there are. With more than :data:`COMBINED_SPLITS` splits, or
    without a grading structure, none are worked out.
    """
    n = len(splits)
    if grading is None or n < 3 or n > COMBINED_SPLITS:
        return [], 0
    gains = [gain(f) for f in splits]
    label: dict[int, str | None] = {}

    def band_of(mask: int) -> str | None:
        if mask not in label:
            total = base + sum(g for i, g in enumerate(gains) if mask >> i & 1)
            label[mask] = _label_at(grading, total)
        return label[mask]

    lower = band_of(0)
    found: list[tuple[int, tuple[int, ...]]] = []
    for mask in range(1, (1 << n) - 1):
        members = tuple(i for i in range(n) if mask >> i & 1)
        if len(members) < 2:
            continue
        here = band_of(mask)
        if here == lower or any(band_of(mask & ~(1 << i)) == here for i in members):
            continue
        found.append((base + sum(gains[i] for i in members), members))
    found.sort(key=lambda item: (len(item[1]), item[1]))
    return found[:COMBINATIONS_SHOWN], max(0, len(found) - COMBINATIONS_SHOWN)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def consensus_record(p: PanelView, scheme_ref: str, grading_ref: str | None) -> dict[str, Any]:
    """The consensus record as data: a questionnaire any jescore command reads.

    ``scheme_ref`` and ``grading_ref`` are the scheme and the grading structure as the record
    must name them from its own folder (see :func:`jescore.references.repoint`); the record
    also keeps which files those were (their sha256, and the scheme's edition), who sat, each
    member's level, every member's evidence and rationale, and, where the members split
    evenly, both levels and the outcome both ways.
    """
    job: dict[str, Any] = {"title": p.title}
    for key in ("reference", "organisation", "family", "reports_to"):
        value = getattr(p.job, key)
        if value:
            job[key] = value
    job["version"] = "panel consensus of " + ", ".join(m.name for m in p.members)
    record: dict[str, Any] = {"job": job, "scheme": scheme_ref}
    if grading_ref is not None:
        record["grading"] = grading_ref
    panel: dict[str, Any] = {
        "members": [{"name": m.name, **({"side": m.side} if m.side else {})} for m in p.members],
        "scheme": {"sha256": p.scheme_file.sha256, "edition": p.scheme.edition},
    }
    if p.grading_file is not None and p.grading_file.sha256 != p.scheme_file.sha256:
        panel["grading"] = {"sha256": p.grading_file.sha256}
    said = outcome(p)
    if said is not None:
        panel["outcome"] = said
    record["panel"] = panel
    by_id = {v.factor.id: v for v in p.factors}
    factors: dict[str, Any] = {}
    for i, factor in enumerate(p.scheme.factors):
        f = by_id[factor.id]
        entry: dict[str, Any] = {"level": f.consensus}
        members = {m.name: f"{m.levels[i]}{m.letters[i]}" for m in p.members}
        entry["panel"] = (
            {"discuss": True, "levels": [f.consensus, f.upper], "members": members}
            if f.split
            else {"members": members}
        )
        rationale = merged_rationale(p, i)
        if rationale:
            entry["rationale"] = rationale
        evidence = merged_evidence(p, i)
        if evidence:
            entry["evidence"] = [
                {"text": e.text, **({"source": e.source} if e.source else {}), "by": list(e.by)}
                for e in evidence
            ]
        factors[factor.id] = entry
    record["factors"] = factors
    return record
