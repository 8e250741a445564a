"""The ``schemes`` and ``scheme show|check`` commands: shipped schemes and scheme files."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jescore.cli._common import (
    _diagnose,
    _each_found,
    _errors_to_exit,
    _say,
    _terminal,
    app,
    complete_schemes,
    scheme_app,
)
from jescore.errors import ExitCode
from jescore.formats import ListFormat


@app.command("schemes")
def list_schemes(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """List the schemes shipped with jescore, with their status."""
    from jescore.loader import Library
    from jescore.references import shipped_schemes
    from jescore.render import json as json_render

    library = Library()
    with _errors_to_exit():
        rows = []
        for scheme_id in shipped_schemes():
            loaded = library.scheme(scheme_id)
            rows.append((loaded.scheme, loaded.file))
        if output_format is ListFormat.JSON:
            sys.stdout.write(json_render.scheme_list(rows))
        else:
            from jescore.render import table

            width, color = _terminal()
            sys.stdout.write(table.scheme_list(rows, width, color))


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
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """Print a scheme's provenance, factors, levels, points and bands."""
    from jescore.loader import Library
    from jescore.render import json as json_render
    from jescore.render import text

    with _errors_to_exit():
        loaded = Library().scheme(scheme)
        if output_format is ListFormat.JSON:
            sys.stdout.write(json_render.dumps(json_render.scheme_dict(loaded.scheme, loaded.file)))
        else:
            from jescore.render import table

            width, color = _terminal()
            warnings = [str(w) for w in loaded.warnings]
            sys.stdout.write(table.scheme_show(loaded.scheme, loaded.file, warnings, width, color))
        if notice := text.status_notice(loaded.scheme):
            _say(notice)


@scheme_app.command("check")
def scheme_check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Scheme or grading-structure files, folders (searched) or glob patterns.",
        ),
    ],
) -> None:
    """Validate your own scheme or grading-structure files and report every problem.

    Folders are searched for YAML files, and files there that are not schemes or grading
    structures (questionnaires, CI files) are skipped. Exit 0 when every file is valid
    (warnings allowed), 3 when any has an error or none is found.
    """
    from jescore import loader
    from jescore.safety import clean_line

    failed = False
    for checked in _each_found(
        paths,
        lambda path, named: (path, loader.load_definition(path, found=not named)),
        loader.OtherKind,
        "scheme or grading structure",
    ):
        if checked is None:
            failed = True
            continue
        path, loaded = checked
        _diagnose(loaded.warnings)
        shown = clean_line(str(path))
        if isinstance(loaded, loader.LoadedScheme):
            s = loaded.scheme
            bands = f"{len(s.grading.bands)} bands" if s.grading else "no bands"
            typer.echo(
                f"ok: {shown}: scheme '{s.id}' ({s.status.value}), {len(s.factors)} factors, "
                f"{bands}, totals {s.min_total}-{s.max_total}"
            )
        else:
            g = loaded.grading
            typer.echo(f"ok: {shown}: grading structure '{g.name}', {len(g.bands)} bands")
    if failed:
        raise typer.Exit(ExitCode.INVALID_INPUT)
