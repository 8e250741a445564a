"""The ``rank`` command: the rank order of many jobs within each scheme."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    StrictOption,
    _emit,
    _errors_to_exit,
    _summary_rows,
    _terminal,
    app,
)
from jescore.errors import ExitCode
from jescore.formats import FamilyFormat


@app.command()
def rank(
    paths: PathsArgument,
    output_format: Annotated[
        FamilyFormat, typer.Option("--format", "-f", help="Output format.")
    ] = FamilyFormat.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Evaluate many questionnaires and print their rank order within each scheme.

    A bad file is reported on stderr and the others are still ranked; the exit code is then 3.
    """
    from jescore.render import family as family_render

    with _errors_to_exit():
        rows, failed, read = _summary_rows(
            paths, Bands(bands, other_scheme_bands), allow_dir, strict
        )
        if output_format is FamilyFormat.TABLE:
            # Fitted to a terminal; piped or written to a file, every cell is kept whole.
            fit = _terminal()[0] if output is None and sys.stdout.isatty() else None
            content = family_render.rank_table(rows, fit)
        else:
            content = {
                FamilyFormat.JSON: family_render.rank_json,
                FamilyFormat.CSV: family_render.rank_csv,
                FamilyFormat.MARKDOWN: family_render.rank_markdown,
            }[output_format](rows)
        _emit(content, output, force, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
