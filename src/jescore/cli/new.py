"""The ``new`` command: a questionnaire skeleton for a scheme."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _errors_to_exit,
    app,
    complete_schemes,
)
from jescore.cli.emit import choose, emit, offer
from jescore.formats import Format

offer("new", "skeleton", Format.YAML, default=Format.YAML)


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
    from jescore.files import resolved

    with _errors_to_exit():
        out = choose("new", None, output, force)
        from jescore.loader import Library
        from jescore.references import looks_like_path
        from jescore.render import skeleton

        library = Library()
        loaded = library.scheme(scheme)
        ref = scheme
        if output is not None and looks_like_path(scheme):
            # The questionnaire resolves a scheme path relative to its own folder.
            # Links followed as far as they lead (a loop is reported when the file is written).
            ref = os.path.relpath(resolved(scheme), resolved(output).parent)
        view = skeleton.SkeletonView(loaded.scheme, ref, title)
        named = [scheme] if looks_like_path(scheme) else []
        emit(view, skeleton.FORMATS, out, [*library.files, *named])
