"""``scheme show``: a scheme's provenance, factors, levels, points and bands.

Formats: table, json (the whole scheme as its file holds it), markdown. Each factor's criterion
(skills, effort, responsibility, working conditions), where the scheme gives one, is in all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jescore.formats import Format
from jescore.models import FileRef, Scheme
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table, stack
from jescore.render.kit.envelope import Envelope, FileJSON, Sources, dumps, file_json
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code, link
from jescore.render.kit.scores import STATUS_STYLE

COMMAND = "scheme show"


@dataclass(frozen=True, slots=True)
class SchemeView:
    """One scheme, its file, and the warnings its checks gave."""

    scheme: Scheme
    file: FileRef
    warnings: tuple[str, ...] = ()


class SchemeShowJSON(Envelope):
    """``scheme show --format json``: the scheme as its file holds it, checked."""

    file: FileJSON
    scheme: dict[str, Any]
    warnings: list[str]


def as_json(view: SchemeView, target: Target) -> str:
    """The whole scheme (factors, levels, points, bands) with its file."""
    sources = Sources()
    sources.scheme(view.scheme, view.file)
    data: SchemeShowJSON = {
        **sources.envelope(COMMAND),
        "file": file_json(view.file),
        "scheme": view.scheme.model_dump(mode="json"),
        "warnings": list(view.warnings),
    }
    return dumps(data)


def as_table(view: SchemeView, target: Target) -> str:
    """Provenance, then each factor's levels with points and summaries, then the bands."""
    scheme, file = view.scheme, view.file
    doc = Doc(target.width, target.color)
    doc.para(scheme.name, "bold")
    doc.para(f"Id {scheme.id} · {scheme.edition}")
    doc.para(phrases.status_line(scheme.status), STATUS_STYLE[scheme.status])
    doc.para(f"File {file.path} (sha256 {file.sha256[:12]})")
    for source in scheme.sources:
        doc.para(f"Source: {source.title}" + (f" <{source.url}>" if source.url else ""), hang=2)
    if scheme.notes:
        doc.para(scheme.notes, "dim")
    doc.blank()
    table = Table(
        (
            Column("Factor", wrap=True, max_width=max(16, target.width // 4)),
            Column("Lvl", "right"),
            Column("Pts", "right"),
            Column("Summary", wrap=True, ratio=3),
        )
    )
    for i, factor in enumerate(scheme.factors):
        if i:
            table.section()
        names = stack(
            factor.name,
            (f"[{', '.join((factor.id, *factor.aliases))}]", "dim"),
            *([(f"criterion: {factor.criterion}", "dim")] if factor.criterion else []),
        )
        for level in factor.levels:
            letters = f" ({level.letters})" if level.letters else ""
            table.row(
                names if level.level == 1 else "",
                f"{level.level}{letters}",
                level.points,
                level.summary,
            )
    doc.table(table)
    doc.blank()
    doc.para(f"Possible totals: {scheme.min_total}-{scheme.max_total}")
    if scheme.grading is None:
        doc.para("No bands: pick a grading structure with --bands.")
    else:
        doc.blank()
        doc.para(scheme.grading.name, "bold")
        bands = Table((Column("Band"), Column("From", "right"), Column("To", "right")))
        for band in scheme.grading.bands:
            bands.row(band.label, band.min, "" if band.max is None else band.max)
        doc.table(bands)
    if view.warnings:
        doc.blank()
        doc.para("Checks of the scheme file", "bold")
        for w in view.warnings:
            doc.para(w, "yellow")
    return doc.text()


def as_markdown(view: SchemeView, target: Target) -> str:
    """The scheme as a reference page."""
    scheme, file = view.scheme, view.file
    out = [f"# {md(scheme.name)}", ""]
    out.append(f"- Id: `{scheme.id}`; edition: {md(scheme.edition)}")
    out.append(f"- Status: **{phrases.status_line(scheme.status)}**")
    out.append(f"- File: {code(file.path)} (sha256 `{file.sha256}`)")
    for source in scheme.sources:
        out.append(f"- Source: {md(source.title)}" + (f" {link(source.url)}" if source.url else ""))
    if scheme.notes:
        out += ["", md(scheme.notes)]
    for factor in scheme.factors:
        out += ["", f"## {md(factor.name)} (`{factor.id}`)", ""]
        if factor.criterion:
            out += [f"Criterion: {factor.criterion}", ""]
        out += ["| Level | Points | Summary |", "|---:|---:|---|"]
        for level in factor.levels:
            letters = f" ({md(level.letters)})" if level.letters else ""
            out.append(f"| {level.level}{letters} | {level.points} | {md(level.summary)} |")
    out += ["", f"Possible totals: {scheme.min_total}-{scheme.max_total}", ""]
    if scheme.grading is None:
        out.append("No bands: pick a grading structure with `--bands`.")
    else:
        out += [
            f"## Bands: {md(scheme.grading.name)}",
            "",
            "| Band | From | To |",
            "|---|---:|---:|",
        ]
        for band in scheme.grading.bands:
            top = "" if band.max is None else band.max
            out.append(f"| {md(band.label)} | {band.min} | {top} |")
    out += [f"- warning: {md(w)}" for w in view.warnings]
    return "\n".join(out) + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = SchemeShowJSON

FORMATS: Formats[SchemeView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
