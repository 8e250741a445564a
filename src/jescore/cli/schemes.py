"""Commands on schemes and files: ``schemes``, ``scheme show|check``, ``schema``, ``new``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from jescore.choices import (
    ListFormat,
    SchemaKind,
)
from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _diagnose,
    _each_found,
    _emit,
    _errors_to_exit,
    _say,
    _terminal,
    app,
    complete_schemes,
    scheme_app,
)
from jescore.errors import ExitCode


@app.command("schemes")
def list_schemes(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """List the schemes shipped with jescore, with their status."""
    from jescore.library import Library, shipped_schemes
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
    from jescore.library import Library
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


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", help="Which file type.")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a file type, for editors that validate and complete YAML."""
    import json

    from pydantic import BaseModel

    from jescore.models import GradingStructure, Questionnaire, Scheme
    from jescore.profiles import Profile

    models: dict[SchemaKind, type[BaseModel]] = {
        SchemaKind.QUESTIONNAIRE: Questionnaire,
        SchemaKind.SCHEME: Scheme,
        SchemaKind.GRADING: GradingStructure,
        SchemaKind.PROFILE: Profile,
    }
    model = models[kind]
    content = json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    with _errors_to_exit():
        _emit(content, output, force, [])


@app.command()
def new(
    scheme: Annotated[
        str,
        typer.Option(
            "--scheme",
            "-s",
            metavar="ID|FILE",
            help="A shipped scheme id or a scheme file.",
            autocompletion=complete_schemes,
        ),
    ],
    title: Annotated[
        str, typer.Option("--title", metavar="TEXT", help="Job title to fill in.")
    ] = "",
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Write a questionnaire skeleton: every factor, with its levels as comments."""
    from jescore.library import Library, looks_like_path
    from jescore.render import skeleton

    with _errors_to_exit():
        loaded = Library().scheme(scheme)
        ref = scheme
        if output is not None and looks_like_path(scheme):
            # The questionnaire resolves a scheme path relative to its own folder.
            ref = os.path.relpath(Path(scheme).resolve(), output.resolve().parent)
        content = skeleton.questionnaire(loaded.scheme, ref, title)
        _emit(content, output, force, [Path(scheme)] if looks_like_path(scheme) else [])
