"""``import``: what an import of a working sheet wrote (or, with --check, would write).

Formats: table (one line a job: its row, file and title), json.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.render.kit import Formats, Target
from jescore.render.kit.columns import fixed_columns
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps
from jescore.sheets import Imported

COMMAND = "import"


@dataclass(frozen=True, slots=True)
class ImportView:
    """The questionnaires made from a sheet, where they went, and the sheet itself."""

    sheet: FileJSON
    folder: str
    jobs: tuple[Imported, ...]
    written: bool


class ImportedJobJSON(TypedDict):
    """One questionnaire made from one row."""

    row: int
    file: str
    title: str
    reference: str | None
    scheme: str


class ImportJSON(Envelope):
    """``import --format json``."""

    sheet: FileJSON
    folder: str
    written: bool
    jobs: list[ImportedJobJSON]


def _path(view: ImportView, job: Imported) -> str:
    return f"{view.folder.rstrip('/')}/{job.filename}"


def as_table(view: ImportView, target: Target) -> str:
    """One line a job; then what was done."""
    rows = [[str(j.row), _path(view, j), j.data["job"]["title"]] for j in view.jobs]
    body = fixed_columns(["Row", "File", "Job"], rows, {0}, None, ()) if rows else ""
    done = "wrote" if view.written else "would write (--check: nothing written)"
    from jescore.render.kit.console import Doc

    doc = Doc(target.width, target.color)
    doc.para(f"{done} {len(view.jobs)} questionnaire(s) into {view.folder}", hang=2)
    return body + doc.text()


def as_json(view: ImportView, target: Target) -> str:
    """The questionnaires made, row by row."""
    sources = Sources()  # the sheet is named, with its hash, in "sheet"
    data: ImportJSON = {
        **sources.envelope(COMMAND),
        "sheet": view.sheet,
        "folder": view.folder,
        "written": view.written,
        "jobs": [
            {
                "row": j.row,
                "file": _path(view, j),
                "title": j.data["job"]["title"],
                "reference": j.data["job"].get("reference"),
                "scheme": j.scheme.id,
            }
            for j in view.jobs
        ],
    }
    return dumps(data)


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = ImportJSON

FORMATS: Formats[ImportView] = {Format.TABLE: as_table, Format.JSON: as_json}
