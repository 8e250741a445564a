"""The ``schema`` command: the JSON Schema of a file type, for editors."""

from __future__ import annotations

from typing import Annotated

import typer

from jescore.cli._common import (
    ForceOption,
    OutputOption,
    _emit,
    _errors_to_exit,
    app,
)
from jescore.enums import SchemaKind


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", help="Which file type.")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a file type, for editors that validate and complete YAML."""
    import json

    from pydantic import BaseModel

    from jescore.models import GradingStructure, Profile, Questionnaire, Scheme

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
