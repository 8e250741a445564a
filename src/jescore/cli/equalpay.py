"""The ``equalpay`` command: an equal pay audit from evaluations and a staff pay file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import Grouping, PayBasis
from jescore.errors import ExitCode, InputError, Problem
from jescore.formats import EqualPayFormat

if TYPE_CHECKING:
    from jescore import equalpay, loader
    from jescore.models import Band

from jescore.cli._common import (
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    StrictOption,
    _diagnose,
    _each_found,
    _emit,
    _errors_to_exit,
    _job_notices,
    _library,
    _say,
    _terminal,
    app,
)


def _jobs(
    loaded: list[loader.Job], by_band: bool
) -> tuple[dict[str, equalpay.JobInfo], dict[str, list[Band]], list[Problem]]:
    """Each evaluated job by its reference, each scheme's bands, and problems with them."""
    from jescore import equalpay

    jobs: dict[str, equalpay.JobInfo] = {}
    files: dict[str, str] = {}
    bands: dict[str, list[Band]] = {}
    problems: list[Problem] = []
    for job in loaded:
        scheme = job.scheme.scheme
        grading, _ = job.bands
        info = equalpay.job_info(job.questionnaire, scheme, grading)
        if grading is not None:
            bands.setdefault(scheme.id, list(grading.bands))
        elif by_band:
            problems.append(
                Problem(
                    f"is scored under scheme '{scheme.id}', which has no bands: give a grading "
                    "structure (--bands, or grading: in the file), or compare like work with "
                    "--by job",
                    file=job.file.path,
                    location="scheme",
                )
            )
            continue
        ref = info.reference
        if not ref:
            problems.append(
                Problem(
                    "has no job.reference, so no staff row can name it; give it one",
                    file=job.file.path,
                    location="job",
                    warning=True,
                )
            )
            continue
        if ref in jobs:
            problems.append(
                Problem(
                    f"job.reference '{ref}' is also the reference of {files[ref]}: staff rows "
                    "naming it would be ambiguous",
                    file=job.file.path,
                    location="job.reference",
                )
            )
            continue
        files[ref] = job.file.path
        jobs[ref] = info
    return jobs, bands, problems


def _row_problems(collected: equalpay.Collected, name: str) -> list[Problem]:
    from jescore.equalpay import PROBLEMS_KEPT

    out = [
        Problem(f"row {p.row}: column '{p.column}' {p.message}", file=name)
        for p in collected.problems
    ]
    if collected.problem_count > PROBLEMS_KEPT:
        more = collected.problem_count - len(collected.problems)
        out.append(Problem(f"... and {more:,} more problems; all of them, by kind:", file=name))
        for (column, message), rows in collected.tally.items():
            count, first = rows[0], ", ".join(str(r) for r in rows[1:])
            out.append(
                Problem(
                    f"column '{column}' {message}: {count:,} rows (first at rows {first})",
                    file=name,
                )
            )
    return out


@app.command("equalpay")
def equalpay_command(
    paths: PathsArgument,
    staff: Annotated[
        Path,
        typer.Option(
            "--staff",
            metavar="FILE",
            help="The staff pay file, CSV (UTF-8) or XLSX: one row per person.",
        ),
    ],
    pay_basis: Annotated[
        PayBasis,
        typer.Option("--pay-basis", help="What the pay column holds (said in every output)."),
    ],
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="NAME", help="The sheet of an XLSX workbook to read."),
    ] = None,
    job_column: Annotated[
        str, typer.Option("--job-column", metavar="NAME", help="Column of job references.")
    ] = "job",
    sex_column: Annotated[
        str,
        typer.Option(
            "--sex-column",
            metavar="NAME",
            help="Column of sex: F/M, female/male or woman/man, any case.",
        ),
    ] = "sex",
    pay_column: Annotated[
        str, typer.Option("--pay-column", metavar="NAME", help="Column of pay.")
    ] = "pay",
    by: Annotated[
        Grouping,
        typer.Option(
            "--by",
            help="Groups of equal work: each band (work rated as equivalent) or each job "
            "(like work).",
        ),
    ] = Grouping.BAND,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            min=1,
            help="Suppress a sex's pay figures in a group with fewer than N of them.",
        ),
    ] = 5,
    significant: Annotated[
        float,
        typer.Option(
            "--significant",
            metavar="PCT",
            min=0,
            help="A gap this size or more, either way, merits investigation (EHRC: 5).",
        ),
    ] = 5.0,
    pattern: Annotated[
        float,
        typer.Option(
            "--pattern",
            metavar="PCT",
            min=0,
            help="Recurring gaps this size or more merit investigation (EHRC: 3).",
        ),
    ] = 3.0,
    pattern_groups: Annotated[
        int,
        typer.Option(
            "--pattern-groups",
            metavar="N",
            min=1,
            help="'Recurring': in at least N groups in the same direction (jescore's reading; "
            "the guidance gives no number).",
        ),
    ] = 2,
    dominated_share: Annotated[
        float,
        typer.Option(
            "--dominated-share",
            metavar="PCT",
            min=50,
            max=100,
            help="A job is held mostly by women (or men) at this share or more, for the "
            "comparator screen.",
        ),
    ] = 60.0,
    skip_unknown_jobs: Annotated[
        bool,
        typer.Option(
            "--skip-unknown-jobs",
            help="Leave out rows naming a job with no questionnaire (counted).",
        ),
    ] = False,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows", help="Leave out rows with a bad sex or pay value (counted)."
        ),
    ] = False,
    output_format: Annotated[
        EqualPayFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EqualPayFormat.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Equal pay audit: women's and men's pay in each group of equal work, from a staff file.

    Questionnaires (files, folders, globs) give each job its band; the staff file gives, per
    person, the job (its job.reference), sex and pay. Per group: counts, mean and median pay of
    women and men, the gaps, and flags where the EHRC's guidance says a gap merits
    investigation; the share of women in each group; and a screen of possible equal-value
    comparators. No output ever holds a person's row; small groups' pay figures are suppressed.
    """
    from jescore import equalpay, loader
    from jescore import staff as staff_file
    from jescore.render import equalpay as render

    failed = False
    with _errors_to_exit():
        library = _library(paths, allow_dir)
        seen: set[str] = set()

        def load(path: Path, named: bool) -> loader.Job:
            job = loader.load_job(path, library, bands, None, not named, other_scheme_bands, strict)
            _job_notices(job, seen)
            return job

        loaded = []
        for job in _each_found(paths, load, loader.OtherKind, "questionnaire"):
            if job is None:
                failed = True
            else:
                loaded.append(job)
        jobs, scheme_bands, problems = _jobs(loaded, by is Grouping.BAND)
        _diagnose(problems)
        if any(not p.warning for p in problems) or not jobs:
            if not jobs:
                _diagnose([Problem("no questionnaire with a job.reference to audit")])
            raise typer.Exit(ExitCode.INVALID_INPUT)
        columns = staff_file.Columns(job_column, sex_column, pay_column)
        data = staff_file.read(staff)  # once: a pipe cannot be read twice
        sha = staff_file.digest(data)
        collected = equalpay.collect(
            staff_file.rows(staff, columns, sheet, data),
            jobs,
            by is Grouping.JOB,
            (job_column, sex_column, pay_column),
            skip_unknown_jobs,
            skip_bad_rows,
        )
        if collected.problem_count:
            raise InputError(_row_problems(collected, str(staff)))
        if collected.skipped:
            kinds = ", ".join(f"{k}: {n:,}" for k, n in collected.skipped.items())
            _say(f"note: {sum(collected.skipped.values()):,} staff rows skipped ({kinds})")
        thresholds = equalpay.Thresholds(
            significant, pattern, pattern_groups, min_group, dominated_share
        )
        audit = equalpay.Audit(
            staff=(str(staff), sha),
            pay_basis=pay_basis.value,
            grouping=by.value,
            thresholds=thresholds,
            rows=collected.rows,
            skipped=dict(collected.skipped),
            groups=equalpay.groups(collected, jobs, scheme_bands, by is Grouping.JOB, thresholds),
            screen=equalpay.comparators(collected, jobs, thresholds),
        )
        if output_format is EqualPayFormat.JSON:
            content = render.audit_json(audit)
        elif output_format is EqualPayFormat.CSV:
            content = render.audit_csv(audit)
        elif output_format is EqualPayFormat.MARKDOWN:
            content = render.audit_markdown(audit)
        elif output_format is EqualPayFormat.HTML:
            content = render.audit_html(audit)
        else:
            width, color = _terminal() if output is None else (100, False)
            content = render.audit_table(audit, width, color)
        _emit(content, output, force, [*library.files, staff])
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
