"""The ``export`` and ``import`` commands: the team's working sheet, out and in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jescore.cli._common import (
    AllowDirOption,
    Bands,
    BandsOption,
    ForceOption,
    OtherSchemeBandsOption,
    OutputOption,
    PathsArgument,
    _diagnose,
    _errors_to_exit,
    _library,
    _say,
    _scored_each,
    app,
    complete_schemes,
)
from jescore.cli.emit import choose, emit, format_option, offer
from jescore.errors import ExitCode, UsageError
from jescore.formats import Format
from jescore.safety import excerpt

if TYPE_CHECKING:
    from jescore.models import GradingStructure, Scheme

offer("export", "export", Format.XLSX, Format.CSV, default=Format.XLSX)
offer("import", "imported", Format.TABLE, Format.JSON, default=Format.TABLE)


@app.command()
def export(
    paths: PathsArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The sheet to write: FILE.xlsx or FILE.csv (atomically); CSV may go to stdout.",
        ),
    ] = None,
    output_format: Annotated[str | None, format_option("export")] = None,
    bands: BandsOption = None,
    allow_dir: AllowDirOption = None,
    other_scheme_bands: OtherSchemeBandsOption = False,
    force: ForceOption = False,
) -> None:
    """Write the working sheet: one row per job, each factor's level and points, total, band.

    Beside them: the margins to the next band up and down, the scheme and its status, each
    job's file and hash (and in XLSX a Provenance sheet). Evidence and rationale columns are
    written for the factors that have them. 'jescore import' reads the sheet back.
    """
    from jescore.render import export as render
    from jescore.sheets import long_cells, safe_filename, working_sheet

    with _errors_to_exit():
        out = choose("export", output_format, output, force)
        library = _library(paths, allow_dir)
        reports, failed = [], False
        for report in _scored_each(paths, library, Bands(bands, other_scheme_bands)):
            if report is None:
                failed = True
            else:
                reports.append(report)
        if failed:
            raise typer.Exit(ExitCode.INVALID_INPUT)
        sheet = working_sheet(reports)
        for problem in long_cells(sheet):
            _say(f"warning: {problem}")
        named: dict[str, str] = {}
        for report in reports:
            job = report.questionnaire.job
            filename = safe_filename(job.reference or job.title).casefold()
            if filename in named:
                _say(
                    f"warning: {excerpt(report.file.path, 120)} and {excerpt(named[filename], 120)}"
                    " give the same file name on import: give each job its own reference"
                )
            named.setdefault(filename, report.file.path)
        formats = render.FORMATS if out.file is None else render.FILE_FORMATS
        emit(render.ExportView(sheet), formats, out, library.files)


@app.command("import")
def import_(
    sheet_file: Annotated[
        Path, typer.Argument(metavar="SHEET", help="A working sheet: XLSX or CSV (UTF-8).")
    ],
    into: Annotated[
        Path,
        typer.Option(
            "--into",
            metavar="FOLDER",
            help="Folder to write one questionnaire per row into (made if missing).",
        ),
    ],
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            "-s",
            metavar="ID|FILE",
            autocompletion=complete_schemes,
            help="The scheme of every row whose 'scheme' cell is empty (or with no such column).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="NAME", help="The workbook's sheet to read (XLSX)."),
    ] = None,
    ignore_column: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore-column",
            metavar="NAME",
            help="A column to skip (e.g. Comments); may be given more than once.",
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the sheet: write nothing.")
    ] = False,
    output_format: Annotated[str | None, format_option("import")] = None,
    allow_dir: AllowDirOption = None,
    output: OutputOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace existing questionnaire files (and an existing --output file)."
        ),
    ] = False,
) -> None:
    """Make a questionnaire of each row of a working sheet (XLSX or CSV).

    Columns: title, reference and the other job fields; scheme (or --scheme); one column per
    factor (its id, an alias or its name) holding the level, as 3 or 3c; optionally
    '<factor> evidence' (a line each) and '<factor> rationale'. The columns 'export' computes
    (points, total, band...) are not read: where the sheet's own total or band differs from
    jescore's, a warning says so. Any other column is refused (skip it with --ignore-column).
    Files are named from each job's reference (or title)
    and never replace a file unless --force is given. Every problem is reported at once, with
    its row and column; then nothing is written.
    """
    import hashlib
    import os

    from jescore import sheets as core
    from jescore.errors import InputError
    from jescore.files import read_bytes, resolved
    from jescore.output import write_atomic
    from jescore.references import looks_like_path
    from jescore.render import imported as render
    from jescore.render.kit.yaml import dump

    with _errors_to_exit():
        out = choose("import", output_format, output, force)
        if into.exists() and not into.is_dir():
            raise UsageError(f"--into {excerpt(str(into), 120)}: not a folder")
        if not into.exists() and not into.parent.is_dir():
            raise UsageError(
                f"--into {excerpt(str(into), 120)}: its parent folder does not exist "
                "(jescore creates one folder, not a path of them)"
            )
        name = str(sheet_file)
        data = read_bytes(sheet_file, name, limit=64 * 1024 * 1024)
        table = core.read_table(data, name, sheet)
        library = _library([str(into) if into.exists() else str(into.parent)], allow_dir)
        base = resolved(into) if into.exists() else resolved(into.parent) / into.name

        def load(ref: str) -> Scheme:
            return library.scheme(ref, base if looks_like_path(ref) else None).scheme

        def load_grading(ref: str) -> GradingStructure:
            return library.grading(ref, base if looks_like_path(ref) else None).grading

        ref = scheme
        if scheme is not None and looks_like_path(scheme):
            # Rows name a scheme path relative to the folder their questionnaires go to.
            try:
                ref = os.path.relpath(resolved(scheme), base)
            except ValueError:  # another drive (Windows): no relative path leads there
                ref = str(resolved(scheme))
        jobs, problems = core.questionnaires(
            table, name, ref, load, ignore_column or (), load_grading
        )
        if any(not p.warning for p in problems):
            raise InputError(problems)
        _diagnose(problems)
        read = {resolved(f) for f in [sheet_file, *library.files]}
        clash = [into / j.filename for j in jobs if resolved(into / j.filename) in read]
        if clash:
            raise UsageError(
                f"{excerpt(str(clash[0]), 120)} is a file this import reads (the sheet, a scheme "
                "or grading file): give that row another reference (nothing was written)"
            )
        existing = [into / j.filename for j in jobs if os.path.lexists(into / j.filename)]
        if existing and not force:
            listed = ", ".join(excerpt(p.name, 60) for p in existing[:10])
            more = f" and {len(existing) - 10} more" if len(existing) > 10 else ""
            message = (
                f"{excerpt(str(existing[0]), 120)} exists: give --force to replace it"
                if len(existing) == 1
                else f"{len(existing)} of the files exist in {excerpt(str(into), 120)}: "
                f"{listed}{more}; give --force to replace them"
            )
            if not check:
                raise UsageError(message + " (nothing was written)")
            _say("warning: " + message)
        written = []
        if not check:
            into.mkdir(exist_ok=True)
            made: list[Path] = []  # files this run created (not those it replaced)
            try:
                for job in jobs:
                    text = "# Imported from a working sheet by jescore import.\n" + dump(
                        job.data, flat_lists=False
                    )
                    target = into / job.filename
                    new = not os.path.lexists(target)
                    write_atomic(target, text, force=force, inputs=[sheet_file, *library.files])
                    if new:
                        made.append(target)
                    written.append(job)
            except BaseException:
                for path in made:  # all or nothing: take back what this run created
                    path.unlink(missing_ok=True)
                raise
            others = sorted(
                p.name
                for p in into.glob("*.yaml")
                if p.name not in {j.filename for j in jobs} and p.is_file()
            )
            if others:
                listed = ", ".join(excerpt(n, 60) for n in others[:10])
                more = f" and {len(others) - 10} more" if len(others) > 10 else ""
                _say(
                    f"note: {len(others)} other file(s) in {excerpt(str(into), 120)} are not "
                    f"in the sheet: {listed}{more}"
                )
        sha = hashlib.sha256(data).hexdigest()
        view = render.ImportView(
            {"path": name, "sha256": sha}, str(into), tuple(jobs), written=not check
        )
        emit(view, render.FORMATS, out, [sheet_file, *(into / j.filename for j in written)])
