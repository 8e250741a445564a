"""``scheme check`` and ``profile check``: the files that passed, each summed up in a line.

Formats: table (``ok: FILE: ...`` lines), json. Files with problems are reported on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import FileRef, Scheme
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Doc
from jescore.render.kit.envelope import Envelope, FileJSON, InputKind, Sources, dumps, file_json


@dataclass(frozen=True, slots=True)
class Checked:
    """One file that passed its checks, with what it is."""

    file: FileRef
    kind: InputKind
    summary: str
    #: The scheme the file is (a scheme file) or was checked against (a profile).
    scheme: Scheme | None = None
    scheme_file: FileRef | None = None


@dataclass(frozen=True, slots=True)
class CheckedView:
    """Every file that passed, for one command."""

    command: str
    files: tuple[Checked, ...]


class CheckedFileJSON(TypedDict):
    """One file that passed."""

    file: FileJSON
    kind: InputKind
    summary: str


class CheckedJSON(Envelope):
    """``scheme check`` and ``profile check --format json``."""

    checked: list[CheckedFileJSON]


def as_json(view: CheckedView, target: Target) -> str:
    """Every file that passed, with what it is."""
    sources = Sources()
    for c in view.files:
        sources.file(c.file, c.kind)
        if c.scheme is not None and c.scheme_file is not None:
            sources.scheme(c.scheme, c.scheme_file)
    data: CheckedJSON = {
        **sources.envelope(view.command),
        "checked": [
            {"file": file_json(c.file), "kind": c.kind, "summary": c.summary} for c in view.files
        ],
    }
    return dumps(data)


def as_table(view: CheckedView, target: Target) -> str:
    """``ok: FILE: summary`` a file."""
    doc = Doc(target.width, target.color)
    for c in view.files:
        doc.para(f"ok: {c.file.path}: {c.summary}", hang=4)
    return doc.text()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = CheckedJSON

FORMATS: Formats[CheckedView] = {Format.TABLE: as_table, Format.JSON: as_json}
