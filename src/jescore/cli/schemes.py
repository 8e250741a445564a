"""The ``schemes`` and ``scheme show|check`` commands: shipped schemes and scheme files."""

from __future__ import annotations

from typing import Annotated

import typer

from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _each_found,
    _errors_to_exit,
    app,
    complete_schemes,
    scheme_app,
)
from jescore.cli.emit import choose, diagnose, emit, format_option, offer, say
from jescore.errors import ExitCode
from jescore.formats import Format

offer("schemes", "scheme_list", Format.TABLE, Format.JSON, default=Format.TABLE)
offer(
    "scheme show", "scheme_show", Format.TABLE, Format.JSON, Format.MARKDOWN, default=Format.TABLE
)
offer("scheme check", "checked", Format.TABLE, Format.JSON, default=Format.TABLE)


@app.command("schemes")
def list_schemes(
    output_format: Annotated[
        str | None,
        format_option("schemes"),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List the schemes shipped with jescore, with their status."""
    with _errors_to_exit():
        out = choose("schemes", output_format, output, force)
        from jescore.loader import Library
        from jescore.references import shipped_schemes
        from jescore.render import scheme_list as render

        library = Library()
        rows = []
        for scheme_id in shipped_schemes():
            loaded = library.scheme(scheme_id)
            rows.append((loaded.scheme, loaded.file))
        emit(render.SchemeListView(tuple(rows)), render.FORMATS, out)


@scheme_app.command("show")
def scheme_show(
    scheme: Annotated[
        str,
        typer.Argument(
            metavar="ID|FILE",
            help="A shipped scheme id or a scheme file.",
            autocompletion=complete_schemes,
        ),
    ],
    output_format: Annotated[
        str | None,
        format_option("scheme show"),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print a scheme's provenance, factors, levels, points and bands."""
    with _errors_to_exit():
        out = choose("scheme show", output_format, output, force)
        from jescore.loader import Library
        from jescore.references import looks_like_path
        from jescore.render import scheme_show as render
        from jescore.render.kit import phrases

        loaded = Library().scheme(scheme)
        warnings = tuple(str(w) for w in loaded.warnings)
        view = render.SchemeView(loaded.scheme, loaded.file, warnings)
        emit(view, render.FORMATS, out, [scheme] if looks_like_path(scheme) else [])
        if notice := phrases.status_notice(loaded.scheme):
            say(notice)


@scheme_app.command("check")
def scheme_check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Scheme or grading-structure files, folders (searched) or glob patterns.",
        ),
    ],
    output_format: Annotated[
        str | None,
        format_option("scheme check"),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Validate your own scheme or grading-structure files and report every problem.

    Folders are searched for YAML files, and files there that are not schemes or grading
    structures (questionnaires, CI files) are skipped. Exit 0 when every file is valid
    (warnings allowed), 3 when any has an error or none is found.
    """
    failed = False
    with _errors_to_exit():
        out = choose("scheme check", output_format, output, force)
        from jescore import loader
        from jescore.render import checked

        passed = []
        for result in _each_found(
            paths,
            lambda path, named: loader.load_definition(path, found=not named),
            loader.OtherKind,
            "scheme or grading structure",
        ):
            if result is None:
                failed = True
                continue
            diagnose(result.warnings)
            if isinstance(result, loader.LoadedScheme):
                s = result.scheme
                bands = f"{len(s.grading.bands)} bands" if s.grading else "no bands"
                summary = (
                    f"scheme '{s.id}' ({s.status.value}), {len(s.factors)} factors, {bands}, "
                    f"totals {s.min_total}-{s.max_total}"
                )
                passed.append(checked.Checked(result.file, "scheme", summary, s, result.file))
            else:
                g = result.grading
                summary = f"grading structure '{g.name}', {len(g.bands)} bands"
                passed.append(checked.Checked(result.file, "grading", summary))
        if passed:
            emit(checked.CheckedView("scheme check", tuple(passed)), checked.FORMATS, out, paths)
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
