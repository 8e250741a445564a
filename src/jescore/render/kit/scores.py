"""Pieces of a scored job that several results show: JSON sub-objects and text blocks.

``evaluate``, ``whatif``, ``compare``, ``appeal`` and ``match`` all show a job's evaluation in
part; these are the parts, so that each says the same thing in the same shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from jescore.models import Status
from jescore.render.kit import phrases
from jescore.render.kit.console import Cell, Doc, stack
from jescore.render.kit.envelope import (
    BandJSON,
    FileJSON,
    JobJSON,
    SchemeRefJSON,
    ScoreJSON,
    SignOffJSON,
    Sources,
    band_json,
    file_json,
    job_json,
    scheme_ref,
    score_json,
)

if TYPE_CHECKING:
    from jescore.engine import Evaluation, Margins, Report, Step
    from jescore.models import Job, SignOff

#: How each status is coloured on a terminal.
STATUS_STYLE = {
    Status.VERIFIED: "green",
    Status.UNVERIFIED: "bold yellow",
    Status.ILLUSTRATIVE: "bold magenta",
    Status.LOCAL: "bold cyan",
}


class StepJSON(TypedDict):
    """One factor one level up or down, all else equal."""

    level: int
    points: int
    delta: int
    score: ScoreJSON
    changes_band: bool


class BoundaryJSON(TypedDict):
    """The band across a boundary and the points to reach it."""

    band: BandJSON
    points: int


class MarginsJSON(TypedDict):
    """Where the total sits in its band."""

    above_floor: int
    below_ceiling: int | None
    to_upper_band: BoundaryJSON | None
    to_lower_band: BoundaryJSON | None


class FragilityJSON(TypedDict):
    """How easily the band could change."""

    band_changing_steps: int
    nearer_boundary: str | None
    points_to_nearer: int | None


class GradingJSON(TypedDict):
    """Bands from a grading structure of their own (not the scheme's)."""

    id: str | None
    name: str
    status: str
    file: FileJSON


class ScoredJSON(TypedDict):
    """A scored questionnaire: which file, which job, under what, and its score."""

    file: FileJSON
    job: JobJSON
    scheme: SchemeRefJSON
    grading: GradingJSON | None
    score: ScoreJSON


def register(sources: Sources, report: Report) -> None:
    """The files and scheme a report was made from."""
    sources.file(report.file, "questionnaire")
    sources.scheme(report.evaluation.scheme, report.scheme_file)
    if report.grading_file is not None and report.grading_file != report.scheme_file:
        sources.file(report.grading_file, "grading")


def job_of(job: Job, sign_off: SignOff | None = None) -> JobJSON:
    """A questionnaire's job as every command names it, with its sign-off when it has one."""
    out = job_json(job.title, job.reference, job.organisation, job.family)
    if sign_off is not None:
        out["sign_off"] = sign_off_json(sign_off)
    return out


def sign_off_json(sign_off: SignOff) -> SignOffJSON:
    """An evaluation's status, agreement date and signatories."""
    return {
        "status": None if sign_off.status is None else sign_off.status.value,
        "agreed_on": None if sign_off.agreed_on is None else sign_off.agreed_on.isoformat(),
        "signed_off_by": [{"name": p.name, "side": p.side} for p in sign_off.signed_off_by],
    }


def step_json(step: Step | None) -> StepJSON | None:
    """One level up or down."""
    if step is None:
        return None
    return {
        "level": step.level,
        "points": step.points,
        "delta": step.delta,
        "score": score_json(step.total, step.band),
        "changes_band": step.changes_band,
    }


def margins_json(m: Margins | None) -> MarginsJSON | None:
    """Where the total sits in its band, or None outside the bands."""
    if m is None:
        return None
    upper: BoundaryJSON | None = None
    lower: BoundaryJSON | None = None
    if m.upper is not None and m.to_upper is not None:
        upper = {"band": band_json(m.upper) or _never(), "points": m.to_upper}
    if m.lower is not None and m.to_lower is not None:
        lower = {"band": band_json(m.lower) or _never(), "points": m.to_lower}
    return {
        "above_floor": m.above_floor,
        "below_ceiling": m.below_ceiling,
        "to_upper_band": upper,
        "to_lower_band": lower,
    }


def _never() -> BandJSON:  # pragma: no cover - band_json(band) is None only for None
    raise AssertionError


def fragility_json(e: Evaluation) -> FragilityJSON:
    """How easily the band could change."""
    f = e.fragility
    return {
        "band_changing_steps": f.band_changing_steps,
        "nearer_boundary": f.nearer,
        "points_to_nearer": f.points,
    }


def scored_json(report: Report) -> ScoredJSON:
    """Which questionnaire, which job, under which scheme and bands, and its score."""
    e = report.evaluation
    grading: GradingJSON | None = None
    if e.grading is not None and report.grading_file is not None:
        if report.grading_file != report.scheme_file:
            grading = {
                "id": e.grading.id,
                "name": e.grading.name,
                "status": report.grading_status.value,
                "file": file_json(report.grading_file),
            }
    return {
        "file": file_json(report.file),
        "job": job_of(report.questionnaire.job, report.questionnaire.sign_off),
        "scheme": scheme_ref(e.scheme, report.scheme_file),
        "grading": grading,
        "score": score_json(e.total, e.band),
    }


# --- text ------------------------------------------------------------------------------------


def heading(doc: Doc, report: Report) -> None:
    """The job's title, its reference line, the scheme with its status, and the files."""
    e = report.evaluation
    s = e.scheme
    doc.para(report.questionnaire.job.title, "bold")
    if line := phrases.job_line(report):
        doc.para(line)
    if signed := phrases.sign_off_line(report.questionnaire.sign_off):
        doc.para(signed)
    rows: list[tuple[str, Cell]] = [
        ("Scheme", stack((s.name, "bold"), f"{s.id} · {s.edition}")),
        ("", stack((phrases.status_line(s.status), STATUS_STYLE[s.status]))),
    ]
    own_bands = report.grading_file is not None and report.grading_file != report.scheme_file
    if e.grading is not None and own_bands:
        rows.append(("Bands", stack(f"{e.grading.name} [{report.grading_status.value}]")))
    files = [f"{report.file.path} (sha256 {report.file.sha256[:12]})"]
    files.append(f"{report.scheme_file.path} (sha256 {report.scheme_file.sha256[:12]})")
    if own_bands and report.grading_file is not None:
        files.append(f"{report.grading_file.path} (sha256 {report.grading_file.sha256[:12]})")
    rows.append(("Files", stack(*files)))
    doc.pairs(rows)


def short_heading(doc: Doc, report: Report) -> None:
    """Title, scheme status and the two files on one line each (whatif, tornado)."""
    s = report.evaluation.scheme
    doc.para(report.questionnaire.job.title, "bold")
    if signed := phrases.sign_off_line(report.questionnaire.sign_off):
        doc.para(signed)
    doc.para(phrases.status_line(s.status), STATUS_STYLE[s.status])
    doc.para(
        f"{report.file.path} (sha256 {report.file.sha256[:12]}) · {report.scheme_file.path} "
        f"(sha256 {report.scheme_file.sha256[:12]})",
        "dim",
    )
