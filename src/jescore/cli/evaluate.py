"""The ``evaluate`` command: score questionnaires."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PaperOption,
    PathsArgument,
    StrictOption,
    _errors_to_exit,
    _library,
    _scored_each,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer
from jescore.errors import ExitCode
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import engine


offer(
    "evaluate",
    "evaluation",
    Format.TABLE,
    Format.JSON,
    Format.MARKDOWN,
    Format.DOCX,
    Format.HTML,
    default=Format.TABLE,
)


@app.command()
def evaluate(
    paths: PathsArgument,
    output_format: Annotated[
        str | None,
        format_option("evaluate"),
    ] = None,
    bands: BandsOption = None,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            metavar="POINTS",
            min=1,
            help="Flag jobs within POINTS points of crossing a band boundary (jescore's own "
            "convention: no public scheme defines one).",
        ),
    ] = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
) -> None:
    """Score questionnaires: points per factor, total, band, margins and sensitivity.

    Takes files, folders (searched for YAML files) and glob patterns. Each questionnaire is
    evaluated; with several, a ranking by total follows. A file with problems is reported on
    stderr and the others are still evaluated; the exit code is then 3.
    """
    failed = False
    with _errors_to_exit():
        out = choose("evaluate", output_format, output, force, paper)
        from jescore.render import evaluation

        library = _library(paths, allow_dir)
        reports: list[engine.Report] = []
        for report in _scored_each(
            paths, library, Bands(bands, other_scheme_bands), near, strict=strict
        ):
            if report is None:
                failed = True
            else:
                reports.append(report)
        if reports:
            emit(evaluation.EvaluationView(tuple(reports)), evaluation.FORMATS, out, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
