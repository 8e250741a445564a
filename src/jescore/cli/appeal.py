"""The ``appeal`` command: the evidence table of an appeal, awarded against claimed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PaperOption,
    _errors_to_exit,
    _library,
    _scored,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer, say
from jescore.errors import InputError, Problem, UsageError
from jescore.formats import Format
from jescore.safety import excerpt

offer(
    "appeal",
    "appeal",
    Format.MARKDOWN,
    Format.CSV,
    Format.JSON,
    Format.HTML,
    Format.DOCX,
    default=Format.MARKDOWN,
)


@app.command()
def appeal(
    awarded: Annotated[
        Path, typer.Argument(metavar="AWARDED", help="The panel's outcome (a questionnaire).")
    ],
    claimed: Annotated[
        Path,
        typer.Argument(metavar="CLAIMED", help="The appellant's claimed levels, with evidence."),
    ],
    output_format: Annotated[str | None, format_option("appeal")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="A date to print (YYYY-MM-DD); none by default."
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", metavar="N", min=1, max=1000, help="How many sets of challenges."
        ),
    ] = 10,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Appeal evidence table: awarded against claimed, factor by factor, with band effect.

    Shows each factor's awarded and claimed level, points and level summary, the evidence cited,
    which challenges alone reach the claimed band, and the smallest sets that reach it together.
    """
    import datetime as dt

    from jescore.appeal import analyse

    with _errors_to_exit():
        out = choose("appeal", output_format, output, force, paper)
        from jescore.render import appeal as render

        if date is not None:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise UsageError(
                    f"--date: '{excerpt(date, 20)}' is not a date like 2026-11-22"
                ) from None
        library = _library([awarded, claimed], allow_dir)
        problems: list[Problem] = []
        reports = []
        seen: set[str] = set()
        for path in (awarded, claimed):
            try:
                reports.append(_scored(path, library, Bands(bands, other_scheme_bands), seen))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        award, claim = reports
        if award.file.sha256 == claim.file.sha256:
            raise UsageError(
                f"{award.file.path} and {claim.file.path} are the same questionnaire (sha256 "
                f"{award.file.sha256[:12]}): an appeal sets the claimed levels beside the "
                "awarded ones, so CLAIMED must be the appellant's own questionnaire"
            )
        if award.evaluation.grading is None:
            raise UsageError(f"scheme '{award.evaluation.scheme.id}' has no bands: use --bands")
        if award.questionnaire.job.title != claim.questionnaire.job.title:
            say(
                f"warning: the job titles differ ('{excerpt(award.questionnaire.job.title)}' and "
                f"'{excerpt(claim.questionnaire.job.title)}'); is this the same job?"
            )
        view = render.AppealView(analyse(award, claim, top), date)
        note = render.claim_note(render.model(view))
        if note is not None:
            say(f"warning: {excerpt(note, 400)}")
        emit(view, render.FORMATS, out, library.files)
