"""``check``: consistency findings across jobs, and the report of jobs near each boundary.

Formats: table (plain text), json, markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.consistency import Boundary, Finding
from jescore.formats import Format
from jescore.ranking import JobRow
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Doc
from jescore.render.kit.envelope import Envelope, Sources, dumps
from jescore.render.kit.markdown import cell as md
from jescore.render.rank import register

COMMAND = "check"


@dataclass(frozen=True, slots=True)
class CheckView:
    """The jobs checked, the findings, the boundary report (with --near) and the gate."""

    rows: tuple[JobRow, ...]
    findings: tuple[Finding, ...]
    boundaries: tuple[Boundary, ...] | None
    failed: bool


class FindingJSON(TypedDict):
    """One finding: its check, what it says, and the jobs (files) it involves."""

    check: str
    message: str
    jobs: list[str]


class BoundaryJobJSON(TypedDict):
    """A job near a boundary."""

    file: str
    title: str
    total: int


class BoundaryJSON(TypedDict):
    """The jobs just below and just above one boundary."""

    scheme: str
    grading: str | None
    lower_band: str
    upper_band: str
    at: int
    below: list[BoundaryJobJSON]
    above: list[BoundaryJobJSON]
    headcount_below: dict[str, int]
    headcount_above: dict[str, int]


class CheckJSON(Envelope):
    """``check --format json``."""

    jobs: int
    failed: bool
    findings: list[FindingJSON]
    boundaries: list[BoundaryJSON] | None


def _boundary(b: Boundary) -> BoundaryJSON:
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


def as_json(view: CheckView, target: Target) -> str:
    """Findings, the boundary report and whether the gate failed."""
    sources = Sources()
    for row in view.rows:
        register(sources, row)
    data: CheckJSON = {
        **sources.envelope(COMMAND),
        "jobs": len(view.rows),
        "failed": view.failed,
        "findings": [
            {"check": f.check.value, "message": f.message, "jobs": list(f.jobs)}
            for f in view.findings
        ],
        "boundaries": None if view.boundaries is None else [_boundary(b) for b in view.boundaries],
    }
    return dumps(data)


def _headcount_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{group} {n}" for group, n in counts.items()) or "no headcounts given"


def _by_check(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check.value, []).append(f)
    return by_check


def _boundary_line(b: Boundary, lower: str, upper: str) -> str:
    return (
        f"bands {lower}/{upper} at {b.at} ({b.scheme}): "
        f"{len(b.below)} just below ({_headcount_text(b.headcount(b.below))}), "
        f"{len(b.above)} just above ({_headcount_text(b.headcount(b.above))})"
    )


def as_table(view: CheckView, target: Target) -> str:
    """Findings grouped by check, then the boundary report."""
    doc = Doc(target.width, target.color)
    doc.para(f"{len(view.rows)} job(s) checked; {len(view.findings)} finding(s).")
    for check, items in _by_check(view.findings).items():
        doc.blank()
        doc.para(f"{check}:", "bold")
        doc.bullets([f.message for f in items], mark=" ", indent=1)
    if view.boundaries is not None:
        doc.blank()
        doc.para("Boundary report:", "bold")
        if not view.boundaries:
            doc.bullets(["no job lies that close to a boundary"], mark=" ", indent=1)
        doc.bullets(
            [_boundary_line(b, b.lower, b.upper) for b in view.boundaries], mark=" ", indent=1
        )
    return doc.text()


def as_markdown(view: CheckView, target: Target) -> str:
    """Findings grouped by check, then the boundary report, as markdown."""
    out = ["# jescore consistency check", ""]
    out.append(f"{len(view.rows)} job(s) checked; {len(view.findings)} finding(s).")
    for check, items in _by_check(view.findings).items():
        out += ["", f"## {check}"]
        out += [f"- {md(f.message)}" for f in items]
    if view.boundaries is not None:
        out += ["", "## Boundary report"]
        if not view.boundaries:
            out.append("- no job lies that close to a boundary")
        for b in view.boundaries:
            out.append(f"- {_boundary_line(b, md(b.lower), md(b.upper))}")
    return "\n".join(out) + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = CheckJSON

FORMATS: Formats[CheckView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
