"""``check``: consistency findings across jobs, and the report of jobs near each boundary.

Formats: table (plain text), json, markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.consistency import Boundary, Finding
from jescore.formats import Format
from jescore.ranking import JobRow
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Doc
from jescore.render.kit.envelope import (
    BandJSON,
    Envelope,
    SchemeRefJSON,
    Sources,
    band_json,
    dumps,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.scores import GradingJSON
from jescore.render.rank import RowJSON, grading_json, register, row_json

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


class BoundaryJSON(TypedDict):
    """The jobs just below and just above one boundary."""

    scheme: SchemeRefJSON
    grading: GradingJSON | None
    lower_band: BandJSON | None
    upper_band: BandJSON | None
    at: int
    below: list[RowJSON]
    above: list[RowJSON]
    headcount_below: dict[str, int]
    headcount_above: dict[str, int]


class CheckJSON(Envelope):
    """``check --format json``."""

    jobs_checked: int
    failed: bool
    findings: list[FindingJSON]
    boundaries: list[BoundaryJSON] | None


def _boundary(b: Boundary) -> BoundaryJSON:
    facts = (b.below or b.above)[0].facts
    return {
        "scheme": {
            "id": b.scheme,
            "sha256": facts.scheme_file.sha256 if facts.scheme_file else "",
        },
        "grading": grading_json(facts),
        "lower_band": band_json(facts.bands.get(b.lower)),
        "upper_band": band_json(facts.bands.get(b.upper)),
        "at": b.at,
        "below": [row_json(r) for r in b.below],
        "above": [row_json(r) for r in b.above],
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
        "jobs_checked": len(view.rows),
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


def _boundary_line(b: Boundary, text: Callable[[str], str] = str) -> str:
    return (
        f"bands {text(b.lower)}/{text(b.upper)} at {b.at} ({b.scheme}): "
        f"{len(b.below)} just below ({text(_headcount_text(b.headcount(b.below)))}), "
        f"{len(b.above)} just above ({text(_headcount_text(b.headcount(b.above)))})"
    )


def as_table(view: CheckView, target: Target) -> str:
    """Findings grouped by check, then the boundary report."""
    doc = Doc(target.width, target.color)
    doc.para(f"{len(view.rows)} job(s) checked; {len(view.findings)} finding(s).")
    for check, items in _by_check(view.findings).items():
        doc.blank()
        doc.para(f"{check}:", "bold")
        doc.bullets([f.message for f in items], indent=1)
    if view.boundaries is not None:
        doc.blank()
        doc.para("Boundary report:", "bold")
        if not view.boundaries:
            doc.bullets(["no job lies that close to a boundary"], indent=1)
        doc.bullets([_boundary_line(b) for b in view.boundaries], indent=1)
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
            out.append(f"- {_boundary_line(b, md)}")
    return "\n".join(out) + "\n"


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = CheckJSON

FORMATS: Formats[CheckView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
}
