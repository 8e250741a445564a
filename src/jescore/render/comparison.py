"""``compare``: what new drafts do to levels, points and bands, and whether the gate tripped.

Formats: table (the terminal), json, markdown (a pull-request comment: the scheme and its
status, a one-table summary when several files changed, then each file once).
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.compare import FileChange
from jescore.engine import Report
from jescore.enums import Gate
from jescore.formats import Format
from jescore.models import Status
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Table, cell, stack
from jescore.render.kit.envelope import Envelope, Sources, dumps
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.render.kit.scores import (
    STATUS_STYLE,
    MarginsJSON,
    ScoredJSON,
    margins_json,
    register,
    scored_json,
)

COMMAND = "compare"


@dataclass(frozen=True, slots=True)
class ComparisonView:
    """Every compared file, and the gate the run was given."""

    changes: tuple[FileChange, ...]
    gate: Gate


# --- json ------------------------------------------------------------------------------------


class SideJSON(ScoredJSON):
    """One side of a comparison."""

    position: str
    margins: MarginsJSON | None


class FactorChangeJSON(TypedDict):
    """One factor in both versions."""

    id: str
    name: str
    old_level: int | None
    old_letters: str
    new_level: int | None
    new_letters: str
    old_points: int
    new_points: int
    delta: int
    evidence_added: list[str]
    evidence_removed: list[str]


class FileChangeJSON(TypedDict):
    """One questionnaire across two versions."""

    status: str
    old: SideJSON | None
    new: SideJSON | None
    verdict: str
    delta: int | None
    band_changed: bool | None
    movement: str | None
    trips_gate: bool
    expected_band: str | None
    expected_band_met: bool | None
    factors: list[FactorChangeJSON]


class CompareJSON(Envelope):
    """``compare --format json``."""

    fail_on: str
    tripped: bool
    files: list[FileChangeJSON]


def _side(report: Report | None) -> SideJSON | None:
    if report is None:
        return None
    e = report.evaluation
    return {**scored_json(report), "position": e.position.value, "margins": margins_json(e.margins)}


def change_json(change: FileChange, gate: Gate) -> FileChangeJSON:
    """One file's comparison."""
    c = change.comparison
    return {
        "status": change.status,
        "old": _side(change.old),
        "new": _side(change.new),
        "verdict": phrases.verdict(change),
        "delta": None if c is None else c.delta,
        "band_changed": None if c is None else c.band_changed,
        "movement": None if c is None else c.movement.value,
        "trips_gate": change.trips(gate),
        "expected_band": None if change.new is None else change.new.questionnaire.expected_band,
        "expected_band_met": change.expected_met,
        "factors": []
        if c is None
        else [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "old_level": f.old_level,
                "old_letters": f.old_letters,
                "new_level": f.new_level,
                "new_letters": f.new_letters,
                "old_points": f.old_points,
                "new_points": f.new_points,
                "delta": f.delta,
                "evidence_added": list(f.evidence_added),
                "evidence_removed": list(f.evidence_removed),
            }
            for f in c.factors
        ],
    }


def as_json(view: ComparisonView, target: Target) -> str:
    """Every compared file, the gate and whether it tripped."""
    sources = Sources()
    for change in view.changes:
        for side in (change.old, change.new):
            if side is not None:
                register(sources, side)
    data: CompareJSON = {
        **sources.envelope(COMMAND),
        "fail_on": view.gate.value,
        "tripped": any(c.trips(view.gate) for c in view.changes),
        "files": [change_json(c, view.gate) for c in view.changes],
    }
    return dumps(data)


# --- shared ----------------------------------------------------------------------------------


def _sides(change: FileChange) -> list[Report]:
    return [side for side in (change.old, change.new) if side is not None]


def _schemes(view: ComparisonView) -> list[tuple[str, Status]]:
    """Each scheme the compared files use, once: 'Name (id, edition)' and its status."""
    seen: dict[str, tuple[str, Status]] = {}
    for change in view.changes:
        for side in _sides(change):
            s = side.evaluation.scheme
            key = f"{s.id}:{side.scheme_file.sha256}"
            if key not in seen:
                seen[key] = (f"{s.name} ({s.id}, {s.edition})", s.status)
    return list(seen.values())


def _band_total(report: Report | None) -> str:
    if report is None:
        return "—"
    e = report.evaluation
    return f"{phrases.band_of(e)}, {e.total}"


def _job(change: FileChange) -> str:
    """The job's title and reference, as the newer side names it."""
    side = change.new or change.old
    assert side is not None
    job = side.questionnaire.job
    return f"{job.title} ({job.reference})" if job.reference else job.title


def _paths(change: FileChange) -> str:
    """The file compared: one path, or 'old → new' when the two differ."""
    old = change.old.file.path if change.old else None
    new = change.new.file.path if change.new else None
    if old and new and old != new and not old.endswith(f":{new}"):  # "REV:path": same file
        return f"{old} → {new}"
    return str(new or old)


# --- table -----------------------------------------------------------------------------------


def as_table(view: ComparisonView, target: Target) -> str:
    """Each file's verdict, changed factors and evidence, then the gate."""
    doc = Doc(target.width, target.color)
    for n, change in enumerate(view.changes):
        if n:
            doc.blank()
        doc.para(phrases.file_heading(change), "bold")
        c = change.comparison
        doc.para(phrases.verdict(change), "bold yellow" if c and c.band_changed else "bold")
        if expected := phrases.expected_line(change):
            doc.para(expected, "bold red" if change.expected_met is False else "")
        if change.new is not None and (
            signed := phrases.sign_off_line(change.new.questionnaire.sign_off)
        ):
            doc.para(signed)
        if c is not None:
            doc.pairs(
                [
                    ("Old", cell(phrases.outcome(c.old.evaluation))),
                    ("New", cell(phrases.outcome(c.new.evaluation))),
                ]
            )
        rows = [f for f in c.factors if f.level_changed or f.evidence_changed] if c else []
        if not rows:
            continue
        doc.blank()
        table = Table(
            (
                Column("Factor", wrap=True),
                Column("Old", "right"),
                Column("New", "right"),
                Column("Points", "right"),
                Column("Evidence", wrap=True, ratio=2),
            )
        )
        for f in rows:
            evidence = [f"+ {e}" for e in f.evidence_added]
            evidence += [f"- {e}" for e in f.evidence_removed]
            table.row(
                f.factor.name,
                "-" if f.old_level is None else f"{f.old_level}{f.old_letters}",
                "-" if f.new_level is None else f"{f.new_level}{f.new_letters}",
                f"{f.delta:+d}" if f.delta else "",
                cell("\n".join(evidence)),
            )
        doc.table(table)
    if not view.changes:
        doc.para("No questionnaire changed.")
    doc.blank()
    for name, status in _schemes(view):
        doc.pairs([("Scheme", stack(name, (phrases.status_line(status), STATUS_STYLE[status])))])
    headline, names = phrases.gate_line(view.gate, list(view.changes))
    tripped = any(c.trips(view.gate) for c in view.changes)
    doc.para(headline, "bold red" if tripped else "bold")
    doc.bullets(names, indent=2)
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: ComparisonView, target: Target) -> str:
    """A pull-request comment: the gate, the schemes, a summary table, then each file once."""
    headline, names = phrases.gate_line(view.gate, list(view.changes))
    out = ["# jescore: what the changes do to the bands", "", f"**{md(headline)}**"]
    out += [f"- {code(name)}" for name in names]
    out.append("")
    for name, status in _schemes(view):
        out.append(f"- Scheme: {md(name)}: **{md(phrases.status_line(status))}**")
    out.append("")
    if not view.changes:
        out += ["No questionnaire changed.", ""]
    several = len(view.changes) > 1
    if several:
        out += [
            "| Job | File | Change | Old | New | Points | Gate |",
            "|---|---|---|---|---|---:|---|",
        ]
        for change in view.changes:
            c = change.comparison
            out.append(
                f"| {md(_job(change))} | {code(_paths(change))} | {change.status} "
                f"| {md(_band_total(change.old))} | {md(_band_total(change.new))} "
                f"| {f'{c.delta:+d}' if c else ''} "
                f"| {'**tripped**' if change.trips(view.gate) else ''} |"
            )
        out.append("")
    for change in view.changes:
        c = change.comparison
        changed = [f for f in c.factors if f.level_changed or f.evidence_changed] if c else []
        if several and not changed:
            continue  # its row in the summary says it all
        out += [f"## {md(_job(change))}: {code(_paths(change))}", ""]
        if not several:  # with several files, the summary table has the bands and totals
            out += [f"**{md(phrases.verdict(change))}**", ""]
        if expected := phrases.expected_line(change):
            out += [md(expected), ""]
        if change.new is not None and (
            signed := phrases.sign_off_line(change.new.questionnaire.sign_off)
        ):
            out += [md(signed), ""]
        if c is None or not changed:
            continue
        out += [
            "| Factor | Old | New | Points | Evidence added | Evidence removed |",
            "|---|---:|---:|---:|---|---|",
        ]
        for f in changed:
            old = "-" if f.old_level is None else f"{f.old_level}{f.old_letters}"
            new = "-" if f.new_level is None else f"{f.new_level}{f.new_letters}"
            added = "<br>".join(md(e) for e in f.evidence_added)
            removed = "<br>".join(md(e) for e in f.evidence_removed)
            out.append(
                f"| {md(f.factor.name)} | {md(old)} | {md(new)} | {f.delta:+d} | {added} "
                f"| {removed} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = CompareJSON

FORMATS: Formats[ComparisonView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
