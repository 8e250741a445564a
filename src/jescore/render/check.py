"""``check``: consistency findings across jobs, and the report of jobs near each boundary.

Formats: table (plain text), json, markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from typing_extensions import TypedDict

from jescore.consistency import Boundary, Finding, counts
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


class FactorRefJSON(TypedDict):
    """A factor of the scheme: its id and name."""

    id: str
    name: str


class ExpectedJSON(TypedDict):
    """The levels the job's peers have on the factor: lowest, highest, median, how many."""

    low: int
    high: int
    median: float
    peers: int


class FindingJSON(TypedDict):
    """One finding: its kind, what it says, and the jobs (files) it involves.

    ``check`` is the same as ``kind`` (kept for earlier readers). ``job_details`` names each
    job of ``jobs`` with its title and score. Outliers also give the factor, the level, the
    range of levels expected from comparable jobs and those jobs (``peers``); other kinds give
    null there.
    """

    kind: str
    check: str
    message: str
    jobs: list[str]
    job_details: list[RowJSON]
    factor: FactorRefJSON | None
    level: int | None
    expected: ExpectedJSON | None
    peers: list[str]


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
    counts: dict[str, int]
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


def _finding(f: Finding, by_path: dict[str, JobRow]) -> FindingJSON:
    rows = [by_path[p] for p in f.jobs if p in by_path]
    factor: FactorRefJSON | None = None
    if f.factor is not None and rows:
        factor = {"id": f.factor, "name": rows[0].facts.factor_names[f.factor]}
    e = f.expected
    return {
        "kind": f.check.value,
        "check": f.check.value,
        "message": f.message,
        "jobs": list(f.jobs),
        "job_details": [row_json(r) for r in rows],
        "factor": factor,
        "level": f.level,
        "expected": None
        if e is None
        else {"low": e.low, "high": e.high, "median": e.median, "peers": e.peers},
        "peers": list(f.peers),
    }


def as_json(view: CheckView, target: Target) -> str:
    """Findings, the boundary report and whether the gate failed."""
    sources = Sources()
    for row in view.rows:
        register(sources, row)
    by_path = {row.path: row for row in view.rows}
    data: CheckJSON = {
        **sources.envelope(COMMAND),
        "jobs_checked": len(view.rows),
        "failed": view.failed,
        "counts": counts(view.findings),
        "findings": [_finding(f, by_path) for f in view.findings],
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


def _count_line(view: CheckView) -> str:
    by_kind = ", ".join(f"{n} {kind}" for kind, n in counts(view.findings).items() if n)
    return f"{len(view.rows)} job(s) checked; {len(view.findings)} finding(s)" + (
        f": {by_kind}." if by_kind else "."
    )


def as_table(view: CheckView, target: Target) -> str:
    """Findings grouped by check, then the boundary report."""
    doc = Doc(target.width, target.color)
    doc.para(_count_line(view))
    for check, items in _by_check(view.findings).items():
        doc.blank()
        doc.para(f"{check} ({len(items)}):", "bold")
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
    out.append(_count_line(view))
    for check, items in _by_check(view.findings).items():
        out += ["", f"## {check} ({len(items)})"]
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
