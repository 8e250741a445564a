"""Markdown output: fit for a pull-request comment, a wiki page or a panel pack.

User text (titles, names, evidence, band labels, file names) renders as the text it is: it
goes through :func:`cell` (escaped) or :func:`code` (a code span), never into the page raw, so
a questionnaire cannot put an image, a link or an HTML tag in a pull-request comment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jescore.engine import Report, ranking
from jescore.enums import Gate
from jescore.models import FileRef
from jescore.render.kit import phrases as text
from jescore.safety import md_code, md_text

if TYPE_CHECKING:
    from jescore.compare import FileChange
    from jescore.search import SearchResult


def cell(value: object) -> str:
    """Text shown as itself, on one line: fit for a table cell, a list item or a heading."""
    return md_text(value)


def code(value: object) -> str:
    """Text as a code span (file names), whatever backticks it holds."""
    return md_code(value)


def _file(ref: FileRef) -> str:
    return f"{code(ref.path)} (sha256 `{ref.sha256}`)"


def report(r: Report) -> str:
    """One evaluation as a markdown section."""
    e = r.evaluation
    s = e.scheme
    out = [f"## {cell(r.questionnaire.job.title)}", ""]
    if line := text.job_line(r):
        out += [cell(line), ""]
    out.append(f"- Questionnaire: {_file(r.file)}")
    out.append(f"- Scheme: {cell(s.name)} (`{s.id}`, {cell(s.edition)})")
    out.append(f"- Scheme status: **{text.status_line(s.status)}**")
    out.append(f"- Scheme file: {_file(r.scheme_file)}")
    if e.grading is not None and r.grading_file is not None:
        out.append(
            f"- Bands: {cell(e.grading.name)}, {r.grading_status.value}, "
            f"from {_file(r.grading_file)}"
        )
    out += [
        "",
        "| Factor | Level | Points | Evidence | −1 level | +1 level |",
        "|---|---:|---:|---:|---|---|",
    ]
    for f in e.factors:
        down, up = text.step_text(f.down), text.step_text(f.up)
        if f.down is not None and f.down.changes_band:
            down = f"**{down}** ✱"
        if f.up is not None and f.up.changes_band:
            up = f"**{up}** ✱"
        out.append(
            f"| {cell(f.factor.name)} | {text.level_text(f.level, f.letters)} | {f.points} "
            f"| {f.evidence} | {down} | {up} |"
        )
    out += [f"| **Total** | | **{e.total}** | | | |", "", f"**{text.outcome(e)}**", ""]
    for extra in (text.fragility(e), text.near_boundary(r)):
        if extra:
            out += [cell(extra), ""]
    changes = text.band_changes(e)
    if changes:
        out.append("✱ One level alone changes the band:")
        out += [f"- {cell(c)}" for c in changes]
    elif e.grading is not None:
        out.append("No single level change moves the band.")
    return "\n".join(out) + "\n"


def render(reports: list[Report]) -> str:
    """Every report, then a ranking when there are several."""
    parts = ["# jescore evaluation\n"] + [report(r) for r in reports]
    if len(reports) > 1:
        rows = [
            "## Ranking by total, within each scheme",
            "",
            "| Scheme | Job | Questionnaire | Total | Band |",
            "|---|---|---|---:|---|",
        ]
        for r in ranking(reports):
            band = r.evaluation.band.label if r.evaluation.band else "outside"
            rows.append(
                f"| `{r.evaluation.scheme.id}` | {cell(r.questionnaire.job.title)} "
                f"| {code(r.file.path)} | {r.evaluation.total} | {cell(band)} |"
            )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def _source(r: Report) -> list[str]:
    s = r.evaluation.scheme
    return [
        f"- Questionnaire: {_file(r.file)}",
        f"- Scheme: {cell(s.name)} (`{s.id}`), **{text.status_line(s.status)}**",
        f"- Scheme file: {_file(r.scheme_file)}",
    ]


def search(r: Report, result: SearchResult) -> str:
    """A target-band search as markdown."""
    out = [
        f"# What it takes: {cell(r.questionnaire.job.title)}",
        "",
        *_source(r),
        "",
        f"**{cell(text.search_heading(result))}.** "
        f"Constraints: {cell(text.constraints_line(result))}.",
        "",
        f"**{cell(text.search_verdict(result))}**",
        "",
    ]
    if result.solutions:
        out += ["| # | Steps | Factors | Changes | Total | Band |", "|---:|---:|---:|---|---:|---|"]
        for i, s in enumerate(result.solutions, 1):
            changes = "<br>".join(cell(text.change_text(c)) for c in s.changes)
            out.append(
                f"| {i} | {s.steps} | {len(s.changes)} | {changes} | {s.total} "
                f"| {cell(s.band.label)} |"
            )
        if result.more:
            out += [
                "",
                f"More solutions exist; ask for them with `--top {len(result.solutions) * 2}`.",
            ]
    return "\n".join(out) + "\n"


def tornado(r: Report) -> str:
    """Per-factor swing, largest first, as markdown."""
    e = r.evaluation
    out = [
        f"# Sensitivity: {cell(r.questionnaire.job.title)}",
        "",
        *_source(r),
        "",
        f"**{cell(text.outcome(e))}**",
        "",
    ]
    if line := text.fragility(e):
        out += [cell(line), ""]
    out += ["| Factor | Level | −1 level | +1 level | Swing |", "|---|---:|---|---|---:|"]
    for f in text.tornado_rows(e):
        down, up = text.step_text(f.down), text.step_text(f.up)
        if f.down is not None and f.down.changes_band:
            down = f"**{down}** ✱"
        if f.up is not None and f.up.changes_band:
            up = f"**{up}** ✱"
        out.append(f"| {cell(f.factor.name)} | {f.level} | {down} | {up} | {f.swing} |")
    out += ["", "✱ alone changes the band."]
    return "\n".join(out) + "\n"


def _totals(change: FileChange) -> str:
    parts = []
    for label, side in (("Old", change.old), ("New", change.new)):
        if side is not None:
            e = side.evaluation
            parts.append(f"{label}: {e.total} points, {cell(text.band_of(e))}")
    return " · ".join(parts)


def comparison(changes: list[FileChange], gate: Gate) -> str:
    """A pull-request comment: one section per file, changed factors and evidence."""
    out = [
        "# jescore: what the changes do to the bands",
        "",
        f"**{cell(text.gate_line(gate, changes))}**",
        "",
    ]
    if not changes:
        out += ["No questionnaire changed.", ""]
    for change in changes:
        out += [
            f"## {code(text.file_heading(change))}",
            "",
            f"**{cell(text.verdict(change))}**",
            "",
        ]
        out += [_totals(change), ""]
        c = change.comparison
        if c is None:
            continue
        changed = [f for f in c.factors if f.level_changed or f.evidence_changed]
        if not changed:
            continue
        out += [
            "| Factor | Old | New | Points | Evidence added | Evidence removed |",
            "|---|---:|---:|---:|---|---|",
        ]
        for f in changed:
            old = "-" if f.old_level is None else f"{f.old_level}{f.old_letters}"
            new = "-" if f.new_level is None else f"{f.new_level}{f.new_letters}"
            added = "<br>".join(cell(e) for e in f.evidence_added)
            removed = "<br>".join(cell(e) for e in f.evidence_removed)
            out.append(
                f"| {cell(f.factor.name)} | {old} | {new} | {f.delta:+d} | {added} | {removed} |"
            )
        out.append("")
    return "\n".join(out)
