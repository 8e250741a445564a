"""The ``paygap`` command: the UK's six gender pay gap figures and the EU's Article 9 report."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.enums import PERIOD_DAYS, Grouping
from jescore.errors import ExitCode, Problem, UsageError
from jescore.formats import Format
from jescore.safety import clean_line, excerpt

if TYPE_CHECKING:
    from jescore import loader, staff
    from jescore.tabular import StaffTable

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
from jescore.cli.emit import begin_staff, choose, diagnose, emit, format_option, offer, say


class Regime(StrEnum):
    """Which statutory report."""

    UK = "uk"
    EU = "eu"
    BOTH = "both"


class Components(StrEnum):
    """Who the EU components figures (b) and (d) average over."""

    RECIPIENTS = "recipients"
    EVERYONE = "everyone"


#: Each column the command may read: key (also the default header name), kind, default.
COLUMNS: dict[str, tuple[str, object]] = {
    "sex": ("sex", None),
    "ordinary_pay": ("number", None),
    "period_bonus": ("number", 0.0),
    "pay_period": ("choice", None),
    "period_days": ("number", None),
    "weekly_hours": ("number", None),
    "full_pay": ("yes/no", None),
    "bonus": ("number", 0.0),
    "annual_basic": ("number", None),
    "annual_components": ("number", 0.0),
    "annual_hours": ("number", None),
    "job": ("text", None),
    "id": ("text", None),
}
_UK = ("ordinary_pay", "period_bonus", "pay_period", "period_days", "weekly_hours", "full_pay")
_UK_REQUIRED = ("ordinary_pay", "weekly_hours", "full_pay")
_EU = ("annual_basic", "annual_components", "annual_hours")
_EU_REQUIRED = ("annual_basic", "annual_hours")


def _columns(
    regime: Regime, names: dict[str, str], with_job: bool, with_id: bool
) -> list[staff.Column]:
    from jescore import staff as staff_file

    kinds = {
        "sex": staff_file.Kind.SEX,
        "number": staff_file.Kind.NUMBER,
        "choice": staff_file.Kind.CHOICE,
        "yes/no": staff_file.Kind.YES_NO,
        "text": staff_file.Kind.TEXT,
    }
    keys = ["sex"]
    if regime is not Regime.EU:
        keys += [*_UK, "bonus"]
    if regime is not Regime.UK:
        keys += list(_EU)
    if with_job:
        keys.append("job")
    if with_id:
        keys.append("id")
    out = []
    for key in keys:
        kind, default = COLUMNS[key]
        required = (
            key in {"sex", "job", "id"}
            or names[key] != key  # a column named with --column is never read as its default
            or (regime is Regime.UK and key in _UK_REQUIRED)
            or (regime is Regime.EU and key in _EU_REQUIRED)
        )
        out.append(
            staff_file.Column(
                key,
                names[key],
                kinds[kind],
                column_hint(key),
                required=required,
                default=default,
                choices=tuple(PERIOD_DAYS) if key == "pay_period" else (),
            )
        )
    return out


#: The options that state an absent column's figure is 0 for everyone, by column key.
_STATEMENTS = {"bonus": "--no-bonus", "period_bonus": "--no-period-bonus"}


def _stated_zero(
    table: StaffTable, regimes: tuple[str, ...], no_bonus: bool, no_period_bonus: bool
) -> tuple[str, ...]:
    """The columns the user states are 0; refused where the file has the column after all."""
    stated = tuple(
        key for key, given in (("bonus", no_bonus), ("period_bonus", no_period_bonus)) if given
    )
    for key in stated:
        if "uk" not in regimes:
            raise UsageError(
                f"{_STATEMENTS[key]} is about the UK figures: the UK regime is not run"
            )
        if key not in table.absent:
            raise UsageError(
                f"{_STATEMENTS[key]}, but the file has a '{excerpt(table.names.get(key, key))}' "
                "column: leave the option out (its values are read)"
            )
    return stated


def _government_export_columns(table: StaffTable, stated: tuple[str, ...]) -> None:
    """Refuse the UK government export where an absent bonus column would make it say 0.

    A bonus column under another header (``Bonus paid``) is not read: the export would tell the
    government no one was paid a bonus (0.0%), or leave bonuses out of hourly pay, and the
    employer would publish it. Absent, each must be named or stated.
    """
    missing = [k for k in _STATEMENTS if k in table.absent and k not in stated]
    if missing:
        said = "; ".join(
            f"no '{excerpt(table.names.get(k, k))}' column, so "
            + (
                "no one is counted as paid a bonus"
                if k == "bonus"
                else "no bonus paid in the pay period is counted in hourly pay"
            )
            + f": name it with --column {k}=NAME, or give {_STATEMENTS[k]} if none was paid"
            for k in missing
        )
        raise UsageError(f"the government export (-f csv) is not written: {said}")


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{excerpt(text, 40)}' is not a date (YYYY-MM-DD)") from None


offer(
    "paygap",
    "paygap",
    Format.TABLE,
    Format.JSON,
    Format.CSV,
    Format.MARKDOWN,
    Format.HTML,
    Format.DOCX,
    default=Format.TABLE,
)


@app.command("paygap")
def paygap_command(
    staff: StaffOption,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Questionnaires (files, folders, globs) of the jobs: the EU categories of "
            "workers come from their bands (or jobs). Not needed for the UK figures.",
        ),
    ] = None,
    regime: Annotated[
        Regime,
        typer.Option(
            "--regime",
            help="uk: the six figures of SI 2017/172; eu: Directive 2023/970 Article 9; both "
            "(default): each whose columns the file holds.",
        ),
    ] = Regime.BOTH,
    snapshot: Annotated[
        str | None,
        typer.Option(
            "--snapshot",
            metavar="DATE",
            help="The snapshot date, shown in every output (31 March for most public "
            "authorities, 5 April otherwise).",
        ),
    ] = None,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--report-date",
            metavar="DATE",
            help="The date the EU report is submitted: flagged categories get a remedy date "
            "six months after it.",
        ),
    ] = None,
    by: Annotated[
        Grouping,
        typer.Option(
            "--by",
            help="EU categories of workers: each band of the evaluations (work of equal "
            "value) or each job (same work).",
        ),
    ] = Grouping.BAND,
    components: Annotated[
        Components,
        typer.Option(
            "--components",
            help="Who the EU components gaps (b), (d) and (g) average over: those who "
            "received any (the UK's bonus convention) or everyone.",
        ),
    ] = Components.RECIPIENTS,
    min_group: MinGroupOption = 5,
    worker: Annotated[
        str | None,
        typer.Option(
            "--worker",
            metavar="ID",
            help="An Article 7 reply for this worker (the id column) only: their own pay "
            "level and their category's figures.",
        ),
    ] = None,
    column: Annotated[list[str] | None, column_option(tuple(COLUMNS))] = None,
    job_column: JobColumnOption = None,
    sex_column: SexColumnOption = None,
    sheet: SheetOption = None,
    delimiter: DelimiterOption = None,
    decimal: DecimalOption = None,
    header_row: HeaderRowOption = 1,
    skip_unknown_jobs: SkipUnknownJobsOption = False,
    skip_bad_rows: SkipBadRowsOption = False,
    no_bonus: Annotated[
        bool,
        typer.Option(
            "--no-bonus",
            help="UK: no bonus was paid in the 12 months to the snapshot date, which is why the "
            "file has no bonus column (needed for -f csv without one).",
        ),
    ] = False,
    no_period_bonus: Annotated[
        bool,
        typer.Option(
            "--no-period-bonus",
            help="UK: no bonus was paid in the pay period, which is why the file has no "
            "period_bonus column (needed for -f csv without one).",
        ),
    ] = False,
    output_format: Annotated[str | None, format_option("paygap")] = None,
    strict: StrictOption = False,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Gender pay gap reports: the UK's six figures and the EU's Article 9 indicators.

    The staff file gives one row per person (see docs/commands.md for its columns). UK: mean
    and median hourly gaps over full-pay relevant employees, bonus gaps over those paid a
    bonus, the share of each sex paid one, and the quartile pay bands, as GOV.UK computes
    them. EU: indicators (a) to (g), categories of workers from the bands of the
    questionnaires given (or jobs), and the Article 10 screen. Every output says how each
    figure was computed; no output holds a person's row, but for --worker's own reply.
    """
    failed = False
    with _errors_to_exit():
        out = choose("paygap", output_format, output, force, paper)
        names = column_names(tuple(COLUMNS), column, {"job": job_column, "sex": sex_column})
        snap = _date(snapshot, "--snapshot")
        reported = _date(report_date, "--report-date")
        paths = paths or []
        if worker is not None and regime is Regime.UK:
            raise UsageError("--worker is an EU Article 7 reply: give --regime eu or both")
        columns = _columns(regime, names, bool(paths), worker is not None)
        # The staff file is parsed while the questionnaires are loaded.
        staff_table = begin_staff(staff, columns, layout(sheet, delimiter, decimal, header_row))
        library = _library(paths, allow_dir)
        from jescore import equalpay, paygap
        from jescore.render import paygap as render

        loaded: list[loader.Job] = []
        catalogue = None
        if paths:
            loaded, failed = _jobs(paths, library, bands, other_scheme_bands, strict)
            catalogue, problems = equalpay.catalogue(
                (_evaluated(j) for j in loaded),
                by is Grouping.BAND,
            )
            diagnose(problems)
            if any(not p.warning for p in problems) or not catalogue.jobs:
                if not catalogue.jobs:
                    diagnose([Problem("no questionnaire with a job.reference to group by")])
                raise typer.Exit(ExitCode.INVALID_INPUT)
        table = staff_table()
        if regime is Regime.BOTH:
            regimes = paygap.available(table)
            if not regimes:
                raise UsageError(
                    "the staff file has the columns of neither regime: the UK needs "
                    f"{', '.join(_UK_REQUIRED)}; the EU needs {', '.join(_EU_REQUIRED)} "
                    "(name other headers with --column KEY=NAME)"
                )
        else:
            regimes = (regime.value,)
        if worker is not None and "eu" not in regimes:
            raise UsageError("--worker needs the EU columns: " + ", ".join(_EU_REQUIRED))
        stated = _stated_zero(table, regimes, no_bonus, no_period_bonus)
        if out.format is Format.CSV and "uk" in regimes and worker is None:
            _government_export_columns(table, stated)
        options = paygap.Options(
            regimes=regimes,
            by=by.value,
            components=components.value,
            min_group=min_group,
            snapshot=snap,
            report_date=reported,
            worker=worker,
            skip_unknown_jobs=skip_unknown_jobs,
            skip_bad_rows=skip_bad_rows,
            stated_zero=stated,
        )
        schemes = {j.scheme.scheme.id: j.scheme.scheme for j in loaded}
        result = paygap.make(table, catalogue, options, schemes)
        _say_skipped(result.skipped)
        if "uk" in regimes and "unknown job" in result.skipped:
            say("note: the UK figures count the rows of unknown jobs: they do not depend on jobs")
        if result.uk is not None:
            for said in result.uk.few_said:
                say(f"warning: UK: {said}")
        for name in result.unstated:
            key = next((k for k, v in table.names.items() if v == name), name)
            say(
                f"warning: {result.absent[name]} (name the column with --column {key}=NAME"
                + (f", or give {_STATEMENTS[key]} if none was paid" if key in _STATEMENTS else "")
                + ")"
            )
        from jescore import models

        view = render.PaygapView(
            result,
            tuple((j.file, j.scheme.scheme, j.scheme.file, j.bands[1]) for j in loaded),
            models.FileRef(clean_line(str(staff)), result.staff[1]),
        )
        emit(view, render.FORMATS, out, [*library.files, staff])
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
