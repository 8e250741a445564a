"""The ``evaluate`` command: score questionnaires."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.errors import ExitCode
from jescore.formats import Format

if TYPE_CHECKING:
    from jescore import engine

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    FormatOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    StrictOption,
    _emit,
    _errors_to_exit,
    _library,
    _render,
    _scored_each,
    app,
)


@app.command()
def evaluate(
    paths: PathsArgument,
    output_format: FormatOption = Format.TABLE,
    bands: BandsOption = None,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            metavar="POINTS",
            min=0,
            help="Flag totals within N points of crossing a band boundary (jescore's own "
            "convention: no public scheme defines one).",
        ),
    ] = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Score questionnaires: points per factor, total, band, margins and sensitivity.

    Takes files, folders (searched for YAML files) and glob patterns. Each questionnaire is
    evaluated; with several, a ranking by total follows. A file with problems is reported on
    stderr and the others are still evaluated; the exit code is then 3.
    """
    from jescore.render import json as json_render
    from jescore.render import markdown

    def table_view(width: int, color: bool) -> str:
        from jescore.render import table  # rich is imported only when a table is drawn

        return table.render(reports, width, color)

    library = _library(paths, allow_dir)
    reports: list[engine.Report] = []
    failed = False
    with _errors_to_exit():
        for report in _scored_each(
            paths, library, Bands(bands, other_scheme_bands), near, strict=strict
        ):
            if report is None:
                failed = True
            else:
                reports.append(report)
        if reports:
            content = _render(
                output_format,
                output,
                # One object for one named file; a collection for anything else.
                lambda: json_render.render(reports, len(paths) > 1 or not Path(paths[0]).is_file()),
                lambda: markdown.render(reports),
                table_view,
            )
            _emit(content, output, force, library.files)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
