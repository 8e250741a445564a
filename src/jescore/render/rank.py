"""``rank``: the rank order of many jobs within each scheme, with the nearest boundary.

Formats: table (one line a job: on a terminal, long titles and paths give way to fit; piped or
written to a file, every cell is whole), json, csv, markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.ranking import JobRow, SchemeFacts, ranked
from jescore.render.kit import Formats, Target
from jescore.render.kit.columns import fixed_columns
from jescore.render.kit.console import Column, Doc, Table, cells
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    FileJSON,
    JobJSON,
    SchemeRefJSON,
    ScoreJSON,
    Sources,
    band_json,
    dumps,
    job_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.scores import GradingJSON, sign_off_json
from jescore.safety import csv_text

COMMAND = "rank"
RANK_COLUMNS = ["rank", "scheme", "title", "file", "total", "band", "nearest_boundary"]


@dataclass(frozen=True, slots=True)
class RankView:
    """The summary row of every job ranked."""

    rows: tuple[JobRow, ...]


def register(sources: Sources, row: JobRow) -> None:
    """The files and scheme a summary row was made from."""
    from jescore.models import FileRef

    sources.file(FileRef(row.path, row.sha256), "questionnaire")
    facts = row.facts
    if facts.scheme is not None and facts.scheme_file is not None:
        sources.scheme(facts.scheme, facts.scheme_file)
    if facts.grading_file is not None:
        sources.file(facts.grading_file, "grading")


def nearest(row: JobRow) -> str:
    """'8 to Band 6', '-' (no neighbouring band) or 'outside the bands'."""
    if row.to_nearer is None or row.nearer_band is None:
        return "-" if row.band is not None else "outside the bands"
    return f"{row.to_nearer} to Band {row.nearer_band}"


@dataclass(frozen=True, slots=True)
class Ranked:
    """A job's place: its rank within its scheme, and whether another job shares it."""

    rank: int
    tied: bool

    def __str__(self) -> str:
        """'3', or '3=' when tied (as a panel writes it)."""
        return f"{self.rank}=" if self.tied else str(self.rank)


def rank_rows(rows: tuple[JobRow, ...] | list[JobRow]) -> list[tuple[Ranked, JobRow]]:
    """Rows in rank order with their rank, restarting at 1 in each scheme.

    Equal totals share a rank, and the next rank skips as many places ("1=", "1=", "3").
    """
    order = ranked(rows)
    counts: dict[tuple[str, int], int] = {}
    for row in order:
        counts[(row.scheme, row.total)] = counts.get((row.scheme, row.total), 0) + 1
    out: list[tuple[Ranked, JobRow]] = []
    previous: tuple[str, int] | None = None
    n = rank = 0
    for row in order:
        key = (row.scheme, row.total)
        n = n + 1 if previous is not None and row.scheme == previous[0] else 1
        if key != previous:
            rank = n
        previous = key
        out.append((Ranked(rank, counts[key] > 1), row))
    return out


def _title(row: JobRow) -> str:
    """The job's title, with its evaluation's status where the questionnaire states one."""
    status = row.sign_off.status if row.sign_off is not None else None
    return f"{row.title} [{status.value}]" if status is not None else row.title


def _cells(n: Ranked, row: JobRow) -> list[str]:
    return [
        str(n),
        row.scheme,
        _title(row),
        row.path,
        str(row.total),
        row.band or "-",
        nearest(row),
    ]


# --- json ------------------------------------------------------------------------------------


class NearestJSON(TypedDict):
    """The nearer boundary: which side, how many points, and the band across it."""

    side: str
    points: int
    band: BandJSON | None


class RowJSON(TypedDict):
    """A job from its summary row: which file, which job, under what, and its score."""

    file: FileJSON
    job: JobJSON
    scheme: SchemeRefJSON
    grading: GradingJSON | None
    score: ScoreJSON


class RankedJobJSON(RowJSON):
    """One job in the rank order."""

    rank: int
    #: Whether another job under the same scheme has the same total (and so the same rank).
    tied: bool
    nearest_boundary: NearestJSON | None


class RankJSON(Envelope):
    """``rank --format json``."""

    jobs: list[RankedJobJSON]


def grading_json(facts: SchemeFacts) -> GradingJSON | None:
    """Bands from a grading structure of their own, or None for the scheme's."""
    g, file = facts.grading, facts.grading_file
    if g is None or file is None:
        return None
    status = g.status if g.status is not None else facts.scheme.status if facts.scheme else None
    return {
        "id": g.id,
        "name": g.name,
        "status": status.value if status is not None else "",
        "file": {"path": file.path, "sha256": file.sha256},
    }


def job_of_row(row: JobRow) -> JobJSON:
    """A summary row's job as every command names it, with its sign-off when it has one."""
    out = job_json(row.title, row.reference, row.organisation, row.family)
    if row.sign_off is not None:
        out["sign_off"] = sign_off_json(row.sign_off)
    return out


def row_json(row: JobRow) -> RowJSON:
    """A job from its summary row, in the sub-objects every command shares."""
    facts = row.facts
    band = facts.bands.get(row.band) if row.band is not None else None
    return {
        "file": {"path": row.path, "sha256": row.sha256},
        "job": job_of_row(row),
        "scheme": {
            "id": row.scheme,
            "sha256": facts.scheme_file.sha256 if facts.scheme_file else "",
        },
        "grading": grading_json(facts),
        "score": {"total": row.total, "band": band_json(band)},
    }


def job_entry(n: Ranked, row: JobRow) -> RankedJobJSON:
    """One ranked job."""
    across = row.facts.bands.get(row.nearer_band) if row.nearer_band is not None else None
    near: NearestJSON | None = None
    if row.nearer is not None and row.to_nearer is not None:
        near = {"side": row.nearer, "points": row.to_nearer, "band": band_json(across)}
    return {**row_json(row), "rank": n.rank, "tied": n.tied, "nearest_boundary": near}


def as_json(view: RankView, target: Target) -> str:
    """Jobs in rank order with a rank within their scheme."""
    sources = Sources()
    ranked_rows = rank_rows(view.rows)
    for _, row in ranked_rows:
        register(sources, row)
    data: RankJSON = {
        **sources.envelope(COMMAND),
        "jobs": [job_entry(n, row) for n, row in ranked_rows],
    }
    return dumps(data, flat_below=None if len(view.rows) <= 50 else 2)


# --- table, csv, markdown --------------------------------------------------------------------


def as_table(view: RankView, target: Target) -> str:
    """One line per job when that fits the width; else a heading per scheme, file under title.

    Nothing is cut short: a title wraps between words, scheme ids and paths stay whole.
    """
    headers = ["#", "Scheme", "Job", "File", "Total", "Band", "Nearest boundary"]
    ranked_rows = rank_rows(view.rows)
    rows = [_cells(n, row) for n, row in ranked_rows]
    if not rows:
        return ""
    flat = fixed_columns(headers, rows, {0, 4})
    if max(cells(line) for line in flat.splitlines()) <= target.width:
        return flat
    table = Table(
        [
            Column("#", "right"),
            Column("Job", wrap=True, ratio=3),
            Column("Total", "right"),
            Column("Band"),
            Column("Nearest boundary", wrap=True),
        ]
    )
    indent = " " * (max(len(str(n)) for n, _ in ranked_rows) + 2)
    scheme = None
    for n, row in ranked_rows:
        if row.scheme != scheme:
            scheme = row.scheme
            table.section()
            table.heading(scheme)
        table.row(str(n), _title(row), str(row.total), row.band or "-", nearest(row))
        table.heading(indent + row.path, "dim")
    doc = Doc(target.width, target.color)
    doc.table(table)
    return doc.text()


def as_csv(view: RankView, target: Target) -> str:
    """One row per job (cells a spreadsheet would run as formulas are defused)."""
    return csv_text([RANK_COLUMNS, *(_cells(n, row) for n, row in rank_rows(view.rows))])


def as_markdown(view: RankView, target: Target) -> str:
    """Rank order as a markdown table."""
    out = [
        "# jescore rank order (within each scheme)",
        "",
        "| # | Scheme | Job | File | Total | Band | Nearest boundary |",
        "|---:|---|---|---|---:|---|---|",
    ]
    out += [
        "| " + " | ".join(md(c) for c in _cells(n, row)) + " |" for n, row in rank_rows(view.rows)
    ]
    return "\n".join(out) + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = RankJSON

FORMATS: Formats[RankView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.CSV: as_csv,
    Format.MARKDOWN: as_markdown,
}
