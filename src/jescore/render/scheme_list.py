"""``schemes``: the schemes shipped with jescore, with their status.

Formats: table, json.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import STATUS_MEANING, FileRef, Scheme, Status
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Column, Doc, Table, cell
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps, file_json
from jescore.render.kit.scores import STATUS_STYLE

COMMAND = "schemes"


@dataclass(frozen=True, slots=True)
class SchemeListView:
    """Each shipped scheme with its file."""

    schemes: tuple[tuple[Scheme, FileRef], ...]


class PossibleJSON(TypedDict):
    """The lowest and highest totals a scheme allows."""

    min: int
    max: int


class ListedSchemeJSON(TypedDict):
    """One shipped scheme."""

    id: str
    name: str
    edition: str
    status: str
    factors: int
    bands: int
    possible: PossibleJSON
    file: FileJSON


class SchemesJSON(Envelope):
    """``schemes --format json``."""

    listed: list[ListedSchemeJSON]


def as_json(view: SchemeListView, target: Target) -> str:
    """Shipped schemes: id, name, status, factor and band counts, file."""
    sources = Sources()
    for s, f in view.schemes:
        sources.scheme(s, f)
    data: SchemesJSON = {
        **sources.envelope(COMMAND),
        "listed": [
            {
                "id": s.id,
                "name": s.name,
                "edition": s.edition,
                "status": s.status.value,
                "factors": len(s.factors),
                "bands": len(s.grading.bands) if s.grading else 0,
                "possible": {"min": s.min_total, "max": s.max_total},
                "file": file_json(f),
            }
            for s, f in view.schemes
        ],
    }
    return dumps(data)


def as_table(view: SchemeListView, target: Target) -> str:
    """Shipped schemes with their status, and what each status means."""
    doc = Doc(target.width, target.color)
    table = Table(
        (
            Column("Id"),
            Column("Name", wrap=True),
            Column("Status"),
            Column("Factors", "right"),
            Column("Bands", "right"),
        )
    )
    for s, _ in view.schemes:
        table.row(
            s.id,
            s.name,
            cell(s.status.value, STATUS_STYLE[s.status]),
            len(s.factors),
            len(s.grading.bands) if s.grading else "-",
        )
    doc.table(table)
    doc.blank()
    for status in Status:
        doc.para(f"{status.value}: {STATUS_MEANING[status]}", "dim", hang=2)
    return doc.text()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = SchemesJSON

FORMATS: Formats[SchemeListView] = {Format.TABLE: as_table, Format.JSON: as_json}
