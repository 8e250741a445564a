"""The ``schema`` command: the JSON Schema of a file type, for editors."""

from __future__ import annotations

from typing import Annotated

import typer

from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _errors_to_exit,
    app,
)
from jescore.cli.emit import choose, emit, offer
from jescore.enums import SchemaKind
from jescore.formats import Format

offer("schema", "schema", Format.JSON, default=Format.JSON)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", help="Which file type.")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a file type, for editors that validate and complete YAML."""
    with _errors_to_exit():
        out = choose("schema", None, output, force)
        from jescore.render import schema as render

        emit(render.SchemaView(kind), render.FORMATS, out)
