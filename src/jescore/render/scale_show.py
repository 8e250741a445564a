"""``scale show``: a pay scale's provenance, effective date, awards and each band's points.

Formats: table, json (the whole scale as its file holds it), markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jescore.formats import Format
from jescore.models import STATUS_MEANING, FileRef
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Column, Doc, Table, cell
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps, file_json
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import link
from jescore.render.kit.markdown import table as md_table
from jescore.scale import PayScale

COMMAND = "scale show"


@dataclass(frozen=True, slots=True)
class ScaleView:
    """One pay scale and its file."""

    scale: PayScale
    file: FileRef


class ScaleShowJSON(Envelope):
    """``scale show --format json``: the scale as its file holds it, checked."""

    file: FileJSON
    scale: dict[str, Any]


def as_json(view: ScaleView, target: Target) -> str:
    """The whole scale with its file."""
    sources = Sources()
    sources.file(view.file, "scale")
    data: ScaleShowJSON = {
        **sources.envelope(COMMAND),
        "file": file_json(view.file),
        "scale": view.scale.model_dump(mode="json"),
    }
    return dumps(data)


def _heads(s: PayScale) -> list[str]:
    lines = [
        f"Id {s.id} · version {s.version} · effective {s.effective.isoformat()} · {s.currency}",
        f"Status: {s.status.value} ({STATUS_MEANING[s.status]})",
    ]
    if s.awards:
        awards = ", ".join(f"{a.percent:g}% from {a.date.isoformat()}" for a in s.awards)
        lines.append(f"Awards: {awards}")
    if s.notes:
        lines.append(s.notes)
    return lines


def _rows(s: PayScale) -> list[list[str]]:
    rows = []
    for b in s.bands:
        status = b.status.value if b.status is not None else s.status.value
        for i, p in enumerate(b.points):
            rows.append(
                [b.label if i == 0 else "", str(p.after), f"{p.pay:,.2f}".removesuffix(".00"),
                 status if i == 0 else ""]
            )  # fmt: skip
    return rows


HEADERS = ["Band", "Years in band", "Annual pay", "Status"]


def as_table(view: ScaleView, target: Target) -> str:
    """Provenance, then a row a point."""
    s = view.scale
    doc = Doc(target.width, target.color)
    doc.para(s.name, "bold")
    for line in _heads(s):
        doc.para(line)
    for src in s.sources:
        doc.para(f"Source: {src.title}" + (f" <{src.url}>" if src.url else ""))
    doc.para(f"File: {view.file.path} (sha256 {view.file.sha256[:12]}...)")
    doc.table(
        Table(
            [Column("Band"), Column("Years in band", "right"), Column("Annual pay", "right"),
             Column("Status")],
            [tuple(cell(v) for v in row) for row in _rows(s)],
        )
    )  # fmt: skip
    return doc.text()


def as_markdown(view: ScaleView, target: Target) -> str:
    """The same as Markdown."""
    s = view.scale
    out = [f"# {md(s.name)}", ""]
    out += [f"- {md(line)}" for line in _heads(s)]
    out += [f"- Source: {md(src.title)}" + (f" {link(src.url)}" if src.url else "")
            for src in s.sources]  # fmt: skip
    out += ["", *md_table(HEADERS, "lrrl", [[md(v) for v in row] for row in _rows(s)])]
    return "\n".join(out) + "\n"


FORMATS: Formats[ScaleView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = ScaleShowJSON
