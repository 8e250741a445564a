"""The ``neutrality`` command: do a scheme's results favour one sex's work?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.cli._common import (
    STAFF_FILE_HELP,
    AllowDirOption,
    BandsOption,
    DecimalOption,
    DelimiterOption,
    ForceOption,
    HeaderRowOption,
    JobColumnOption,
    MinGroupOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    PayColumnOption,
    SexColumnOption,
    SheetOption,
    SkipBadRowsOption,
    SkipUnknownJobsOption,
    StrictOption,
    _errors_to_exit,
    _evaluated,
    _jobs,
    _library,
    _say_skipped,
    app,
    column_hint,
    column_names,
    column_option,
    layout,
)
from jescore.cli.emit import choose, diagnose, emit, format_option, offer, read_staff, say
from jescore.enums import PayBasis
from jescore.errors import ExitCode, Problem, UsageError
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import loader, neutrality, staff
    from jescore.render import neutrality as render

#: The columns of the staff file neutrality reads (pay only with --pay-basis).
COLUMNS = ("job", "sex", "pay")

offer(
    "neutrality",
    "neutrality",
    Format.TABLE,
    Format.JSON,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)


def _share(value: float | None) -> float | None:
    """A dominated share must be above 50%, so that no job is both female- and male-dominated."""
    if value is not None and not 50 < value <= 100:
        raise typer.BadParameter(f"{value:g} is not above 50 and at most 100")
    return value


def _step(value: float) -> float:
    """A weight step must be more than 0% and at most 100% (a factor's points can reach 0)."""
    if not 0 < value <= 100:
        raise typer.BadParameter(f"{value:g} is not more than 0 and at most 100")
    return value


@app.command("neutrality")
def neutrality_command(
    paths: PathsArgument,
    staff: Annotated[
        Path | None,
        typer.Option(
            "--staff",
            metavar="FILE",
            help=f"{STAFF_FILE_HELP} Count the people in each job from it instead of the "
            "questionnaires' equality.headcount.",
        ),
    ] = None,
    pay_basis: Annotated[
        PayBasis | None,
        typer.Option(
            "--pay-basis",
            help="With --staff: also read the pay column (what it holds) and draw pay lines.",
        ),
    ] = None,
    dominated_share: Annotated[
        float,
        typer.Option(
            "--dominated-share",
            metavar="PCT",
            callback=_share,
            help="A job is female-dominated when women are at least this share of its people, "
            "and male-dominated likewise (above 50).",
        ),
    ] = 60.0,
    male_dominated_share: Annotated[
        float | None,
        typer.Option(
            "--male-dominated-share",
            metavar="PCT",
            callback=_share,
            help="A different share for male-dominated jobs (Ontario: 70); default: "
            "--dominated-share.",
        ),
    ] = None,
    weight_step: Annotated[
        float,
        typer.Option(
            "--weight-step",
            metavar="PCT",
            callback=_step,
            help="Weight sensitivity: scale each factor's points by plus and minus this share "
            "(more than 0, at most 100).",
        ),
    ] = 10.0,
    near: Annotated[
        int,
        typer.Option(
            "--near",
            metavar="POINTS",
            min=1,
            help="Boundary clustering: jobs within POINTS below a band boundary and at or "
            "above it.",
        ),
    ] = 10,
    min_group: MinGroupOption = 5,
    sheet: SheetOption = None,
    delimiter: DelimiterOption = None,
    decimal: DecimalOption = None,
    header_row: HeaderRowOption = 1,
    column: Annotated[list[str] | None, column_option(COLUMNS)] = None,
    job_column: JobColumnOption = None,
    sex_column: SexColumnOption = None,
    pay_column: PayColumnOption = None,
    skip_unknown_jobs: SkipUnknownJobsOption = False,
    skip_bad_rows: SkipBadRowsOption = False,
    output_format: Annotated[str | None, format_option("neutrality")] = None,
    strict: StrictOption = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Gender-neutrality checks over evaluated jobs: whose work do the points favour?

    Per job, whether it is female-dominated, male-dominated or mixed (from the questionnaires'
    equality.headcount, or counted from --staff). Per factor, the mean points of female- and of
    male-dominated jobs and each factor's share of the difference; for each factor scaled by
    plus and minus --weight-step, the jobs (and people) that would change band, re-scored
    exactly; the jobs near each band boundary; and, with --staff and --pay-basis, least-squares
    lines of job median pay on points for each group and the mean pay per band (a screen, not
    a finding). Jobs under different schemes or bands are reported apart, never pooled.
    """
    failed = False
    with _errors_to_exit():
        out = choose("neutrality", output_format, output, force)
        names = column_names(
            COLUMNS, column, {"job": job_column, "sex": sex_column, "pay": pay_column}
        )
        if staff is None and pay_basis is not None:
            raise UsageError("--pay-basis reads pay from a staff file: give --staff FILE too")
        from fractions import Fraction

        from jescore import neutrality as core
        from jescore.render import neutrality as render

        library = _library(paths, allow_dir)
        loaded, failed = _jobs(paths, library, bands, other_scheme_bands, strict)
        thresholds = core.Thresholds(
            female=Fraction(repr(dominated_share)),
            male=Fraction(repr(male_dominated_share or dominated_share)),
            weight_step=Fraction(repr(weight_step)),
            near=near,
        )
        if not loaded:
            raise typer.Exit(ExitCode.INVALID_INPUT)
        if staff is None:
            jobs = _from_questionnaires(loaded)
            source = None
        else:
            jobs, source = _from_staff(
                loaded,
                staff,
                pay_basis,
                min_group,
                layout(sheet, delimiter, decimal, header_row),
                names,
                (skip_unknown_jobs, skip_bad_rows),
            )
        result = core.report(
            jobs,
            thresholds,
            with_pay=pay_basis is not None,
            headcounts_from="staff file" if staff is not None else "questionnaires",
        )
        view = render.NeutralityView(result, source, min_group)
        emit(view, render.FORMATS, out, [*library.files, *([staff] if staff else [])])
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)


def _levels(job: loader.Job) -> dict[str, int]:
    from jescore.engine import answers_by_factor

    return {
        fid: a.number for fid, a in answers_by_factor(job.questionnaire, job.scheme.scheme).items()
    }


def _job(
    j: loader.Job, headcount: neutrality.Headcount | None, median: float | None = None
) -> neutrality.Job:
    from jescore import neutrality as core

    grading, grading_file = j.bands
    q = j.questionnaire
    return core.Job(
        title=q.job.title,
        reference=(q.job.reference or "").strip() or None,
        file=j.file,
        scheme=j.scheme.scheme,
        scheme_file=j.scheme.file,
        grading=grading,
        grading_file=grading_file,
        levels=_levels(j),
        headcount=headcount,
        median_pay=median,
    )


def _unique_references(loaded: list[loader.Job]) -> None:
    """Two questionnaires with one job.reference would count one job twice: refused."""
    from jescore.errors import InputError
    from jescore.safety import excerpt

    first: dict[str, str] = {}
    problems = []
    for j in loaded:
        ref = (j.questionnaire.job.reference or "").strip()
        if not ref:
            continue
        if ref in first:
            problems.append(
                Problem(
                    f"'{excerpt(ref)}' is also the reference of {first[ref]}: one job would be "
                    "counted twice (give each job one questionnaire)",
                    file=j.file.path,
                    line=j.lines.get("job"),
                    location="job.reference",
                )
            )
        else:
            first[ref] = j.file.path
    if problems:
        raise InputError(problems)


def _from_questionnaires(loaded: list[loader.Job]) -> list[neutrality.Job]:
    """Each job with the headcount its questionnaire gives (every problem at once)."""
    from jescore import neutrality as core
    from jescore.errors import InputError
    from jescore.safety import excerpt

    _unique_references(loaded)
    jobs, problems, warnings = [], [], []
    for j in loaded:
        equality = j.questionnaire.equality
        headcount, errors, others = core.headcount_of(equality.headcount if equality else {})
        line = j.lines.get("equality.headcount")
        where = {"file": j.file.path, "line": line, "location": "equality.headcount"}
        problems += [Problem(e, **where) for e in errors]  # type: ignore[arg-type]
        if others:
            keys = ", ".join(f"'{excerpt(k, 40)}'" for k in others)
            warnings.append(
                Problem(
                    f"{keys} counted as people recorded as neither women nor men",
                    warning=True,
                    **where,  # type: ignore[arg-type]
                )
            )
        jobs.append(_job(j, headcount))
    diagnose(warnings)
    if problems:
        raise InputError(problems)
    if not any(job.headcount is not None for job in jobs):
        raise InputError(
            [
                Problem(
                    "no questionnaire gives a headcount: add equality: {headcount: {women: N, "
                    "men: N}} to each, or count the people from a staff file with --staff"
                )
            ]
        )
    return jobs


def _from_staff(
    loaded: list[loader.Job],
    staff: Path,
    pay_basis: PayBasis | None,
    min_group: int,
    layout: staff.Layout,
    names: dict[str, str],
    skips: tuple[bool, bool],
) -> tuple[list[neutrality.Job], render.StaffSource]:
    """Each job with the people a staff file counts in it and, with pay, its median pay."""
    from jescore import equalpay
    from jescore import neutrality as core
    from jescore import staff as staff_file
    from jescore.errors import InputError
    from jescore.models import FileRef
    from jescore.render import neutrality as render
    from jescore.safety import clean_line

    catalogue, problems = equalpay.catalogue((_evaluated(j) for j in loaded), False)
    if any(not p.warning for p in problems):
        raise InputError(problems)
    diagnose(problems)
    if not catalogue.jobs:
        raise InputError(
            [Problem("no questionnaire with a job.reference: no staff row can name one")]
        )
    given = sum(
        1 for j in loaded if j.questionnaire.equality and j.questionnaire.equality.headcount
    )
    if given:
        say(
            f"note: the people in each job are counted from {clean_line(str(staff))}; the "
            f"equality.headcount of {given} questionnaire(s) is not used"
        )
    k = staff_file.Kind
    read = (("job", k.TEXT), ("sex", k.SEX), *((("pay", k.NUMBER),) if pay_basis else ()))
    columns = [staff_file.Column(key, names[key], kind, column_hint(key)) for key, kind in read]
    table = read_staff(staff, columns, layout)
    counts = core.from_staff(catalogue, table, min_group, pay_basis is not None, skips[0], skips[1])
    _say_skipped(counts.skipped)
    jobs = []
    for j in loaded:
        ref = (j.questionnaire.job.reference or "").strip()
        jobs.append(_job(j, counts.headcounts.get(ref), counts.medians.get(ref)))
    source = render.StaffSource(
        FileRef(clean_line(str(staff)), table.sha256),
        counts.rows,
        dict(counts.skipped),
        {
            "format": table.format,
            "delimiter": table.delimiter,
            "sheet": table.sheet,
            "decimal_mark": table.decimal,
        },
        pay_basis.value if pay_basis is not None else None,
        tuple(sorted((ref, reason.value) for ref, reason in counts.withheld.items())),
    )
    return jobs, source
