"""The equal pay audit: women's and men's pay within each group of equal work.

In Great Britain a woman may claim equal pay with a man doing work rated as equivalent under a
job evaluation scheme. The Equality and Human Rights Commission's equal pay audit compares the
pay of women and men within each group of equal work and advises that, as a general rule,
differences of 5% or more, or recurring differences of 3% or more, merit investigation.

Groups are the bands of a grading structure ("work rated as equivalent"), or single jobs ("like
work"). A group belongs to one grading structure (a scheme file and the bands its jobs are put
in): a scheme's Band 3 and a local grading's Band 3 are two groups, never pooled.

:func:`catalogue` turns evaluated questionnaires into the jobs staff rows can name; :func:`audit`
takes those and a staff table (:class:`jescore.tabular.StaffTable`, from any reader) and gives
the :class:`Audit`. Which figures are shown is decided once for the whole staff file by
:mod:`jescore.disclosure`, over every grouping (band, job, the comparator screen), so that runs
with different options cannot be set against each other. People whose sex is recorded as
neither women nor men are counted in every group and shown on their own line.

Pure functions: no reading, no printing. The staff table's values are polars columns; figures are
computed with polars expressions, never row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jescore.disclosure import Decision, Path, Publication, Reason, Sex, decide, narrowed
from jescore.engine import answers_by_factor, band_for, total_points
from jescore.enums import Grouping
from jescore.errors import InputError, Problem
from jescore.models import Band, FileRef, GradingStructure, Questionnaire, Scheme
from jescore.safety import excerpt
from jescore.tabular import StaffTable, report

if TYPE_CHECKING:
    import polars as pl

GUIDANCE = (
    "Equality and Human Rights Commission, equal pay audit guidance: as a general rule, "
    "differences of 5% or more, or recurring differences of 3% or more, merit investigation"
)
GUIDANCE_URL = (
    "https://www.equalpayatwork.org.uk/toolkit/a-workers-guide-to-conducting-an-equal-pay-audit-4/"
    "the-five-steps-of-an-equal-pay-audit-16/"
)


@dataclass(frozen=True, slots=True)
class Structure:
    """A grading structure: a scheme and the bands its jobs are put in.

    Two questionnaires share a structure only when they are scored under the same scheme file
    with the same bands (the same grading file, or the scheme's own bands). ``key`` names the
    files by their sha256 (or a shipped file by its id), so that two copies of one file are
    one structure and two files with the same name are not.
    """

    key: str
    scheme: str
    #: What outputs show: the scheme's id, and where the bands come from.
    label: str
    #: The grading structure's id, or its file's name; None when the job has no bands.
    grading: str | None


def _ref(ref: FileRef) -> str:
    return f"shipped:{ref.path}" if ref.shipped else f"sha256:{ref.sha256}"


def structure_of(
    scheme: Scheme,
    scheme_file: FileRef,
    grading: GradingStructure | None,
    grading_file: FileRef | None,
) -> Structure:
    """The structure of a job scored under ``scheme`` with ``grading`` from ``grading_file``."""
    if grading is None or grading_file is None:
        return Structure(f"{_ref(scheme_file)}|none", scheme.id, f"{scheme.id} (no bands)", None)
    own = grading_file == scheme_file
    name = grading.id or grading_file.path.rsplit("/", 1)[-1]
    label = scheme.id if own else f"{scheme.id}, bands: {name}"
    grading_key = "scheme" if own else _ref(grading_file)
    return Structure(f"{_ref(scheme_file)}|{grading_key}", scheme.id, label, name)


@dataclass(frozen=True, slots=True)
class JobInfo:
    """What the audit needs of one evaluated job."""

    reference: str
    title: str
    scheme: str
    total: int
    band: Band | None
    structure: Structure
    organisation: str | None = None
    family: str | None = None


def job_info(
    questionnaire: Questionnaire,
    scheme: Scheme,
    grading: GradingStructure | None,
    structure: Structure,
) -> JobInfo:
    """A checked questionnaire's reference, title, total and band (no sensitivity needed)."""
    levels = {fid: a.number for fid, a in answers_by_factor(questionnaire, scheme).items()}
    total = total_points(scheme, levels)
    job = questionnaire.job
    return JobInfo(
        (job.reference or "").strip(),
        job.title,
        scheme.id,
        total,
        band_for(grading, total),
        structure,
        job.organisation,
        job.family,
    )


@dataclass(frozen=True, slots=True)
class Evaluated:
    """One loaded questionnaire, with the scheme and bands it is scored under and their files."""

    questionnaire: Questionnaire
    #: The questionnaire's file, for messages.
    file: str
    scheme: Scheme
    scheme_file: FileRef
    grading: GradingStructure | None
    grading_file: FileRef | None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The jobs staff rows may name, by reference, and each structure's bands in order."""

    jobs: dict[str, JobInfo]
    bands: dict[str, list[Band]]
    #: Structures in the order their first questionnaire was given.
    structures: list[Structure]


def catalogue(evaluated: Iterable[Evaluated], by_band: bool) -> tuple[Catalogue, list[Problem]]:
    """Each evaluated job by its reference, and the problems that keep a job out.

    A job without bands cannot be grouped by band; a job without a reference cannot be named
    by a staff row (a warning); two questionnaires with one reference make rows ambiguous.
    """
    jobs: dict[str, JobInfo] = {}
    files: dict[str, str] = {}
    bands: dict[str, list[Band]] = {}
    structures: dict[str, Structure] = {}
    problems: list[Problem] = []
    for e in evaluated:
        structure = structure_of(e.scheme, e.scheme_file, e.grading, e.grading_file)
        info = job_info(e.questionnaire, e.scheme, e.grading, structure)
        if e.grading is None and by_band:
            problems.append(
                Problem(
                    f"is scored under scheme '{e.scheme.id}', which has no bands: give a grading "
                    "structure (--bands, or grading: in the file), or compare like work with "
                    "--by job",
                    file=e.file,
                    location="scheme",
                )
            )
            continue
        ref = info.reference
        if not ref:
            problems.append(
                Problem(
                    "has no job.reference, so no staff row can name it; give it one",
                    file=e.file,
                    location="job",
                    warning=True,
                )
            )
            continue
        if ref in jobs:
            problems.append(
                Problem(
                    f"'{excerpt(ref)}' is also the reference of {files[ref]}: staff rows "
                    "naming it would be ambiguous",
                    file=e.file,
                    location="job.reference",
                )
            )
            continue
        files[ref] = e.file
        jobs[ref] = info
        structures.setdefault(structure.key, structure)
        if e.grading is not None:
            bands.setdefault(structure.key, list(e.grading.bands))
    return Catalogue(jobs, bands, list(structures.values())), problems


@dataclass(frozen=True, slots=True)
class Figures:
    """One sex's pay in one group; mean and median are None when not published."""

    count: int
    mean: float | None
    median: float | None


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
class Options:
    """How to run the audit: the grouping, thresholds, pay basis and which rows to leave out."""

    grouping: Grouping = Grouping.BAND
    thresholds: Thresholds = Thresholds()
    pay_basis: str = "basic"
    skip_unknown_jobs: bool = False
    skip_bad_rows: bool = False


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
    #: Why figures are not shown, in words (() when all are).
    suppressed: tuple[str, ...]
    #: The grading structure the group belongs to.
    structure: Structure | None = None
    #: People whose sex is recorded as neither women nor men (counted, never compared).
    other: int = 0

    @property
    def women_share(self) -> float | None:
        """Women as a share of the group (everyone in it), in percent."""
        total = self.women.count + self.men.count + self.other
        return 100 * self.women.count / total if total else None


#: Decimal places a gap is rounded to before it is set against a threshold.
GAP_PLACES = 6


def at_least(g: float, threshold: float) -> bool:
    """Whether a gap (in percent) is at ``threshold`` or more, compared at 6 decimal places.

    Means are sums exact to 1e-9 (each value, an hourly rate say, rounded to 9 decimals) divided
    by a count, so a gap that is exactly 5% (women paid exactly 95% of men, on 1,950 hours a
    year) can come out 4.9999999998%. Rounded to 6 decimal places it is 5.0 again, and a gap of
    4.99% stays under: the rule every threshold of jescore's pay commands follows (equalpay's
    significant and pattern sizes, the comparator screen, paygap's Article 10 screen).
    """
    return round(g, GAP_PLACES) >= threshold


def reaches(g: float | None, threshold: float) -> bool:
    """Whether a gap is at ``threshold`` or more either way (see :func:`at_least`)."""
    return g is not None and at_least(abs(g), threshold)


def _direction(g: float | None, threshold: float) -> int:
    if g is None or not reaches(g, threshold):
        return 0
    return 1 if g > 0 else -1


def flagged(groups: list[Group], thresholds: Thresholds) -> list[Group]:
    """The groups with their flags.

    Significant: a gap at the threshold either way. Pattern: gaps of the pattern size recur in
    the same direction in at least ``pattern_groups`` groups.
    """
    t = thresholds

    def direction(g: Group) -> int:
        return max(
            (_direction(x, t.pattern) for x in (g.mean_gap, g.median_gap)), key=abs, default=0
        )

    recurring = {1: 0, -1: 0}
    for g in groups:
        if d := direction(g):
            recurring[d] += 1
    out = []
    for g in groups:
        flags = []
        if any(_direction(x, t.significant) for x in (g.mean_gap, g.median_gap)):
            flags.append("significant")
        d = direction(g)
        if d and recurring[d] >= t.pattern_groups:
            flags.append("pattern")
        out.append(
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
                g.structure,
                g.other,
            )  # fmt: skip
        )
    return out


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
    #: Jobs left out because their pay figures are not published (fewer than min_group
    #: people, or suppressed so that no one's pay can be worked out).
    small_jobs: int


@dataclass(frozen=True, slots=True)
class JobPay:
    """One job's pay over everyone in it, as the screen uses it (published figures only)."""

    job: JobInfo
    women: int
    men: int
    other: int
    median: float


def comparators(
    jobs: Iterable[JobPay], thresholds: Thresholds, small: int = 0, limit: int = 50
) -> Screen:
    """Pairs of jobs under one scheme for the equal-value screen.

    A job held mostly by women scoring at least as much as a job held mostly by men, whose
    median pay is lower by the significant threshold or more.
    """
    t = thresholds
    women_jobs, men_jobs = [], []
    for j in jobs:
        n = j.women + j.men + j.other
        share, men_share = 100 * j.women / n, 100 * j.men / n
        if share >= t.dominated_share:
            women_jobs.append((j.job, j.median, share))
        elif men_share >= t.dominated_share:
            men_jobs.append((j.job, j.median, men_share))
    pairs = []
    for wj, wpay, wshare in women_jobs:
        for mj, mpay, mshare in men_jobs:
            if wj.scheme != mj.scheme or wj.total < mj.total or mpay <= 0:
                continue
            if at_least((mpay - wpay) / mpay * 100, t.significant):
                pairs.append(Comparator(wj, mj, wpay, mpay, wshare, mshare))
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
    #: How the staff file was read: format, delimiter, decimal mark, sheet.
    reading: dict[str, str | None] = field(default_factory=dict)
    #: People whose sex is recorded as neither women nor men, in all.
    other: int = 0


# --- from a staff table to the audit ------------------------------------------------------------

UNKNOWN_JOB = "names a job with no questionnaire"
UNKNOWN_RUNS_ON = (
    "names a job with no questionnaire (not repeated: it holds a line break, a quote or a "
    "delimiter; a quote may have been left open)"
)
UNKNOWN_UNCLEAR = (
    "names a job with no questionnaire (not repeated: it looks like a number, or no row of the "
    "column names a known job, so the column may not be the job column)"
)
UNKNOWN_HINT = (
    "a job must be the reference of one of the questionnaires given; "
    "--skip-unknown-jobs leaves such rows out (and counts them)"
)
_SEX = {"women": Sex.WOMEN, "men": Sex.MEN, "other": Sex.OTHER}


def _suppressed_text(decision: Decision, sex: str, k: int) -> str | None:
    if decision.count == 0 or decision.reason is None:
        return None
    if decision.reason is Reason.SMALL:
        return f"fewer than {k} {sex} ({decision.count}): their pay figures are not shown"
    if decision.reason is Reason.UNSTABLE:
        return (
            f"the {sex}'s pay figures ({decision.count}) are not shown: set against the "
            "figures of another grouping of the same staff file (other bands, other "
            f"questionnaires), they would let the pay of fewer than {k} people be worked out"
        )
    return (
        f"the {sex}'s pay figures ({decision.count}) are not shown: with the figures that are, "
        f"they would let the pay of fewer than {k} people be worked out"
    )


def matched(
    jobs: Mapping[str, JobInfo], staff: StaffTable, options: Options
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Staff rows matched to jobs, and the rows skipped, by reason.

    ``job_index`` is the job's place in ``jobs``. Every problem the options do not skip is
    raised, all at once. Every pay command reads its rows through this: unknown jobs named the
    same way, skips counted the same way.
    """
    import polars as pl

    refs = list(jobs)
    # (A lookup in a table of the jobs, row order kept: what a left join gives, in one pass.
    # As an enumeration of the references, a reference's number is its place in ``refs`` and
    # one not among them is null: the same numbers as replace_strict's lookup, in half the
    # time.)
    index = (
        pl.col("job").cast(pl.Enum(refs), strict=False).to_physical().cast(pl.UInt32)
        if refs
        else pl.lit(None, dtype=pl.UInt32)
    )
    frame = staff.frame.with_columns(index.alias("job_index"))
    problems = staff.problems
    bad_rows = problems.get_column("row").unique()
    unknown = pl.col("job").is_not_null() & pl.col("job_index").is_null()
    skipped: dict[str, int] = {}
    if staff.blank:
        skipped["blank row"] = staff.blank
    if options.skip_unknown_jobs:
        out = pl.col("job_index").is_null()
        gone = frame.filter(out)
        if gone.height:
            skipped["unknown job"] = gone.height
            problems = problems.filter(~pl.col("row").is_in(gone.get_column("row").implode()))
        frame = frame.filter(~out)
    if options.skip_bad_rows:
        bad = pl.col("row").is_in(bad_rows.implode()) & pl.col("job_index").is_not_null()
        gone = frame.filter(bad)
        if gone.height:
            skipped["bad value"] = gone.height
            problems = problems.filter(~pl.col("row").is_in(gone.get_column("row").implode()))
        frame = frame.filter(~bad)
    column = staff.names.get("job", "job")
    # A reference is repeated in the message (references are not personal data), unless it
    # holds a line break, a quote or a delimiter: then a quote was left open and the "value"
    # runs on over other columns and rows.
    runs_on = pl.col("job").str.contains(r'[\r\n",;\t]')
    # Nor is it repeated unless the column is clearly the job column (named "job", or some row
    # of it names a known job) and the value does not look like a number: a column named by
    # mistake (the pay column given as --job-column) must not have its values written out.
    clear = column.strip().casefold() == "job" or (
        bool(frame.get_column("job_index").is_not_null().any()) if frame.height else False
    )
    unclear = pl.lit(not clear) | pl.col("job").str.contains(r"^[\s0-9.,£€$+\-]*[0-9][\s0-9.,]*$")
    unknown_rows = frame.filter(unknown).select(
        pl.col("row").cast(pl.UInt32),
        pl.lit(column, dtype=pl.String).alias("column"),
        pl.when(runs_on)
        .then(pl.lit(UNKNOWN_RUNS_ON))
        .when(unclear)
        .then(pl.lit(UNKNOWN_UNCLEAR))
        .otherwise(pl.lit(UNKNOWN_JOB))
        .alias("message"),
        pl.when(runs_on | unclear).then(None).otherwise(pl.col("job")).alias("detail"),
    )
    problems = pl.concat([problems, unknown_rows]).sort("row", maintain_order=True)
    if problems.height:
        said = report(problems, staff.name)
        if unknown_rows.height:
            said.append(Problem(UNKNOWN_HINT, file=staff.name))
        raise InputError(said)
    return frame, skipped


def pay_publication(
    catalogue: Catalogue, people: pl.DataFrame, staff: StaffTable, k: int
) -> Publication:
    """The disclosure decision for pay figures of ``people`` (columns job_index, sex, pay).

    The one decision of :func:`jescore.disclosure.decide` over the staff file's cells; where
    some people's pay is 0 (a bonus column), narrowed so that a group's figures show only
    where those paid are 0 or at least ``k`` (the rest add nothing, so the figures would be
    those few people's).
    """
    import polars as pl

    counts = atoms(catalogue, people)
    publication = decide(counts, k, population(staff))
    paid = atoms(catalogue, people.filter(pl.col("pay") != 0))
    if paid != counts:
        publication = narrowed(publication, {a: paid.get(a, 0) for a in counts})
    return publication


def audit(catalogue: Catalogue, staff: StaffTable, options: Options) -> Audit:
    """The equal pay audit of a staff table (columns ``job``, ``sex``, ``pay``).

    Raises:
        InputError: rows with problems (the reader's, and jobs with no questionnaire) that the
            options do not skip, every one of them at once.
    """
    import polars as pl

    t = options.thresholds
    jobs = catalogue.jobs
    frame, skipped = matched(jobs, staff, options)
    infos = list(jobs.values())
    structure_index = {s.key: i for i, s in enumerate(catalogue.structures)}
    places = pl.DataFrame(
        {
            "job_index": list(range(len(infos))),
            "structure": [structure_index[j.structure.key] for j in infos],
            "band": [j.band.label if j.band is not None else None for j in infos],
        },
        schema={"job_index": pl.UInt32, "structure": pl.UInt32, "band": pl.String},
    )
    people = frame.select("job_index", "sex", "pay").join(
        places, on="job_index", how="left", maintain_order="left"
    )
    counts = atoms(catalogue, people)
    publication = pay_publication(catalogue, people, staff, t.min_group)

    def figures(keys: list[str]) -> dict[tuple[object, ...], tuple[int, float, float]]:
        # Sums in exact decimals (to 1e-9), so that the order rows are added in, which threads
        # may change, cannot change a figure: the same file gives the same bytes.
        table = people.group_by(keys, maintain_order=True).agg(
            pl.len(),
            pl.col("pay").cast(pl.Decimal(38, 9)).sum().alias("sum"),
            pl.col("pay").median().alias("median"),
        )
        return {tuple(r[:-3]): (r[-3], float(r[-2] / r[-3]), r[-1]) for r in table.iter_rows()}

    by_band = figures(["structure", "band", "sex"])
    by_job = figures(["job_index", "sex"])
    whole_job = figures(["job_index"])
    groups: list[Group] = []
    if options.grouping is Grouping.BAND:
        present = {(s, b) for s, b, _ in by_band}
        for i, structure in enumerate(catalogue.structures):
            labels: list[str | None] = [b.label for b in catalogue.bands.get(structure.key, [])]
            labels += [None]  # outside the bands
            for label in labels:
                if (i, label) not in present:
                    continue
                band = next(
                    (b for b in catalogue.bands.get(structure.key, []) if b.label == label), None
                )
                place = (structure.key, label)
                groups.append(
                    _group(
                        structure,
                        label or "outside the bands",
                        band,
                        None,
                        place,
                        {s: by_band.get((i, label, s)) for s in _SEX},
                        publication,
                        t.min_group,
                    )  # fmt: skip
                )
    else:
        order = sorted(
            {int(str(j)) for j, _ in by_job},
            key=lambda j: (
                structure_index[infos[j].structure.key],
                -infos[j].total,
                infos[j].reference,
            ),
        )
        for j in order:
            info = infos[j]
            groups.append(
                _group(
                    info.structure,
                    info.reference,
                    info.band,
                    info,
                    _path(info, catalogue),
                    {s: by_job.get((j, s)) for s in _SEX},
                    publication,
                    t.min_group,
                )  # fmt: skip
            )
    shown, small = [], 0
    for (index,), (_, _, median) in whole_job.items():
        j = int(str(index))
        info = infos[j]
        if not publication.published(_path(info, catalogue), Sex.ALL):
            small += 1
            continue
        n = {s: by_job.get((j, s), (0, 0.0, 0.0))[0] for s in _SEX}
        shown.append(JobPay(info, n["women"], n["men"], n["other"], median))
    shown.sort(key=lambda p: p.job.reference)
    other = sum(n for (_, sex), n in counts.items() if sex is Sex.OTHER)
    return Audit(
        staff=(staff.name, staff.sha256),
        pay_basis=options.pay_basis,
        grouping=options.grouping.value,
        thresholds=t,
        rows=staff.rows,
        skipped=skipped,
        groups=flagged(groups, t),
        screen=comparators(shown, t, small),
        reading={
            "format": staff.format,
            "delimiter": staff.delimiter,
            "sheet": staff.sheet,
            "decimal_mark": staff.decimal,
        },
        other=other,
    )


def atoms(catalogue: Catalogue, people: pl.DataFrame) -> dict[tuple[Path, Sex], int]:
    """People counted by place (structure, band, job) and sex.

    What the disclosure decision (:func:`jescore.disclosure.decide`) takes; ``people`` has
    ``job_index`` and ``sex`` columns.
    """
    infos = list(catalogue.jobs.values())
    counted = people.group_by(["job_index", "sex"], maintain_order=True).len()
    return {
        (_path(infos[int(j)], catalogue), _SEX[str(sex)]): int(n)
        for j, sex, n in counted.iter_rows()
    }


def population(staff: StaffTable) -> dict[tuple[str, Sex], int]:
    """Every row of the staff file with a job, counted by job and sex, before any is skipped.

    What rule 0 of :mod:`jescore.disclosure` makes its units of: the same whatever the
    questionnaires, bands and skips of a run, so that runs cannot be set against each other.
    """
    import polars as pl

    counted = (
        staff.frame.filter(pl.col("job").is_not_null())
        .group_by(["job", "sex"], maintain_order=True)
        .len()
    )
    return {(str(j), _SEX[str(sex)]): int(n) for j, sex, n in counted.iter_rows()}


def _path(info: JobInfo, catalogue: Catalogue) -> tuple[str, str | None, str]:
    return (info.structure.key, info.band.label if info.band is not None else None, info.reference)


def _group(
    structure: Structure,
    label: str,
    band: Band | None,
    job: JobInfo | None,
    place: tuple[str | None, ...],
    stats: dict[str, tuple[int, float, float] | None],
    publication: Publication,
    k: int,
) -> Group:
    """One group's figures, only those the publication decision allows."""
    shown: dict[str, Figures] = {}
    reasons = []
    for sex in ("women", "men"):
        found = stats.get(sex)
        decision = publication.decision(place, _SEX[sex])
        if found is None:
            shown[sex] = Figures(0, None, None)
            continue
        count, mean, median = found
        if decision.published:
            shown[sex] = Figures(count, mean, median)
        else:
            shown[sex] = Figures(count, None, None)
            text = _suppressed_text(decision, sex, k)
            if text:
                reasons.append(text)
    other = stats.get("other")
    women, men = shown["women"], shown["men"]
    return Group(
        structure.scheme,
        label,
        band,
        job,
        women,
        men,
        gap(women.mean, men.mean),
        gap(women.median, men.median),
        (),
        tuple(reasons),
        structure,
        other[0] if other is not None else 0,
    )
