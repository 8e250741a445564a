"""Many jobs at once: a small summary row per evaluated job, and their rank order.

Pure functions, no I/O. Only a small summary row is kept per job, so that tens of thousands of
questionnaires fit in little memory. Totals are compared only within one scheme: totals under
different schemes are not comparable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jescore.engine import Report
from jescore.models import Band, FileRef, GradingStructure, Scheme, SignOff


@dataclass(frozen=True, slots=True)
class SchemeFacts:
    """What every job under one scheme and grading structure shares (kept once, not per job)."""

    #: (boundary total, lower band, upper band) between neighbouring bands.
    boundaries: tuple[tuple[int, str, str], ...]
    #: Factor ids in scheme order; a row's levels follow this order.
    factor_ids: tuple[str, ...]
    factor_names: dict[str, str]
    #: role ("knowledge", "supervision") -> factor id
    roles: tuple[tuple[str, str], ...]
    #: The scheme, its file, and the file of the bands when they are not the scheme's own.
    scheme: Scheme | None = None
    scheme_file: FileRef | None = None
    #: The grading structure when it comes from a file of its own (else None), and its file.
    grading: GradingStructure | None = None
    grading_file: FileRef | None = None
    #: The bands of the grading structure, by label.
    bands: dict[str, Band] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JobRow:
    """What the family checks need to know about one evaluated job."""

    path: str
    title: str
    reference: str | None
    family: str | None
    reports_to: str | None
    scheme: str
    grading: str | None
    total: int
    band: str | None
    #: Position of the band in its grading structure (None outside it or without one).
    band_index: int | None
    nearer: str | None
    to_nearer: int | None
    #: The band across the nearer boundary.
    nearer_band: str | None
    levels: tuple[int, ...]
    headcount: tuple[tuple[str, int], ...]
    facts: SchemeFacts
    #: The questionnaire file's sha256, and the job's organisation.
    sha256: str = ""
    organisation: str | None = None
    #: The evaluation's status and sign-off, when the questionnaire states them.
    sign_off: SignOff | None = None

    @property
    def status(self) -> str | None:
        """The evaluation's status (draft, agreed, appealed, final), or None when not stated."""
        if self.sign_off is None or self.sign_off.status is None:
            return None
        return self.sign_off.status.value

    def level(self, factor_id: str) -> int:
        """The level of a factor."""
        return self.levels[self.facts.factor_ids.index(factor_id)]

    @property
    def boundaries(self) -> tuple[tuple[int, str, str], ...]:
        """The boundaries of this job's grading structure."""
        return self.facts.boundaries


#: Shared facts by the content of the scheme and grading files that produced them.
_FACTS: dict[tuple[str, str | None], SchemeFacts] = {}


def _facts(report: Report) -> SchemeFacts:
    e = report.evaluation
    key = (report.scheme_file.sha256, report.grading_file.sha256 if report.grading_file else None)
    facts = _FACTS.get(key)
    if facts is None:
        grading = e.grading
        boundaries = []
        if grading is not None:
            for lower, upper in zip(grading.bands, grading.bands[1:], strict=False):
                boundaries.append((upper.min, lower.label, upper.label))
        facts = SchemeFacts(
            boundaries=tuple(boundaries),
            factor_ids=tuple(f.id for f in e.scheme.factors),
            factor_names={f.id: f.name for f in e.scheme.factors},
            roles=tuple((f.role, f.id) for f in e.scheme.factors if f.role),
            scheme=e.scheme,
            scheme_file=report.scheme_file,
            grading_file=report.grading_file if report.grading_file != report.scheme_file else None,
            bands={b.label: b for b in grading.bands} if grading is not None else {},
        )
        _FACTS[key] = facts
    return facts


def summarise(report: Report) -> JobRow:
    """The summary row of one report."""
    e = report.evaluation
    job = report.questionnaire.job
    grading = e.grading
    index = grading.index_of(e.band) if grading is not None and e.band is not None else None
    equality = report.questionnaire.equality
    frag = e.fragility
    m = e.margins
    across = None
    if m is not None and frag.nearer in ("upper", "equal") and m.upper is not None:
        across = m.upper.label
    elif m is not None and frag.nearer == "lower" and m.lower is not None:
        across = m.lower.label
    return JobRow(
        path=report.file.path,
        title=job.title,
        reference=job.reference,
        family=job.family,
        reports_to=job.reports_to,
        scheme=e.scheme.id,
        grading=None if grading is None else (grading.id or grading.name),
        total=e.total,
        band=e.band.label if e.band else None,
        band_index=index,
        nearer=frag.nearer,
        to_nearer=frag.points,
        nearer_band=across,
        levels=tuple(f.level for f in e.factors),
        headcount=tuple(sorted(equality.headcount.items())) if equality else (),
        facts=_facts(report),
        sha256=report.file.sha256,
        organisation=job.organisation,
        sign_off=report.questionnaire.sign_off,
    )


#: What ``--status`` accepts: an evaluation status, or ``none`` for a questionnaire stating none.
STATUS_CHOICES = ("draft", "agreed", "appealed", "final", "none")


def with_status(rows: Iterable[JobRow], statuses: frozenset[str]) -> list[JobRow]:
    """The rows whose status is one of ``statuses`` (``none``: rows that state no status)."""
    return [row for row in rows if (row.status or "none") in statuses]


def ranked(rows: Iterable[JobRow]) -> list[JobRow]:
    """Rows grouped by scheme, each group by total (highest first), then title, then file."""
    return sorted(rows, key=lambda r: (r.scheme, -r.total, r.title, r.path))
