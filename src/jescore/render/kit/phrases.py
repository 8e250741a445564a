"""Plain-text phrases shared by every human-readable format, so that they all say the same."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jescore.engine import Evaluation, FactorScore, Position, Report, Step
from jescore.enums import Direction, Gate
from jescore.models import STATUS_MEANING, Band, FileRef, Scheme, SignOff, Status

if TYPE_CHECKING:
    from jescore.compare import FileChange
    from jescore.search import Change, SearchResult


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


def fragility(evaluation: Evaluation) -> str | None:
    """'1 of 20 single-level changes would change the band; the upper boundary is nearer ...'."""
    e = evaluation
    if e.band is None or e.margins is None:
        return None
    f = e.fragility
    possible = sum(1 for s in e.factors for step in (s.down, s.up) if step is not None)
    line = f"{f.band_changing_steps} of {possible} single-level changes would change the band"
    m = e.margins
    if f.nearer == "upper" and m.upper is not None:
        line += f"; the upper boundary is nearer ({f.points} points to Band {m.upper.label})"
    elif f.nearer == "lower" and m.lower is not None:
        line += f"; the lower boundary is nearer ({f.points} points to Band {m.lower.label})"
    elif f.nearer == "equal":
        line += f"; both boundaries are {f.points} points away"
    return line + "."


def near_boundary(report: Report) -> str | None:
    """The near-boundary flag, when asked for, labelled as jescore's own convention."""
    if report.near is None or report.evaluation.band is None:
        return None
    near = report.evaluation.near(report.near)
    label = (
        f"Near-boundary flag (jescore's own convention, threshold {near.threshold} points; "
        "no public scheme defines one): "
    )
    if near.points is None:
        return label + "no neighbouring band."
    verdict = "NEAR" if near.within else "not near"
    return label + f"{verdict}, {near.points} points from crossing the {near.boundary} boundary."


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


def sign_off_line(sign_off: SignOff | None) -> str | None:
    """'Evaluation: AGREED on 2026-03-02; signed off by A. Khan (management), B. Lee (staff)'."""
    if sign_off is None:
        return None
    status = sign_off.status.value.upper() if sign_off.status is not None else "no status given"
    text = f"Evaluation: {status}"
    if sign_off.agreed_on is not None:
        text += f", agreed on {sign_off.agreed_on.isoformat()}"
    if sign_off.signed_off_by:
        names = ", ".join(
            f"{p.name} ({p.side})" if p.side else p.name for p in sign_off.signed_off_by
        )
        text += f"; signed off by {names}"
    return text


def level_text(level: int, letters: str) -> str:
    """'4' or '4a'."""
    return f"{level}{letters}"


def target_label(text: str) -> str:
    """A band as users type it ('4', 'Band 4', 'band4') reduced to its label ('4')."""
    stripped = text.strip()
    if stripped.lower().startswith("band"):
        stripped = stripped[4:].strip()
    return stripped


def constraints_line(result: SearchResult) -> str:
    """The constraints a search ran under, in words."""
    c = result.constraints
    parts = [
        {
            Direction.UP: "levels may only go up",
            Direction.DOWN: "levels may only go down",
            Direction.ANY: "levels may go up or down",
        }[result.direction]
    ]
    if c.max_step is not None:
        parts.append(f"at most {c.max_step} level{'s' if c.max_step != 1 else ''} per factor")
    if c.fixed:
        parts.append("fixed: " + ", ".join(sorted(c.fixed)))
    return "; ".join(parts)


def search_heading(result: SearchResult) -> str:
    """'From 374 (Band 3) to Band 4 (395-519)'."""
    now = f"Band {result.band.label}" if result.band else "outside the bands"
    return f"From {result.total} ({now}) to {band_name(result.target)}"


def search_verdict(result: SearchResult) -> str:
    """The one-line answer to 'what does it take?'."""
    if result.already_there:
        return f"Already in Band {result.target.label}: nothing needs to change."
    if not result.solutions:
        return f"Band {result.target.label} cannot be reached: {result.reason}."
    best = result.solutions[0]
    steps = f"{best.steps} level step{'s' if best.steps != 1 else ''}"
    factors = f"{len(best.changes)} factor{'s' if len(best.changes) != 1 else ''}"
    return f"Smallest change: {steps} on {factors}."


def change_text(change: Change) -> str:
    """'Knowledge and experience 4 → 5 (+40)'."""
    return f"{change.factor.name} {change.from_level} → {change.to_level} ({change.delta:+d})"


def tornado_rows(evaluation: Evaluation) -> list[FactorScore]:
    """Factors by points swing between one level down and one level up, largest first."""
    return sorted(evaluation.factors, key=lambda f: -f.swing)


def band_of(evaluation: Evaluation) -> str:
    """'Band 3', 'no band' or 'outside the bands'."""
    if evaluation.band is not None:
        return f"Band {evaluation.band.label}"
    if evaluation.position is Position.UNGRADED:
        return "no band"
    return "outside the bands"


def _factor_word(name: str) -> str:
    return name[:1].lower() + name[1:]


def expected_line(change: FileChange) -> str | None:
    """'Expected band 4: met' (or 'NOT met: lands in Band 3'), when the file names one."""
    met = change.expected_met
    if met is None or change.new is None:
        return None
    expected = change.new.questionnaire.expected_band
    if met:
        return f"Expected band {expected}: met, so the gate passes this change"
    return (
        f"Expected band {expected}: NOT met (lands in {band_of(change.new.evaluation)}), so "
        "the gate fails it"
    )


def verdict(change: FileChange) -> str:
    """One line: 'Band 3 → Band 4 (356 → 400, +44 points: communication 3→4, ...)'."""
    c = change.comparison
    if c is None:
        side = change.new if change.new is not None else change.old
        assert side is not None
        e = side.evaluation
        return f"{change.status.capitalize()}: {band_of(e)}, {e.total} points"
    old, new = c.old.evaluation, c.new.evaluation
    moves = ", ".join(
        f"{_factor_word(f.factor.name)} {_level(f.old_level, f.old_letters)}→"
        f"{_level(f.new_level, f.new_letters)}"
        for f in c.changed
    )
    totals = f"{old.total} → {new.total}, {c.delta:+d} points"
    if moves:
        detail = f"{totals}: {moves}"
    elif c.delta:
        detail = f"{totals}: same levels, the scheme's points changed"
    else:
        detail = f"{new.total} points, same levels: the bands changed"
    if c.band_changed:
        return f"{band_of(old)} → {band_of(new)} ({detail})"
    if c.delta or moves:
        return f"{band_of(new)} unchanged ({detail})"
    evidence = sum(1 for f in c.factors if f.evidence_changed)
    if evidence:
        return (
            f"No change in levels: {band_of(new)}, {new.total} points; evidence changed on "
            f"{evidence} factor{'s' if evidence != 1 else ''}"
        )
    return f"No change: {band_of(new)}, {new.total} points"


def _level(level: int | None, letters: str) -> str:
    return "-" if level is None else f"{level}{letters}"


def gate_line(gate: Gate, changes: list[FileChange]) -> tuple[str, list[str]]:
    """Whether the CI gate tripped, and the files that tripped it (listed, never joined)."""
    if gate is Gate.NEVER:
        return "Gate: never (report only).", []
    tripped = [c for c in changes if c.trips(gate)]
    if not tripped:
        return f"Gate {gate.value}: passed.", []
    files = f"{len(tripped)} file{'s' if len(tripped) != 1 else ''}"
    return f"Gate {gate.value}: FAILED on {files}:", [_name(c) for c in tripped]


def _name(change: FileChange) -> str:
    side = change.new if change.new is not None else change.old
    assert side is not None
    return side.file.path


def file_heading(change: FileChange) -> str:
    """'examples/vlo-draft-1.yaml → examples/vlo-draft-2.yaml' or 'path (added)'."""
    old = change.old.file.path if change.old else None
    new = change.new.file.path if change.new else None
    if change.status == "compared":
        return f"{old} → {new}"
    if change.status == "renamed":
        return f"{old} → {new} (renamed)"
    return f"{new or old} ({change.status})"


def job_file_lines(jobs: Sequence[tuple[FileRef, Scheme, FileRef, FileRef | None]]) -> list[str]:
    """Provenance lines of the jobs' files, each once, in the order given.

    ``jobs``: (questionnaire file, scheme, scheme file, grading file or None) per job, as the
    pay commands' views hold them; each scheme with its status, grading structure and
    questionnaire, with their hashes.
    """
    lines = []
    for _, scheme, scheme_file, grading in jobs:
        lines.append(
            f"Scheme {scheme.id} ({scheme.status.value}): {scheme_file.path} "
            f"(sha256 {scheme_file.sha256})"
        )
        if grading is not None and grading != scheme_file:
            lines.append(f"Grading structure: {grading.path} (sha256 {grading.sha256})")
    lines += [f"Questionnaire: {ref.path} (sha256 {ref.sha256})" for ref, _, _, _ in jobs]
    return list(dict.fromkeys(lines))


def job_footer_parts(
    jobs: Sequence[tuple[FileRef, Scheme, FileRef, FileRef | None]],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The jobs' part of a Word footer.

    (scheme id, status) of each scheme once, and (label, sha256) of each scheme file once and
    of every questionnaire.
    """
    schemes = list(dict.fromkeys((s.id, s.status.value) for _, s, _, _ in jobs))
    files = list(dict.fromkeys(("scheme", ref.sha256) for _, _, ref, _ in jobs))
    files += [("questionnaire", ref.sha256) for ref, _, _, _ in jobs]
    return schemes, files
