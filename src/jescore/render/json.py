"""JSON output: a stable, documented shape (see the README), through plain ``json.dumps``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jescore import __version__
from jescore.engine import Evaluation, Margins, Report, Step, ranking
from jescore.enums import Gate
from jescore.models import Band, FileRef, Scheme
from jescore.render.kit import phrases as text
from jescore.safety import json_safe

if TYPE_CHECKING:
    from jescore.compare import FileChange
    from jescore.search import SearchResult

#: Version of the JSON shape; raised when a field changes meaning or is removed.
SHAPE_VERSION = 1


def dumps(data: Any, flat_below: int | None = None) -> str:
    r"""Deterministic JSON text: keys in insertion order, UTF-8 kept, newline at the end.

    Control characters and direction overrides are written as ``\\u`` escapes, never raw.
    With ``flat_below``, values nested deeper than that many levels are written on one line
    each: the same JSON, far faster to write for large outputs (Python's indenting encoder is
    pure Python; the one-line encoder is C) and still one record per line to read.
    """
    if flat_below is None:
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    return json_safe(_indented(data, 0, flat_below)) + "\n"


#: One encoder for every one-line value (json.dumps with options builds a new one per call).
_ONE_LINE = json.JSONEncoder(ensure_ascii=False)


def _indented(value: Any, depth: int, flat_below: int) -> str:
    if depth >= flat_below or not isinstance(value, dict | list) or not value:
        return _ONE_LINE.encode(value)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{_ONE_LINE.encode(k)}: {_indented(v, depth + 1, flat_below)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [f"{inner}{_indented(v, depth + 1, flat_below)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def _file(ref: FileRef) -> dict[str, Any]:
    return {"path": ref.path, "sha256": ref.sha256, "shipped": ref.shipped}


def _band(band: Band | None) -> dict[str, Any] | None:
    if band is None:
        return None
    return {"label": band.label, "min": band.min, "max": band.max}


def _step(step: Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "level": step.level,
        "points": step.points,
        "delta": step.delta,
        "total": step.total,
        "band": step.band.label if step.band else None,
        "changes_band": step.changes_band,
    }


def _margins(m: Margins | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "above_floor": m.above_floor,
        "below_ceiling": m.below_ceiling,
        "to_upper_band": None if m.upper is None else {"band": m.upper.label, "points": m.to_upper},
        "to_lower_band": None if m.lower is None else {"band": m.lower.label, "points": m.to_lower},
    }


def _fragility(e: Evaluation) -> dict[str, Any]:
    f = e.fragility
    return {
        "band_changing_steps": f.band_changing_steps,
        "nearer_boundary": f.nearer,
        "points_to_nearer": f.points,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """One evaluation as a JSON-ready dict."""
    e = report.evaluation
    job = report.questionnaire.job.model_dump(mode="json", exclude_none=True)
    grading = e.grading
    m = e.margins
    return {
        "jescore_version": __version__,
        "shape": SHAPE_VERSION,
        "questionnaire": _file(report.file),
        "job": job,
        "scheme": {
            "id": e.scheme.id,
            "name": e.scheme.name,
            "edition": e.scheme.edition,
            "status": e.scheme.status.value,
            "file": _file(report.scheme_file),
        },
        "grading": None
        if grading is None or report.grading_file is None
        else {
            "id": grading.id,
            "name": grading.name,
            "status": report.grading_status.value,
            "file": _file(report.grading_file),
        },
        "total": e.total,
        "possible": {"min": e.scheme.min_total, "max": e.scheme.max_total},
        "position": e.position.value,
        "band": _band(e.band),
        "outside_by": e.outside_by,
        "margins": _margins(m),
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "level": f.level,
                "letters": f.letters,
                "top_level": f.factor.top,
                "points": f.points,
                "evidence": f.evidence,
                "down": _step(f.down),
                "up": _step(f.up),
            }
            for f in e.factors
        ],
        "band_changing_factors": [f.factor.id for f in e.band_changers],
        "fragility": _fragility(e),
        "near_boundary": None
        if report.near is None
        else {
            "convention": "jescore",
            "threshold": report.near,
            "within": e.near(report.near).within,
        },
    }


def render(reports: list[Report], collection: bool = False) -> str:
    """One report as an object; several as ``{"evaluations": [...], "ranking": [...]}``.

    ``collection`` asks for the second shape even for one report, so that a command line
    naming a folder or pattern gives the same shape however many files it finds.
    """
    if len(reports) == 1 and not collection:
        return dumps(report_dict(reports[0]))
    return dumps(
        {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "evaluations": [report_dict(r) for r in reports],
            "ranking": [
                {
                    "scheme": r.evaluation.scheme.id,
                    "questionnaire": r.file.path,
                    "title": r.questionnaire.job.title,
                    "total": r.evaluation.total,
                    "band": r.evaluation.band.label if r.evaluation.band else None,
                }
                for r in ranking(reports)
            ],
        }
    )


def scheme_dict(scheme: Scheme, file: FileRef) -> dict[str, Any]:
    """A whole scheme (factors, levels, points, bands) with its file."""
    data = scheme.model_dump(mode="json")
    return {"jescore_version": __version__, "shape": SHAPE_VERSION, "file": _file(file), **data}


def scheme_list(rows: list[tuple[Scheme, FileRef]]) -> str:
    """Shipped schemes: id, name, status, factor and band counts, file."""
    return dumps(
        [
            {
                "id": s.id,
                "name": s.name,
                "edition": s.edition,
                "status": s.status.value,
                "factors": len(s.factors),
                "bands": len(s.grading.bands) if s.grading else 0,
                "possible": {"min": s.min_total, "max": s.max_total},
                "file": _file(f),
            }
            for s, f in rows
        ]
    )


def _source(report: Report) -> dict[str, Any]:
    e = report.evaluation
    return {
        "jescore_version": __version__,
        "shape": SHAPE_VERSION,
        "questionnaire": _file(report.file),
        "job": report.questionnaire.job.model_dump(mode="json", exclude_none=True),
        "scheme": {
            "id": e.scheme.id,
            "status": e.scheme.status.value,
            "file": _file(report.scheme_file),
        },
        "grading": None if report.grading_file is None else {"file": _file(report.grading_file)},
        "total": e.total,
        "band": _band(e.band),
    }


def search(report: Report, result: SearchResult) -> str:
    """A target-band search as JSON."""
    c = result.constraints
    return dumps(
        {
            **_source(report),
            "target": _band(result.target),
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
                    "total": s.total,
                    "band": s.band.label,
                    "changes": [
                        {
                            "factor": ch.factor.id,
                            "name": ch.factor.name,
                            "from": ch.from_level,
                            "to": ch.to_level,
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
    )


def tornado(report: Report) -> str:
    """Per-factor swing, largest first, with the boundaries and fragility."""
    e = report.evaluation
    m = e.margins
    return dumps(
        {
            **_source(report),
            "margins": _margins(m),
            "fragility": _fragility(e),
            "factors": [
                {
                    "id": f.factor.id,
                    "name": f.factor.name,
                    "level": f.level,
                    "swing": f.swing,
                    "down": _step(f.down),
                    "up": _step(f.up),
                }
                for f in text.tornado_rows(e)
            ],
        }
    )


def _side(report: Report | None) -> dict[str, Any] | None:
    if report is None:
        return None
    e = report.evaluation
    return {
        "file": _file(report.file),
        "scheme": e.scheme.id,
        "scheme_status": e.scheme.status.value,
        "total": e.total,
        "band": _band(e.band),
        "position": e.position.value,
        "margins": _margins(e.margins),
    }


def comparison(changes: list[FileChange], gate: Gate) -> str:
    """Every compared file, the gate and whether it tripped."""
    files = []
    for change in changes:
        c = change.comparison
        files.append(
            {
                "status": change.status,
                "old": _side(change.old),
                "new": _side(change.new),
                "verdict": text.verdict(change),
                "delta": None if c is None else c.delta,
                "band_changed": None if c is None else c.band_changed,
                "movement": None if c is None else c.movement.value,
                "trips_gate": change.trips(gate),
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
        )
    return dumps(
        {
            "jescore_version": __version__,
            "shape": SHAPE_VERSION,
            "fail_on": gate.value,
            "tripped": any(c.trips(gate) for c in changes),
            "files": files,
        }
    )
