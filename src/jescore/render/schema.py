"""``schema``: the JSON Schema of a file type, for editors that validate and complete YAML.

A JSON Schema is a document of its own standard, so it is written as it is, not inside the
envelope of jescore's results. Format: json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from jescore.enums import SchemaKind
from jescore.formats import Format
from jescore.render.kit import Formats, Target


@dataclass(frozen=True, slots=True)
class SchemaView:
    """Which file type."""

    kind: SchemaKind


def as_json(view: SchemaView, target: Target) -> str:
    """The JSON Schema of the file type's model."""
    from pydantic import BaseModel

    from jescore.models import GradingStructure, Profile, Questionnaire, Scheme
    from jescore.scale import PayScale

    models: dict[SchemaKind, type[BaseModel]] = {
        SchemaKind.QUESTIONNAIRE: Questionnaire,
        SchemaKind.SCHEME: Scheme,
        SchemaKind.GRADING: GradingStructure,
        SchemaKind.PROFILE: Profile,
        SchemaKind.SCALE: PayScale,
    }
    schema = models[view.kind].model_json_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


FORMATS: Formats[SchemaView] = {Format.JSON: as_json}
