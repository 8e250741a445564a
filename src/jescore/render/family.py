"""Rank order and consistency checks for many jobs: table, json, csv and markdown.

Tables list many rows, so they are plain fixed-width text rather than rich tables: the same
look at any size, and fast for thousands of jobs.
"""

from __future__ import annotations

from typing import Any

from jescore import __version__
from jescore.consistency import Boundary, Finding
from jescore.ranking import JobRow, ranked
from jescore.render.json import SHAPE_VERSION, dumps
from jescore.render.markdown import cell
from jescore.safety import csv_text

RANK_COLUMNS = ["rank", "scheme", "title", "file", "total", "band", "nearest_boundary"]


def _nearest(row: JobRow) -> str:
    if row.to_nearer is None or row.nearer_band is None:
        return "-" if row.band is not None else "outside the bands"
    return f"{row.to_nearer} to Band {row.nearer_band}"


def rank_rows(rows: list[JobRow]) -> list[list[str]]:
    """Rank order as cells: rank restarts at 1 in each scheme."""
    out = []
    previous, n = None, 0
    for row in ranked(rows):
        n = n + 1 if row.scheme == previous else 1
        previous = row.scheme
        out.append(
            [
                str(n),
                row.scheme,
                row.title,
                row.path,
                str(row.total),
                row.band or "-",
                _nearest(row),
            ]
        )
    return out


def fixed_columns(
    headers: list[str],
    rows: list[list[str]],
    right: set[int],
    width: int | None = None,
    shrink: tuple[tuple[int, int, bool], ...] = (),
) -> str:
    """Aligned columns, two spaces apart, measured in terminal cells (CJK and emoji take two).

    With a width, columns in ``shrink`` (index, narrowest width, keep the end?) give way in
    that order until the lines fit, or can give no more; a shortened cell ends (or starts) with
    '…'. A path keeps its end, where the file name is.
    """
    from rich.cells import cell_len, set_cell_size  # display width, as the terminal draws it

    rows = [[" ".join(c.split()) for c in r] for r in rows]  # one line per cell
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is not None:
        for index, narrowest, _ in shrink:
            excess = sum(widths) + 2 * (len(widths) - 1) - width
            if excess <= 0:
                break
            widths[index] = max(narrowest, widths[index] - excess)
        cut = {index: keep_end for index, _, keep_end in shrink}
    else:
        cut = {}

    def fit(i: int, c: str, w: int) -> str:
        if cell_len(c) <= w or i not in cut:
            return c
        if cut[i]:  # keep the end: cut the reversed text, then turn it back
            return "…" + set_cell_size(c[::-1], w - 1)[::-1]
        return set_cell_size(c, w - 1) + "…"

    def pad(i: int, c: str, w: int) -> str:
        fitted = fit(i, c, w)
        gap = " " * max(0, w - cell_len(fitted))
        return gap + fitted if i in right else fitted + gap

    def line(cells: list[str]) -> str:
        parts = [pad(i, c, w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def rank_table(rows: list[JobRow], width: int | None = None) -> str:
    """Rank order as aligned plain text; with a width, long titles and paths are shortened."""
    headers = ["#", "Scheme", "Job", "File", "Total", "Band", "Nearest boundary"]
    # Titles and paths give way first, then scheme ids, then titles and paths again.
    shrink = ((2, 24, False), (3, 24, True), (1, 12, False), (2, 16, False), (3, 20, True))
    return fixed_columns(headers, rank_rows(rows), {0, 4}, width, shrink)


def rank_csv(rows: list[JobRow]) -> str:
    """Rank order, one row per job (cells a spreadsheet would run as formulas are defused)."""
    return csv_text([RANK_COLUMNS, *rank_rows(rows)])


def rank_markdown(rows: list[JobRow]) -> str:
    """Rank order as a markdown table."""
    out = [
        "# jescore rank order (within each scheme)",
        "",
        "| # | Scheme | Job | File | Total | Band | Nearest boundary |",
        "|---:|---|---|---|---:|---|---|",
    ]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rank_rows(rows)]
    return "\n".join(out) + "\n"


def _row(row: JobRow) -> dict[str, Any]:
    return {
        "file": row.path,
        "title": row.title,
        "reference": row.reference,
        "family": row.family,
        "scheme": row.scheme,
        "grading": row.grading,
        "total": row.total,
        "band": row.band,
        "nearer_boundary": row.nearer,
        "points_to_nearer": row.to_nearer,
        "band_across_nearer": row.nearer_band,
    }


def rank_json(rows: list[JobRow]) -> str:
    """Rank order as JSON: jobs in rank order with a rank within their scheme."""
    jobs = []
    for cells, row in zip(rank_rows(rows), ranked(rows), strict=True):
        jobs.append({"rank": int(cells[0]), **_row(row)})
    return dumps({"jescore_version": __version__, "shape": SHAPE_VERSION, "jobs": jobs})


# --- check -----------------------------------------------------------------------------------


def _boundary_dict(b: Boundary) -> dict[str, Any]:
    return {
        "scheme": b.scheme,
        "grading": b.grading,
        "lower_band": b.lower,
        "upper_band": b.upper,
        "at": b.at,
        "below": [{"file": r.path, "title": r.title, "total": r.total} for r in b.below],
        "above": [{"file": r.path, "title": r.title, "total": r.total} for r in b.above],
        "headcount_below": b.headcount(b.below),
        "headcount_above": b.headcount(b.above),
    }


def check_json(
    jobs: int, findings: list[Finding], boundaries: list[Boundary] | None, failed: bool
) -> str:
    """Findings, the boundary report (with --near) and whether the gate failed."""
    return dumps(
        {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "jobs": jobs,
            "failed": failed,
            "findings": [
                {"check": f.check.value, "message": f.message, "jobs": list(f.jobs)}
                for f in findings
            ],
            "boundaries": None if boundaries is None else [_boundary_dict(b) for b in boundaries],
        }
    )


def _headcount_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{group} {n}" for group, n in counts.items()) or "no headcounts given"


def check_text(
    jobs: int, findings: list[Finding], boundaries: list[Boundary] | None, markdown: bool
) -> str:
    """Findings grouped by check, then the boundary report; plain text or markdown."""
    bullet = "- " if markdown else "  "
    out = ["# jescore consistency check", ""] if markdown else []
    out.append(f"{jobs} job(s) checked; {len(findings)} finding(s).")
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check.value, []).append(f)
    for check, items in by_check.items():
        out += ["", f"## {check}" if markdown else f"{check}:"]
        out += [bullet + (cell(f.message) if markdown else f.message) for f in items]
    if boundaries is not None:
        out += ["", "## Boundary report" if markdown else "Boundary report:"]
        if not boundaries:
            out.append(bullet + "no job lies that close to a boundary")
        for b in boundaries:
            lower, upper = (cell(b.lower), cell(b.upper)) if markdown else (b.lower, b.upper)
            out.append(
                f"{bullet}bands {lower}/{upper} at {b.at} ({b.scheme}): "
                f"{len(b.below)} just below ({_headcount_text(b.headcount(b.below))}), "
                f"{len(b.above)} just above ({_headcount_text(b.headcount(b.above))})"
            )
    return "\n".join(out) + "\n"
