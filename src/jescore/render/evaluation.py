"""``evaluate``: each questionnaire's points, total, band, margins and sensitivity.

Formats: table (the terminal), json, markdown. With several questionnaires, a ranking by total
within each scheme follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict

from jescore.engine import Report, Step, ranking
from jescore.formats import Format
from jescore.render.kit import Formats, Target, phrases
from jescore.render.kit.console import Cell, Column, Doc, Table, cell
from jescore.render.kit.envelope import (
    Envelope,
    FileJSON,
    JobJSON,
    SchemeRefJSON,
    ScoreJSON,
    Sources,
    dumps,
    file_json,
    scheme_ref,
    score_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code
from jescore.render.kit.scores import (
    FragilityJSON,
    MarginsJSON,
    ScoredJSON,
    StepJSON,
    fragility_json,
    heading,
    job_of,
    margins_json,
    register,
    scored_json,
    step_json,
)

if TYPE_CHECKING:
    from jescore.render.kit.docx import Document

COMMAND = "evaluate"


@dataclass(frozen=True, slots=True)
class EvaluationView:
    """The evaluations of one run, in the order the files were found."""

    reports: tuple[Report, ...]


# --- json ------------------------------------------------------------------------------------


class PossibleJSON(TypedDict):
    """The lowest and highest totals the scheme allows."""

    min: int
    max: int


class FactorJSON(TypedDict):
    """One factor's level, points and the effect of one level down and up."""

    id: str
    name: str
    level: int
    letters: str
    top_level: int
    points: int
    evidence: int
    down: StepJSON | None
    up: StepJSON | None


class NearJSON(TypedDict):
    """jescore's own near-boundary flag."""

    convention: str
    threshold: int
    within: bool


class EvaluationJSON(ScoredJSON):
    """One evaluation."""

    version: str | None
    date: str | None
    possible: PossibleJSON
    position: str
    outside_by: int | None
    margins: MarginsJSON | None
    factors: list[FactorJSON]
    band_changing_factors: list[str]
    fragility: FragilityJSON
    near_boundary: NearJSON | None


class RankedJSON(TypedDict):
    """A job in the ranking by total within its scheme."""

    rank: int
    #: Whether another job under the same scheme has the same total (and so the same rank).
    tied: bool
    scheme: SchemeRefJSON
    file: FileJSON
    job: JobJSON
    score: ScoreJSON


class EvaluateJSON(Envelope):
    """``evaluate --format json``."""

    evaluations: list[EvaluationJSON]
    ranking: list[RankedJSON]


def evaluation_json(report: Report) -> EvaluationJSON:
    """One evaluation as JSON."""
    e = report.evaluation
    job = report.questionnaire.job
    return {
        **scored_json(report),
        "version": job.version,
        "date": job.date.isoformat() if job.date else None,
        "possible": {"min": e.scheme.min_total, "max": e.scheme.max_total},
        "position": e.position.value,
        "outside_by": e.outside_by,
        "margins": margins_json(e.margins),
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "level": f.level,
                "letters": f.letters,
                "top_level": f.factor.top,
                "points": f.points,
                "evidence": f.evidence,
                "down": step_json(f.down),
                "up": step_json(f.up),
            }
            for f in e.factors
        ],
        "band_changing_factors": [f.factor.id for f in e.band_changers],
        "fragility": fragility_json(e),
        "near_boundary": None
        if report.near is None
        else {
            "convention": "jescore",
            "threshold": report.near,
            "within": e.near(report.near).within,
        },
    }


def ranked_json(reports: tuple[Report, ...]) -> list[RankedJSON]:
    """The ranking by total within each scheme (rank restarts at 1 in each).

    Equal totals share a rank, and the next rank skips as many places (as ``rank`` gives them).
    """
    out: list[RankedJSON] = []
    order = ranking(list(reports))
    counts: dict[tuple[str, int], int] = {}
    for r in order:
        key = (r.evaluation.scheme.id, r.evaluation.total)
        counts[key] = counts.get(key, 0) + 1
    previous: tuple[str, int] | None = None
    n = place = 0
    for r in order:
        e = r.evaluation
        key = (e.scheme.id, e.total)
        n = n + 1 if previous is not None and e.scheme.id == previous[0] else 1
        if key != previous:
            place = n
        previous = key
        out.append(
            {
                "rank": place,
                "tied": counts[key] > 1,
                "scheme": scheme_ref(e.scheme, r.scheme_file),
                "file": file_json(r.file),
                "job": job_of(r.questionnaire.job, r.questionnaire.sign_off),
                "score": score_json(e.total, e.band),
            }
        )
    return out


def as_json(view: EvaluationView, target: Target) -> str:
    """Every evaluation, then the ranking."""
    sources = Sources()
    for r in view.reports:
        register(sources, r)
    data: EvaluateJSON = {
        **sources.envelope(COMMAND),
        "evaluations": [evaluation_json(r) for r in view.reports],
        "ranking": ranked_json(view.reports),
    }
    return dumps(data, flat_below=None if len(view.reports) <= 50 else 5)


# --- table -----------------------------------------------------------------------------------

_FACTORS = (
    Column("Factor", wrap=True),
    Column("Level", "right"),
    Column("Points", "right"),
    Column("Evid.", "right"),
    Column("−1 level"),
    Column("+1 level"),
)


def _step_cell(step: Step | None) -> Cell:
    label = phrases.step_text(step)
    if step is not None and step.changes_band:
        return cell(label + " ✱", "bold yellow")
    return cell(label, "dim" if step is None else "")


def report_text(doc: Doc, r: Report) -> None:
    """One evaluation: heading, factor table, outcome and sensitivity."""
    e = r.evaluation
    heading(doc, r)
    doc.blank()
    table = Table(_FACTORS)
    for f in e.factors:
        table.row(
            f.factor.name,
            phrases.level_text(f.level, f.letters),
            f.points,
            cell(f.evidence, "red" if f.evidence == 0 else ""),
            _step_cell(f.down),
            _step_cell(f.up),
        )
    table.foot("Total", "", e.total, "", "", "")
    doc.table(table)
    doc.blank()
    doc.para(phrases.outcome(e), "bold")
    if fragile := phrases.fragility(e):
        doc.para(fragile)
    if near_line := phrases.near_boundary(r):
        doc.para(near_line, "bold yellow" if e.near(r.near or 0).within else "")
    changes = phrases.band_changes(e)
    if changes:
        doc.para("✱ One level alone changes the band:")
        for change in changes:
            doc.para(change, indent=2, hang=2)
    elif e.grading is not None:
        doc.para("No single level change moves the band.")


def as_table(view: EvaluationView, target: Target) -> str:
    """Every evaluation, then a ranking table when there are several."""
    doc = Doc(target.width, target.color)
    for i, r in enumerate(view.reports):
        if i:
            doc.blank()
            doc.line(("─" * doc.width, "dim"))
        report_text(doc, r)
    if len(view.reports) > 1:
        doc.blank()
        doc.para("Ranking by total, within each scheme", "bold")
        table = Table(
            (
                Column("#", "right"),
                Column("Scheme"),
                Column("Job (questionnaire)", wrap=True),
                Column("Total", "right"),
                Column("Band"),
            )
        )
        previous = None
        for row in ranked_json(view.reports):
            scheme_id = row["scheme"]["id"]
            band = row["score"]["band"]
            table.row(
                f"{row['rank']}=" if row["tied"] else row["rank"],
                scheme_id if scheme_id != previous else "",
                cell(f"{row['job']['title']}\n{row['file']['path']}"),
                row["score"]["total"],
                band["label"] if band else "outside",
            )
            previous = scheme_id
        doc.table(table)
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def _md_file(path: str, sha256: str) -> str:
    return f"{code(path)} (sha256 `{sha256}`)"


def report_markdown(r: Report) -> str:
    """One evaluation as a markdown section."""
    e = r.evaluation
    s = e.scheme
    out = [f"## {md(r.questionnaire.job.title)}", ""]
    if line := phrases.job_line(r):
        out += [md(line), ""]
    if signed := phrases.sign_off_line(r.questionnaire.sign_off):
        out += [md(signed), ""]
    out.append(f"- Questionnaire: {_md_file(r.file.path, r.file.sha256)}")
    out.append(f"- Scheme: {md(s.name)} (`{s.id}`, {md(s.edition)})")
    out.append(f"- Scheme status: **{phrases.status_line(s.status)}**")
    out.append(f"- Scheme file: {_md_file(r.scheme_file.path, r.scheme_file.sha256)}")
    if e.grading is not None and r.grading_file is not None:
        out.append(
            f"- Bands: {md(e.grading.name)}, {r.grading_status.value}, "
            f"from {_md_file(r.grading_file.path, r.grading_file.sha256)}"
        )
    out += [
        "",
        "| Factor | Level | Points | Evidence | −1 level | +1 level |",
        "|---|---:|---:|---:|---|---|",
    ]
    for f in e.factors:
        down, up = phrases.step_text(f.down), phrases.step_text(f.up)
        if f.down is not None and f.down.changes_band:
            down = f"**{down}** ✱"
        if f.up is not None and f.up.changes_band:
            up = f"**{up}** ✱"
        out.append(
            f"| {md(f.factor.name)} | {phrases.level_text(f.level, f.letters)} | {f.points} "
            f"| {f.evidence} | {down} | {up} |"
        )
    out += [f"| **Total** | | **{e.total}** | | | |", "", f"**{md(phrases.outcome(e))}**", ""]
    for extra in (phrases.fragility(e), phrases.near_boundary(r)):
        if extra:
            out += [md(extra), ""]
    changes = phrases.band_changes(e)
    if changes:
        out.append("✱ One level alone changes the band:")
        out += [f"- {md(c)}" for c in changes]
    elif e.grading is not None:
        out.append("No single level change moves the band.")
    return "\n".join(out) + "\n"


def as_markdown(view: EvaluationView, target: Target) -> str:
    """Every evaluation, then a ranking when there are several."""
    parts = ["# jescore evaluation\n"] + [report_markdown(r) for r in view.reports]
    if len(view.reports) > 1:
        rows = [
            "## Ranking by total, within each scheme",
            "",
            "| # | Scheme | Job | Questionnaire | Total | Band |",
            "|---:|---|---|---|---:|---|",
        ]
        for row in ranked_json(view.reports):
            band = row["score"]["band"]
            place = f"{row['rank']}=" if row["tied"] else str(row["rank"])
            rows.append(
                f"| {place} | `{row['scheme']['id']}` | {md(row['job']['title'])} "
                f"| {code(row['file']['path'])} | {row['score']['total']} "
                f"| {md(band['label']) if band else 'outside'} |"
            )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


# --- docx ------------------------------------------------------------------------------------


def _evidence_line(text: str, source: str | None) -> str:
    return f"{text} ({source})" if source else text


def _report_docx(doc: Document, r: Report, level: int) -> None:
    """One evaluation: the job, the outcome, the factor table, then each factor in full."""
    from jescore.engine import answers_by_factor
    from jescore.render.kit.docx import Column as DocColumn

    e = r.evaluation
    if line := phrases.job_line(r):
        doc.para(line, bold=True)
    doc.banner(e.scheme.status.value, phrases.status_line(e.scheme.status))
    doc.para(f"Scheme: {e.scheme.name} ({e.scheme.id}, {e.scheme.edition})")
    if signed := phrases.sign_off_line(r.questionnaire.sign_off):
        doc.para(signed)
    doc.para(phrases.outcome(e), bold=True)
    for extra in (phrases.fragility(e), phrases.near_boundary(r)):
        if extra:
            doc.para(extra)
    doc.heading("Factor by factor", level)
    rows = [
        [
            f.factor.name,
            phrases.level_text(f.level, f.letters),
            str(f.points),
            phrases.step_text(f.down),
            phrases.step_text(f.up),
        ]
        for f in e.factors
    ]
    rows.append(["Total", "", str(e.total), "", ""])
    doc.table(
        [
            DocColumn("Factor", weight=2),
            DocColumn("Level", "right"),
            DocColumn("Points", "right"),
            DocColumn("One level down"),
            DocColumn("One level up"),
        ],
        rows,
        shade=[
            bool((f.down and f.down.changes_band) or (f.up and f.up.changes_band))
            for f in e.factors
        ],
        total=True,
    )
    changes = phrases.band_changes(e)
    if changes:
        doc.para("One level alone changes the band (shaded above):")
        doc.bullets(changes)
    answers = answers_by_factor(r.questionnaire, e.scheme)
    for f in e.factors:
        answer = answers[f.factor.id]
        lvl = next((x for x in f.factor.levels if x.level == f.level), None)
        doc.heading(
            f"{f.factor.name}: level {phrases.level_text(f.level, f.letters)}, {f.points} points",
            level + 1,
        )
        if lvl is not None:
            doc.labelled([("Level description", lvl.summary)])
        if answer.evidence:
            doc.para("Evidence:", bold=True)
            doc.bullets([_evidence_line(x.text, x.source) for x in answer.evidence])
        else:
            doc.para("Evidence: none cited.", italic=True)
        if answer.rationale:
            doc.labelled([("Rationale", answer.rationale)])


def _provenance_docx(r: Report) -> list[str]:
    s = r.evaluation.scheme
    lines = [
        f"Questionnaire: {r.file.path} (sha256 {r.file.sha256})",
        f"Scheme: {s.name} ({s.id}, {s.edition}); status {s.status.value}; "
        f"file {r.scheme_file.path} (sha256 {r.scheme_file.sha256})",
    ]
    grading = r.evaluation.grading
    if grading is not None and r.grading_file is not None:
        lines.append(
            f"Bands: {grading.name}, {r.grading_status.value}; file {r.grading_file.path} "
            f"(sha256 {r.grading_file.sha256})"
        )
    return lines


def as_docx(view: EvaluationView, target: Target) -> bytes:
    """The evaluation pack: per factor the level, points, level description, evidence, rationale."""
    from jescore import __version__
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line

    reports = view.reports
    schemes = list(
        dict.fromkeys((r.evaluation.scheme.id, r.evaluation.scheme.status.value) for r in reports)
    )
    files = [("questionnaire", r.file.sha256) for r in reports]
    files += list(dict.fromkeys(("scheme", r.scheme_file.sha256) for r in reports))
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
    )
    if len(reports) == 1:
        doc = Document(f"Evaluation: {reports[0].questionnaire.job.title}", layout)
        _report_docx(doc, reports[0], 2)
    else:
        doc = Document(f"Evaluations: {len(reports)} jobs", layout)
        for n, r in enumerate(reports):
            doc.heading(r.questionnaire.job.title, 2, new_page=n > 0)
            _report_docx(doc, r, 3)
        doc.heading("Ranking by total, within each scheme", 2, new_page=True)
        doc.table(
            [
                DocColumn("#", "right"),
                DocColumn("Scheme"),
                DocColumn("Job", weight=2),
                DocColumn("Total", "right"),
                DocColumn("Band"),
            ],
            [
                [
                    str(row["rank"]),
                    row["scheme"]["id"],
                    row["job"]["title"],
                    str(row["score"]["total"]),
                    row["score"]["band"]["label"] if row["score"]["band"] else "outside",
                ]
                for row in ranked_json(reports)
            ],
        )
    lines = [line for r in reports for line in _provenance_docx(r)]
    doc.provenance([*dict.fromkeys(lines), f"jescore {__version__}"])
    return doc.bytes()


# --- html ------------------------------------------------------------------------------------


def _job_html(r: Report) -> dict[str, Any]:
    """One evaluation for the page: who and what first, then the factors in full."""
    from jescore.engine import answers_by_factor

    e = r.evaluation
    job = r.questionnaire.job
    facts = [
        ("Job", job.title),
        ("Reference", job.reference),
        ("Organisation", job.organisation),
        ("Version", job.version),
        ("Date", job.date.isoformat() if job.date else None),
        ("Scheme", f"{e.scheme.name} ({e.scheme.id}, {e.scheme.edition})"),
        ("Status", phrases.sign_off_line(r.questionnaire.sign_off)),
    ]
    answers = answers_by_factor(r.questionnaire, e.scheme)
    factors = []
    for f in e.factors:
        answer = answers[f.factor.id]
        lvl = next((x for x in f.factor.levels if x.level == f.level), None)
        factors.append(
            {
                "name": f.factor.name,
                "level": phrases.level_text(f.level, f.letters),
                "points": f.points,
                "down": phrases.step_text(f.down),
                "up": phrases.step_text(f.up),
                "swing": bool((f.down and f.down.changes_band) or (f.up and f.up.changes_band)),
                "description": lvl.summary if lvl is not None else None,
                "evidence": [_evidence_line(x.text, x.source) for x in answer.evidence],
                "rationale": answer.rationale,
            }
        )
    return {
        "title": job.title,
        "facts": [(label, value) for label, value in facts if value],
        "outcome": phrases.outcome(e),
        "notes": [x for x in (phrases.fragility(e), phrases.near_boundary(r)) if x],
        "factors": factors,
        "total": e.total,
        "band": phrases.band_of(e),
        "changes": phrases.band_changes(e),
    }


def as_html(view: EvaluationView, target: Target) -> str:
    """The evaluation pack as a printable page.

    Per factor the level, points, the scheme's level description, the evidence and the
    rationale; files and hashes at the end.
    """
    from jescore.render.kit.html import Banner, Page, page

    reports = view.reports
    banners = {
        r.evaluation.scheme.id: Banner(
            r.evaluation.scheme.status.value,
            f"{r.evaluation.scheme.id}: {phrases.status_line(r.evaluation.scheme.status)}",
        )
        for r in reports
        if r.evaluation.scheme.status.value != "verified"
    }
    one = len(reports) == 1
    title = f"Evaluation: {reports[0].questionnaire.job.title}" if one else None
    title = title or f"Evaluations: {len(reports)} jobs"
    ranking = []
    if len(reports) > 1:
        ranking = [
            (
                row["rank"],
                row["scheme"]["id"],
                row["job"]["title"],
                row["score"]["total"],
                row["score"]["band"]["label"] if row["score"]["band"] else "outside",
            )
            for row in ranked_json(reports)
        ]
    lines = [line for r in reports for line in _provenance_docx(r)]
    frame = Page(
        title=title,
        banners=tuple(banners.values()),
        provenance=tuple(dict.fromkeys(lines)),
        paper=target.paper,
    )
    return page(
        "evaluation.html.j2", page=frame, jobs=[_job_html(r) for r in reports], ranking=ranking
    )


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = EvaluateJSON

FORMATS: Formats[EvaluationView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
    Format.DOCX: as_docx,
    Format.HTML: as_html,
}
