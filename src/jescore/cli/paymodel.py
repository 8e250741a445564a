"""The ``paymodel`` and ``scale show`` commands: what a regrading costs, and pay scale files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.cli._common import (
    SEX_COLUMN_HELP,
    AllowDirOption,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PaperOption,
    PathsArgument,
    StrictOption,
    _each_found,
    _errors_to_exit,
    _job_notices,
    _library,
    app,
)
from jescore.cli.emit import choose, diagnose, emit, format_option, offer, read_staff, say
from jescore.disclosure import MIN_GROUP_FLOOR
from jescore.enums import Decimal, Delimiter
from jescore.errors import ExitCode, Problem, UsageError
from jescore.formats import Format
from jescore.safety import clean_line, excerpt

if TYPE_CHECKING:
    from jescore import loader

scale_app = typer.Typer(
    help="Show a pay scale's bands, points and provenance.", no_args_is_help=True
)
app.add_typer(scale_app, name="scale")

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
    staff: Annotated[
        Path,
        typer.Option(
            "--staff",
            metavar="FILE",
            help="The staff file, CSV (UTF-8) or XLSX: one row per person (a pipe is fine).",
        ),
    ],
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
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="NAME", help="The sheet of an XLSX workbook to read."),
    ] = None,
    delimiter: Annotated[
        Delimiter | None, typer.Option("--delimiter", help="The CSV delimiter (default: found).")
    ] = None,
    decimal: Annotated[
        Decimal | None,
        typer.Option("--decimal", help="The decimal mark of pay (default: found in the file)."),
    ] = None,
    job_column: Annotated[
        str, typer.Option("--job-column", metavar="NAME", help="Column of job references.")
    ] = "job",
    sex_column: Annotated[
        str, typer.Option("--sex-column", metavar="NAME", help=SEX_COLUMN_HELP)
    ] = "sex",
    band_column: Annotated[
        str, typer.Option("--band-column", metavar="NAME", help="Column of the current band.")
    ] = "band",
    pay_column: Annotated[
        str,
        typer.Option(
            "--pay-column", metavar="NAME", help="Column of current full-time annual pay."
        ),
    ] = "pay",
    fte_column: Annotated[
        str,
        typer.Option(
            "--fte-column",
            metavar="NAME",
            help="Column of FTE (absent: 1 for all; a blank cell is refused).",
        ),
    ] = "fte",
    band_start_column: Annotated[
        str,
        typer.Option(
            "--band-start-column",
            metavar="NAME",
            help="Column of the date each person entered the current band (YYYY-MM-DD).",
        ),
    ] = "band_start",
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            min=MIN_GROUP_FLOOR,
            help="Show pay figures only of groups of at least N people (at least 5), and "
            "withhold more where needed so that no one's pay can be worked out.",
        ),
    ] = 5,
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
    from jescore import equalpay, loader, models, paymodel
    from jescore import staff as staff_file
    from jescore.loader import load_scale

    failed = False
    with _errors_to_exit():
        out = choose("paymodel", output_format, output, force, paper)
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
        loaded_scale, scale_path = load_scale(scale)
        diagnose(loaded_scale.warnings)
        older = None
        older_path = None
        if backpay_scale is not None:
            older, older_path = load_scale(backpay_scale)
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
        catalogue, problems = equalpay.catalogue(
            (
                equalpay.Evaluated(
                    j.questionnaire, j.file.path, j.scheme.scheme, j.scheme.file, *j.bands
                )
                for j in loaded
            ),
            True,
        )
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
        k = staff_file.Kind
        columns = [
            staff_file.Column("job", job_column, k.TEXT, "--job-column"),
            staff_file.Column("sex", sex_column, k.SEX, "--sex-column"),
            staff_file.Column("band", band_column, k.TEXT, "--band-column"),
            staff_file.Column("pay", pay_column, k.NUMBER, "--pay-column"),
            # Absent: every FTE is 1 (paymodel.people); a blank cell in it is a problem.
            staff_file.Column("fte", fte_column, k.NUMBER, "--fte-column", False),
            staff_file.Column("band_start", band_start_column, k.DATE, "--band-start-column"),
        ]
        layout = staff_file.Layout(
            delimiter=delimiter.character if delimiter is not None else None,
            decimal=decimal.value if decimal is not None else None,
            sheet=sheet,
        )
        table = read_staff(staff, columns, layout)
        people = paymodel.people(table, loaded_scale.scale, loaded_scale.scale.id, new_bands, begin)
        rules = paymodel.Rules(begin, years, rule, protection, award, since)
        result = paymodel.run(
            loaded_scale.scale,
            rules,
            people,
            new_bands,
            min_group,
            older.scale if older is not None else None,
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
