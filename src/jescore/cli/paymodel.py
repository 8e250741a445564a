"""The ``paymodel`` and ``scale show`` commands: what a regrading costs, and pay scale files."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

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
    column_shorthand,
    layout,
)
from jescore.cli.emit import begin_staff, choose, diagnose, emit, format_option, offer, say
from jescore.errors import ExitCode, Problem, UsageError
from jescore.formats import Format
from jescore.safety import clean_line, excerpt

if TYPE_CHECKING:
    pass

scale_app = typer.Typer(
    help="Show a pay scale's bands, points and provenance.", no_args_is_help=True
)
app.add_typer(scale_app, name="scale")

#: The columns of the staff file paymodel reads (each named with --column KEY=NAME).
COLUMNS = ("job", "sex", "band", "pay", "fte", "band_start")

offer(
    "paymodel",
    "paymodel",
    Format.TABLE,
    Format.JSON,
    Format.CSV,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)
offer("scale show", "scale_show", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{option} takes a date as YYYY-MM-DD, not '{excerpt(text, 20)}'"
        ) from None


@scale_app.command("show")
def scale_show(
    scale: Annotated[
        str, typer.Argument(metavar="ID|FILE", help="A shipped pay-scale id or a pay-scale file.")
    ],
    output_format: Annotated[str | None, format_option("scale show")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print a pay scale's provenance, effective date, awards, and each band's points."""
    with _errors_to_exit():
        out = choose("scale show", output_format, output, force)
        from jescore.loader import load_scale
        from jescore.render import scale_show as render

        loaded, path = load_scale(scale)
        diagnose(loaded.warnings)
        emit(render.ScaleView(loaded.scale, loaded.file), render.FORMATS, out, [path])


@app.command("paymodel")
def paymodel_command(
    paths: PathsArgument,
    staff: StaffOption,
    scale: Annotated[
        str,
        typer.Option(
            "--scale", metavar="ID|FILE", help="The pay scale: a shipped id or a pay-scale file."
        ),
    ],
    start: Annotated[
        str,
        typer.Option(
            "--from", metavar="DATE", help="The effective date (YYYY-MM-DD): model year 1 starts."
        ),
    ],
    years: Annotated[
        int, typer.Option("--years", metavar="N", min=1, max=30, help="Years to model.")
    ] = 3,
    assimilate: Annotated[
        str,
        typer.Option(
            "--assimilate",
            metavar="next-point|same-step|band-minimum",
            help="Where people moving up are placed on the new band.",
        ),
    ] = "next-point",
    protect: Annotated[
        str,
        typer.Option(
            "--protect",
            metavar="mark-time:YEARS|cash:YEARS|taper:YEARS|none",
            help="Protection of people moving down.",
        ),
    ] = "mark-time:2",
    award: Annotated[
        float | None,
        typer.Option(
            "--award",
            metavar="PCT",
            min=-99.99,
            max=100,
            help="Award each year after the first (default: the scale's own awards).",
        ),
    ] = None,
    backpay_from: Annotated[
        str | None,
        typer.Option(
            "--backpay-from",
            metavar="DATE",
            help="Back pay for people moving up, from this date (or the later date they "
            "entered their band) to --from (days x annual/365).",
        ),
    ] = None,
    backpay_scale: Annotated[
        str | None,
        typer.Option(
            "--backpay-scale",
            metavar="ID|FILE",
            help="An older pay scale for back pay before --scale's effective date.",
        ),
    ] = None,
    sheet: SheetOption = None,
    delimiter: DelimiterOption = None,
    decimal: DecimalOption = None,
    header_row: HeaderRowOption = 1,
    column: Annotated[list[str] | None, column_option(COLUMNS)] = None,
    job_column: JobColumnOption = None,
    sex_column: SexColumnOption = None,
    band_column: Annotated[
        str | None, column_shorthand("band", "Column of the current band.")
    ] = None,
    pay_column: Annotated[
        str | None, column_shorthand("pay", "Column of current full-time annual pay.")
    ] = None,
    fte_column: Annotated[
        str | None,
        column_shorthand("fte", "Column of FTE (absent: 1 for all; a blank cell is refused)."),
    ] = None,
    band_start_column: Annotated[
        str | None,
        column_shorthand(
            "band_start", "Column of the date each person entered the current band (YYYY-MM-DD)."
        ),
    ] = None,
    min_group: MinGroupOption = 5,
    skip_unknown_jobs: SkipUnknownJobsOption = False,
    skip_bad_rows: SkipBadRowsOption = False,
    output_format: Annotated[str | None, format_option("paymodel")] = None,
    strict: StrictOption = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Pay model: what a regrading costs year by year, who moves, who is protected, back pay.

    Questionnaires (files, folders, globs) give each job its new band; the staff file gives,
    per person, the job (its job.reference), sex, current band, current full-time annual pay,
    FTE and the date they entered the band; the pay scale gives the points. Per year: the pay
    bill before and after, the cost, people moving up, down and unchanged, people protected
    and the protected cash, red and green circles, each by sex and by band; back pay owed to
    people moving up. Aggregates only: figures of small groups are withheld.
    """
    from jescore import equalpay, models, paymodel
    from jescore import staff as staff_file
    from jescore.loader import load_scale

    failed = False
    with _errors_to_exit():
        out = choose("paymodel", output_format, output, force, paper)
        shorthands = {
            "job": job_column,
            "sex": sex_column,
            "band": band_column,
            "pay": pay_column,
            "fte": fte_column,
            "band_start": band_start_column,
        }
        names = column_names(COLUMNS, column, shorthands)
        from jescore.render import paymodel as render

        begin = _date(start, "--from")
        assert begin is not None
        since = _date(backpay_from, "--backpay-from")
        if since is not None and since >= begin:
            raise UsageError("--backpay-from must be before --from")
        try:
            rule = paymodel.Assimilation(assimilate)
        except ValueError:
            raise UsageError("--assimilate takes next-point, same-step or band-minimum") from None
        protection = paymodel.parse_protect(protect)
        k = staff_file.Kind
        columns = [
            staff_file.Column("job", names["job"], k.TEXT, column_hint("job")),
            staff_file.Column("sex", names["sex"], k.SEX, column_hint("sex")),
            staff_file.Column("band", names["band"], k.TEXT, column_hint("band")),
            staff_file.Column("pay", names["pay"], k.NUMBER, column_hint("pay")),
            # Absent: every FTE is 1 (paymodel.people); a blank cell in it is a problem.
            staff_file.Column("fte", names["fte"], k.NUMBER, column_hint("fte"), False),
            staff_file.Column("band_start", names["band_start"], k.DATE, column_hint("band_start")),
        ]
        # The staff file is parsed while the scale and the questionnaires are loaded.
        staff_table = begin_staff(staff, columns, layout(sheet, delimiter, decimal, header_row))
        loaded_scale, scale_path = load_scale(scale)
        diagnose(loaded_scale.warnings)
        older = None
        older_path = None
        if backpay_scale is not None:
            older, older_path = load_scale(backpay_scale)
        library = _library(paths, allow_dir)
        loaded, failed = _jobs(paths, library, bands, other_scheme_bands, strict)
        catalogue, problems = equalpay.catalogue((_evaluated(j) for j in loaded), True)
        new_bands: dict[str, str] = {}
        for ref, info in catalogue.jobs.items():
            if info.band is None:
                problems.append(Problem(f"job '{excerpt(ref)}' scores outside every band"))
            else:
                new_bands[ref] = info.band.label
        problems += paymodel.band_order_problems(
            loaded_scale.scale,
            loaded_scale.scale.id,
            {
                s.label: [b.label for b in sorted(catalogue.bands[s.key], key=lambda b: b.min)]
                for s in catalogue.structures
                if s.key in catalogue.bands
            },
        )
        diagnose(problems)
        if any(not p.warning for p in problems) or not new_bands:
            if not new_bands:
                diagnose([Problem("no questionnaire with a job.reference and a band to model")])
            raise typer.Exit(ExitCode.INVALID_INPUT)
        table = staff_table()
        people, skipped = paymodel.people(
            table,
            loaded_scale.scale,
            loaded_scale.scale.id,
            new_bands,
            begin,
            skip_unknown_jobs,
            skip_bad_rows,
        )
        _say_skipped(skipped)
        rules = paymodel.Rules(begin, years, rule, protection, award, since)
        result = paymodel.run(
            loaded_scale.scale,
            rules,
            people,
            new_bands,
            min_group,
            older.scale if older is not None else None,
            equalpay.population(table) if skip_unknown_jobs or skip_bad_rows else None,
        )
        if result.backpay_note:
            say(f"note: {result.backpay_note}")
        view = render.PayModelView(
            result,
            loaded_scale.scale,
            loaded_scale.file,
            older.scale if older is not None else None,
            older.file if older is not None else None,
            tuple((j.file, j.scheme.scheme, j.scheme.file, j.bands[1]) for j in loaded),
            models.FileRef(clean_line(str(staff)), table.sha256),
        )
        inputs = [*library.files, staff, scale_path]
        if older_path is not None:
            inputs.append(older_path)
        emit(view, render.FORMATS, out, inputs)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
