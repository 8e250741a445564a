"""The ``rank`` command: the rank order of many jobs within each scheme."""

from __future__ import annotations

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
    _errors_to_exit,
    _summary_rows,
    app,
)
from jescore.cli.emit import choose, emit, format_option, offer
from jescore.errors import ExitCode
from jescore.formats import Format

offer("rank", "rank", Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN, default=Format.TABLE)


@app.command()
def rank(
    paths: PathsArgument,
    output_format: Annotated[
        str | None,
        format_option("rank"),
    ] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    strict: StrictOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Evaluate many questionnaires and print their rank order within each scheme.

    Equal totals share a rank, shown as a panel writes it ("4=") and in JSON as the rank with
    "tied": true. A bad file is reported on stderr and the others are still ranked; the exit
    code is then 3.
    """
    with _errors_to_exit():
        out = choose("rank", output_format, output, force)
        from jescore.render import rank as render

        rows, failed, read = _summary_rows(
            paths, Bands(bands, other_scheme_bands), allow_dir, strict
        )
        emit(render.RankView(tuple(rows)), render.FORMATS, out, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
