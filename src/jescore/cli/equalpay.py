"""The ``equalpay`` command: an equal pay audit from evaluations and a staff pay file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import Grouping, PayBasis
from jescore.errors import ExitCode, Problem
from jescore.formats import Format
from jescore.safety import clean_line

if TYPE_CHECKING:
    pass

from jescore.cli._common import (
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
    PaperOption,
    PathsArgument,
    PayColumnOption,
    SexColumnOption,
    SheetOption,
    SkipBadRowsOption,
    SkipUnknownJobsOption,
    StaffOption,
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
from jescore.cli.emit import begin_staff, choose, diagnose, emit, format_option, offer

#: The columns of the staff file equalpay reads (each named with --column KEY=NAME).
COLUMNS = ("job", "sex", "pay")


offer(
    "equalpay",
    "equalpay",
    Format.TABLE,
    Format.JSON,
    Format.CSV,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)


@app.command("equalpay")
def equalpay_command(
    paths: PathsArgument,
    staff: StaffOption,
    pay_basis: Annotated[
        PayBasis,
        typer.Option("--pay-basis", help="What the pay column holds (said in every output)."),
    ],
    sheet: SheetOption = None,
    delimiter: DelimiterOption = None,
    decimal: DecimalOption = None,
    header_row: HeaderRowOption = 1,
    column: Annotated[list[str] | None, column_option(COLUMNS)] = None,
    job_column: JobColumnOption = None,
    sex_column: SexColumnOption = None,
    pay_column: PayColumnOption = None,
    by: Annotated[
        Grouping,
        typer.Option(
            "--by",
            help="Groups of equal work: each band (work rated as equivalent) or each job "
            "(like work).",
        ),
    ] = Grouping.BAND,
    min_group: MinGroupOption = 5,
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
    skip_unknown_jobs: SkipUnknownJobsOption = False,
    skip_bad_rows: SkipBadRowsOption = False,
    output_format: Annotated[str | None, format_option("equalpay")] = None,
    strict: StrictOption = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Equal pay audit: women's and men's pay in each group of equal work, from a staff file.

    Questionnaires (files, folders, globs) give each job its band; the staff file gives, per
    person, the job (its job.reference), sex and pay. Per group (a band of one grading
    structure, or a job): counts, mean and median pay of women and men, the gaps, and flags
    where the EHRC's guidance says a gap merits investigation; the share of women; people whose
    recorded sex is neither, counted; and a screen of possible equal-value comparators. No
    output holds a person's row; pay figures of groups under --min-group are withheld, and more
    where they would let anyone's pay be worked out, decided once for every grouping.
    """
    from jescore import staff as staff_file

    failed = False
    with _errors_to_exit():
        out = choose("equalpay", output_format, output, force, paper)
        names = column_names(
            COLUMNS, column, {"job": job_column, "sex": sex_column, "pay": pay_column}
        )
        k = staff_file.Kind
        columns = [
            staff_file.Column(key, names[key], kind, column_hint(key))
            for key, kind in (("job", k.TEXT), ("sex", k.SEX), ("pay", k.NUMBER))
        ]
        # The staff file is parsed while the questionnaires are loaded.
        staff_table = begin_staff(staff, columns, layout(sheet, delimiter, decimal, header_row))
        from jescore import equalpay, models
        from jescore.render import equalpay as render

        library = _library(paths, allow_dir)
        loaded, failed = _jobs(paths, library, bands, other_scheme_bands, strict)
        catalogue, problems = equalpay.catalogue(
            (_evaluated(j) for j in loaded), by is Grouping.BAND
        )
        diagnose(problems)
        if any(not p.warning for p in problems) or not catalogue.jobs:
            if not catalogue.jobs:
                diagnose([Problem("no questionnaire with a job.reference to audit")])
            raise typer.Exit(ExitCode.INVALID_INPUT)
        table = staff_table()
        options = equalpay.Options(
            grouping=by,
            thresholds=equalpay.Thresholds(
                significant, pattern, pattern_groups, min_group, dominated_share
            ),
            pay_basis=pay_basis.value,
            skip_unknown_jobs=skip_unknown_jobs,
            skip_bad_rows=skip_bad_rows,
        )
        audit = equalpay.audit(catalogue, table, options)
        _say_skipped(audit.skipped)
        view = render.EqualPayView(
            audit,
            tuple((j.file, j.scheme.scheme, j.scheme.file, j.bands[1]) for j in loaded),
            models.FileRef(clean_line(str(staff)), audit.staff[1]),
        )
        emit(view, render.FORMATS, out, [*library.files, staff])
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
