"""``whatif``: the smallest changes that reach a band, or a tornado of each factor's swing.

Formats: table (the terminal), json, markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.engine import Report, Step
from jescore.formats import Format
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Column, Doc, Span, Table, cell, cells
from jescore.render.kit.envelope import BandJSON, Envelope, ScoreJSON, Sources, band_json, dumps
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.render.kit.scores import (
    FragilityJSON,
    MarginsJSON,
    ScoredJSON,
    StepJSON,
    fragility_json,
    margins_json,
    register,
    scored_json,
    short_heading,
    step_json,
)
from jescore.search import SearchResult

COMMAND = "whatif"


@dataclass(frozen=True, slots=True)
class WhatifView:
    """One job's evaluation, and the search for a target band (None: the tornado)."""

    report: Report
    search: SearchResult | None = None
    #: With --set: the job as its file scores it (``report`` then holds the levels set).
    before: Report | None = None


def set_changes(view: WhatifView) -> list[tuple[str, str, str, str, int]]:
    """Each factor --set changed: id, name, level in the file, level set, points gained."""
    if view.before is None:
        return []
    out = []
    for old, new in zip(
        view.before.evaluation.factors, view.report.evaluation.factors, strict=True
    ):
        was, now = f"{old.level}{old.letters}", f"{new.level}{new.letters}"
        if was != now:
            out.append((new.factor.id, new.factor.name, was, now, new.points - old.points))
    return out


def set_line(view: WhatifView) -> str:
    """The sentence on what --set changed: levels, total and band, each beside the file's."""
    assert view.before is not None
    old, new = view.before.evaluation, view.report.evaluation
    changes = set_changes(view)
    what = (
        ", ".join(f"{name} {now} (was {was})" for _, name, was, now, _ in changes)
        or "the levels set (the same as the file's)"
    )
    delta = new.total - old.total

    def band(b: object) -> str:
        return f"Band {b.label}" if b is not None else "no band"  # type: ignore[attr-defined]

    moved = "unchanged" if (old.band == new.band) else f"was {band(old.band)}"
    return (
        f"With {what}: total {new.total} (was {old.total}, {delta:+d}), {band(new.band)} ({moved})."
    )


# --- json ------------------------------------------------------------------------------------


class ConstraintsJSON(TypedDict):
    """What the search was allowed to change."""

    fixed: list[str]
    max_step: int | None
    direction: str | None


class ChangeJSON(TypedDict):
    """One factor moved from one level to another."""

    factor: str
    name: str
    from_level: int
    to_level: int
    points: int


class SolutionJSON(TypedDict):
    """One smallest set of changes."""

    steps: int
    factors: int
    points: int
    score: ScoreJSON
    changes: list[ChangeJSON]


class ReachableJSON(TypedDict):
    """The lowest and highest totals the constraints allow."""

    min: int
    max: int


class SearchJSON(TypedDict):
    """The search for a target band."""

    target: BandJSON | None
    direction: str
    constraints: ConstraintsJSON
    already_in_target: bool
    reachable: ReachableJSON
    solutions: list[SolutionJSON]
    more: bool
    reason: str | None


class SwingJSON(TypedDict):
    """One factor's swing between one level down and one level up."""

    id: str
    name: str
    level: int
    swing: int
    down: StepJSON | None
    up: StepJSON | None


class TornadoJSON(TypedDict):
    """Every factor's swing, largest first."""

    margins: MarginsJSON | None
    fragility: FragilityJSON
    factors: list[SwingJSON]


class SetChangeJSON(TypedDict):
    """One factor's level changed by --set."""

    factor: str
    name: str
    from_level: str
    to_level: str
    points: int


class SetJSON(TypedDict):
    """``--set``: the levels changed, and the score before and after."""

    changes: list[SetChangeJSON]
    before: ScoreJSON
    after: ScoreJSON


class WhatifJSON(Envelope):
    """``whatif --format json``: the job, then the search (with --target) or the tornado.

    With --set, ``evaluation`` is the job with the levels set; ``set`` says what changed.
    """

    evaluation: ScoredJSON
    set: SetJSON | None
    search: SearchJSON | None
    tornado: TornadoJSON | None


def search_json(result: SearchResult) -> SearchJSON:
    """A target-band search."""
    c = result.constraints
    return {
        "target": band_json(result.target),
        "direction": result.direction.value,
        "constraints": {
            "fixed": sorted(c.fixed),
            "max_step": c.max_step,
            "direction": None if c.direction is None else c.direction.value,
        },
        "already_in_target": result.already_there,
        "reachable": {"min": result.reachable[0], "max": result.reachable[1]},
        "solutions": [
            {
                "steps": s.steps,
                "factors": len(s.changes),
                "points": s.delta,
                "score": {"total": s.total, "band": band_json(s.band)},
                "changes": [
                    {
                        "factor": ch.factor.id,
                        "name": ch.factor.name,
                        "from_level": ch.from_level,
                        "to_level": ch.to_level,
                        "points": ch.delta,
                    }
                    for ch in s.changes
                ],
            }
            for s in result.solutions
        ],
        "more": result.more,
        "reason": result.reason,
    }


def tornado_json(report: Report) -> TornadoJSON:
    """Per-factor swing, largest first, with the margins and fragility."""
    e = report.evaluation
    return {
        "margins": margins_json(e.margins),
        "fragility": fragility_json(e),
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "level": f.level,
                "swing": f.swing,
                "down": step_json(f.down),
                "up": step_json(f.up),
            }
            for f in phrases.tornado_rows(e)
        ],
    }


def set_json(view: WhatifView) -> SetJSON | None:
    """What --set changed, and the score before and after."""
    if view.before is None:
        return None
    old, new = view.before.evaluation, view.report.evaluation
    return {
        "changes": [
            {"factor": f, "name": n, "from_level": was, "to_level": now, "points": d}
            for f, n, was, now, d in set_changes(view)
        ],
        "before": {"total": old.total, "band": band_json(old.band)},
        "after": {"total": new.total, "band": band_json(new.band)},
    }


def as_json(view: WhatifView, target: Target) -> str:
    """The job, then the search or the tornado."""
    sources = Sources()
    register(sources, view.report)
    data: WhatifJSON = {
        **sources.envelope(COMMAND),
        "evaluation": scored_json(view.report),
        "set": set_json(view),
        "search": None if view.search is None else search_json(view.search),
        "tornado": tornado_json(view.report) if view.search is None else None,
    }
    return dumps(data)


# --- table -----------------------------------------------------------------------------------


def _search_text(doc: Doc, r: Report, result: SearchResult) -> None:
    short_heading(doc, r)
    doc.para(phrases.search_heading(result), "bold")
    doc.para(f"Constraints: {phrases.constraints_line(result)}.")
    doc.para(phrases.search_verdict(result), "bold")
    if not result.solutions:
        return
    doc.blank()
    table = Table(
        (
            Column("#", "right"),
            Column("Steps", "right"),
            Column("Changes", wrap=True),
            Column("Total", "right"),
            Column("Band"),
        )
    )
    for i, s in enumerate(result.solutions, 1):
        if i > 1:
            table.section()
        table.row(
            i,
            s.steps,
            cell("\n".join(phrases.change_text(c) for c in s.changes)),
            f"{s.total} ({s.delta:+d})",
            s.band.label,
        )
    doc.table(table)
    if result.more:
        doc.blank()
        doc.para(f"More solutions exist: --top {len(result.solutions) * 2} shows more.")


def _delta(step: Step | None) -> Span:
    if step is None:
        return ("-", "dim")
    mark = " ✱" if step.changes_band else ""
    return (f"{step.delta:+d}{mark}", "bold yellow" if step.changes_band else "")


def _bar(
    down: Step | None,
    up: Step | None,
    half: int,
    per_char: float,
    lower: int | None,
    upper: int | None,
) -> list[Span]:
    chars = [" "] * (2 * half + 1)
    styles = [""] * len(chars)
    chars[half] = "│"
    for step, sign in ((down, -1), (up, 1)):
        if step is None:
            continue
        length = min(half, max(1, round(abs(step.delta) / per_char)))
        for k in range(1, length + 1):
            chars[half + sign * k] = "█"
            styles[half + sign * k] = "yellow" if step.changes_band else "cyan"
    for distance, sign in ((lower, -1), (upper, 1)):
        if distance is None:
            continue
        pos = round(distance / per_char)
        if pos <= half:
            chars[half + sign * pos] = "┃"
            styles[half + sign * pos] = "bold red"
    runs: list[Span] = []
    for ch, style in zip(chars, styles, strict=True):
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + ch, style)
        else:
            runs.append((ch, style))
    return runs


def _fit(text: str, width: int) -> str:
    """Text cut to ``width`` cells between words, with '…' (the tornado's factor names).

    A name is cut after its last whole word that fits; only a first word longer than the
    column is cut inside itself.
    """
    if cells(text) <= width:
        return text + " " * (width - cells(text))
    words, kept = text.split(), ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cells(candidate) + 1 > width:
            break
        kept = candidate
    if not kept:
        from rich.cells import set_cell_size

        kept = set_cell_size(text, width - 1)
    shown = kept + "…"
    return shown + " " * (width - cells(shown))


def _tornado_text(doc: Doc, r: Report) -> None:
    """Per factor, the swing of one level down and up as bars, largest first.

    The bars share one scale; '┃' marks where the next band up or down begins when it lies
    within the scale, and the header says how far each boundary is.
    """
    e = r.evaluation
    rows = phrases.tornado_rows(e)
    width = doc.width
    # Columns: name, "-35 ✱" (5), bar (2 * half + 1), "+40 ✱"; three gaps of 3 cells.
    longest = max(cells(f.factor.name) for f in rows)
    name_width = min(longest, max(28, (width - 20) // 2), max(8, width - 33))
    half = max(6, (width - name_width - 2 * 5 - 1 - 3 * 3) // 2)
    biggest = max([1] + [abs(s.delta) for f in rows for s in (f.down, f.up) if s is not None])
    m = e.margins
    lower = m.to_lower if m is not None else None
    upper = m.to_upper if m is not None else None
    # Show boundaries on the scale when they are not far beyond the largest change.
    reach = max([biggest] + [b for b in (lower, upper) if b is not None and b <= 2 * biggest])
    per_char = reach / half
    short_heading(doc, r)
    doc.para(phrases.outcome(e), "bold")
    if line := phrases.fragility(e):
        doc.para(line)
    edges = []
    if m is not None and m.lower is not None:
        edges.append(f"◀ {lower} points to Band {m.lower.label}")
    if m is not None and m.upper is not None:
        edges.append(f"{upper} points to Band {m.upper.label} ▶")
    if edges:
        doc.para("   ".join(edges), "dim")
    scale = f"1 char ≈ {per_char:.1f} points"
    heading = f"swing, {scale}" if len(scale) + 7 <= 2 * half + 1 else "swing"
    bar_width = 2 * half + 1
    doc.line(
        (
            f"{_fit('Factor', name_width)}   {'−1':>5}   {heading:^{bar_width}}   +1",
            "bold",
        )
    )
    doc.line(("─" * (name_width + 3 + 5 + 3 + bar_width + 3 + 5), ""))
    for f in rows:
        down, up = _delta(f.down), _delta(f.up)
        doc.line(
            _fit(f.factor.name, name_width) + "   " + " " * (5 - cells(down[0])),
            down,
            "   ",
            *_bar(f.down, f.up, half, per_char, lower, upper),
            "   ",
            up,
        )
    doc.para(f"✱ alone changes the band; {scale}", "dim")


def as_table(view: WhatifView, target: Target) -> str:
    """The search's solutions, or the tornado."""
    doc = Doc(target.width, target.color)
    if view.before is not None:
        doc.para(set_line(view), "bold")
        doc.blank()
    if view.search is None:
        _tornado_text(doc, view.report)
    else:
        _search_text(doc, view.report, view.search)
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def _source(r: Report) -> list[str]:
    s = r.evaluation.scheme
    return [
        f"- Questionnaire: {code(r.file.path)} (sha256 `{r.file.sha256}`)",
        f"- Scheme: {md(s.name)} (`{s.id}`), **{phrases.status_line(s.status)}**",
        f"- Scheme file: {code(r.scheme_file.path)} (sha256 `{r.scheme_file.sha256}`)",
    ]


def _search_markdown(r: Report, result: SearchResult) -> str:
    out = [
        f"# What it takes: {md(r.questionnaire.job.title)}",
        "",
        *_source(r),
        "",
        f"**{md(phrases.search_heading(result))}.** "
        f"Constraints: {md(phrases.constraints_line(result))}.",
        "",
        f"**{md(phrases.search_verdict(result))}**",
        "",
    ]
    if result.solutions:
        out += ["| # | Steps | Factors | Changes | Total | Band |", "|---:|---:|---:|---|---:|---|"]
        for i, s in enumerate(result.solutions, 1):
            changes = "<br>".join(md(phrases.change_text(c)) for c in s.changes)
            out.append(
                f"| {i} | {s.steps} | {len(s.changes)} | {changes} | {s.total} "
                f"| {md(s.band.label)} |"
            )
        if result.more:
            out += [
                "",
                f"More solutions exist; ask for them with `--top {len(result.solutions) * 2}`.",
            ]
    return "\n".join(out) + "\n"


def _tornado_markdown(r: Report) -> str:
    e = r.evaluation
    out = [
        f"# Sensitivity: {md(r.questionnaire.job.title)}",
        "",
        *_source(r),
        "",
        f"**{md(phrases.outcome(e))}**",
        "",
    ]
    if line := phrases.fragility(e):
        out += [md(line), ""]
    out += ["| Factor | Level | −1 level | +1 level | Swing |", "|---|---:|---|---|---:|"]
    for f in phrases.tornado_rows(e):
        down, up = phrases.step_text(f.down), phrases.step_text(f.up)
        if f.down is not None and f.down.changes_band:
            down = f"**{down}** ✱"
        if f.up is not None and f.up.changes_band:
            up = f"**{up}** ✱"
        out.append(f"| {md(f.factor.name)} | {f.level} | {down} | {up} | {f.swing} |")
    out += ["", "✱ alone changes the band."]
    return "\n".join(out) + "\n"


def as_markdown(view: WhatifView, target: Target) -> str:
    """The search or the tornado, as markdown."""
    text = (
        _tornado_markdown(view.report)
        if view.search is None
        else _search_markdown(view.report, view.search)
    )
    if view.before is None:
        return text
    head, _, rest = text.partition("\n\n")
    rows = [
        f"| {md(name)} | {md(was)} | {md(now)} | {d:+d} |"
        for _, name, was, now, d in set_changes(view)
    ]
    table = ["| Factor | In the file | Set | Points |", "|---|---|---|---:|", *rows]
    return "\n\n".join([head, f"**{md(set_line(view))}**", "\n".join(table), rest])


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = WhatifJSON

FORMATS: Formats[WhatifView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
