"""Plain-text phrases shared by every human-readable format, so that they all say the same."""

from __future__ import annotations

from jescore.engine import Evaluation, Position, Report, Step
from jescore.models import STATUS_MEANING, Band, Scheme, Status


def band_name(band: Band) -> str:
    """'Band 3 (280-394)'."""
    return f"Band {band.label} ({band.range_text})"


def status_line(status: Status) -> str:
    """'VERIFIED: numbers confirmed ...'."""
    return f"{status.value.upper()}: {STATUS_MEANING[status]}"


def status_notice(scheme: Scheme) -> str | None:
    """The warning printed on stderr whenever a scheme that is not verified is used."""
    if scheme.status is Status.VERIFIED:
        return None
    kind = "warning" if scheme.status is Status.UNVERIFIED else "note"
    return f"{kind}: scheme '{scheme.id}' is {status_line(scheme.status)}"


def step_text(step: Step | None) -> str:
    """'+40 -> 414', or '-' where the level does not exist."""
    if step is None:
        return "-"
    return f"{step.delta:+d} → {step.total}"


def outcome(evaluation: Evaluation) -> str:
    """One or two sentences on where the total sits in the grading structure."""
    e = evaluation
    if e.position is Position.UNGRADED:
        return (
            f"Total {e.total}. No grading structure: scheme '{e.scheme.id}' has no bands. "
            "Name one with --bands or 'grading:' in the questionnaire."
        )
    grading = e.grading
    assert grading is not None
    if e.position is Position.ABOVE:
        top = grading.bands[-1]
        return (
            f"Total {e.total}: outside the grading structure, {e.outside_by} points above the "
            f"top of {band_name(top)}. No band is guessed."
        )
    if e.position is Position.BELOW:
        bottom = grading.bands[0]
        return (
            f"Total {e.total}: outside the grading structure, {e.outside_by} points below the "
            f"bottom of {band_name(bottom)}. No band is guessed."
        )
    assert e.band is not None and e.margins is not None
    m = e.margins
    parts = [f"Total {e.total}: {band_name(e.band)}, {m.above_floor} points above its floor"]
    if m.upper is not None and m.to_upper is not None:
        parts.append(f"{m.to_upper} more points reach Band {m.upper.label} ({m.upper.min})")
    elif m.below_ceiling is not None:
        parts.append(f"{m.below_ceiling} points below the top of the structure")
    else:
        parts.append("the top band has no upper limit")
    if m.lower is not None and m.to_lower is not None:
        parts.append(f"{m.to_lower} fewer fall to Band {m.lower.label}")
    return "; ".join(parts) + "."


def band_changes(evaluation: Evaluation) -> list[str]:
    """Each single level change that alone moves the band: 'Knowledge 4 -> 5: +40, Band 4'."""
    lines = []
    for f in evaluation.factors:
        for step in (f.down, f.up):
            if step is not None and step.changes_band:
                where = f"Band {step.band.label}" if step.band else "outside the bands"
                lines.append(
                    f"{f.factor.name} {f.level} → {step.level}: {step.delta:+d} points, "
                    f"total {step.total}, {where}"
                )
    return lines


def job_line(report: Report) -> str:
    """Reference, organisation, version and date of the job, joined."""
    job = report.questionnaire.job
    bits = [
        job.reference,
        job.organisation,
        job.version,
        job.date.isoformat() if job.date else None,
    ]
    return " · ".join(b for b in bits if b)


def level_text(level: int, letters: str) -> str:
    """'4' or '4a'."""
    return f"{level}{letters}"
