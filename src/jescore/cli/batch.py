"""Commands on many jobs: ``rank`` and ``check``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.choices import (
    FamilyFormat,
    Format,
)
from jescore.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from jescore import family

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    FormatOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    _emit,
    _errors_to_exit,
    _library,
    _render,
    _scored_each,
    _terminal,
    app,
)


def _rows(
    paths: list[str], bands: Bands, allow_dir: list[Path] | None
) -> tuple[list[family.JobRow], bool, list[Path]]:
    """Summary rows of every questionnaire, whether any input was bad, and every file read.

    Bad files are reported and the rest go on. Only the small summary row of each job is kept,
    so memory grows slowly with the number of jobs.
    """
    from jescore import family

    library = _library(paths, allow_dir)
    rows: list[family.JobRow] = []
    failed = False
    for report in _scored_each(paths, library, bands, progress=_progress):
        if report is None:
            failed = True
        else:
            rows.append(family.summarise(report))
    return rows, failed, library.files


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long runs on a terminal; otherwise nothing."""
    if total < 50 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("evaluating", total=total)
        yield lambda: bar.advance(task)


@app.command()
def rank(
    paths: PathsArgument,
    output_format: Annotated[
        FamilyFormat, typer.Option("--format", "-f", help="Output format.")
    ] = FamilyFormat.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Evaluate many questionnaires and print their rank order within each scheme.

    A bad file is reported on stderr and the others are still ranked; the exit code is then 3.
    """
    from jescore.render import family as family_render

    with _errors_to_exit():
        rows, failed, read = _rows(paths, Bands(bands, other_scheme_bands), allow_dir)
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


@app.command()
def check(
    paths: PathsArgument,
    near: Annotated[
        int | None,
        typer.Option(
            "--near",
            metavar="POINTS",
            min=1,
            help="Report jobs within N points of a band boundary, with a boundary report "
            "(jescore's own convention: no public scheme defines one).",
        ),
    ] = None,
    outlier_levels: Annotated[
        int,
        typer.Option(
            "--outlier-levels",
            metavar="LEVELS",
            min=1,
            help="Levels from the family median to flag.",
        ),
    ] = 2,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="CHECKS",
            help="Exit 1 on findings of these checks: comma-separated from manager, order, "
            "outlier, near-boundary; or any; or never.",
        ),
    ] = "never",
    output_format: FormatOption = Format.TABLE,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Consistency checks across jobs: managers, band order, family outliers, boundaries.

    Finds jobs scoring above the job they report to (reports_to), heavier jobs in lower bands,
    factor levels far from their family's usual level, and (with --near) jobs close to a
    boundary, with the mix of jobs and headcounts either side.
    """
    from jescore import family
    from jescore.render import family as family_render

    with _errors_to_exit():
        gate = _checks(fail_on)
        rows, failed, read = _rows(paths, Bands(bands, other_scheme_bands), allow_dir)
        findings = family.manager_findings(rows) + family.order_findings(rows)
        findings += family.outlier_findings(rows, outlier_levels)
        boundaries = None
        if near is not None:
            boundaries = family.boundary_report(rows, near)
            findings += family.near_findings(boundaries, near)
        tripped = any(f.check in gate for f in findings)
        content = _render(
            output_format,
            output,
            lambda: family_render.check_json(len(rows), findings, boundaries, tripped),
            lambda: family_render.check_text(len(rows), findings, boundaries, True),
            lambda width, color: family_render.check_text(len(rows), findings, boundaries, False),
        )
        _emit(content, output, force, read)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if tripped:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _checks(names: str) -> set[family.Check]:
    from jescore import family

    words = {w.strip() for w in names.split(",") if w.strip()}
    if words == {"never"}:
        return set()
    if words == {"any"}:
        return set(family.Check)
    known = {c.value: c for c in family.Check}
    unknown = sorted(words - set(known))
    if unknown:
        raise UsageError(
            f"--fail-on: unknown check {', '.join(unknown)}; use {', '.join(known)}, any or never"
        )
    return {known[w] for w in words}
