"""``profile show``: a job profile factor by factor, its score range, band and flags.

Formats: table, json, markdown. User text (titles, references, band labels, file names) is made
safe by the kit; markdown escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import FileRef, Status
from jescore.notation import LevelRange
from jescore.profile_range import ProfileScore
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Column, Doc, Table
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    FileJSON,
    SchemeRefJSON,
    Sources,
    band_json,
    dumps,
    file_json,
    scheme_ref,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code, link
from jescore.render.kit.scores import STATUS_STYLE

COMMAND = "profile show"

#: What a profile's status says about its levels.
PROFILE_STATUS = {
    Status.VERIFIED: "levels confirmed against the published profile",
    Status.UNVERIFIED: (
        "levels NOT confirmed against the published profile; check them against the current one"
    ),
    Status.ILLUSTRATIVE: "levels made up for an example; not a real profile",
    Status.LOCAL: "levels agreed by this employer; not a published profile",
}

GENERIC_NOTE = (
    "a job at the bottom of every range would score below the band: the NHS handbook's note "
    "says such a job belongs to a profile in the band below"
)


@dataclass(frozen=True, slots=True)
class ProfileView:
    """One profile, scored against its scheme, with its files and warnings."""

    scored: ProfileScore
    file: FileRef
    scheme_file: FileRef
    warnings: tuple[str, ...] = ()


def status_line(status: Status) -> str:
    """'UNVERIFIED: levels NOT confirmed ...'."""
    return f"{status.value.upper()}: {PROFILE_STATUS[status]}"


def flags(s: ProfileScore) -> list[str]:
    """Plain-words flags on where the score range lies against the band."""
    band = s.band
    if band is None:
        return []
    out = []
    if s.generic:
        out.append(
            f"GENERIC: the minimum {s.min_total} lies below the floor of band {band.label} "
            f"({band.min}); {GENERIC_NOTE}"
        )
    if s.above_ceiling:
        out.append(
            f"WARNING: the maximum {s.max_total} lies above the ceiling of band {band.label} "
            f"({band.max}): a job at the top of every range would be graded higher"
        )
    return out


def points_text(low: int, high: int) -> str:
    """'12' or '12-18'."""
    return str(low) if low == high else f"{low}-{high}"


def register(sources: Sources, s: ProfileScore, file: FileRef, scheme_file: FileRef) -> None:
    """The profile file and its scheme."""
    sources.file(file, "profile")
    sources.scheme(s.scheme, scheme_file)


# --- json ------------------------------------------------------------------------------------


class ProfileInfoJSON(TypedDict):
    """What the profile is."""

    title: str
    reference: str | None
    band: str
    status: str
    sources: list[dict[str, Any]]
    statement: list[str]
    notes: str | None


class RangeJSON(TypedDict):
    """One factor's range."""

    id: str
    name: str
    range: str
    low: int
    high: int
    letters: dict[str, str]
    points: dict[str, int]


class ScoreRangeJSON(TypedDict):
    """The lowest and highest totals a profile spans."""

    min: int
    max: int


class ProfileShowJSON(Envelope):
    """``profile show --format json``."""

    profile: ProfileInfoJSON
    file: FileJSON
    scheme: SchemeRefJSON
    factors: list[RangeJSON]
    score_range: ScoreRangeJSON
    band: BandJSON | None
    generic: bool
    above_ceiling: bool
    warnings: list[str]


def letters_json(r: LevelRange) -> dict[str, str]:
    """Letters named at each level."""
    return {str(level): letters for level, letters in r.letters}


def as_json(view: ProfileView, target: Target) -> str:
    """One profile with its score range."""
    s = view.scored
    info = s.profile.profile
    sources = Sources()
    register(sources, s, view.file, view.scheme_file)
    data: ProfileShowJSON = {
        **sources.envelope(COMMAND),
        "profile": {
            "title": info.title,
            "reference": info.reference,
            "band": info.band,
            "status": info.status.value,
            "sources": [src.model_dump(mode="json") for src in info.sources],
            "statement": list(info.statement),
            "notes": info.notes,
        },
        "file": file_json(view.file),
        "scheme": scheme_ref(s.scheme, view.scheme_file),
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "range": f.range.text,
                "low": f.range.low,
                "high": f.range.high,
                "letters": letters_json(f.range),
                "points": {"min": f.low_points, "max": f.high_points},
            }
            for f in s.factors
        ],
        "score_range": {"min": s.min_total, "max": s.max_total},
        "band": band_json(s.band),
        "generic": s.generic,
        "above_ceiling": s.above_ceiling,
        "warnings": list(view.warnings),
    }
    return dumps(data)


# --- table -----------------------------------------------------------------------------------


def as_table(view: ProfileView, target: Target) -> str:
    """A profile, factor by factor, with its score range and band."""
    s, file, scheme_file = view.scored, view.file, view.scheme_file
    info = s.profile.profile
    doc = Doc(target.width, target.color)
    doc.para(info.title, "bold")
    bits = [info.reference, f"band {info.band}", f"scheme {s.scheme.id}"]
    doc.para(" · ".join(b for b in bits if b))
    doc.para(status_line(info.status), STATUS_STYLE[info.status])
    doc.para(f"File {file.path} (sha256 {file.sha256[:12]})")
    doc.para(f"Scheme file {scheme_file.path} (sha256 {scheme_file.sha256[:12]})")
    for src in info.sources:
        doc.para(f"Source: {src.title}" + (f" <{src.url}>" if src.url else ""), hang=2)
    if info.notes:
        doc.para(f"Note: {info.notes}", "dim", hang=2)
    if info.statement:
        doc.para("Job statement:")
        doc.bullets(list(info.statement), indent=2)
    doc.blank()
    table = Table(
        (
            Column("Factor", wrap=True),
            Column("Profile"),
            Column("Levels", "right"),
            Column("Points", "right"),
        )
    )
    for f in s.factors:
        table.row(
            f.factor.name,
            f.range.text,
            f.range.levels_text,
            points_text(f.low_points, f.high_points),
        )
    table.foot("Score range", "", "", points_text(s.min_total, s.max_total))
    doc.table(table)
    doc.blank()
    band = s.band
    if band is None:
        doc.para(f"Band {info.band}: not in the grading structure used")
    else:
        doc.para(f"Band {band.label}: {band.range_text}")
    for line in flags(s):
        doc.para(line, "bold yellow" if line.startswith(("GENERIC", "WARNING")) else "")
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: ProfileView, target: Target) -> str:
    """A profile as a markdown section."""
    s, file, scheme_file = view.scored, view.file, view.scheme_file
    info = s.profile.profile
    out = [f"## {md(info.title)}", ""]
    if info.reference:
        out.append(f"- Reference: {md(info.reference)}")
    out.append(f"- Band: {md(info.band)}" + (f" ({s.band.range_text})" if s.band else ""))
    out.append(f"- Status: **{status_line(info.status)}**")
    out.append(f"- Profile file: {code(file.path)} (sha256 `{file.sha256}`)")
    out.append(
        f"- Scheme: `{s.scheme.id}`, {code(scheme_file.path)} (sha256 `{scheme_file.sha256}`)"
    )
    for src in info.sources:
        out.append(f"- Source: {md(src.title)}" + (f" {link(src.url)}" if src.url else ""))
    if info.notes:
        out.append(f"- Note: {md(info.notes)}")
    if info.statement:
        out += ["", "Job statement:", ""]
        out += [f"1. {md(line)}" for line in info.statement]
    out += ["", "| Factor | Profile | Levels | Points |", "|---|---|---:|---:|"]
    for f in s.factors:
        out.append(
            f"| {md(f.factor.name)} | {md(f.range.text)} | {f.range.levels_text} | "
            f"{points_text(f.low_points, f.high_points)} |"
        )
    out.append(f"| **Score range** | | | **{points_text(s.min_total, s.max_total)}** |")
    out.append("")
    out += [f"- **{md(line)}**" for line in flags(s)]
    out += [f"- {md(w)}" for w in view.warnings]
    return "\n".join(out).rstrip("\n") + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = ProfileShowJSON

FORMATS: Formats[ProfileView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
