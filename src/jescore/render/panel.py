"""``panel``: each job's members side by side, where they disagree, and how far they agree.

Formats: table, json, markdown (a panel's minute) and html (a printable record). The consensus
record that ``--consensus`` writes is a result of its own (:mod:`jescore.render.consensus`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from typing_extensions import TypedDict

from jescore.formats import Format
from jescore.models import Band
from jescore.panel import COMPOSITION_SOURCE, Agreement, Composition, FactorView, PanelView
from jescore.render.kit import Formats, Target
from jescore.render.kit.console import Cell, Column, Doc, Table, cell, stack
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
    file_json,
    job_json,
    scheme_ref,
    score_json,
)
from jescore.render.kit.markdown import cell as md
from jescore.render.kit.markdown import code

COMMAND = "panel"

ALPHA_NOTE = (
    "Krippendorff's alpha, ordinal, on levels; units are job x factor; 1 is perfect agreement, "
    "0 no better than chance; undefined where every rating is the same (nothing to measure)"
)
MATTERS_NOTE = (
    "Matters: with every other factor at the panel's median (the lower middle level where an "
    "even panel splits), the band differs between the lowest and the highest level chosen"
)
FIRST_NOTE = (
    "Listed first: factors where members are two levels or more apart, or where the "
    "disagreement changes the band. Median: the panel's median level (the footer: its total "
    "and band)."
)


@dataclass(frozen=True, slots=True)
class PanelsView:
    """Every job's panel, the agreement across them (None for one job), and the rule."""

    panels: tuple[PanelView, ...]
    agreement: Agreement | None
    rule: Composition


def _band(band: Band | None) -> str:
    return band.label if band is not None else "-"


def _median(f: FactorView) -> str:
    if f.split:
        return f"{f.consensus}/{f.upper} split"
    return str(f.consensus)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _alpha(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.3f}"


def _rule_text(rule: Composition) -> str:
    balance = "management and staff side balanced" if rule.balance else "no balance required"
    return f"at least {rule.min_members} members; {balance} (guidance: {COMPOSITION_SOURCE})"


def _matters(f: FactorView) -> str:
    return f"{_band(f.band_low)} → {_band(f.band_high)}" if f.matters else ""


# --- json ------------------------------------------------------------------------------------


class MemberJSON(TypedDict):
    """One member's scores for one job."""

    name: str
    side: str | None
    file: FileJSON
    score: ScoreJSON


class PanelFactorJSON(TypedDict):
    """One factor across a panel."""

    id: str
    name: str
    levels: list[int]
    spread: int
    median: float
    split: bool
    consensus: int
    matters: bool
    band_at_low: BandJSON | None
    band_at_high: BandJSON | None


class OnePanelJSON(TypedDict):
    """One job's panel."""

    job: JobJSON
    scheme: SchemeRefJSON
    members: list[MemberJSON]
    verdict: str
    band_range: list[str]
    consensus: ScoreJSON
    factors: list[PanelFactorJSON]
    composition: list[str]


class FactorAlphaJSON(TypedDict):
    """Agreement on one factor across jobs."""

    scheme: str
    id: str
    name: str
    alpha: float | None


class LeanJSON(TypedDict):
    """An evaluator's mean signed deviation from the panel median."""

    name: str
    bias: float
    units: int


class AgreementJSON(TypedDict):
    """How far the panels agree, across jobs."""

    jobs: int
    units: int
    alpha: float | None
    exact: float | None
    within_one: float | None
    factors: list[FactorAlphaJSON]
    evaluators: list[LeanJSON]
    method: str


class CompositionRuleJSON(TypedDict):
    """The composition rule and its source."""

    min_members: int
    balance: bool
    source: str


class PanelJSON(Envelope):
    """``panel --format json``."""

    composition_rule: CompositionRuleJSON
    panels: list[OnePanelJSON]
    agreement: AgreementJSON | None


def _panel_json(p: PanelView) -> OnePanelJSON:
    j = p.job
    return {
        "job": job_json(p.title, p.reference, j.organisation, j.family),
        "scheme": scheme_ref(p.scheme, p.scheme_file),
        "members": [
            {
                "name": m.name,
                "side": m.side,
                "file": file_json(m.file),
                "score": score_json(m.total, m.band),
            }
            for m in p.members
        ],
        "verdict": p.verdict,
        "band_range": list(p.band_span),
        "consensus": score_json(p.consensus_total, p.consensus_band),
        "factors": [
            {
                "id": f.factor.id,
                "name": f.factor.name,
                "levels": list(f.levels),  # in the order of "members"
                "spread": f.spread,
                "median": float(f.median),
                "split": f.split,
                "consensus": f.consensus,
                "matters": f.matters,
                "band_at_low": band_json(f.band_low),
                "band_at_high": band_json(f.band_high),
            }
            for f in p.factors
        ],
        "composition": list(p.composition),
    }


def _agreement_json(a: Agreement | None) -> AgreementJSON | None:
    if a is None:
        return None
    return {
        "jobs": a.jobs,
        "units": a.units,
        "alpha": a.alpha,
        "exact": a.exact,
        "within_one": a.within_one,
        "factors": [
            {"scheme": f.scheme, "id": f.factor.id, "name": f.factor.name, "alpha": f.alpha}
            for f in a.factors
        ],
        "evaluators": [{"name": e.name, "bias": e.bias, "units": e.units} for e in a.evaluators],
        "method": ALPHA_NOTE,
    }


def as_json(view: PanelsView, target: Target) -> str:
    """Every panel, then the agreement across them (null for one job)."""
    sources = Sources()
    for p in view.panels:
        for m in p.members:
            sources.file(m.file, "questionnaire")
        sources.scheme(p.scheme, p.scheme_file)
        if p.grading_file is not None and p.grading_file != p.scheme_file:
            sources.file(p.grading_file, "grading")
    rule = view.rule
    data: PanelJSON = {
        **sources.envelope(COMMAND),
        "composition_rule": {
            "min_members": rule.min_members,
            "balance": rule.balance,
            "source": COMPOSITION_SOURCE,
        },
        "panels": [_panel_json(p) for p in view.panels],
        "agreement": _agreement_json(view.agreement),
    }
    # Each member and each factor on a line of its own; for many jobs, each job's members and
    # factors on one line (the same JSON, written several times faster).
    return dumps(data, flat_below=4 if len(view.panels) <= 50 else 3)


# --- table -----------------------------------------------------------------------------------


def _panel_text(doc: Doc, p: PanelView) -> None:
    doc.para(p.title, "bold")
    doc.para(f"{p.reference or ''}{' · ' if p.reference else ''}scheme {p.scheme.id}")
    doc.para(p.verdict + ".", "bold")
    doc.pairs(
        [
            (f"#{n}", cell(f"{m.name}{f' ({m.side})' if m.side else ''}: {m.file.path}"))
            for n, m in enumerate(p.members, 1)
        ],
        label_style="",
    )
    doc.blank()
    columns = [Column("Factor", wrap=True, min_width=20)]
    columns += [Column(f"#{n}", "right") for n in range(1, len(p.members) + 1)]
    columns += [Column("Spread", "right"), Column("Median", "right"), Column("Matters")]
    table = Table(columns)
    listed_first = sum(1 for f in p.factors if f.first)
    for n, f in enumerate(p.factors):
        table.row(
            cell(f.factor.name, "bold" if f.first else ""),
            *f.levels,
            f.spread,
            _median(f),
            _matters(f),
        )
        if n + 1 == listed_first and listed_first < len(p.factors):
            table.section()
    footer: list[Cell | str | int] = [stack("Total", "Band")]
    footer += [stack(str(m.total), _band(m.band)) for m in p.members]
    footer += ["", stack(str(p.consensus_total), _band(p.consensus_band)), ""]
    table.foot(*footer)
    doc.table(table)
    doc.blank()
    doc.para(f"{FIRST_NOTE} {MATTERS_NOTE[0].upper()}{MATTERS_NOTE[1:]}.", "dim")
    for finding in p.composition:
        doc.para(f"Composition: {finding}.", "yellow")


def _agreement_text(doc: Doc, a: Agreement) -> None:
    doc.blank()
    doc.para(f"Agreement across {a.jobs} jobs ({a.units} job x factor units)", "bold")
    doc.para(
        f"alpha {_alpha(a.alpha)} · exact agreement {_pct(a.exact)} · within one level "
        f"{_pct(a.within_one)}"
    )
    doc.para(ALPHA_NOTE + ".", "dim")
    doc.blank()
    factors = Table((Column("Factor", wrap=True), Column("Alpha", "right")))
    for f in a.factors:
        factors.row(f.factor.name, _alpha(f.alpha))
    doc.table(factors)
    doc.blank()
    lean = Table(
        (
            Column("Evaluator", wrap=True),
            Column("Mean deviation from the panel median (levels)", "right", wrap=True),
            Column("Ratings", "right"),
        )
    )
    for e in a.evaluators:
        lean.row(e.name, f"{e.bias:+.2f}", e.units)
    doc.table(lean)


def as_table(view: PanelsView, target: Target) -> str:
    """Each panel factor by member, then the agreement across jobs."""
    doc = Doc(target.width, target.color)
    for i, p in enumerate(view.panels):
        if i:
            doc.blank()
        _panel_text(doc, p)
    if any(p.composition for p in view.panels):
        doc.para(f"Composition rule: {_rule_text(view.rule)}.", "dim")
    if view.agreement is not None:
        _agreement_text(doc, view.agreement)
    return doc.text()


# --- markdown --------------------------------------------------------------------------------


def as_markdown(view: PanelsView, target: Target) -> str:
    """A panel's minute: the verdict, the factors that need discussion, every member's levels."""
    out = ["# Panel record (jescore)"]
    for p in view.panels:
        out += ["", f"## {md(p.title)}", ""]
        if p.reference:
            out.append(f"- Reference: {md(p.reference)}")
        status = p.scheme.status.value
        out.append(f"- Scheme: `{p.scheme.id}` ({status}), {code(p.scheme_file.path)}")
        out.append("- Members:")
        out += [
            f"  - {md(m.name)}" + (f" ({md(m.side)})" if m.side else "") + f", {code(m.file.path)}"
            for m in p.members
        ]
        out += ["", f"**{md(p.verdict)}.**", ""]
        names = " | ".join(md(m.name) for m in p.members)
        out.append(f"| Factor | {names} | Spread | Median | Matters |")
        out.append("|---|" + "---:|" * len(p.members) + "---:|---:|---|")
        for f in p.factors:
            name = f"**{md(f.factor.name)}**" if f.first else md(f.factor.name)
            levels = " | ".join(str(level) for level in f.levels)
            out.append(f"| {name} | {levels} | {f.spread} | {_median(f)} | {md(_matters(f))} |")
        totals = " | ".join(f"{m.total} ({md(_band(m.band))})" for m in p.members)
        out.append(
            f"| Total (band) | {totals} | | {p.consensus_total} ({md(_band(p.consensus_band))}) | |"
        )
        out += ["", md(MATTERS_NOTE) + "."]
        if p.splits:
            out += ["", "Split evenly, for discussion:", ""]
            out += [f"- {md(f.factor.name)}" for f in p.splits]
        for finding in p.composition:
            out += ["", f"Composition: {md(finding)}."]
    if any(p.composition for p in view.panels):
        out += ["", f"Composition rule: {md(_rule_text(view.rule))}."]
    a = view.agreement
    if a is not None:
        out += [
            "",
            f"## Agreement across {a.jobs} jobs",
            "",
            f"- Alpha: {_alpha(a.alpha)} ({md(ALPHA_NOTE)})",
            f"- Exact agreement: {_pct(a.exact)}; within one level: {_pct(a.within_one)}",
            "",
            "| Factor | Alpha |",
            "|---|---:|",
        ]
        out += [f"| {md(f.factor.name)} | {_alpha(f.alpha)} |" for f in a.factors]
        out += ["", "| Evaluator | Mean deviation (levels) | Ratings |", "|---|---:|---:|"]
        out += [f"| {md(e.name)} | {e.bias:+.2f} | {e.units} |" for e in a.evaluators]
    return "\n".join(out) + "\n"


# --- html ------------------------------------------------------------------------------------


def as_html(view: PanelsView, target: Target) -> str:
    """A self-contained, printable record."""
    from jescore.render.kit.html import Banner, Page, page

    panels: list[dict[str, Any]] = []
    banners: dict[str, Banner] = {}
    provenance: list[str] = []
    for p in view.panels:
        s = p.scheme
        if s.status.value != "verified":
            from jescore.render.kit import phrases

            banners[s.id] = Banner(s.status.value, f"{s.id}: {phrases.status_line(s.status)}")
        provenance.append(
            f"Scheme {s.name} ({s.id}, {s.status.value}): {p.scheme_file.path} "
            f"(sha256 {p.scheme_file.sha256})"
        )
        provenance += [f"{m.name}: {m.file.path} (sha256 {m.file.sha256})" for m in p.members]
        panels.append(
            {
                "view": p,
                "rows": [
                    {"factor": f, "median": _median(f), "matters": _matters(f)} for f in p.factors
                ],
                "bands": [_band(m.band) for m in p.members],
            }
        )
    title = "Panel record" + (f": {view.panels[0].title}" if len(view.panels) == 1 else "")
    frame = Page(
        title=title,
        lead=(f"{len(view.panels)} job(s); {MATTERS_NOTE}.",),
        banners=tuple(banners.values()),
        provenance=tuple(dict.fromkeys(provenance)),
        paper=target.paper,
    )
    return page(
        "panel.html.j2",
        page=frame,
        panels=panels,
        agreement=view.agreement,
        alpha=_alpha,
        pct=_pct,
        alpha_note=ALPHA_NOTE,
        rule=_rule_text(view.rule),
        composition=any(p.composition for p in view.panels),
        consensus_band=lambda p: _band(p.consensus_band),
    )


# --- docx ------------------------------------------------------------------------------------


def as_docx(view: PanelsView, target: Target) -> bytes:
    """A panel's record to sign: members and sides, per factor the levels and the outcome."""
    from jescore import __version__
    from jescore.render.kit import phrases
    from jescore.render.kit.docx import Column as DocColumn
    from jescore.render.kit.docx import Document, Layout, footer_line

    schemes = list(dict.fromkeys((p.scheme.id, p.scheme.status.value) for p in view.panels))
    files = [(m.name, m.file.sha256) for p in view.panels for m in p.members]
    files += list(dict.fromkeys(("scheme", p.scheme_file.sha256) for p in view.panels))
    layout = Layout(
        paper="letter" if target.paper == "letter" else "a4",
        footer=[footer_line(schemes, files, __version__)],
    )
    one = len(view.panels) == 1
    title = (
        f"Panel record: {view.panels[0].title}" if one else f"Panel record: {len(view.panels)} jobs"
    )
    doc = Document(title, layout)
    provenance: list[str] = []
    for p in view.panels:
        s = p.scheme
        sub = 2 if one else 3
        if not one:
            doc.heading(p.title, 2)
        job = [b for b in (p.reference, p.job.organisation) if b]
        if job:
            doc.para(" · ".join(job), bold=True)
        doc.para("Date of the panel: ____________________")
        doc.banner(s.status.value, phrases.status_line(s.status))
        doc.para(p.verdict + ".", bold=True)
        doc.para(
            f"Scheme: {s.name} ({s.id}, {s.edition}). Outcome at the panel's median levels: "
            f"{p.consensus_total} points, "
            + (f"Band {p.consensus_band.label}." if p.consensus_band else "no band.")
        )
        doc.heading("Members", sub)
        doc.bullets(
            [
                f"#{n} {m.name}"
                + (f" ({m.side} side)" if m.side else "")
                + f": {m.total} points, "
                + (f"Band {m.band.label}" if m.band else "no band")
                for n, m in enumerate(p.members, 1)
            ]
        )
        doc.heading("Factor by factor", sub)
        columns = [DocColumn("Factor", weight=2)]
        columns += [DocColumn(f"#{n}", "right") for n in range(1, len(p.members) + 1)]
        columns += [
            DocColumn("Spread", "right"),
            DocColumn("Median", "right"),
            DocColumn("Agreed level"),
            DocColumn("Band: lowest → highest level"),
        ]
        rows = [
            [
                f.factor.name,
                *(str(level) for level in f.levels),
                str(f.spread),
                _median(f),
                "to settle" if f.split else str(f.consensus),
                _matters(f),
            ]
            for f in p.factors
        ]
        rows.append(
            [
                "Total\nBand",
                *(f"{m.total}\nBand {_band(m.band)}" for m in p.members),
                "",
                f"{p.consensus_total}\nBand {_band(p.consensus_band)}",
                "",
                "",
            ]
        )
        doc.table(columns, rows, shade=[f.first for f in p.factors], total=True)
        doc.para(f"Shaded: {FIRST_NOTE[len('Listed first: ') :]} {MATTERS_NOTE}.", size=8)
        doc.heading("Decisions", sub)
        if p.splits:
            doc.para("Split evenly, for the panel to settle (agreed level and reason):")
            doc.bullets(
                [f"{f.factor.name}: ____  because ______________________" for f in p.splits]
            )
        else:
            doc.para("Every factor has a median level; the panel confirms or changes it above.")
        for finding in p.composition:
            doc.para(f"Composition: {finding}.", bold=True)
        doc.para("Agreed total and band: __________    Notes:")
        doc.heading("Sign-off", sub)
        doc.signatures([f"{m.name}" + (f" ({m.side} side)" if m.side else "") for m in p.members])
        provenance.append(
            f"Scheme {s.name} ({s.id}, {s.status.value}): {p.scheme_file.path} "
            f"(sha256 {p.scheme_file.sha256})"
        )
        provenance += [f"{m.name}: {m.file.path} (sha256 {m.file.sha256})" for m in p.members]
    if any(p.composition for p in view.panels):
        doc.para(f"Composition rule: {_rule_text(view.rule)}.", size=8)
    a = view.agreement
    if a is not None:
        doc.heading(f"Agreement across {a.jobs} jobs", 2)
        doc.para(
            f"Alpha {_alpha(a.alpha)}; exact agreement {_pct(a.exact)}; within one level "
            f"{_pct(a.within_one)}. {ALPHA_NOTE}."
        )
        doc.table(
            [DocColumn("Factor", weight=2), DocColumn("Alpha", "right")],
            [[f.factor.name, _alpha(f.alpha)] for f in a.factors],
        )
        doc.table(
            [
                DocColumn("Evaluator", weight=2),
                DocColumn("Mean deviation from the median (levels)", "right"),
                DocColumn("Ratings", "right"),
            ],
            [[e.name, f"{e.bias:+.2f}", str(e.units)] for e in a.evaluators],
        )
    doc.provenance([*dict.fromkeys(provenance), f"jescore {__version__}"])
    return doc.bytes()


#: The shape of this result's JSON output (its JSON Schema: ``schemas/output/``).
JSON_OUTPUT = PanelJSON

FORMATS: Formats[PanelsView] = {
    Format.TABLE: as_table,
    Format.JSON: as_json,
    Format.MARKDOWN: as_markdown,
    Format.HTML: as_html,
    Format.DOCX: as_docx,
}
