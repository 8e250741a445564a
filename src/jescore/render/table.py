"""Terminal output through rich, rendered to a string at a given width.

The console is built per call (never at import) so that width and colour are the caller's
choice and tests are deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jescore.engine import Report, Step, ranking
from jescore.enums import Gate
from jescore.models import STATUS_MEANING, FileRef, Scheme, Status
from jescore.render.kit import phrases as text

if TYPE_CHECKING:
    from jescore.compare import FileChange
    from jescore.search import SearchResult

STATUS_STYLE = {
    Status.VERIFIED: "green",
    Status.UNVERIFIED: "bold yellow",
    Status.ILLUSTRATIVE: "bold magenta",
}


@contextmanager
def console(width: int, color: bool) -> Iterator[tuple[Console, io.StringIO]]:
    """A rich console writing to a string buffer."""
    buffer = io.StringIO()
    yield (
        Console(
            file=buffer,
            width=width,
            force_terminal=color,
            color_system="standard" if color else None,
            no_color=not color,
            highlight=False,
            markup=False,
            emoji=False,
            legacy_windows=False,
            force_jupyter=False,
            force_interactive=False,
        ),
        buffer,
    )


def _report(con: Console, r: Report) -> None:
    e = r.evaluation
    s = e.scheme
    con.print(Text(r.questionnaire.job.title, style="bold"))
    if line := text.job_line(r):
        con.print(line)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("Scheme", Text(s.name, style="bold"))
    head.add_row("", f"{s.id} · {s.edition}")
    head.add_row("", Text(text.status_line(s.status), style=STATUS_STYLE[s.status]))
    if e.grading is not None and r.grading_file is not None and r.grading_file != r.scheme_file:
        head.add_row("Bands", f"{e.grading.name} [{r.grading_status.value}]")
    head.add_row("Files", f"{r.file.path} (sha256 {r.file.sha256[:12]})")
    head.add_row("", f"{r.scheme_file.path} (sha256 {r.scheme_file.sha256[:12]})")
    if r.grading_file is not None and r.grading_file != r.scheme_file:
        head.add_row("", f"{r.grading_file.path} (sha256 {r.grading_file.sha256[:12]})")
    con.print(head)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True)
    table.add_column("Factor", footer="Total", ratio=1, overflow="fold")
    table.add_column("Level", justify="right", no_wrap=True)
    table.add_column("Points", footer=str(e.total), justify="right", no_wrap=True)
    table.add_column("Evid.", justify="right", no_wrap=True)
    table.add_column("−1 level", no_wrap=True)
    table.add_column("+1 level", no_wrap=True)
    for f in e.factors:
        cells = []
        for step in (f.down, f.up):
            label = text.step_text(step)
            if step is not None and step.changes_band:
                cells.append(Text(label + " ✱", style="bold yellow"))
            else:
                cells.append(Text(label, style="dim" if step is None else ""))
        evidence = Text(str(f.evidence), style="red" if f.evidence == 0 else "")
        table.add_row(
            f.factor.name,
            text.level_text(f.level, f.letters),
            str(f.points),
            evidence,
            *cells,
        )
    con.print(table)
    con.print(Text(text.outcome(e), style="bold"))
    if fragile := text.fragility(e):
        con.print(fragile)
    if near_line := text.near_boundary(r):
        near = e.near(r.near or 0)
        con.print(Text(near_line, style="bold yellow" if near.within else ""))
    changes = text.band_changes(e)
    if changes:
        con.print("✱ One level alone changes the band:")
        for change in changes:
            con.print(f"  {change}")
    elif e.grading is not None:
        con.print("No single level change moves the band.")


def render(reports: list[Report], width: int = 80, color: bool = False) -> str:
    """Every report, then a ranking table when there are several."""
    with console(width, color) as (con, buffer):
        for i, r in enumerate(reports):
            if i:
                con.print()
                con.rule(style="dim")
            _report(con, r)
        if len(reports) > 1:
            con.print()
            table = Table(
                title="Ranking by total, within each scheme", box=box.SIMPLE_HEAD, pad_edge=False
            )
            table.add_column("Scheme", no_wrap=True)
            table.add_column("Job (questionnaire)", ratio=1, overflow="fold")
            table.add_column("Total", justify="right", no_wrap=True)
            table.add_column("Band", no_wrap=True)
            previous = None
            for r in ranking(reports):
                band = r.evaluation.band
                scheme_id = r.evaluation.scheme.id
                table.add_row(
                    scheme_id if scheme_id != previous else "",
                    Text.assemble(r.questionnaire.job.title, (f"\n{r.file.path}", "dim")),
                    str(r.evaluation.total),
                    band.label if band else "outside",
                )
                previous = scheme_id
            con.print(table)
    return buffer.getvalue()


def scheme_list(rows: list[tuple[Scheme, FileRef]], width: int = 80, color: bool = False) -> str:
    """Shipped schemes with their status."""
    with console(width, color) as (con, buffer):
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Id", no_wrap=True)
        table.add_column("Name", ratio=1, overflow="fold")
        table.add_column("Status", no_wrap=True)
        table.add_column("Factors", justify="right")
        table.add_column("Bands", justify="right")
        for s, _ in rows:
            table.add_row(
                s.id,
                s.name,
                Text(s.status.value, style=STATUS_STYLE[s.status]),
                str(len(s.factors)),
                str(len(s.grading.bands)) if s.grading else "-",
            )
        con.print(table)
        for status in Status:
            con.print(f"{status.value}: {STATUS_MEANING[status]}", style="dim")
    return buffer.getvalue()


def scheme_show(
    scheme: Scheme,
    file: FileRef,
    warnings: list[str],
    width: int = 80,
    color: bool = False,
) -> str:
    """A scheme's provenance, factors, levels, points and bands."""
    with console(width, color) as (con, buffer):
        con.print(Text(scheme.name, style="bold"))
        con.print(f"Id {scheme.id} · {scheme.edition}")
        con.print(Text(text.status_line(scheme.status), style=STATUS_STYLE[scheme.status]))
        con.print(f"File {file.path} (sha256 {file.sha256[:12]})")
        for source in scheme.sources:
            con.print(f"Source: {source.title}" + (f" <{source.url}>" if source.url else ""))
        if scheme.notes:
            con.print(Text(scheme.notes, style="dim"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Factor", overflow="fold", max_width=max(16, width // 4))
        table.add_column("Lvl", justify="right")
        table.add_column("Pts", justify="right")
        table.add_column("Summary", ratio=1, overflow="fold")
        for i, factor in enumerate(scheme.factors):
            names = factor.name + f"\n[{', '.join((factor.id, *factor.aliases))}]"
            for level in factor.levels:
                letters = f" ({level.letters})" if level.letters else ""
                table.add_row(
                    names if level.level == 1 else "",
                    f"{level.level}{letters}",
                    str(level.points),
                    level.summary,
                    end_section=level.level == factor.top and i + 1 < len(scheme.factors),
                )
        con.print(table)
        con.print(f"Possible totals: {scheme.min_total}-{scheme.max_total}")
        if scheme.grading is None:
            con.print("No bands: pick a grading structure with --bands.")
        else:
            bands = Table(title=scheme.grading.name, box=box.SIMPLE_HEAD, pad_edge=False)
            bands.add_column("Band")
            bands.add_column("From", justify="right")
            bands.add_column("To", justify="right")
            for band in scheme.grading.bands:
                bands.add_row(band.label, str(band.min), "" if band.max is None else str(band.max))
            con.print(bands)
        for w in warnings:
            con.print(Text(w, style="yellow"))
    return buffer.getvalue()


def _source(con: Console, r: Report) -> None:
    s = r.evaluation.scheme
    con.print(Text(r.questionnaire.job.title, style="bold"))
    con.print(Text(text.status_line(s.status), style=STATUS_STYLE[s.status]))
    con.print(
        f"{r.file.path} (sha256 {r.file.sha256[:12]}) · {r.scheme_file.path} "
        f"(sha256 {r.scheme_file.sha256[:12]})",
        style="dim",
    )


def search(r: Report, result: SearchResult, width: int = 80, color: bool = False) -> str:
    """A target-band search: the smallest sets of changes, best first."""
    with console(width, color) as (con, buffer):
        _source(con, r)
        con.print(Text(text.search_heading(result), style="bold"))
        con.print(f"Constraints: {text.constraints_line(result)}.")
        con.print(Text(text.search_verdict(result), style="bold"))
        if result.solutions:
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column("#", justify="right", no_wrap=True)
            table.add_column("Steps", justify="right", no_wrap=True)
            table.add_column("Changes", ratio=1, overflow="fold")
            table.add_column("Total", justify="right", no_wrap=True)
            table.add_column("Band", no_wrap=True)
            for i, s in enumerate(result.solutions, 1):
                table.add_row(
                    str(i),
                    str(s.steps),
                    "\n".join(text.change_text(c) for c in s.changes),
                    f"{s.total} ({s.delta:+d})",
                    s.band.label,
                    end_section=i < len(result.solutions),
                )
            con.print(table)
            if result.more:
                con.print(f"More solutions exist: --top {len(result.solutions) * 2} shows more.")
    return buffer.getvalue()


def tornado(r: Report, width: int = 80, color: bool = False) -> str:
    """Per factor, the points swing of one level down and up as bars, largest swing first.

    The bars share one scale; '┃' marks where the next band up or down begins when it lies
    within the scale, and the header says how far each boundary is.
    """
    e = r.evaluation
    rows = text.tornado_rows(e)
    # The fixed columns take 20 cells. Names get half of the rest (at least 28 cells, unless
    # that would leave the bars less than 13); the bars get the rest.
    longest = max(len(f.factor.name) for f in rows)
    name_width = min(longest, max(28, (width - 20) // 2), max(8, width - 33))
    # Columns: name, "-35 ✱", bar (2 * half + 1), "+40 ✱"; each of the 3 gaps takes 3 cells
    # (padding, separator, padding).
    half = max(6, (width - name_width - 2 * 5 - 1 - 3 * 3) // 2)
    biggest = max([1] + [abs(s.delta) for f in rows for s in (f.down, f.up) if s is not None])
    m = e.margins
    lower = m.to_lower if m is not None else None
    upper = m.to_upper if m is not None else None
    # Show boundaries on the scale when they are not far beyond the largest change.
    reach = max([biggest] + [b for b in (lower, upper) if b is not None and b <= 2 * biggest])
    per_char = reach / half
    with console(width, color) as (con, buffer):
        _source(con, r)
        con.print(Text(text.outcome(e), style="bold"))
        if line := text.fragility(e):
            con.print(line)
        edges = []
        if m is not None and m.lower is not None:
            edges.append(f"◀ {lower} points to Band {m.lower.label}")
        if m is not None and m.upper is not None:
            edges.append(f"{upper} points to Band {m.upper.label} ▶")
        if edges:
            con.print("   ".join(edges), style="dim")
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("Factor", width=name_width, overflow="ellipsis", no_wrap=True)
        table.add_column("−1", justify="right", no_wrap=True, min_width=5)
        scale = f"1 char ≈ {per_char:.1f} points"
        heading = f"swing, {scale}" if len(scale) + 7 <= 2 * half + 1 else "swing"
        table.add_column(heading, width=2 * half + 1, no_wrap=True)
        table.add_column("+1", no_wrap=True, min_width=5)
        for f in rows:
            table.add_row(
                f.factor.name,
                _delta(f.down),
                _bar(f.down, f.up, half, per_char, lower, upper),
                _delta(f.up),
            )
        con.print(table)
        con.print(f"✱ alone changes the band; {scale}", style="dim")
    return buffer.getvalue()


def _delta(step: Step | None) -> Text:
    if step is None:
        return Text("-", style="dim")
    mark = " ✱" if step.changes_band else ""
    return Text(f"{step.delta:+d}{mark}", style="bold yellow" if step.changes_band else "")


def _bar(
    down: Step | None,
    up: Step | None,
    half: int,
    per_char: float,
    lower: int | None,
    upper: int | None,
) -> Text:
    cells = [" "] * (2 * half + 1)
    styles = [""] * len(cells)
    cells[half] = "│"
    for step, sign in ((down, -1), (up, 1)):
        if step is None:
            continue
        length = min(half, max(1, round(abs(step.delta) / per_char)))
        for k in range(1, length + 1):
            cells[half + sign * k] = "█"
            styles[half + sign * k] = "yellow" if step.changes_band else "cyan"
    for distance, sign in ((lower, -1), (upper, 1)):
        if distance is None:
            continue
        pos = round(distance / per_char)
        if pos <= half:
            cells[half + sign * pos] = "┃"
            styles[half + sign * pos] = "bold red"
    bar = Text()
    for ch, style in zip(cells, styles, strict=True):
        bar.append(ch, style=style)
    return bar


def comparison(changes: list[FileChange], gate: Gate, width: int = 80, color: bool = False) -> str:
    """Each file's verdict, changed factors and evidence, then the gate."""
    with console(width, color) as (con, buffer):
        for n, change in enumerate(changes):
            if n:
                con.print()
            con.print(Text(text.file_heading(change), style="bold"))
            style = (
                "bold yellow" if change.comparison and change.comparison.band_changed else "bold"
            )
            con.print(Text(text.verdict(change), style=style))
            totals = Table.grid(padding=(0, 2))
            totals.add_column(style="dim", no_wrap=True)
            totals.add_column(overflow="fold")
            for label, side in (("Old", change.old), ("New", change.new)):
                if side is not None:
                    totals.add_row(label, text.outcome(side.evaluation))
            con.print(totals)
            c = change.comparison
            if c is None:
                continue
            rows = [f for f in c.factors if f.level_changed or f.evidence_changed]
            if not rows:
                continue
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column("Factor", ratio=1, overflow="fold")
            table.add_column("Old", justify="right", no_wrap=True)
            table.add_column("New", justify="right", no_wrap=True)
            table.add_column("Points", justify="right", no_wrap=True)
            table.add_column("Evidence", ratio=2, overflow="fold")
            for f in rows:
                evidence = [f"+ {e}" for e in f.evidence_added]
                evidence += [f"- {e}" for e in f.evidence_removed]
                table.add_row(
                    f.factor.name,
                    "-" if f.old_level is None else f"{f.old_level}{f.old_letters}",
                    "-" if f.new_level is None else f"{f.new_level}{f.new_letters}",
                    f"{f.delta:+d}" if f.delta else "",
                    "\n".join(evidence),
                )
            con.print(table)
        if not changes:
            con.print("No questionnaire changed.")
        con.print()
        tripped = any(c.trips(gate) for c in changes)
        con.print(Text(text.gate_line(gate, changes), style="bold red" if tripped else "bold"))
    return buffer.getvalue()
